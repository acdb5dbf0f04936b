package hotline.telephony;

import hotline.Addresses;
import hotline.Core;
import hotline.cases.CaseQuery;
import hotline.users.Permission;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the ringing agent sees: who is calling, which customers that number belongs to, their open cases with
 * deadlines, the last calls, and whether this is a repeat caller. Reports are listed only to whoever may see their
 * reporter (a pop saying "this number has an open report" would name the reporter).
 */
final class ScreenPops {

  private static final Logger LOG = LoggerFactory.getLogger(ScreenPops.class);
  static final Duration REPEAT_WINDOW = Duration.ofDays(7);

  private final Vertx vertx;
  private final Core core;
  private final CallLog log;
  private final Clock clock;

  ScreenPops(Vertx vertx, Core core, CallLog log, Clock clock) {
    this.vertx = vertx;
    this.core = core;
    this.log = log;
    this.clock = clock;
  }

  /**
   * The pop when the agent's phone rings, in two messages: the card at once, from what the call itself says (number,
   * line, queue; the call's id in the log once written) with {@code "lookup": "pending"}, then the whole pop
   * ({@code "lookup": "done"}) after the call's writes so far (so that it names the call's id) and once the database
   * has said who is calling. The agent sees the call without waiting for the lookups; the page merges the second into
   * the card. Both are on the call's pop chain, so answered and ended still come after them.
   */
  void ringing(long agentId, CallState call, long arrivedNanos) {
    // Stamped with the ringing event's arrival: the web layer times the pop when it reaches the agent's stream.
    io.vertx.core.eventbus.DeliveryOptions timed = hotline.metrics.PopTiming.stamp(arrivedNanos);
    call.pops = call.pops.compose(v -> {
      vertx.eventBus().publish(Addresses.screenPop(agentId), card(call).put("lookup", "pending"), timed);
      return call.writes.compose(w -> build(agentId, call));
    })
        .onSuccess(pop -> vertx.eventBus().publish(Addresses.screenPop(agentId), pop, timed))
        .<Void>mapEmpty()
        .recover(t -> {
          LOG.warn("screen pop failed [agent: {}, call: {}]: {}", agentId, call.linkedid, t.toString());
          // The card stays, saying the lookup failed rather than looking up for ever.
          vertx.eventBus().publish(Addresses.screenPop(agentId), card(call).put("lookup", "failed"), timed);
          return Future.succeededFuture();
        });
  }

  /** The follow-ups, after the ringing pop: answered (the pop stays), ended (the pop moves to wrap-up). */
  void phase(long agentId, CallState call, String phase) {
    JsonObject message = new JsonObject().put("phase", phase).put("linkedid", call.linkedid).put("callerNumber", call.callerRaw)
        .put("callId", call.id);
    call.pops = call.pops.onSuccess(v -> vertx.eventBus().publish(Addresses.screenPop(agentId), message));
  }

  /** What the call itself says, known without asking the database. */
  private static JsonObject card(CallState call) {
    return new JsonObject().put("phase", "ringing").put("linkedid", call.linkedid).put("callId", call.id)
        .put("callerNumber", call.callerRaw).put("did", call.did).put("queue", call.queue);
  }

  private Future<JsonObject> build(long agentId, CallState call) {
    JsonObject pop = card(call).put("lookup", "done");
    String normalized = core.directory().phones().normalize(call.callerRaw);
    if (normalized == null) {
      return Future.succeededFuture(pop.put("known", false).put("customers", new JsonArray()).put("openCases", new JsonArray())
          .put("recentCalls", new JsonArray()).put("repeatCaller", false)
          .put("newIntake", new JsonObject().put("channel", "phone")));
    }
    Future<Principal> agent = core.users().principal(agentId);
    Future<JsonArray> customers = core.directory().customersByPhone(call.callerRaw);
    Future<JsonArray> recent = log.recent(normalized, 6);
    Future<Long> repeat = log.countSince(normalized, clock.instant().minus(REPEAT_WINDOW));
    return Future.all(agent, customers, recent, repeat).compose(all -> openCases(agent.result(), customers.result()).map(cases -> {
      JsonArray lastCalls = new JsonArray();
      for (Object o : recent.result()) {
        if (!call.linkedid.equals(((JsonObject) o).getString("linkedid")) && lastCalls.size() < 5) {
          lastCalls.add(o);
        }
      }
      boolean known = !customers.result().isEmpty();
      pop.put("known", known).put("customers", customers.result()).put("openCases", cases).put("recentCalls", lastCalls)
          .put("repeatCaller", repeat.result() >= 2);
      if (!known) {
        pop.put("newIntake", new JsonObject().put("channel", "phone")
            .put("contact", new JsonObject().put("phones", new JsonArray().add(call.callerRaw))));
      }
      return pop;
    }));
  }

  private Future<JsonArray> openCases(Principal agent, JsonArray customers) {
    if (agent == null || customers.isEmpty()) {
      return Future.succeededFuture(new JsonArray());
    }
    List<Future<JsonObject>> pages = new ArrayList<>();
    for (Object o : customers) {
      long customerId = ((JsonObject) o).getLong("id");
      pages.add(core.cases().list(agent, new CaseQuery(null, null, null, null, null, null, customerId, 1, 20)));
    }
    boolean seesReporters = Permission.REPORTER_IDENTITY.allows(agent);
    return Future.all(pages).map(all -> {
      JsonArray open = new JsonArray();
      for (Future<JsonObject> page : pages) {
        for (Object item : page.result().getJsonArray("items")) {
          JsonObject c = (JsonObject) item;
          boolean report = "report".equals(c.getString("kind"));
          boolean own = c.getJsonObject("owner").getLong("id") == agent.id();
          if (!"closed".equals(c.getString("status")) && (!report || own || seesReporters)) {
            open.add(c);
          }
        }
      }
      return open;
    });
  }
}
