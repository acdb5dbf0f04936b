package hotline.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import hotline.errors.ErrorCode;
import hotline.users.Principal;
import hotline.users.Role;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Who may read the mail log, and how a refusal answers; the log itself is read in the app's mail test. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class MailLogTest {

  @Test
  void onlyTheSupervisionOfficeLeadersAndAdminsReadTheLogOfAKnownOutcome() {
    assertNull(MailLog.refusal(viewer(Role.LEADER), null));
    assertNull(MailLog.refusal(viewer(Role.SUPERVISOR, Role.AGENT), "quarantined"));
    // Admins look after the gateways (the log has no sender or subject).
    assertNull(MailLog.refusal(viewer(Role.AGENT, Role.ADMIN), null));
    assertEquals(ErrorCode.FORBIDDEN, MailLog.refusal(viewer(Role.AGENT), null).code());
    assertEquals(ErrorCode.FORBIDDEN, MailLog.refusal(viewer(Role.UNIT_RESPONDER), "case").code());
    assertEquals(ErrorCode.FORBIDDEN, MailLog.refusal(null, "case").code());
    assertEquals(ErrorCode.VALIDATION_FAILED, MailLog.refusal(viewer(Role.LEADER), "lost").code());
  }

  @Test
  void theViewerIsRebuiltFromWhatTheWebLayerSent() {
    Principal leader = new Principal(7, "li", "李堃", Set.of(Role.LEADER), null);
    assertEquals(leader, hotline.bus.Bus.viewer(new JsonObject().put("viewer", leader.toJson())));
    JsonObject odd = new JsonObject().put("id", 9).put("roles", new JsonArray().add("supervisor").add("astronaut"));
    assertEquals(Set.of(Role.SUPERVISOR), hotline.bus.Bus.viewer(new JsonObject().put("viewer", odd)).roles());
    assertNull(hotline.bus.Bus.viewer(new JsonObject()));
  }

  @Test
  void aRefusalFailsTheRequestWithItsStatusAndTheErrorAsJson(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().consumer("test.mail.log", new MailLog(null, null)::handle);
    JsonObject request = new JsonObject().put("viewer", viewer(Role.AGENT).toJson());
    vertx.eventBus().request("test.mail.log", request).onComplete(ctx.failing(t -> ctx.verify(() -> {
      ReplyException refused = (ReplyException) t;
      assertEquals(403, refused.failureCode());
      assertEquals(hotline.users.Permission.MAIL_LOG.refusal().toJson().encode(), refused.getMessage());
      ctx.completeNow();
    })));
  }

  private static Principal viewer(Role... roles) {
    return new Principal(1, "user", "User", Set.of(roles), null);
  }
}
