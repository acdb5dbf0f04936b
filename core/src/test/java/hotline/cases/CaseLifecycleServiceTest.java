package hotline.cases;

import static hotline.testing.CaseSteps.actions;
import static hotline.testing.CaseSteps.entries;
import static hotline.testing.CaseSteps.last;
import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.testing.CaseSteps;
import hotline.testing.CoreFixture;
import hotline.testing.Sql;
import hotline.users.Principal;
import hotline.users.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The case lifecycle through {@link CaseService} on a real database: every step from intake to closing, what each
 * status allows, the extension cap and the three dispatch rounds. The same scenarios as the web's
 * {@code CaseLifecycleTest}, without HTTP.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CaseLifecycleServiceTest {

  /** Dispatched Thursday 2026-02-12 10:00: day 1 Friday the 13th, day 2 the make-up Saturday before the Spring Festival. */
  static final String DUE_TWO_DAYS = "2026-02-14T17:30+08:00";

  static CoreFixture fixture;
  static CaseSteps steps;
  static long countyA;
  static long countyB;
  static Principal agent;
  static Principal leader;
  static Principal supervisor;
  static Principal responderA;

  @BeforeAll
  static void start() throws Exception {
    fixture = CoreFixture.start();
    steps = new CaseSteps(fixture);
    CoreFixture.Cast cast = fixture.cast();
    countyA = cast.unitId();
    agent = cast.agent();
    leader = cast.leader();
    supervisor = cast.supervisor();
    responderA = cast.responder();
    countyB = fixture.unit("福田区局", "福田区局负责人", "head-b@units.example.cn", "0755-66669999");
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @BeforeEach
  void resetClock() {
    fixture.clock.set(CoreFixture.START);
  }

  static void assertStep(CaseService.Transitioned t, Action action, CaseStatus from, CaseStatus to) {
    assertEquals(action, t.action(), t::toString);
    assertEquals(from, t.from(), t::toString);
    assertEquals(to, t.to(), t::toString);
  }

  @Test
  void aComplaintGoesFromIntakeToClosed() throws Exception {
    JsonObject filed = await(fixture.core.cases().create(agent, CaseSteps.complaint("假烟投诉")));
    long id = filed.getLong("id");
    assertTrue(filed.getString("number").matches("2026-\\d{6}"), filed.getString("number"));
    assertEquals("received", filed.getString("status"));
    assertEquals(agent.id(), filed.getJsonObject("owner").getLong("id"));
    assertEquals(List.of("answer", "submit"), filed.getJsonArray("allowedActions").getList());

    assertStep(steps.step(agent, id, Action.SUBMIT, new JsonObject().put("note", "需派单处理")),
        Action.SUBMIT, CaseStatus.RECEIVED, CaseStatus.AWAITING_INSTRUCTION);
    CaseService.Transitioned t = steps.step(leader, id, Action.INSTRUCT, new JsonObject().put("instruction", "请宝安区局两日内核实处理"));
    assertStep(t, Action.INSTRUCT, CaseStatus.AWAITING_INSTRUCTION, CaseStatus.INSTRUCTED);
    assertEquals(filed.getString("number"), t.number());
    assertEquals("instructed", t.status());

    assertStep(steps.step(agent, id, Action.DISPATCH, new JsonObject().put("unitId", countyA)),
        Action.DISPATCH, CaseStatus.INSTRUCTED, CaseStatus.DISPATCHED);
    JsonObject c = steps.view(agent, id);
    assertEquals("请宝安区局两日内核实处理", c.getString("instruction"));
    JsonObject d = c.getJsonObject("currentDispatch");
    assertEquals(1, d.getInteger("round"));
    assertEquals(1, c.getInteger("round"));
    assertEquals(2, d.getInteger("workingDays"));
    assertEquals(DUE_TWO_DAYS, d.getString("dueAt"), "the Spring Festival's make-up Saturday is a working day");
    assertFalse(d.getBoolean("provisional"));
    assertEquals("email", d.getString("method"), "e-mail unless said otherwise");
    assertNull(d.getString("supervisedBy"), "the first round is nobody's supervision");
    assertEquals("宝安区局负责人", d.getJsonObject("contact").getString("name"));
    assertEquals(Instant.parse("2026-02-14T09:30:00Z"),
        Sql.rows(fixture.pool, "SELECT due_at FROM dispatches WHERE case_id = $1", id).get(0).getOffsetDateTime("due_at").toInstant());
    // The list counts the deadline in working days: Friday the 13th, then the make-up Saturday it is due on.
    JsonObject listed = await(fixture.core.cases().list(agent, new CaseQuery(null, null, null, null, null, filed.getString("number"), null, 1, 10)))
        .getJsonArray("items").getJsonObject(0);
    assertEquals(2, listed.getJsonObject("currentDispatch").getInteger("workingDaysLeft"));
    assertEquals(2, d.getInteger("workingDaysLeft"), "the case's own view counts them too");
    assertEquals(7, d.getInteger("extensionCap"), "and says how far the deadline may be extended");

    fixture.clock.advance(Duration.ofHours(1));
    assertStep(steps.step(responderA, id, Action.RECEIPT, new JsonObject().put("method", "reply")),
        Action.RECEIPT, CaseStatus.DISPATCHED, CaseStatus.RECEIPT_CONFIRMED);
    assertStep(steps.step(responderA, id, Action.FEEDBACK, new JsonObject().put("result", "经查属实，已没收假烟并立案。")),
        Action.FEEDBACK, CaseStatus.RECEIPT_CONFIRMED, CaseStatus.HANDLED);
    assertStep(steps.step(agent, id, Action.FOLLOW_UP, new JsonObject().put("satisfaction", "satisfied")),
        Action.FOLLOW_UP, CaseStatus.HANDLED, CaseStatus.FOLLOWED_UP);
    assertStep(steps.step(leader, id, Action.REVIEW, new JsonObject().put("decision", "close").put("note", "同意办结")),
        Action.REVIEW, CaseStatus.FOLLOWED_UP, CaseStatus.CLOSED);

    c = steps.view(agent, id);
    assertEquals("closed", c.getString("status"));
    assertEquals("2026-02-12T11:00+08:00", c.getString("closedAt"));
    assertEquals("satisfied", c.getString("satisfaction"));
    assertEquals(List.of(), c.getJsonArray("allowedActions").getList());
    d = c.getJsonObject("currentDispatch");
    assertEquals("handled", d.getString("status"));
    assertEquals("reply", d.getString("receiptMethod"));
    assertEquals("经查属实，已没收假烟并立案。", d.getString("feedback"));

    // Every step on the timeline: what, from which status to which, signed by whom.
    List<List<String>> expected = List.of(
        List.of("intake", "", "received", "agent"),
        List.of("submit", "received", "awaiting_instruction", "agent"),
        List.of("instruct", "awaiting_instruction", "instructed", "leader"),
        List.of("dispatch", "instructed", "dispatched", "agent"),
        List.of("receipt", "dispatched", "receipt_confirmed", "resp"),
        List.of("feedback", "receipt_confirmed", "handled", "resp"),
        List.of("follow_up", "handled", "followed_up", "agent"),
        List.of("review", "followed_up", "closed", "leader"));
    JsonArray timeline = c.getJsonArray("timeline");
    assertEquals(expected.size(), timeline.size(), timeline::encode);
    for (int i = 0; i < expected.size(); i++) {
      JsonObject e = timeline.getJsonObject(i);
      assertEquals(expected.get(i), Stream.of("action", "from", "to", "actor").map(k -> Objects.toString(e.getString(k), "")).toList(),
          e.encode());
      assertNotNull(e.getString("at"), e.encode());
    }
    assertEquals(agent.id(), timeline.getJsonObject(0).getLong("actorId"));
    assertEquals("需派单处理", timeline.getJsonObject(1).getString("note"));
    JsonObject dispatch = timeline.getJsonObject(3);
    assertEquals("email", dispatch.getString("channel"));
    assertEquals(countyA, dispatch.getJsonObject("detail").getLong("unitId"));
    assertEquals(2, dispatch.getJsonObject("detail").getInteger("workingDays"));
    assertEquals("reply", timeline.getJsonObject(4).getString("channel"));
    assertEquals("satisfied", timeline.getJsonObject(6).getJsonObject("detail").getString("satisfaction"));

    // Closed is closed.
    HotlineException again = steps.refused(agent, id, Action.ANSWER, new JsonObject().put("answer", "x"));
    assertEquals(ErrorCode.ILLEGAL_TRANSITION, again.code());
    assertEquals(new JsonArray(), again.details().getJsonArray("allowed"));
    assertEquals("closed", again.details().getString("status"));
  }

  @Test
  void anInquiryIsAnsweredOnTheSpot() throws Exception {
    long id = steps.file(agent, Intake.of(CaseKind.INQUIRY, Channel.WALK_IN, "请问办理烟草专卖零售许可证需要哪些材料？")
        .withContact(new Intake.Contact("王五", List.of(), null, null)));
    assertEquals(ErrorCode.VALIDATION_FAILED, steps.refused(agent, id, Action.ANSWER, new JsonObject()).code(), "an answer is required");
    assertStep(steps.step(agent, id, Action.ANSWER, new JsonObject().put("answer", "需身份证、经营场所证明等材料。")),
        Action.ANSWER, CaseStatus.RECEIVED, CaseStatus.CLOSED);
    JsonObject c = steps.view(agent, id);
    assertEquals("closed", c.getString("status"));
    assertNotNull(c.getString("closedAt"));
    assertEquals(List.of("intake", "answer"), actions(c));
    assertEquals("需身份证、经营场所证明等材料。", last(c).getString("note"));
    assertEquals("received", last(c).getString("from"));
    assertEquals("closed", last(c).getString("to"));
    assertTrue(c.getJsonArray("dispatches").isEmpty());
  }

  @Test
  void anInquiryIsInstructedByTheSupervisionOfficeAndDueTheSameDay() throws Exception {
    long id = steps.file(agent, Intake.of(CaseKind.INQUIRY, Channel.PHONE, "卷烟价格咨询")
        .withContact(Intake.Contact.phones(List.of("13900000001"))));
    steps.step(agent, id, Action.SUBMIT);
    assertStep(steps.step(supervisor, id, Action.INSTRUCT, new JsonObject().put("instruction", "转营销部答复")),
        Action.INSTRUCT, CaseStatus.AWAITING_INSTRUCTION, CaseStatus.INSTRUCTED);
    steps.step(agent, id, Action.DISPATCH, new JsonObject().put("unitId", countyB).put("method", "hand"));
    JsonObject d = steps.view(agent, id).getJsonObject("currentDispatch");
    assertEquals(0, d.getInteger("workingDays"));
    assertEquals("2026-02-12T17:30+08:00", d.getString("dueAt"));
  }

  @Test
  void anIllegalStepAnswersWhatIsAllowed() throws Exception {
    long id = steps.file(agent, CaseSteps.complaint("非法跳转"));
    HotlineException e = steps.refused(agent, id, Action.DISPATCH, new JsonObject().put("unitId", countyA));
    assertEquals(ErrorCode.ILLEGAL_TRANSITION, e.code());
    assertEquals("received", e.details().getString("status"));
    assertEquals(List.of("answer", "submit"), e.details().getJsonArray("allowed").getList());
    // Each asked by someone who may take that step: who may not hears 403 whatever the status.
    for (Action a : List.of(Action.INSTRUCT, Action.EXTEND, Action.REVIEW, Action.REOPEN, Action.CLOSE)) {
      assertEquals(ErrorCode.ILLEGAL_TRANSITION, steps.refused(leader, id, a, new JsonObject()).code(), a::path);
    }
    for (Action a : List.of(Action.RECEIPT, Action.FEEDBACK, Action.FOLLOW_UP)) {
      assertEquals(ErrorCode.ILLEGAL_TRANSITION, steps.refused(agent, id, a, new JsonObject()).code(), a::path);
      assertEquals(ErrorCode.FORBIDDEN, steps.refused(leader, id, a, new JsonObject()).code(), a::path);
    }
    JsonObject c = steps.view(agent, id);
    assertEquals("received", c.getString("status"), "nothing changed");
    assertEquals(List.of("intake"), actions(c));

    steps.step(agent, id, Action.SUBMIT);
    e = steps.refused(agent, id, Action.SUBMIT, new JsonObject());
    assertEquals(ErrorCode.ILLEGAL_TRANSITION, e.code());
    assertEquals("awaiting_instruction", e.details().getString("status"));
    assertEquals(List.of("instruct"), e.details().getJsonArray("allowed").getList());
  }

  @Test
  void anExtensionStopsAtTheCapAndMustBeLonger() throws Exception {
    long id = steps.dispatched(agent, leader, countyA, "email", "延期");
    HotlineException notLonger = steps.refused(agent, id, Action.EXTEND, new JsonObject().put("workingDays", 2).put("reason", "再等等"));
    assertEquals(ErrorCode.VALIDATION_FAILED, notLonger.code(), "2 working days is what it has");
    assertEquals(ErrorCode.VALIDATION_FAILED, steps.refused(agent, id, Action.EXTEND, new JsonObject().put("reason", "x")).code());
    assertEquals(ErrorCode.FORBIDDEN, steps.refused(responderA, id, Action.EXTEND,
        new JsonObject().put("workingDays", 3).put("reason", "x")).code(), "a unit does not extend its own deadline");

    steps.step(responderA, id, Action.RECEIPT, new JsonObject().put("method", "by_hand"));
    // 7 working days from the dispatch: Fri 13, Sat 14 (make-up), the festival Feb 15-23, Tue 24 … Sat 28 (make-up).
    assertStep(steps.step(agent, id, Action.EXTEND, new JsonObject().put("workingDays", 7).put("reason", "涉及外省，需协查")),
        Action.EXTEND, CaseStatus.RECEIPT_CONFIRMED, CaseStatus.RECEIPT_CONFIRMED);
    JsonObject c = steps.view(agent, id);
    assertEquals("2026-02-28T17:30+08:00", c.getJsonObject("currentDispatch").getString("dueAt"));
    assertEquals(7, c.getJsonObject("currentDispatch").getInteger("workingDays"));
    JsonObject entry = last(c);
    assertEquals("extend", entry.getString("action"));
    assertEquals("涉及外省，需协查", entry.getString("note"));
    assertEquals(2, entry.getJsonObject("detail").getInteger("fromWorkingDays"));
    assertEquals(7, entry.getJsonObject("detail").getInteger("workingDays"));

    HotlineException beyond = steps.refused(agent, id, Action.EXTEND, new JsonObject().put("workingDays", 8).put("reason", "再延"));
    assertEquals(ErrorCode.EXTENSION_BEYOND_CAP, beyond.code());
    assertEquals(7, beyond.details().getInteger("cap"));
    assertEquals(7, beyond.details().getInteger("workingDays"));
    assertTrue(beyond.getMessage().contains("7"), beyond.getMessage());
    assertEquals(ErrorCode.VALIDATION_FAILED, steps.refused(supervisor, id, Action.EXTEND,
        new JsonObject().put("workingDays", 7).put("reason", "同上")).code(), "at the cap, the same again is not longer");
    assertEquals("2026-02-28T17:30+08:00", steps.view(agent, id).getJsonObject("currentDispatch").getString("dueAt"),
        "a refused extension changes nothing");
  }

  @Test
  void aCaseGoesOutThreeTimesAndNoMore() throws Exception {
    long id = steps.dispatched(agent, leader, countyA, "email", "三次派单");
    steps.step(responderA, id, Action.FEEDBACK, new JsonObject().put("result", "已处理"));
    assertStep(steps.step(agent, id, Action.FOLLOW_UP, new JsonObject().put("satisfaction", "not_reached")),
        Action.FOLLOW_UP, CaseStatus.HANDLED, CaseStatus.HANDLED);

    // Unsatisfied: out again, round 2 under the supervision office.
    assertStep(steps.step(agent, id, Action.FOLLOW_UP, new JsonObject().put("satisfaction", "unsatisfied").put("note", "客户认为处罚过轻")),
        Action.FOLLOW_UP, CaseStatus.HANDLED, CaseStatus.REOPENED);
    JsonObject c = steps.view(agent, id);
    assertEquals("dissatisfied", c.getString("reopenReason"));
    assertEquals(List.of("dispatch"), c.getJsonArray("allowedActions").getList());
    steps.step(supervisor, id, Action.DISPATCH, new JsonObject().put("unitId", countyA).put("method", "fax"));
    c = steps.view(agent, id);
    JsonObject d = c.getJsonObject("currentDispatch");
    assertEquals(2, c.getInteger("round"));
    assertEquals(2, d.getInteger("round"));
    assertEquals("dissatisfied", d.getString("reason"));
    assertEquals("supervision_office", d.getString("supervisedBy"));
    assertEquals("fax", d.getString("method"));
    assertNull(c.getString("reopenReason"), "the new round answers the reason");
    assertEquals("handled", c.getJsonArray("dispatches").getJsonObject(0).getString("status"), "round 1 keeps its outcome");

    // Round 2 let its deadline pass: out a third time, escalated to leadership.
    fixture.clock.advance(Duration.ofDays(4));
    assertTrue(await(fixture.core.dispatches().sweepOverdue()) >= 1);
    steps.step(supervisor, id, Action.REOPEN, new JsonObject().put("reason", "overdue").put("note", "无故拖延"));
    steps.step(agent, id, Action.DISPATCH, new JsonObject().put("unitId", countyB).put("method", "hand"));
    c = steps.view(agent, id);
    d = c.getJsonObject("currentDispatch");
    assertEquals(3, d.getInteger("round"));
    assertEquals("overdue", d.getString("reason"));
    assertEquals("leadership", d.getString("supervisedBy"));
    assertEquals(countyB, d.getLong("unitId"));
    assertEquals("superseded", c.getJsonArray("dispatches").getJsonObject(1).getString("status"));
    assertEquals(List.of(1, 2, 3), c.getJsonArray("dispatches").stream().map(o -> ((JsonObject) o).getInteger("round")).toList());

    // The third round is the last: no reopening, an unsatisfied customer goes to the leader.
    assertEquals(ErrorCode.FORBIDDEN, steps.refused(responderA, id, Action.FEEDBACK, new JsonObject().put("result", "x")).code(),
        "the unit of an earlier round no longer answers it");
    Principal responderB = fixture.person("resp-b-rounds", countyB, Role.UNIT_RESPONDER);
    steps.step(responderB, id, Action.FEEDBACK, new JsonObject().put("result", "已彻底整改"));
    HotlineException limit = steps.refused(supervisor, id, Action.REOPEN, new JsonObject().put("reason", "improper").put("note", "仍不当"));
    assertEquals(ErrorCode.ROUND_LIMIT, limit.code());
    assertStep(steps.step(agent, id, Action.FOLLOW_UP, new JsonObject().put("satisfaction", "unsatisfied")),
        Action.FOLLOW_UP, CaseStatus.HANDLED, CaseStatus.FOLLOWED_UP);
    c = steps.view(agent, id);
    assertTrue(last(c).getJsonObject("detail").getBoolean("roundLimitReached"), last(c).encode());
    assertEquals(ErrorCode.ROUND_LIMIT, steps.refused(leader, id, Action.REVIEW,
        new JsonObject().put("decision", "redispatch").put("note", "再派")).code());

    // A fourth dispatch is refused by the dispatch itself, even from a status that would allow one.
    Sql.rows(fixture.pool, "UPDATE cases SET status = 'reopened' WHERE id = $1", id);
    HotlineException fourth = steps.refused(supervisor, id, Action.DISPATCH, new JsonObject().put("unitId", countyA));
    assertEquals(ErrorCode.ROUND_LIMIT, fourth.code());
    assertEquals(3, Sql.count(fixture.pool, "SELECT count(*) FROM dispatches WHERE case_id = $1", id));
    Sql.rows(fixture.pool, "UPDATE cases SET status = 'followed_up' WHERE id = $1", id);
    steps.step(leader, id, Action.CLOSE, new JsonObject().put("note", "三次派单后办结，存档备查"));
    assertEquals("closed", steps.view(agent, id).getString("status"));
    assertEquals(3, entries(steps.view(agent, id), "dispatch").size());
  }

  @Test
  void aLeaderReviewMaySendItBack() throws Exception {
    long id = steps.dispatched(agent, leader, countyA, "hand", "领导审核");
    steps.step(responderA, id, Action.FEEDBACK, new JsonObject().put("result", "已处理"));
    steps.step(agent, id, Action.FOLLOW_UP, new JsonObject().put("satisfaction", "very_satisfied"));
    assertEquals(ErrorCode.FORBIDDEN, steps.refused(supervisor, id, Action.REVIEW, new JsonObject().put("decision", "close")).code());
    assertEquals(ErrorCode.VALIDATION_FAILED, steps.refused(leader, id, Action.REVIEW,
        new JsonObject().put("decision", "redispatch")).code(), "sending back needs a note");
    assertStep(steps.step(leader, id, Action.REVIEW, new JsonObject().put("decision", "redispatch").put("note", "处理结果需书面材料")),
        Action.REVIEW, CaseStatus.FOLLOWED_UP, CaseStatus.REOPENED);
    JsonObject c = steps.view(agent, id);
    assertEquals("leader_review", c.getString("reopenReason"));
    assertNull(c.getString("closedAt"));
    assertEquals(2, last(c).getJsonObject("detail").getInteger("nextRound"));
  }
}
