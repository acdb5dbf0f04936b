package hotline.cases;

import static hotline.testing.CaseSteps.failure;
import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.errors.ErrorCode;
import hotline.testing.CaseSteps;
import hotline.testing.CoreFixture;
import hotline.testing.Sql;
import hotline.users.Principal;
import hotline.users.Role;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who may take which step and see what, through {@link CaseService}: instructions by leaders, owner-only steps, cases a
 * gateway filed until an agent takes them, units confined to their own dispatches, and a reporter's identity shown only
 * to those allowed, every unmasked view audited.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CaseAccessServiceTest {

  static CoreFixture fixture;
  static CaseSteps steps;
  static long countyA;
  /** Nothing is ever dispatched to this unit in this class. */
  static long countyB;
  static Principal agent;
  static Principal otherAgent;
  static Principal leader;
  static Principal supervisor;
  static Principal responderA;
  static Principal responderB;
  static Principal gateway;

  @BeforeAll
  static void start() throws Exception {
    fixture = CoreFixture.start();
    steps = new CaseSteps(fixture);
    CoreFixture.Cast cast = fixture.cast();
    countyA = cast.unitId();
    agent = cast.agent();
    otherAgent = cast.agent2();
    leader = cast.leader();
    supervisor = cast.supervisor();
    responderA = cast.responder();
    gateway = cast.gateway();
    countyB = fixture.unit("龙岗区局", "龙岗区局负责人", "head-b@units.example.cn", "0755-66669999");
    responderB = fixture.person("resp-b", countyB, Role.UNIT_RESPONDER);
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

  @Test
  void onlyTheOwnerSubmitsAndOnlyALeaderInstructs() throws Exception {
    long id = steps.file(agent, CaseSteps.complaint("权限"));
    assertEquals(ErrorCode.FORBIDDEN, steps.refused(otherAgent, id, Action.SUBMIT, new JsonObject()).code(), "not the owner");
    assertEquals(ErrorCode.FORBIDDEN, steps.refused(otherAgent, id, Action.ANSWER, new JsonObject().put("answer", "x")).code());
    assertEquals(ErrorCode.NOT_FOUND, steps.refused(responderA, id, Action.SUBMIT, new JsonObject()).code(),
        "a unit does not even see a case not dispatched to it");
    steps.step(agent, id, Action.SUBMIT);
    JsonObject instruction = new JsonObject().put("instruction", "办理");
    assertEquals(ErrorCode.FORBIDDEN, steps.refused(agent, id, Action.INSTRUCT, instruction).code());
    assertEquals(ErrorCode.FORBIDDEN, steps.refused(supervisor, id, Action.INSTRUCT, instruction).code(),
        "the supervision office signs inquiries only");
    assertEquals("awaiting_instruction", steps.view(agent, id).getString("status"), "a refused step changes nothing");
    assertEquals(List.of("intake", "submit"), CaseSteps.actions(steps.view(agent, id)));
    assertEquals(CaseStatus.INSTRUCTED, steps.step(leader, id, Action.INSTRUCT, instruction).to());
    assertEquals(ErrorCode.FORBIDDEN, steps.refused(otherAgent, id, Action.DISPATCH, new JsonObject().put("unitId", countyA)).code());
    assertEquals(CaseStatus.DISPATCHED, steps.step(supervisor, id, Action.DISPATCH,
        new JsonObject().put("unitId", countyA).put("method", "hand")).to(), "the supervision office may dispatch any case");

    long inquiry = steps.file(agent, Intake.of(CaseKind.INQUIRY, Channel.PHONE, "卷烟价格咨询")
        .withContact(Intake.Contact.phones(List.of("13900000001"))));
    steps.step(agent, inquiry, Action.SUBMIT);
    assertEquals(ErrorCode.FORBIDDEN, steps.refused(agent, inquiry, Action.INSTRUCT, instruction).code());
    assertEquals(CaseStatus.INSTRUCTED, steps.step(supervisor, inquiry, Action.INSTRUCT, instruction).to());
  }

  @Test
  void aCaseAGatewayFiledIsTakenByTheFirstAgent() throws Exception {
    JsonObject filed = await(fixture.core.cases().create(gateway, Intake.of(CaseKind.COMPLAINT, Channel.EMAIL, "邮件来信投诉假烟")
        .withSubject("邮件来信").withContact(new Intake.Contact("王五", List.of(), "wang@example.cn", null))));
    long id = filed.getLong("id");
    assertEquals("邮件网关", filed.getJsonObject("owner").getString("name"));
    // Owner-only steps wait for an owner.
    assertEquals(ErrorCode.FORBIDDEN, steps.refused(agent, id, Action.SUBMIT, new JsonObject()).code());

    CaseService.Transitioned taken = steps.step(agent, id, Action.TAKE, new JsonObject().put("note", "我来处理"));
    assertEquals(CaseStatus.RECEIVED, taken.from());
    assertEquals(CaseStatus.RECEIVED, taken.to());
    JsonObject c = steps.view(agent, id);
    assertEquals(agent.id(), c.getJsonObject("owner").getLong("id"));
    assertFalse(c.getJsonArray("allowedActions").contains("take"));
    JsonObject entry = CaseSteps.last(c);
    assertEquals("take", entry.getString("action"));
    assertEquals("agent", entry.getString("actor"));
    assertEquals(gateway.id(), entry.getJsonObject("detail").getLong("fromOwnerId"));
    assertEquals(agent.id(), entry.getJsonObject("detail").getLong("ownerId"));

    // A person's case is not taken by another agent, nor again by its owner; the supervision office may move it.
    assertEquals(ErrorCode.FORBIDDEN, steps.refused(otherAgent, id, Action.TAKE, new JsonObject()).code());
    assertEquals(ErrorCode.FORBIDDEN, steps.refused(agent, id, Action.TAKE, new JsonObject()).code());
    assertEquals(ErrorCode.FORBIDDEN, steps.refused(otherAgent, steps.file(agent, CaseSteps.complaint("本人受理")), Action.TAKE,
        new JsonObject()).code(), "an agent's own case is not taken from them");
    steps.step(supervisor, id, Action.TAKE);
    assertEquals(supervisor.id(), steps.view(agent, id).getJsonObject("owner").getLong("id"));
    steps.step(supervisor, id, Action.ANSWER, new JsonObject().put("answer", "已当场答复"));
    assertEquals(ErrorCode.FORBIDDEN, steps.refused(agent, id, Action.TAKE, new JsonObject()).code(), "not theirs to take");
    long closed = steps.file(agent, CaseSteps.complaint("当场答复"));
    steps.step(agent, closed, Action.ANSWER, new JsonObject().put("answer", "已当场答复"));
    assertEquals(ErrorCode.ILLEGAL_TRANSITION, steps.refused(supervisor, closed, Action.TAKE, new JsonObject()).code(),
        "closed is closed");
  }

  @Test
  void aUnitSeesAndAnswersOnlyItsOwnDispatches() throws Exception {
    long id = steps.dispatched(agent, leader, countyA, "hand", "单位权限");
    long other = steps.file(agent, CaseSteps.complaint("未派单"));

    // Another unit cannot even see it: not found, as if there were no such case.
    assertEquals(ErrorCode.NOT_FOUND, failure(fixture.core.cases().get(responderB, id)).code());
    assertEquals(ErrorCode.NOT_FOUND, failure(fixture.core.cases().checkReadable(responderB, id)).code());
    assertEquals(ErrorCode.NOT_FOUND, steps.refused(responderB, id, Action.RECEIPT, new JsonObject().put("method", "reply")).code());
    assertEquals(ErrorCode.NOT_FOUND, failure(fixture.core.cases().get(responderA, other)).code(), "nor a case never dispatched to it");
    assertEquals(0, await(fixture.core.cases().list(responderB, query())).getLong("total"));
    assertEquals(ErrorCode.FORBIDDEN, failure(fixture.core.dispatches().list(responderB, null, countyA, null, 1, 50)).code());
    assertEquals(0, await(fixture.core.dispatches().list(responderB, null, null, null, 1, 50)).getLong("total"));

    // The unit it went to sees it, confirms it and answers it; it does not extend its own deadline.
    assertEquals("dispatched", steps.view(responderA, id).getString("status"));
    await(fixture.core.cases().checkReadable(responderA, id));
    JsonObject mine = await(fixture.core.dispatches().list(responderA, null, null, null, 1, 200));
    assertTrue(mine.getJsonArray("items").stream().anyMatch(o -> ((JsonObject) o).getLong("caseId") == id), mine::encode);
    assertTrue(mine.getJsonArray("items").stream().allMatch(o -> ((JsonObject) o).getLong("unitId") == countyA), mine::encode);
    JsonObject listed = await(fixture.core.cases().list(responderA, query()));
    assertTrue(listed.getJsonArray("items").stream().anyMatch(o -> ((JsonObject) o).getLong("id") == id), listed::encode);
    assertFalse(listed.getJsonArray("items").stream().anyMatch(o -> ((JsonObject) o).getLong("id") == other), listed::encode);
    assertEquals(ErrorCode.FORBIDDEN, steps.refused(responderA, id, Action.EXTEND,
        new JsonObject().put("workingDays", 3).put("reason", "x")).code());
    assertEquals(ErrorCode.FORBIDDEN, steps.refused(responderA, id, Action.REOPEN,
        new JsonObject().put("reason", "overdue").put("note", "x")).code());
    assertEquals(CaseStatus.RECEIPT_CONFIRMED, steps.step(responderA, id, Action.RECEIPT, new JsonObject().put("method", "by_hand")).to());
    assertEquals(CaseStatus.HANDLED, steps.step(responderA, id, Action.FEEDBACK, new JsonObject().put("result", "已处理")).to());
    assertEquals("resp", CaseSteps.last(steps.view(agent, id)).getString("actor"));
    assertEquals(ErrorCode.FORBIDDEN, steps.refused(responderA, id, Action.FOLLOW_UP,
        new JsonObject().put("satisfaction", "satisfied")).code(), "the follow-up call is the owner's");
  }

  static CaseQuery query() {
    return new CaseQuery(null, null, null, null, null, null, null, 1, 200);
  }

  static long identityViews(long caseId, Principal actor) {
    return Sql.count(fixture.pool, "SELECT count(*) FROM audit_log WHERE case_id = $1 AND action = 'report.identity.view' "
        + "AND actor_id = $2", caseId, actor.id());
  }

  static void assertMasked(JsonObject c, String who) {
    assertNull(c.getValue("contact"), () -> who + " must not see the reporter: " + c.encode());
    assertNull(c.getValue("customerId"), who);
    assertTrue(c.getBoolean("identityMasked"), who);
    for (String secret : List.of("赵六", "13712345678", "zhao6@", "某街道")) {
      assertFalse(c.encode().contains(secret), () -> who + " sees " + secret + ": " + c.encode());
    }
  }

  static void assertRevealed(JsonObject c, String who) {
    JsonObject contact = c.getJsonObject("contact");
    assertEquals("赵六", contact == null ? null : contact.getString("name"), who);
    assertEquals("13712345678", contact.getJsonArray("phones").getString(0), who);
    assertEquals("zhao6@example.cn", contact.getString("email"), who);
    assertFalse(c.getBoolean("identityMasked"), who);
  }

  @Test
  void aReportersIdentityIsShownOnlyToThoseAllowedAndEveryViewIsAudited() throws Exception {
    JsonObject filed = await(fixture.core.cases().create(agent, Intake.of(CaseKind.REPORT, Channel.PHONE, "宝安区局某稽查员长期收受零售户好处费。")
        .withSubject("举报某所工作人员收受好处")
        .withContact(new Intake.Contact("赵六", List.of("13712345678"), "zhao6@example.cn", "深圳市宝安区某街道"))));
    long id = filed.getLong("id");
    assertRevealed(filed, "the filer");
    assertEquals(0, identityViews(id, agent), "the filer's echo of what they typed is not an identity view");
    steps.step(agent, id, Action.SUBMIT);
    steps.step(leader, id, Action.INSTRUCT, new JsonObject().put("instruction", "纪检核查"));
    steps.step(agent, id, Action.DISPATCH, new JsonObject().put("unitId", countyA).put("method", "hand"));

    assertRevealed(steps.view(agent, id), "the owner");
    assertEquals(1, identityViews(id, agent));
    assertRevealed(steps.view(leader, id), "a leader");
    assertRevealed(steps.view(leader, id), "a leader, again");
    assertEquals(2, identityViews(id, leader), "every unmasked view is audited");
    assertRevealed(steps.view(supervisor, id), "the supervision office");
    assertEquals(1, identityViews(id, supervisor));
    var audit = Sql.rows(fixture.pool, "SELECT actor_name, detail FROM audit_log WHERE case_id = $1 AND actor_id = $2",
        id, supervisor.id()).get(0);
    assertEquals("supervisor", audit.getString("actor_name"));
    assertEquals(filed.getString("number"), audit.getJsonObject("detail").getString("number"));

    JsonObject seenByOther = steps.view(otherAgent, id);
    assertMasked(seenByOther, "another agent");
    assertEquals("举报某所工作人员收受好处", seenByOther.getString("subject"), "the report itself is not hidden");
    assertMasked(steps.view(responderA, id), "the unit handling it");
    assertMasked(steps.view(fixture.admin(), id), "the admin");
    long dispatchId = steps.view(otherAgent, id).getJsonObject("currentDispatch").getLong("id");
    String sent = await(fixture.core.dispatches().form(dispatchId)).form().text();
    assertTrue(sent.contains("【联系人】（保密）"), sent);
    for (String secret : List.of("赵六", "13712345678", "zhao6@", "某街道")) {
      assertFalse(sent.contains(secret), () -> "the form sent to the unit shows " + secret + ": " + sent);
    }
    assertEquals(0, identityViews(id, otherAgent), "a masked view is not an identity view");
    assertEquals(0, identityViews(id, responderA));
    assertEquals(0, identityViews(id, fixture.admin()));

    // Checking that a case may be read reads no identity.
    await(fixture.core.cases().checkReadable(leader, id));
    await(fixture.core.cases().checkReadable(agent, id));
    assertEquals(2, identityViews(id, leader));
    assertEquals(1, identityViews(id, agent));

    // Lists never carry it, whoever asks; nor does a search by the reporter's name tell another agent it exists.
    long viewsBefore = Sql.count(fixture.pool, "SELECT count(*) FROM audit_log WHERE case_id = $1", id);
    for (Principal p : List.of(agent, leader, otherAgent)) {
      JsonObject page = await(fixture.core.cases().list(p, new CaseQuery(CaseKind.REPORT, null, null, null, null, null, null, 1, 50)));
      assertEquals(1, page.getLong("total"), p.username());
      assertFalse(page.encode().contains("赵六"), page::encode);
      assertTrue(page.getJsonArray("items").getJsonObject(0).getBoolean("identityMasked"));
    }
    assertEquals(0, await(fixture.core.cases().list(otherAgent, new CaseQuery(null, null, null, null, null, "赵六", null, 1, 50)))
        .getLong("total"));
    assertEquals(1, await(fixture.core.cases().list(leader, new CaseQuery(null, null, null, null, null, "赵六", null, 1, 50)))
        .getLong("total"));
    assertEquals(viewsBefore, Sql.count(fixture.pool, "SELECT count(*) FROM audit_log WHERE case_id = $1", id), "listing audits nothing");
  }
}
