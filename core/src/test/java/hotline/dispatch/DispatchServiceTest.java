package hotline.dispatch;

import static hotline.testing.CaseSteps.entries;
import static hotline.testing.CaseSteps.failure;
import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.Addresses;
import hotline.cases.Action;
import hotline.cases.CaseQuery;
import hotline.errors.ErrorCode;
import hotline.forms.FormKey;
import hotline.forms.RecordForm;
import hotline.outbox.Outbox;
import hotline.testing.CaseSteps;
import hotline.testing.CoreFixture;
import hotline.testing.Sql;
import hotline.users.Principal;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Dispatches through {@link DispatchService} and the outbox: the overdue sweep, the outbox row a dispatch writes in its
 * own transaction, and what the sending, the failure and the return of a dispatch form put on the case's timeline.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DispatchServiceTest {

  static final Outbox.Retry RETRY = new Outbox.Retry(3, Duration.ofMinutes(1), Duration.ofMinutes(10));
  /** A complaint dispatched at the start is due Saturday 2026-02-14 17:30 in Shanghai (the make-up working day). */
  static final Instant DUE = Instant.parse("2026-02-14T09:30:00Z");
  static final String UNIT_EMAIL = CoreFixture.UNIT_EMAIL;

  static CoreFixture fixture;
  static CaseSteps steps;
  static long county;
  static Principal agent;
  static Principal leader;
  static Principal supervisor;
  static Principal responder;
  static Principal gateway;

  @BeforeAll
  static void start() throws Exception {
    fixture = CoreFixture.start();
    steps = new CaseSteps(fixture);
    CoreFixture.Cast cast = fixture.cast();
    county = cast.unitId();
    agent = cast.agent();
    leader = cast.leader();
    supervisor = cast.supervisor();
    responder = cast.responder();
    gateway = cast.gateway();
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @BeforeEach
  void resetClockAndDrainTheOutbox() throws Exception {
    fixture.clock.set(CoreFixture.START);
    for (Outbox.Claimed c : await(fixture.core.outbox().claim("email", 100))) {
      await(fixture.core.outbox().sent(gateway, c, "<cleanup@hotline>", new JsonObject()));
    }
  }

  static long currentDispatch(long caseId) throws Exception {
    return steps.view(agent, caseId).getJsonObject("currentDispatch").getLong("id");
  }

  static Row dispatchRow(long dispatchId) throws Exception {
    return Sql.rows(fixture.pool, "SELECT * FROM dispatches WHERE id = $1", dispatchId).get(0);
  }

  static Row outboxRow(long caseId) throws Exception {
    List<Row> rows = Sql.rows(fixture.pool, "SELECT * FROM outbox WHERE case_id = $1", caseId);
    assertEquals(1, rows.size(), "outbox rows of case " + caseId);
    return rows.get(0);
  }

  static boolean listedOverdue(long dispatchId) throws Exception {
    JsonObject page = await(fixture.core.dispatches().list(supervisor, true, null, null, 1, 200));
    return page.getJsonArray("items").stream().anyMatch(o -> ((JsonObject) o).getLong("id") == dispatchId);
  }

  @Test
  void theSweepMarksWhatIsPastDueOnceAndSaysSo() throws Exception {
    long id = steps.dispatched(agent, leader, county, "hand", "逾期");
    long first = currentDispatch(id);
    long handled = steps.dispatched(agent, leader, county, "hand", "已办结");
    steps.step(responder, handled, Action.FEEDBACK, new JsonObject().put("result", "已处理"));
    assertEquals(ErrorCode.CONFLICT, steps.refused(supervisor, id, Action.REOPEN,
        new JsonObject().put("reason", "overdue").put("note", "未逾期")).code(), "not overdue yet");

    CompletableFuture<JsonObject> reminder = new CompletableFuture<>();
    MessageConsumer<JsonObject> consumer = fixture.vertx.eventBus().consumer(Addresses.DISPATCH_OVERDUE, m -> {
      if (m.body().getLong("caseId") == id) {
        reminder.complete(m.body());
      }
    });
    await(consumer.completion());
    try {
      fixture.clock.set(DUE);
      await(fixture.core.dispatches().sweepOverdue());
      assertFalse(dispatchRow(first).getBoolean("overdue"), "at its deadline a dispatch is not late yet");

      Instant late = DUE.plusSeconds(1);
      fixture.clock.set(late);
      assertTrue(await(fixture.core.dispatches().sweepOverdue()) >= 1);
      JsonObject event = reminder.get(5, TimeUnit.SECONDS);
      assertEquals(first, event.getLong("dispatchId"));
      assertEquals(steps.view(agent, id).getString("number"), event.getString("number"));
      assertEquals(county, event.getLong("unitId"));
      assertEquals(1, event.getInteger("round"));
      assertEquals("2026-02-14T17:30+08:00", event.getString("dueAt"));
      assertEquals(0, await(fixture.core.dispatches().sweepOverdue()), "a second sweep marks nothing twice");

      Row row = dispatchRow(first);
      assertTrue(row.getBoolean("overdue"));
      assertEquals(late, row.getOffsetDateTime("overdue_at").toInstant());
      assertFalse(Sql.rows(fixture.pool, "SELECT overdue FROM dispatches WHERE case_id = $1", handled).get(0).getBoolean("overdue"),
          "a dispatch the unit answered is not late");
      JsonObject c = steps.view(agent, id);
      assertEquals("dispatched", c.getString("status"), "overdue is not a status");
      assertTrue(c.getJsonObject("currentDispatch").getBoolean("overdue"));
      List<JsonObject> overdue = entries(c, "overdue");
      assertEquals(1, overdue.size(), c.getJsonArray("timeline")::encode);
      assertEquals("system", overdue.get(0).getString("actor"));
      assertNull(overdue.get(0).getValue("actorId"));
      assertEquals("dispatched", overdue.get(0).getString("from"));
      assertEquals("dispatched", overdue.get(0).getString("to"));
      assertEquals(first, overdue.get(0).getJsonObject("detail").getLong("dispatchId"));
    } finally {
      await(consumer.unregister());
    }
    assertTrue(listedOverdue(first));
    JsonObject cases = await(fixture.core.cases().list(agent, new CaseQuery(null, null, null, null, true, null, null, 1, 200)));
    assertTrue(cases.getJsonArray("items").stream().anyMatch(o -> ((JsonObject) o).getLong("id") == id), cases::encode);

    // Delay without cause: out again in round 2, escalated to leadership (not only because a third round would be).
    steps.step(supervisor, id, Action.REOPEN, new JsonObject().put("reason", "overdue").put("note", "无故拖延"));
    steps.step(agent, id, Action.DISPATCH, new JsonObject().put("unitId", county).put("method", "hand"));
    JsonObject d = steps.view(agent, id).getJsonObject("currentDispatch");
    assertEquals(2, d.getInteger("round"));
    assertEquals("overdue", d.getString("reason"));
    assertEquals("leadership", d.getString("supervisedBy"));
    assertFalse(listedOverdue(first), "the superseded dispatch is no longer an open overdue one");
    DispatchService.Target old = await(fixture.core.dispatches().byId(first));
    assertFalse(old.current());
    assertEquals("superseded", old.status());
    assertEquals(ErrorCode.CONFLICT, failure(fixture.core.dispatches().form(first)).code(), "a superseded form is not sent");
    DispatchForm form = await(fixture.core.dispatches().form(d.getLong("id")));
    assertEquals(d.getLong("id"), form.target().dispatchId());
    assertEquals("第2次派单", form.form().value(FormKey.DISPATCH_ROUND));
    assertEquals(2, form.target().round());
  }

  /**
   * The form a dispatch sends is the case as it was when dispatched, kept in the dispatch's transaction: what the unit
   * records while the form waits in the outbox (its receipt, an extension, its feedback) is not on it. A dispatch queued
   * before forms were kept still sends, its form made from the case as it is then.
   */
  @Test
  void theFormSentIsTheCaseAsDispatchedAndOneQueuedBeforeFormsWereKeptIsTheCaseNow() throws Exception {
    long id = steps.dispatched(agent, leader, county, "email", "派单时的记录表");
    long dispatchId = currentDispatch(id);
    JsonObject kept = (JsonObject) dispatchRow(dispatchId).getJson("form");
    assertNotNull(kept, "the dispatch keeps its form");
    assertEquals("2026-02-14 17:30（2个工作日）", kept.getJsonObject("values").getString("dispatch.dueAt"), kept::encode);

    fixture.clock.advance(Duration.ofHours(1));
    steps.step(responder, id, Action.RECEIPT, new JsonObject().put("method", "by_hand"));
    steps.step(agent, id, Action.EXTEND, new JsonObject().put("workingDays", 5).put("reason", "需现场核查"));
    steps.step(responder, id, Action.FEEDBACK, new JsonObject().put("result", "经核查，已依法查处该零售店。"));
    JsonObject now = steps.view(agent, id).getJsonObject("currentDispatch");
    assertEquals(5, now.getInteger("workingDays"));
    assertEquals("handled", now.getString("status"));

    RecordForm sent = await(fixture.core.dispatches().form(dispatchId)).form();
    assertEquals(RecordForm.fromJson(kept), sent);
    assertEquals("2026-02-14 17:30（2个工作日）", sent.value(FormKey.DUE_AT), "the deadline as dispatched, not as extended");
    assertEquals("第1次派单", sent.value(FormKey.DISPATCH_ROUND));
    assertEquals("请核实处理", sent.value(FormKey.INSTRUCTION));
    assertEquals("张三", sent.value(FormKey.CONTACT_NAME));
    for (FormKey k : List.of(FormKey.FEEDBACK, FormKey.FEEDBACK_AT, FormKey.RECEIPT_RECEIVER, FormKey.RECEIPT_AT,
        FormKey.RECEIPT_METHOD)) {
      assertNull(sent.value(k), () -> k + " is not on the form as dispatched: " + sent.text());
    }
    assertTrue(sent.text().contains("【签收人】________"), sent::text);
    assertFalse(sent.text().contains("经核查"), sent::text);

    // Queued before the upgrade: no form kept, so it is the case as it is when sent.
    Sql.rows(fixture.pool, "UPDATE dispatches SET form = NULL WHERE id = $1", dispatchId);
    RecordForm legacy = await(fixture.core.dispatches().form(dispatchId)).form();
    assertEquals("经核查，已依法查处该零售店。", legacy.value(FormKey.FEEDBACK));
    assertEquals("当面签收", legacy.value(FormKey.RECEIPT_METHOD));
    assertTrue(legacy.value(FormKey.DUE_AT).contains("5个工作日"), legacy.value(FormKey.DUE_AT));
  }

  @Test
  void aMailDispatchWritesOneOutboxRowAndAHandDispatchNone() throws Exception {
    long id = steps.dispatched(agent, leader, county, "email", "派单邮件");
    long dispatchId = currentDispatch(id);
    Row row = outboxRow(id);
    assertEquals("dispatch", row.getString("kind"));
    assertEquals("email", row.getString("channel"));
    assertEquals("dispatch:" + dispatchId, row.getString("dedupe_key"));
    assertEquals(dispatchId, row.getLong("dispatch_id"));
    assertEquals(UNIT_EMAIL, row.getString("recipient"));
    assertEquals("pending", row.getString("status"));
    assertEquals(1, row.getJsonObject("payload").getInteger("round"));

    long hand = steps.dispatched(agent, leader, county, "hand", "面交");
    assertEquals(0, Sql.count(fixture.pool, "SELECT count(*) FROM outbox WHERE case_id = $1", hand));
    assertNull(steps.view(agent, hand).getJsonObject("currentDispatch").getValue("delivery"));
  }

  @Test
  void aDispatchThatFailsLeavesNoOutboxRow() throws Exception {
    long id = steps.file(agent, CaseSteps.complaint("回滚"));
    steps.step(agent, id, Action.SUBMIT);
    steps.step(leader, id, Action.INSTRUCT, new JsonObject().put("instruction", "办理"));
    // The timeline entry is the transaction's last write: make it fail, after the dispatch and its outbox row.
    await(fixture.pool.query("CREATE FUNCTION test_refuse_event() RETURNS trigger LANGUAGE plpgsql AS "
        + "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$").execute());
    await(fixture.pool.query("CREATE TRIGGER test_refuse_event BEFORE INSERT ON case_events FOR EACH ROW "
        + "WHEN (NEW.note = 'refuse me') EXECUTE FUNCTION test_refuse_event()").execute());
    try {
      ExecutionException e = assertThrows(ExecutionException.class, () -> steps.step(agent, id, Action.DISPATCH,
          new JsonObject().put("unitId", county).put("method", "email").put("note", "refuse me")));
      assertTrue(e.getCause().getMessage().contains("refused by the test"), e.getCause()::toString);
    } finally {
      await(fixture.pool.query("DROP TRIGGER test_refuse_event ON case_events").execute());
      await(fixture.pool.query("DROP FUNCTION test_refuse_event()").execute());
    }
    assertEquals(0, Sql.count(fixture.pool, "SELECT count(*) FROM outbox WHERE case_id = $1", id));
    assertEquals(0, Sql.count(fixture.pool, "SELECT count(*) FROM dispatches WHERE case_id = $1", id));
    JsonObject c = steps.view(agent, id);
    assertEquals("instructed", c.getString("status"));
    assertEquals(0, c.getInteger("round"));

    steps.step(agent, id, Action.DISPATCH, new JsonObject().put("unitId", county).put("method", "email"));
    assertEquals("dispatch:" + currentDispatch(id), outboxRow(id).getString("dedupe_key"));
  }

  @Test
  void aSentFormIsDeliveredAndAReturnedOneFailedOnce() throws Exception {
    long id = steps.dispatched(agent, leader, county, "email", "投递");
    long dispatchId = currentDispatch(id);
    assertFalse(await(fixture.core.dispatches().bounced(gateway, dispatchId, "550 user unknown")), "not sent yet");
    assertFalse(await(fixture.core.dispatches().bounced(gateway, dispatchId + 1000, "550 user unknown")), "no such dispatch");

    List<Outbox.Claimed> claimed = await(fixture.core.outbox().claimDue("email", Duration.ofMinutes(5), 10));
    assertEquals(1, claimed.size());
    Outbox.Claimed row = claimed.get(0);
    assertEquals(dispatchId, row.dispatchId());
    assertEquals(id, row.caseId());
    assertTrue(await(fixture.core.outbox().claimDue("email", Duration.ofMinutes(5), 10)).isEmpty(), "claimed once");
    await(fixture.core.outbox().sent(gateway, row, "<d1@hotline>", new JsonObject().put("smtp", "250 OK")));

    Row o = outboxRow(id);
    assertEquals("sent", o.getString("status"));
    assertEquals("<d1@hotline>", o.getString("external_id"));
    assertNotNull(dispatchRow(dispatchId).getOffsetDateTime("delivered_at"));
    JsonObject c = steps.view(agent, id);
    assertEquals("dispatched", c.getString("status"), "delivery is not receipt");
    JsonObject delivery = c.getJsonObject("currentDispatch").getJsonObject("delivery");
    assertEquals("sent", delivery.getString("status"));
    assertEquals("2026-02-12T10:00+08:00", delivery.getString("deliveredAt"));
    assertEquals("250 OK", delivery.getJsonObject("detail").getString("smtp"));
    List<JsonObject> delivered = entries(c, "delivered");
    assertEquals(1, delivered.size());
    assertEquals("邮件网关", delivered.get(0).getString("actor"));
    assertEquals("email", delivered.get(0).getString("channel"));
    assertEquals("dispatched", delivered.get(0).getString("from"));
    assertEquals("dispatched", delivered.get(0).getString("to"));
    assertEquals(dispatchId, delivered.get(0).getJsonObject("detail").getLong("dispatchId"));
    assertEquals(row.id(), delivered.get(0).getJsonObject("detail").getLong("outboxId"));

    // A later server returns it: failed after all, recorded once however often the bounce is read.
    assertTrue(await(fixture.core.dispatches().bounced(gateway, dispatchId, "550 user unknown")));
    assertFalse(await(fixture.core.dispatches().bounced(gateway, dispatchId, "550 user unknown")));
    assertEquals("failed", outboxRow(id).getString("status"));
    assertTrue(outboxRow(id).getString("last_error").contains("550 user unknown"));
    assertNull(dispatchRow(dispatchId).getOffsetDateTime("delivered_at"));
    c = steps.view(agent, id);
    assertEquals("dispatched", c.getString("status"));
    assertEquals("failed", c.getJsonObject("currentDispatch").getJsonObject("delivery").getString("status"));
    List<JsonObject> failed = entries(c, "delivery_failed");
    assertEquals(1, failed.size(), c.getJsonArray("timeline")::encode);
    assertEquals("550 user unknown", failed.get(0).getJsonObject("detail").getString("bounced"));
    assertEquals(dispatchId, failed.get(0).getJsonObject("detail").getLong("dispatchId"));
  }

  @Test
  void aRetriedFailureIsNotOnTheTimelineAPermanentOneIs() throws Exception {
    long id = steps.dispatched(agent, leader, county, "email", "退信");
    long dispatchId = currentDispatch(id);
    Outbox.Claimed row = await(fixture.core.outbox().claimDue("email", Duration.ofMinutes(5), 10)).get(0);
    assertEquals(dispatchId, row.dispatchId());
    assertFalse(await(fixture.core.outbox().failed(gateway, row, "421 try later", false, RETRY)), "retried, not given up");
    assertEquals("pending", outboxRow(id).getString("status"));
    assertTrue(entries(steps.view(agent, id), "delivery_failed").isEmpty());
    assertTrue(await(fixture.core.outbox().claimDue("email", Duration.ofMinutes(5), 10)).isEmpty(), "not due before the backoff");

    fixture.clock.advance(Duration.ofMinutes(1));
    row = await(fixture.core.outbox().claimDue("email", Duration.ofMinutes(5), 10)).get(0);
    assertEquals(1, row.attempts());
    assertTrue(await(fixture.core.outbox().failed(gateway, row, "550 mailbox unavailable", true, RETRY)), "given up");
    Row o = outboxRow(id);
    assertEquals("failed", o.getString("status"));
    assertEquals(2, o.getInteger("attempts"));
    assertNull(dispatchRow(dispatchId).getOffsetDateTime("delivered_at"));
    JsonObject c = steps.view(agent, id);
    assertEquals("dispatched", c.getString("status"));
    assertEquals("failed", c.getJsonObject("currentDispatch").getJsonObject("delivery").getString("status"));
    List<JsonObject> failed = entries(c, "delivery_failed");
    assertEquals(1, failed.size(), c.getJsonArray("timeline")::encode);
    JsonObject detail = failed.get(0).getJsonObject("detail");
    assertEquals("550 mailbox unavailable", detail.getString("error"));
    assertEquals(2, detail.getInteger("attempts"));
    assertEquals(dispatchId, detail.getLong("dispatchId"));
    assertEquals("邮件网关", failed.get(0).getString("actor"));
    assertFalse(await(fixture.core.dispatches().bounced(gateway, dispatchId, "late bounce")), "never sent, so never returned");
  }
}
