package hotline.web;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every transition of the case lifecycle over HTTP, legal and illegal, with who may take it. */
class CaseLifecycleTest extends ApiTestBase {

  static long city;
  static long countyA;
  static long countyB;
  static User agent;
  static User otherAgent;
  static User leader;
  static User supervisor;
  static User responderA;
  static User responderB;

  @BeforeAll
  static void directory() throws Exception {
    city = unit("市局", "city_bureau", null);
    countyA = unit("南山区局", "county_bureau", city);
    countyB = unit("福田区局", "county_bureau", city);
    agent = user("agent", null, "agent");
    otherAgent = user("agent2", null, "agent");
    leader = user("leader", null, "leader");
    supervisor = user("supervisor", null, "supervisor");
    responderA = user("resp-a", String.valueOf(countyA), "unit_responder");
    responderB = user("resp-b", String.valueOf(countyB), "unit_responder");
  }

  @BeforeEach
  void resetClock() {
    clock.set(START);
  }

  static JsonObject file(JsonObject body) throws Exception {
    return post(agent.token(), "/api/cases", body).expect(201).json();
  }

  static JsonObject step(User who, long caseId, String action, JsonObject body) throws Exception {
    return post(who.token(), "/api/cases/" + caseId + "/" + action, body).expect(200).json();
  }

  static JsonObject dispatchedComplaint(String subject) throws Exception {
    long id = file(complaint(subject)).getLong("id");
    step(agent, id, "submit", new JsonObject());
    step(leader, id, "instruct", new JsonObject().put("instruction", "请南山区局核实处理"));
    return step(agent, id, "dispatch", new JsonObject().put("unitId", countyA).put("method", "email"));
  }

  static List<String> actions(JsonObject c) {
    return c.getJsonArray("timeline").stream().map(e -> ((JsonObject) e).getString("action")).collect(Collectors.toList());
  }

  @Test
  void complaintGoesAllTheWayAndTwiceOut() throws Exception {
    JsonObject c = file(complaint("假烟投诉"));
    long id = c.getLong("id");
    assertTrue(c.getString("number").matches("2026-\\d{6}"), c.getString("number"));
    assertEquals("received", c.getString("status"));
    assertEquals(agent.id(), c.getJsonObject("owner").getLong("id"));
    assertEquals(List.of("answer", "submit"), c.getJsonArray("allowedActions").getList());

    c = step(agent, id, "submit", new JsonObject().put("note", "需派单处理"));
    assertEquals("awaiting_instruction", c.getString("status"));
    c = step(leader, id, "instruct", new JsonObject().put("instruction", "请南山区局两日内核实处理"));
    assertEquals("instructed", c.getString("status"));
    assertEquals("请南山区局两日内核实处理", c.getString("instruction"));

    // Dispatched Thursday 10:00 before the Spring Festival: day 1 Friday, day 2 the make-up Saturday.
    c = step(agent, id, "dispatch", new JsonObject().put("unitId", countyA));
    assertEquals("dispatched", c.getString("status"));
    JsonObject d = c.getJsonObject("currentDispatch");
    assertEquals(1, d.getInteger("round"));
    assertEquals(2, d.getInteger("workingDays"));
    assertEquals("2026-02-14T17:30+08:00", d.getString("dueAt"));
    assertFalse(d.getBoolean("provisional"));
    assertEquals("email", d.getString("method"));
    assertEquals("南山区局负责人", d.getJsonObject("contact").getString("name"));

    // The unit itself confirms receipt.
    c = step(responderA, id, "receipt", new JsonObject().put("method", "reply"));
    assertEquals("receipt_confirmed", c.getString("status"));
    assertEquals("reply", c.getJsonObject("currentDispatch").getString("receiptMethod"));

    // Extension to the cap: 7 working days from receipt ends on the make-up Saturday after the festival.
    c = step(agent, id, "extend", new JsonObject().put("workingDays", 7).put("reason", "涉及外省，需协查"));
    assertEquals("2026-02-28T17:30+08:00", c.getJsonObject("currentDispatch").getString("dueAt"));
    assertEquals("receipt_confirmed", c.getString("status"));
    Res beyond = post(agent.token(), "/api/cases/" + id + "/extend", new JsonObject().put("workingDays", 8).put("reason", "再延"));
    beyond.expect(422);
    assertEquals("extension_beyond_cap", beyond.error().getString("code"));
    assertEquals(7, beyond.error().getInteger("cap"));
    assertTrue(beyond.error().getString("message").contains("7"), beyond.body());

    c = step(responderA, id, "feedback", new JsonObject().put("result", "经查属实，已没收假烟并立案。"));
    assertEquals("handled", c.getString("status"));

    // Not reached: stays handled, recorded.
    c = step(agent, id, "follow-up", new JsonObject().put("satisfaction", "not_reached"));
    assertEquals("handled", c.getString("status"));
    // Unsatisfied: out again, round 2 under the supervision office.
    c = step(agent, id, "follow-up", new JsonObject().put("satisfaction", "unsatisfied").put("note", "客户认为处罚过轻"));
    assertEquals("reopened", c.getString("status"));
    assertEquals("dissatisfied", c.getString("reopenReason"));
    assertEquals(List.of("dispatch"), c.getJsonArray("allowedActions").getList());
    c = step(supervisor, id, "dispatch", new JsonObject().put("unitId", countyA).put("method", "fax"));
    d = c.getJsonObject("currentDispatch");
    assertEquals(2, d.getInteger("round"));
    assertEquals("dissatisfied", d.getString("reason"));
    assertEquals("supervision_office", d.getString("supervisedBy"));
    assertEquals("fax", d.getString("method"));
    assertEquals("handled", c.getJsonArray("dispatches").getJsonObject(0).getString("status"), "round 1 keeps its own outcome");

    c = step(responderA, id, "feedback", new JsonObject().put("result", "已加重处罚并回复客户。"));
    assertTrue(c.getJsonObject("currentDispatch").getString("receiptMethod").equals("feedback"), "feedback implies receipt");
    c = step(agent, id, "follow-up", new JsonObject().put("satisfaction", "satisfied"));
    assertEquals("followed_up", c.getString("status"));
    c = step(leader, id, "review", new JsonObject().put("decision", "close").put("note", "同意办结"));
    assertEquals("closed", c.getString("status"));
    assertNotNull(c.getString("closedAt"));
    assertEquals(List.of(), c.getJsonArray("allowedActions").getList());

    assertEquals(List.of("intake", "submit", "instruct", "dispatch", "receipt", "extend", "feedback", "follow_up", "follow_up",
        "dispatch", "feedback", "follow_up", "review"), actions(c));
    for (Object o : c.getJsonArray("timeline")) {
      JsonObject e = (JsonObject) o;
      assertNotNull(e.getString("actor"), e.encode());
      assertNotNull(e.getString("at"), e.encode());
    }
    JsonObject dispatchEvent = c.getJsonArray("timeline").getJsonObject(3);
    assertEquals("instructed", dispatchEvent.getString("from"));
    assertEquals("dispatched", dispatchEvent.getString("to"));
    assertEquals("email", dispatchEvent.getString("channel"));

    // Closed is closed.
    Res again = post(agent.token(), "/api/cases/" + id + "/answer", new JsonObject().put("answer", "x")).expect(409);
    assertEquals("illegal_transition", again.error().getString("code"));
    assertEquals(new JsonArray(), again.error().getJsonArray("allowed"));
  }

  @Test
  void inquiryIsAnsweredOnTheSpot() throws Exception {
    JsonObject body = new JsonObject().put("kind", "inquiry").put("channel", "walk_in").put("partyType", "retailer")
        .put("content", "请问办理烟草专卖零售许可证需要哪些材料？").put("contact", new JsonObject().put("name", "王五"));
    long id = file(body).getLong("id");
    Res missing = post(agent.token(), "/api/cases/" + id + "/answer", new JsonObject()).expect(400);
    assertEquals("validation_failed", missing.error().getString("code"));
    JsonObject c = step(agent, id, "answer", new JsonObject().put("answer", "需身份证、经营场所证明等材料。"));
    assertEquals("closed", c.getString("status"));
    assertEquals(List.of("intake", "answer"), actions(c));
    assertEquals("需身份证、经营场所证明等材料。", c.getJsonArray("timeline").getJsonObject(1).getString("note"));
  }

  @Test
  void inquiryDispatchedIsDueTheSameDayAndSupervisorMaySignIt() throws Exception {
    JsonObject body = new JsonObject().put("kind", "inquiry").put("channel", "phone")
        .put("content", "卷烟价格咨询").put("contact", new JsonObject().put("phones", new JsonArray().add("13900000001")));
    long id = file(body).getLong("id");
    step(agent, id, "submit", new JsonObject());
    JsonObject c = step(supervisor, id, "instruct", new JsonObject().put("instruction", "转营销部答复"));
    assertEquals("instructed", c.getString("status"));
    c = step(agent, id, "dispatch", new JsonObject().put("unitId", city));
    assertEquals("2026-02-12T17:30+08:00", c.getJsonObject("currentDispatch").getString("dueAt"));
  }

  @Test
  void provincialCaseHasThreeWorkingDays() throws Exception {
    JsonObject body = complaint("省中心转办").put("channel", "provincial");
    long id = file(body).getLong("id");
    step(agent, id, "submit", new JsonObject());
    step(leader, id, "instruct", new JsonObject().put("instruction", "按省中心要求办理"));
    JsonObject c = step(agent, id, "dispatch", new JsonObject().put("unitId", countyB));
    // Fri 13 (1), Sat 14 make-up (2), festival Feb 15-23, Tue 24 (3).
    assertEquals("2026-02-24T17:30+08:00", c.getJsonObject("currentDispatch").getString("dueAt"));
  }

  @Test
  void illegalTransitionsAnswer409WithWhatIsAllowed() throws Exception {
    long id = file(complaint("非法跳转")).getLong("id");
    Res r = post(agent.token(), "/api/cases/" + id + "/dispatch", new JsonObject().put("unitId", countyA)).expect(409);
    assertEquals("illegal_transition", r.error().getString("code"));
    assertEquals("received", r.error().getString("status"));
    assertEquals(List.of("answer", "submit"), r.error().getJsonArray("allowed").getList());
    assertTrue(r.error().getString("message").contains("派单"), r.body());
    Res en = call("POST", "/api/cases/" + id + "/feedback", agent.token(), "{\"result\":\"x\"}", Map.of("Accept-Language", "en-US,en;q=0.9"));
    assertEquals(409, en.status());
    assertTrue(en.error().getString("message").contains("cannot take the step \"feedback\""), en.body());
    // Asked by someone who may take the step (who may not hears 403, whatever the status).
    for (String action : List.of("instruct", "extend", "review", "reopen", "close")) {
      assertEquals(409, post(leader.token(), "/api/cases/" + id + "/" + action, new JsonObject()).status(), action);
    }
    for (String action : List.of("receipt", "feedback", "follow-up")) {
      assertEquals(409, post(agent.token(), "/api/cases/" + id + "/" + action, new JsonObject()).status(), action);
      Res refused = post(leader.token(), "/api/cases/" + id + "/" + action, new JsonObject()).expect(403);
      assertTrue(refused.error().getString("message").contains("本工单的承办人"), refused.body());
    }
    // Nothing changed.
    JsonObject c = get(agent.token(), "/api/cases/" + id).expect(200).json();
    assertEquals("received", c.getString("status"));
    assertEquals(List.of("intake"), actions(c));
  }

  @Test
  void onlyTheRightPeopleMayAct() throws Exception {
    long id = file(complaint("权限")).getLong("id");
    assertEquals(403, post(otherAgent.token(), "/api/cases/" + id + "/submit", new JsonObject()).status(), "not the owner");
    step(agent, id, "submit", new JsonObject());
    assertEquals(403, post(agent.token(), "/api/cases/" + id + "/instruct", new JsonObject().put("instruction", "x")).status());
    assertEquals(403, post(supervisor.token(), "/api/cases/" + id + "/instruct", new JsonObject().put("instruction", "x")).status(),
        "the supervision office signs inquiries only");
    step(leader, id, "instruct", new JsonObject().put("instruction", "办理"));
    step(agent, id, "dispatch", new JsonObject().put("unitId", countyA));
    // Another unit cannot even see it; the unit it went to can confirm.
    assertEquals(404, post(responderB.token(), "/api/cases/" + id + "/receipt", new JsonObject().put("method", "reply")).status());
    assertEquals(404, get(responderB.token(), "/api/cases/" + id).status());
    assertEquals(403, post(responderA.token(), "/api/cases/" + id + "/extend", new JsonObject().put("workingDays", 3).put("reason", "x")).status());
    step(responderA, id, "receipt", new JsonObject().put("method", "by_hand"));
    assertEquals(401, post(null, "/api/cases/" + id + "/feedback", new JsonObject().put("result", "x")).status());
  }

  @Test
  void overdueDispatchIsSweptListedAndGoesToLeadership() throws Exception {
    JsonObject c = dispatchedComplaint("逾期");
    long id = c.getLong("id");
    assertEquals(409, post(supervisor.token(), "/api/cases/" + id + "/reopen",
        new JsonObject().put("reason", "overdue").put("note", "未逾期")).status(), "not overdue yet");

    // Due Saturday 14th 17:30; on Monday 16th the sweep finds it, and says so on the bus for reminders.
    java.util.concurrent.CompletableFuture<JsonObject> reminder = new java.util.concurrent.CompletableFuture<>();
    var consumer = vertx.eventBus().<JsonObject>consumer(hotline.Addresses.DISPATCH_OVERDUE, m -> {
      if (m.body().getLong("caseId") == id) {
        reminder.complete(m.body());
      }
    });
    await(consumer.completion());
    clock.advance(Duration.ofDays(4));
    JsonObject swept = post(supervisor.token(), "/api/dispatches/sweep", null).expect(200).json();
    assertTrue(swept.getInteger("markedOverdue") >= 1, swept.encode());
    JsonObject event = reminder.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(c.getString("number"), event.getString("number"));
    assertEquals(countyA, event.getLong("unitId"));
    assertEquals("2026-02-14T17:30+08:00", event.getString("dueAt"));
    await(consumer.unregister());
    assertEquals(0, post(supervisor.token(), "/api/dispatches/sweep", null).expect(200).json().getInteger("markedOverdue"),
        "a second sweep marks nothing twice");

    JsonObject list = get(supervisor.token(), "/api/dispatches?overdue=true").expect(200).json();
    assertTrue(list.getJsonArray("items").stream().anyMatch(o -> ((JsonObject) o).getLong("caseId") == id), list.encode());
    JsonObject cases = get(agent.token(), "/api/cases?overdue=true").expect(200).json();
    assertTrue(cases.getJsonArray("items").stream().anyMatch(o -> ((JsonObject) o).getLong("id") == id), cases.encode());
    c = get(agent.token(), "/api/cases/" + id).expect(200).json();
    assertTrue(c.getJsonObject("currentDispatch").getBoolean("overdue"));
    assertTrue(actions(c).contains("overdue"));

    // Delay without cause: out again, escalated to leadership.
    c = step(supervisor, id, "reopen", new JsonObject().put("reason", "overdue").put("note", "无故拖延"));
    assertEquals("reopened", c.getString("status"));
    c = step(agent, id, "dispatch", new JsonObject().put("unitId", countyA));
    assertEquals("leadership", c.getJsonObject("currentDispatch").getString("supervisedBy"));
    assertEquals(2, c.getInteger("round"));
    JsonObject open = get(supervisor.token(), "/api/dispatches?overdue=true").expect(200).json();
    assertFalse(open.getJsonArray("items").stream().anyMatch(o -> ((JsonObject) o).getLong("caseId") == id),
        "the superseded dispatch is no longer an open overdue one");
  }

  @Test
  void improperHandlingFalseReportAndTheThirdRoundIsTheLast() throws Exception {
    long id = dispatchedComplaint("三次派单").getLong("id");
    step(responderA, id, "feedback", new JsonObject().put("result", "已处理"));
    assertEquals(400, post(supervisor.token(), "/api/cases/" + id + "/reopen",
        new JsonObject().put("reason", "overdue").put("note", "x")).status(), "after feedback: improper or false report");
    JsonObject c = step(supervisor, id, "reopen", new JsonObject().put("reason", "improper").put("note", "处理不当"));
    assertEquals("improper", c.getString("reopenReason"));
    c = step(agent, id, "dispatch", new JsonObject().put("unitId", countyA));
    assertEquals("supervision_office", c.getJsonObject("currentDispatch").getString("supervisedBy"));
    step(responderA, id, "feedback", new JsonObject().put("result", "已整改"));
    c = step(leader, id, "reopen", new JsonObject().put("reason", "false_report").put("note", "反馈不实"));
    c = step(agent, id, "dispatch", new JsonObject().put("unitId", countyB));
    assertEquals(3, c.getInteger("round"));
    assertEquals("leadership", c.getJsonObject("currentDispatch").getString("supervisedBy"));
    step(responderB, id, "feedback", new JsonObject().put("result", "已彻底整改"));
    Res limit = post(supervisor.token(), "/api/cases/" + id + "/reopen", new JsonObject().put("reason", "improper").put("note", "仍不当"));
    limit.expect(409);
    assertEquals("round_limit", limit.error().getString("code"));
    // Unsatisfied in the last round: the leader decides.
    c = step(agent, id, "follow-up", new JsonObject().put("satisfaction", "unsatisfied"));
    assertEquals("followed_up", c.getString("status"));
    assertEquals(409, post(leader.token(), "/api/cases/" + id + "/review",
        new JsonObject().put("decision", "redispatch").put("note", "再派")).status());
    c = step(leader, id, "close", new JsonObject().put("note", "三次派单后办结，存档备查"));
    assertEquals("closed", c.getString("status"));
    assertEquals(3, c.getJsonArray("dispatches").size());
  }

  @Test
  void leaderReviewMaySendItBack() throws Exception {
    long id = dispatchedComplaint("领导审核").getLong("id");
    step(responderA, id, "feedback", new JsonObject().put("result", "已处理"));
    step(agent, id, "follow-up", new JsonObject().put("satisfaction", "very_satisfied"));
    assertEquals(403, post(supervisor.token(), "/api/cases/" + id + "/review", new JsonObject().put("decision", "close")).status());
    assertEquals(400, post(leader.token(), "/api/cases/" + id + "/review", new JsonObject().put("decision", "redispatch")).status(),
        "sending back needs a note");
    JsonObject c = step(leader, id, "review", new JsonObject().put("decision", "redispatch").put("note", "处理结果需书面材料"));
    assertEquals("reopened", c.getString("status"));
    assertEquals("leader_review", c.getString("reopenReason"));
    assertNull(c.getString("closedAt"));
  }

  @Test
  void dispatchNeedsAReachablePerson() throws Exception {
    long bare = post(adminToken, "/api/units", new JsonObject().put("name", "无人单位").put("kind", "department")).expect(201).json().getLong("id");
    long id = file(complaint("无人")).getLong("id");
    step(agent, id, "submit", new JsonObject());
    step(leader, id, "instruct", new JsonObject().put("instruction", "办理"));
    Res r = post(agent.token(), "/api/cases/" + id + "/dispatch", new JsonObject().put("unitId", bare)).expect(422);
    assertTrue(r.error().getString("message").contains("无人单位"), r.body());
    assertEquals(422, post(agent.token(), "/api/cases/" + id + "/dispatch", new JsonObject().put("unitId", 999999)).status());
    assertEquals("instructed", get(agent.token(), "/api/cases/" + id).json().getString("status"), "a refused dispatch changes nothing");
  }
}
