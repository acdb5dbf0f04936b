package hotline.telephony;

import hotline.Addresses;
import hotline.Core;
import hotline.bus.Bus;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.users.Permission;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call log's requests on the event bus (the web layer asks; this module owns the table). The viewer comes
 * with each request as the web layer authenticated it; failures answer with the HTTP status as the code.
 */
final class CallRequests {

  private static final Logger LOG = LoggerFactory.getLogger(CallRequests.class);

  private final Core core;
  private final CallLog log;
  private final EventBus bus;

  CallRequests(Core core, CallLog log, EventBus bus) {
    this.core = core;
    this.log = log;
    this.bus = bus;
  }

  /**
   * Filters come checked and normalised by the web layer: {@code normalizedNumber, agentId, from, to, disposition,
   * caseId, missed, handled, mine, page, size}.
   */
  void list(Message<JsonObject> m) {
    Bus.reply(m, () -> {
      Principal viewer = viewer(m.body(), Permission.CALLS_LIST);
      JsonObject q = m.body();
      CallLog.Filter f = new CallLog.Filter(q.getString("normalizedNumber"), q.getLong("agentId"), instant(q.getString("from")),
          instant(q.getString("to")), q.getString("disposition"), q.getLong("caseId"), q.getBoolean("missed"),
          q.getBoolean("handled"), q.getBoolean("mine", false) ? viewer.id() : null);
      return log.list(f, q.getInteger("page", 1), q.getInteger("size", 20), Permission.REPORTER_IDENTITY.allows(viewer),
          viewer.id(), Permission.CUSTOMERS.allows(viewer)).map(page -> page.put("allowed", allowed(viewer)));
    });
  }

  /** What the viewer may do from the log, by the permission table: the page offers only these. */
  private static JsonObject allowed(Principal viewer) {
    return new JsonObject().put("handle", Permission.CALLS_HANDLE.allows(viewer)).put("dial", Permission.CALL_DIAL.allows(viewer))
        .put("createCustomer", Permission.CUSTOMERS.allows(viewer)).put("fileCase", Permission.CASE_FILE.allows(viewer));
  }

  /**
   * Marks missed calls handled: {@code callId} one (404 when there is no such call, 422 when it is not a missed call;
   * an already handled one answers as it is), or {@code before} every missed call not yet handled that ended by then.
   * Published on {@link Addresses#CALLS_HANDLED} when something changed, for the open caller logs.
   */
  void handle(Message<JsonObject> m) {
    Bus.reply(m, () -> {
      Principal viewer = viewer(m.body(), Permission.CALLS_HANDLE);
      JsonObject b = m.body();
      Long callId = b.getLong("callId");
      if (callId != null) {
        return log.handle(callId, viewer.id()).compose(h -> {
          if (!h.found()) {
            return Future.failedFuture(HotlineException.notFound("call", callId));
          }
          if (!h.missed()) {
            return Future.failedFuture(new HotlineException(ErrorCode.UNPROCESSABLE, "calls.notMissed", callId));
          }
          if (h.changed()) {
            bus.publish(Addresses.CALLS_HANDLED, new JsonObject().put("callId", callId).put("by", viewer.id()));
          }
          return Future.succeededFuture(new JsonObject().put("callId", callId).put("handledAt", log.iso(h.at()))
              .put("handledBy", h.by()).put("changed", h.changed()));
        });
      }
      Instant before = instant(b.getString("before"));
      return log.handleAll(before, viewer.id()).map(n -> {
        if (n > 0) {
          bus.publish(Addresses.CALLS_HANDLED, new JsonObject().put("count", n).put("before", before.toString()).put("by", viewer.id()));
        }
        return new JsonObject().put("handled", n).put("before", before.toString());
      });
    });
  }

  private static Instant instant(String iso) {
    return iso == null ? null : Instant.parse(iso);
  }

  void link(Message<JsonObject> m) {
    Bus.reply(m, () -> {
      viewer(m.body(), Permission.CALL_LINK);
      long callId = m.body().getLong("callId");
      long caseId = m.body().getLong("caseId");
      // The web layer has checked that the viewer may read the case.
      return log.link(callId, caseId, true)
          .compose(done -> done ? Future.succeededFuture(new JsonObject().put("callId", callId).put("caseId", caseId))
              : Future.failedFuture(HotlineException.notFound("call", callId)));
    });
  }

  /** Admin only; {@code changed} runs once the phone is set (to tell every node's agent cache). */
  void setAgentPhone(Message<JsonObject> m, Runnable changed) {
    Bus.reply(m, () -> {
      viewer(m.body(), Permission.AGENT_PHONE_SET);
      JsonObject b = m.body();
      if (b.getString("interface") == null && b.getString("extension") == null) {
        long userId = b.getLong("userId");
        return log.removeAgentPhone(userId).compose(removed -> removed
            ? Future.succeededFuture(new JsonObject().put("userId", userId).putNull("interface").putNull("extension"))
            : Future.failedFuture(new HotlineException(hotline.errors.ErrorCode.NOT_FOUND, "telephony.noPhoneToRemove")))
            .onSuccess(v -> changed.run());
      }
      return log.setAgentPhone(b.getLong("userId"), b.getString("interface"), b.getString("extension"))
          .recover(t -> Future.failedFuture(t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())
              ? new HotlineException(hotline.errors.ErrorCode.CONFLICT, "telephony.phoneTaken")
              : t instanceof io.vertx.pgclient.PgException pg2 && "23503".equals(pg2.getSqlState())
                  ? HotlineException.notFound("user", b.getLong("userId")) : t))
          .onSuccess(v -> changed.run());
    });
  }

  /** Every agent's phone, for those who read the user list. */
  void agentPhones(Message<JsonObject> m) {
    Bus.reply(m, () -> {
      viewer(m.body(), Permission.USERS_LIST);
      return log.agentPhones().map(items -> new JsonObject().put("items", items));
    });
  }

  void linkToActiveCall(JsonObject created) {
    Long owner = created.getLong("ownerId");
    if (owner == null || !"phone".equals(created.getString("channel"))) {
      return;
    }
    log.activeCallOf(owner)
        .compose(callId -> callId == null ? Future.succeededFuture(false) : log.link(callId, created.getLong("caseId"), false))
        .onFailure(t -> LOG.warn("linking case {} to its call failed: {}", created.getString("number"), t.toString()));
  }

  /** The person a request comes from, who must hold a role that could be granted {@code permission}. */
  static Principal viewer(JsonObject body, Permission permission) {
    Principal p = Bus.viewer(body);
    if (p == null) {
      throw permission.refusal();
    }
    return permission.require(p);
  }

  /** Answers a request by the bus convention ({@link Bus}). */
  void reply(Message<JsonObject> m, java.util.function.Supplier<Future<JsonObject>> call) {
    Bus.reply(m, call);
  }
}
