package hotline.telephony;

import hotline.Addresses;
import hotline.bus.Bus;
import hotline.calls.PauseReason;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.function.Supplier;

/**
 * The agent's phone bar: their extension, their state in the queues (from the node holding the AMI link, asked over
 * {@link Addresses#PHONE_QUEUES}), their talk time and calls today (from the call log, in the calendar's zone), and
 * pausing themselves. Answers on every node; only the pause needs the link's node.
 */
final class PhoneBar {

  /** How long the link's node has to say what the queues are; past it the bar says the link is down. */
  static final long QUEUES_TIMEOUT_MS = 3_000;

  private final Vertx vertx;
  private final CallLog log;
  private final TelephonySettings settings;
  private final Supplier<ZoneId> zone;
  private final Clock clock;

  PhoneBar(Vertx vertx, CallLog log, TelephonySettings settings, Supplier<ZoneId> zone, Clock clock) {
    this.vertx = vertx;
    this.log = log;
    this.settings = settings;
    this.zone = zone;
    this.clock = clock;
  }

  /** The bar of this agent (see {@link Addresses#PHONE_BAR}). */
  Future<JsonObject> bar(Principal agent) {
    Instant now = clock.instant();
    Instant dayStart = LocalDate.ofInstant(now, zone.get()).atStartOfDay(zone.get()).toInstant();
    Future<JsonObject> phone = log.agentPhone(agent.id());
    Future<JsonObject> today = log.answeredSince(agent.id(), dayStart, now);
    return Future.all(phone, today).compose(v -> queues(phone.result()).map(q -> compose(phone.result(), today.result(), q)));
  }

  private Future<JsonObject> queues(JsonObject phone) {
    if (!settings.enabled()) {
      return Future.succeededFuture(new JsonObject().put("link", "off").put("queues", new JsonArray()));
    }
    JsonObject ask = new JsonObject().put("interface", phone == null ? null : channel(phone))
        .put("extension", phone == null ? null : phone.getString("extension"));
    // No node holds the link, or it does not answer: the link is down as far as this agent can tell.
    return Bus.ask(vertx, Addresses.PHONE_QUEUES, ask, QUEUES_TIMEOUT_MS, "telephony")
        .recover(t -> Future.succeededFuture(new JsonObject().put("link", "down").put("queues", new JsonArray())));
  }

  private JsonObject compose(JsonObject phone, JsonObject today, JsonObject state) {
    JsonArray queues = state.getJsonArray("queues", new JsonArray());
    boolean paused = false;
    String reason = null;
    String pausedSince = null;
    boolean inCall = today.getString("activeCallSince") != null;
    for (Object o : queues) {
      JsonObject q = (JsonObject) o;
      q.remove("type");
      if (q.getBoolean("paused", false)) {
        paused = true;
        reason = reason == null ? q.getString("pausedReason") : reason;
        pausedSince = pausedSince == null ? q.getString("pausedSince") : pausedSince;
      }
      inCall |= q.getBoolean("inCall", false);
    }
    String channel = phone == null ? null : channel(phone);
    return new JsonObject()
        .put("extension", phone == null ? null : phone.getString("extension"))
        .put("interface", state.getString("interface") != null ? state.getString("interface") : channel)
        .put("hasPhone", phone != null)
        .put("link", state.getString("link", "down"))
        .put("queues", queues)
        .put("paused", paused).put("pausedReason", reason).put("pausedSince", pausedSince)
        .put("inCall", inCall).put("activeCallSince", today.getString("activeCallSince"))
        .put("talkSecondsToday", today.getLong("talkSeconds")).put("callsToday", today.getLong("calls"))
        .put("reasons", new JsonArray(PauseReason.ids()))
        .put("at", clock.instant().toString());
  }

  /** The agent's phone as a channel: its member interface, else {@code Local/<extension>@<agents context>}. */
  private String channel(JsonObject phone) {
    String iface = phone.getString("interface");
    String ext = phone.getString("extension");
    return iface != null ? iface : ext == null ? null : "Local/" + ext + "@" + settings.agentsContext();
  }

  /**
   * Pauses (with one of our reasons) or unpauses the agent in every queue; answers the bar as it is once Asterisk said
   * yes. 503 while the link is down, 422 without a phone or when the phone is in no queue, 400 for a reason not ours.
   */
  Future<JsonObject> pause(AmiLink link, QueueDesk desk, Principal agent, Boolean paused, String reason) {
    if (paused == null) {
      return Future.failedFuture(HotlineException.invalid("required", "paused"));
    }
    if (paused && reason == null) {
      return Future.failedFuture(HotlineException.invalid("required", "reason"));
    }
    if (paused && PauseReason.of(reason) == null) {
      return Future.failedFuture(HotlineException.invalid("invalidValue", "reason", reason));
    }
    return log.agentPhone(agent.id()).compose(phone -> {
      if (phone == null) {
        return Future.failedFuture(new HotlineException(ErrorCode.UNPROCESSABLE, "telephony.noPhone"));
      }
      return desk.pause(link, channel(phone), phone.getString("extension"), paused, paused ? reason : null);
    }).compose(v -> bar(agent));
  }

  /** What the link's node answers on {@link Addresses#PHONE_QUEUES}. */
  static JsonObject queuesOf(QueueDesk desk, JsonObject ask) {
    String iface = ask == null ? null : ask.getString("interface");
    String ext = ask == null ? null : ask.getString("extension");
    return desk.stateOf(iface, ext);
  }
}
