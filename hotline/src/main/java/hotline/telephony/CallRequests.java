package hotline.telephony;

import hotline.Core;
import hotline.bus.Bus;
import hotline.errors.HotlineException;
import hotline.users.Permission;
import hotline.users.Principal;
import io.vertx.core.Future;
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

  CallRequests(Core core, CallLog log) {
    this.core = core;
    this.log = log;
  }

  /** Filters come checked and normalised by the web layer: {@code normalizedNumber, agentId, from, to, disposition, caseId, page, size}. */
  void list(Message<JsonObject> m) {
    Bus.reply(m, () -> {
      Principal viewer = viewer(m.body(), Permission.CALLS_LIST);
      JsonObject q = m.body();
      return log.list(q.getString("normalizedNumber"), q.getLong("agentId"), instant(q.getString("from")),
          instant(q.getString("to")), q.getString("disposition"), q.getLong("caseId"), q.getInteger("page", 1),
          q.getInteger("size", 20), Permission.REPORTER_IDENTITY.allows(viewer), viewer.id());
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
      return log.setAgentPhone(b.getLong("userId"), b.getString("interface"), b.getString("extension"))
          .recover(t -> Future.failedFuture(t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())
              ? new HotlineException(hotline.errors.ErrorCode.CONFLICT, "telephony.phoneTaken")
              : t instanceof io.vertx.pgclient.PgException pg2 && "23503".equals(pg2.getSqlState())
                  ? HotlineException.notFound("user", b.getLong("userId")) : t))
          .onSuccess(v -> changed.run());
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
