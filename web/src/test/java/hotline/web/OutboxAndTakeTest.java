package hotline.web;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.outbox.Outbox;
import hotline.users.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox a dispatch writes in its own transaction, as a gateway works it (claim, fail, retry, send), and the
 * cases a gateway account files until an agent takes them.
 */
class OutboxAndTakeTest extends ApiTestBase {

  static final Outbox.Retry RETRY = new Outbox.Retry(3, Duration.ofMinutes(1), Duration.ofMinutes(10));

  static long county;
  static User agent;
  static User otherAgent;
  static User leader;
  static User supervisor;
  static Principal gateway;

  @BeforeAll
  static void directory() throws Exception {
    county = unit("宝安区局", "county_bureau", null);
    agent = user("ob-agent", null, "agent");
    otherAgent = user("ob-agent2", null, "agent");
    leader = user("ob-leader", null, "leader");
    supervisor = user("ob-supervisor", null, "supervisor");
    gateway = await(core.users().gatewayAccount("mail-gateway", "邮件网关"));
  }

  @BeforeEach
  void resetClock() throws Exception {
    clock.set(START);
    // Nothing left due from another test.
    for (Outbox.Claimed c : await(core.outbox().claim("email", 100))) {
      await(core.outbox().sent(gateway, c, "<cleanup>", new JsonObject()));
    }
  }

  static JsonObject step(User who, long caseId, String action, JsonObject body) throws Exception {
    return post(who.token(), "/api/cases/" + caseId + "/" + action, body).expect(200).json();
  }

  static JsonObject dispatched(String subject, String method) throws Exception {
    long id = post(agent.token(), "/api/cases", complaint(subject)).expect(201).json().getLong("id");
    step(agent, id, "submit", new JsonObject());
    step(leader, id, "instruct", new JsonObject().put("instruction", "请核实处理"));
    return step(agent, id, "dispatch", new JsonObject().put("unitId", county).put("method", method));
  }

  static List<String> actions(JsonObject c) {
    return c.getJsonArray("timeline").stream().map(e -> ((JsonObject) e).getString("action")).collect(Collectors.toList());
  }

  static JsonObject outboxFor(long caseId) throws Exception {
    JsonArray items = get(supervisor.token(), "/api/outbox?case=" + caseId).expect(200).json().getJsonArray("items");
    assertEquals(1, items.size(), items::encode);
    return items.getJsonObject(0);
  }

  @Test
  void aMailDispatchIsQueuedInItsTransactionThenRetriedAndDelivered() throws Exception {
    JsonObject c = dispatched("派单邮件", "email");
    long caseId = c.getLong("id");
    JsonObject d = c.getJsonObject("currentDispatch");
    assertEquals("pending", d.getJsonObject("delivery").getString("status"));
    JsonObject row = outboxFor(caseId);
    assertEquals("dispatch", row.getString("kind"));
    assertEquals(d.getJsonObject("contact").getString("email"), row.getString("recipient"));
    assertEquals(d.getLong("id"), row.getLong("dispatchId"));

    List<Outbox.Claimed> claimed = await(core.outbox().claim("email", 10));
    assertEquals(1, claimed.size());
    Outbox.Claimed first = claimed.get(0);
    assertEquals(d.getLong("id"), first.dispatchId());
    assertTrue(await(core.outbox().claim("email", 10)).isEmpty(), "a claimed row is not claimed twice");
    String messageId = await(core.outbox().fixExternalId(first.id(), "<a@hotline>"));
    assertEquals("<a@hotline>", messageId);
    assertEquals("<a@hotline>", await(core.outbox().fixExternalId(first.id(), "<b@hotline>")), "the first id stays");

    assertFalse(await(core.outbox().failed(gateway, first, "421 try later", false, RETRY)));
    row = outboxFor(caseId);
    assertEquals("pending", row.getString("status"));
    assertEquals(1, row.getInteger("attempts"));
    assertEquals("421 try later", row.getString("lastError"));
    assertTrue(await(core.outbox().claim("email", 10)).isEmpty(), "not due before the backoff");

    clock.advance(Duration.ofMinutes(1));
    Outbox.Claimed second = await(core.outbox().claim("email", 10)).get(0);
    assertEquals(1, second.attempts());
    assertEquals("<a@hotline>", second.externalId());
    await(core.outbox().sent(gateway, second, "<a@hotline>", new JsonObject().put("smtp", "250 OK")));

    row = outboxFor(caseId);
    assertEquals("sent", row.getString("status"));
    assertEquals(2, row.getInteger("attempts"));
    assertEquals(2, row.getJsonArray("attemptLog").size());
    assertFalse(row.getJsonArray("attemptLog").getJsonObject(0).getBoolean("ok"));
    assertTrue(row.getJsonArray("attemptLog").getJsonObject(1).getBoolean("ok"));
    JsonObject after = get(agent.token(), "/api/cases/" + caseId).expect(200).json();
    JsonObject delivery = after.getJsonObject("currentDispatch").getJsonObject("delivery");
    assertEquals("sent", delivery.getString("status"));
    assertNotNull(delivery.getString("deliveredAt"));
    assertEquals("dispatched", after.getString("status"), "delivery is not receipt");
    assertTrue(actions(after).contains("delivered"), actions(after)::toString);
  }

  @Test
  void aPermanentFailureIsGivenUpOnTheTimelineAndCanBeRetried() throws Exception {
    long caseId = dispatched("退信", "email").getLong("id");
    Outbox.Claimed row = await(core.outbox().claim("email", 10)).get(0);
    assertTrue(await(core.outbox().failed(gateway, row, "550 mailbox unavailable", true, RETRY)));
    assertEquals("failed", outboxFor(caseId).getString("status"));
    JsonObject c = get(agent.token(), "/api/cases/" + caseId).expect(200).json();
    assertEquals("failed", c.getJsonObject("currentDispatch").getJsonObject("delivery").getString("status"));
    assertTrue(actions(c).contains("delivery_failed"));

    long outboxId = outboxFor(caseId).getLong("id");
    assertEquals(403, post(agent.token(), "/api/outbox/" + outboxId + "/retry", null).status());
    assertEquals(403, get(agent.token(), "/api/outbox").status());
    post(supervisor.token(), "/api/outbox/" + outboxId + "/retry", null).expect(200);
    assertEquals("pending", outboxFor(caseId).getString("status"));
    Res again = call("POST", "/api/outbox/" + outboxId + "/retry", supervisor.token(), null, Map.of("Accept-Language", "en"));
    assertEquals(409, again.status());
    assertTrue(again.error().getString("message").contains("nothing to retry"), again.body());
    assertEquals(404, post(supervisor.token(), "/api/outbox/x/retry", null).status());
  }

  @Test
  void retriesStopAfterTheLastAttemptAndCrashedClaimsAreReleased() throws Exception {
    long caseId = dispatched("多次失败", "email").getLong("id");
    for (int i = 1; i <= RETRY.maxAttempts(); i++) {
      Outbox.Claimed row = await(core.outbox().claim("email", 10)).get(0);
      boolean gaveUp = await(core.outbox().failed(gateway, row, "connection refused", false, RETRY));
      assertEquals(i == RETRY.maxAttempts(), gaveUp, "attempt " + i);
      clock.advance(Duration.ofMinutes(10));
    }
    assertEquals("failed", outboxFor(caseId).getString("status"));
    assertTrue(await(core.outbox().claim("email", 10)).isEmpty());

    long other = dispatched("崩溃", "email").getLong("id");
    Outbox.Claimed lost = await(core.outbox().claim("email", 10)).get(0);
    assertEquals(other, lost.caseId());
    assertEquals(0, await(core.outbox().releaseStale("email", Duration.ofMinutes(5))));
    clock.advance(Duration.ofMinutes(6));
    assertEquals(1, await(core.outbox().releaseStale("email", Duration.ofMinutes(5))));
    assertEquals(lost.id(), await(core.outbox().claim("email", 10)).get(0).id());
    // The first claim's report, after the row was released and claimed again, still counts once.
    await(core.outbox().sent(gateway, lost, "<x@hotline>", new JsonObject()));
    assertEquals("sent", outboxFor(other).getString("status"));
  }

  @Test
  void aHandDispatchSendsNothingAndAFaxDispatchQueuesForTheFaxGateway() throws Exception {
    long hand = dispatched("面交", "hand").getLong("id");
    assertTrue(get(supervisor.token(), "/api/outbox?case=" + hand).expect(200).json().getJsonArray("items").isEmpty());
    JsonObject c = get(agent.token(), "/api/cases/" + hand).expect(200).json();
    assertNull(c.getJsonObject("currentDispatch").getValue("delivery"));
    long fax = dispatched("传真派单", "fax").getLong("id");
    JsonObject row = outboxFor(fax);
    assertEquals("fax", row.getString("channel"));
    assertEquals("0755-66668888", row.getString("recipient"));
    assertEquals(400, get(supervisor.token(), "/api/outbox?status=lost").status());
  }

  @Test
  void theMailLogSaysSoWhenNoMailGatewayRuns() throws Exception {
    Res r = call("GET", "/api/mail/messages", supervisor.token(), null, Map.of("Accept-Language", "en"));
    assertEquals(503, r.status(), r.body());
    assertTrue(r.error().getString("message").contains("mail"), r.body());
    assertEquals(403, get(agent.token(), "/api/mail/messages").status());
  }

  @Test
  void aCaseAGatewayFiledIsTakenByTheFirstAgent() throws Exception {
    JsonObject body = complaint("邮件来信").put("channel", "email")
        .put("contact", new JsonObject().put("name", "王五").put("email", "wang@example.cn"));
    JsonObject filed = await(core.cases().create(gateway, IntakeJson.parse(body)));
    long id = filed.getLong("id");
    assertEquals("邮件网关", filed.getJsonObject("owner").getString("name"));
    // Owner-only steps wait for an owner.
    assertEquals(403, post(agent.token(), "/api/cases/" + id + "/submit", new JsonObject()).status());
    JsonObject taken = step(agent, id, "take", new JsonObject().put("note", "我来处理"));
    assertEquals(agent.id(), taken.getJsonObject("owner").getLong("id"));
    assertEquals("received", taken.getString("status"));
    assertFalse(taken.getJsonArray("allowedActions").contains("take"));
    JsonObject entry = taken.getJsonArray("timeline").getJsonObject(1);
    assertEquals("take", entry.getString("action"));
    assertEquals(gateway.id(), entry.getJsonObject("detail").getLong("fromOwnerId"));
    // A person's case is not taken by another agent, nor again by its owner; the supervision office may move it.
    assertEquals(403, post(otherAgent.token(), "/api/cases/" + id + "/take", null).status());
    assertEquals(403, post(agent.token(), "/api/cases/" + id + "/take", null).status());
    assertEquals(supervisor.id(), step(supervisor, id, "take", null).getJsonObject("owner").getLong("id"));
    step(supervisor, id, "answer", new JsonObject().put("answer", "已当场答复"));
    // Not theirs to take, whatever the status; and a closed case is nobody's to take.
    assertEquals(403, post(agent.token(), "/api/cases/" + id + "/take", null).status());
    long closed = await(core.cases().create(gateway, IntakeJson.parse(body.copy().put("subject", "已办结来信")))).getLong("id");
    step(agent, closed, "take", null);
    step(agent, closed, "answer", new JsonObject().put("answer", "已答复"));
    assertEquals(409, post(supervisor.token(), "/api/cases/" + closed + "/take", null).status());
  }

  @Test
  void aGatewayAccountNeverSignsInAndIsNeverGivenByHand() throws Exception {
    assertEquals(401, post(null, "/api/session", new JsonObject().put("username", "mail-gateway").put("password", "x")).status());
    JsonObject body = new JsonObject().put("username", "fake-gw").put("password", "long-enough-1").put("roles", new JsonArray().add("gateway"));
    assertEquals(400, post(adminToken, "/api/users", body).status());
    assertEquals(gateway.id(), await(core.users().gatewayAccount("mail-gateway", "邮件网关")).id(), "made once");
  }

  @Test
  void aGatewayReceiptNamesItsDispatchAndAnOlderOneIsRefused() throws Exception {
    JsonObject c = dispatched("回执", "email");
    long caseId = c.getLong("id");
    long dispatchId = c.getJsonObject("currentDispatch").getLong("id");
    var stale = core.cases().transition(gateway, caseId, hotline.cases.Action.RECEIPT,
        new JsonObject().put("method", "mail").put("dispatchId", dispatchId + 1000));
    assertEquals(409, assertThrowsHotline(stale));
    await(core.cases().transition(gateway, caseId, hotline.cases.Action.RECEIPT,
        new JsonObject().put("method", "mail").put("dispatchId", dispatchId)));
    JsonObject after = await(core.cases().get(gateway, caseId));
    assertEquals("receipt_confirmed", after.getString("status"));
    JsonObject last = after.getJsonArray("timeline").getJsonObject(after.getJsonArray("timeline").size() - 1);
    assertEquals("邮件网关", last.getString("actor"));

    hotline.dispatch.DispatchService.Target t = await(core.dispatches().byId(dispatchId));
    assertTrue(t.current());
    assertTrue(t.received());
    assertTrue(t.trusts(c.getJsonObject("currentDispatch").getJsonObject("contact").getString("email").toUpperCase()));
    assertFalse(t.trusts("someone@else.example"));
    assertEquals(dispatchId, await(core.dispatches().byToken(t.token())).dispatchId());
    assertEquals(dispatchId, await(core.dispatches().currentOf(c.getString("number"))).dispatchId());
    assertNull(await(core.dispatches().byToken("no-such-token")));
  }

  static int assertThrowsHotline(io.vertx.core.Future<?> f) throws Exception {
    try {
      await(f);
    } catch (java.util.concurrent.ExecutionException e) {
      return ((hotline.errors.HotlineException) e.getCause()).code().status();
    }
    throw new AssertionError("expected a failure");
  }
}
