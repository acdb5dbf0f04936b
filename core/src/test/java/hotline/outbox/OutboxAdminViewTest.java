package hotline.outbox;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.cases.CaseKind;
import hotline.cases.Channel;
import hotline.cases.Intake;
import hotline.testing.CaseSteps;
import hotline.testing.CoreFixture;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The outbox as an admin reads it for the gateways page: every row, but a report's acknowledgement (its recipient is
 * the reporter) without recipient, name, error or attempt details; the supervision office sees it whole. The summary
 * counts per channel and status.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OutboxAdminViewTest {

  static CoreFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = CoreFixture.start();
    fx.cast();
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void anAdminSeesEveryRowButNotAReportersAddressAndTheCountsAddUp() throws Exception {
    CaseSteps steps = new CaseSteps(fx);
    long report = steps.file(fx.cast().agent(), Intake.of(CaseKind.REPORT, Channel.EMAIL, "举报某店销售走私烟。")
        .withSubject("举报走私烟").withContact(new Intake.Contact("李四", List.of("139 0013 9000"), "lisi@example.cn", null)));
    long complaint = steps.file(fx.cast().agent(), CaseSteps.complaint("投诉假烟"));
    Outbox outbox = fx.core.outbox();
    await(outbox.add(new Outbox.Item("email", Outbox.KIND_ACKNOWLEDGEMENT, "ack:report", report, null, "lisi@example.cn", "李四",
        new JsonObject())));
    await(outbox.add(new Outbox.Item("email", Outbox.KIND_ACKNOWLEDGEMENT, "ack:complaint", complaint, null, "zhangsan@example.cn",
        "张三", new JsonObject())));
    // The report's acknowledgement is given up, with an error quoting the address.
    Outbox.Claimed claimed = await(outbox.claim("email", 10)).stream().filter(c -> report == c.caseId()).findFirst().orElseThrow();
    await(outbox.failed(fx.cast().admin(), claimed, "550 <lisi@example.cn>: no such user", true, new Outbox.Retry(1,
        java.time.Duration.ofMinutes(1), java.time.Duration.ofMinutes(1))));

    JsonObject asAdmin = await(outbox.list(fx.admin(), null, null, null, 1, 50));
    String adminText = asAdmin.encode();
    assertEquals(2, asAdmin.getInteger("total"));
    assertFalse(adminText.contains("lisi") || adminText.contains("李四"), "the reporter never reaches an admin: " + adminText);
    JsonObject masked = asAdmin.getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(o -> o.getLong("caseId") == report).findFirst().orElseThrow();
    assertTrue(masked.getBoolean("masked"));
    assertNull(masked.getString("recipient"));
    assertEquals("failed", masked.getString("status"));
    JsonObject plain = asAdmin.getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(o -> o.getLong("caseId") == complaint).findFirst().orElseThrow();
    assertEquals("zhangsan@example.cn", plain.getString("recipient"));
    assertNull(plain.getBoolean("masked"));

    String asSupervisor = await(outbox.list(fx.cast().supervisor(), null, null, null, 1, 50)).encode();
    assertTrue(asSupervisor.contains("lisi@example.cn"), "the supervision office sees whom it went to");

    // An admin retries it all the same.
    await(outbox.retry(fx.admin(), masked.getLong("id")));

    JsonObject summary = await(outbox.summary(fx.admin()));
    assertEquals(2, summary.getJsonObject("total").getInteger("pending") + summary.getJsonObject("total").getInteger("sending"));
    assertEquals(0, summary.getJsonObject("total").getInteger("failed"));
    assertEquals(2, summary.getJsonObject("channels").getJsonObject("email").getInteger("pending")
        + summary.getJsonObject("channels").getJsonObject("email").getInteger("sending"));
    assertEquals(0, summary.getJsonObject("channels").getJsonObject("fax").getInteger("pending"));
    assertTrue(summary.getJsonObject("channels").getJsonObject("email").getString("oldestWaitingSince").startsWith("2026-02-12T10:00"));
    // Not for a unit's responder, nor an agent.
    assertEquals(hotline.errors.ErrorCode.FORBIDDEN, CaseSteps.failure(outbox.summary(fx.cast().agent())).code());
  }
}
