package hotline.web;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reporter identities stay with leaders, the supervision office and the owning agent; every unmasked view is audited;
 * units see only their own dispatches; records are lent out only with a leader's time-limited approval.
 */
class ConfidentialityTest extends ApiTestBase {

  static long countyA;
  static long countyB;
  static User owner;
  static User otherAgent;
  static User leader;
  static User supervisor;
  static User responderA;
  static User responderB;
  static long reportId;
  static String reportNumber;

  @BeforeAll
  static void fileAReport() throws Exception {
    long city = unit("市局", "city_bureau", null);
    countyA = unit("宝安区局", "county_bureau", city);
    countyB = unit("龙岗区局", "county_bureau", city);
    owner = user("owner", null, "agent");
    otherAgent = user("other", null, "agent");
    leader = user("boss", null, "leader");
    supervisor = user("sup", null, "supervisor");
    responderA = user("ra", String.valueOf(countyA), "unit_responder");
    responderB = user("rb", String.valueOf(countyB), "unit_responder");

    JsonObject report = new JsonObject().put("kind", "report").put("channel", "phone").put("partyType", "employee")
        .put("subject", "举报某所工作人员收受好处").put("content", "宝安区局某稽查员长期收受零售户好处费。")
        .put("contact", new JsonObject().put("name", "赵六").put("phones", new JsonArray().add("13712345678"))
            .put("email", "zhao6@example.cn").put("address", "深圳市宝安区某街道"))
        .put("respondent", new JsonObject().put("person", "钱七").put("unitId", countyA));
    JsonObject c = post(owner.token(), "/api/cases", report).expect(201).json();
    reportId = c.getLong("id");
    reportNumber = c.getString("number");
    post(owner.token(), "/api/cases/" + reportId + "/submit", new JsonObject()).expect(200);
    post(leader.token(), "/api/cases/" + reportId + "/instruct", new JsonObject().put("instruction", "纪检核查")).expect(200);
    post(owner.token(), "/api/cases/" + reportId + "/dispatch", new JsonObject().put("unitId", countyA)).expect(200);
  }

  static void assertMasked(JsonObject c, String who) {
    assertNull(c.getValue("contact"), who + " must not see the reporter: " + c.encode());
    assertNull(c.getValue("customerId"), who);
    assertTrue(c.getBoolean("identityMasked"), who);
    assertFalse(c.encode().contains("赵六"), who);
    assertFalse(c.encode().contains("13712345678"), who);
    assertFalse(c.encode().contains("zhao6@"), who);
  }

  static void assertRevealed(JsonObject c, String who) {
    assertEquals("赵六", c.getJsonObject("contact").getString("name"), who);
    assertEquals("13712345678", c.getJsonObject("contact").getJsonArray("phones").getString(0), who);
    assertFalse(c.getBoolean("identityMasked"), who);
  }

  static long identityViews(String actor) throws Exception {
    JsonArray items = get(adminToken, "/api/audit?caseId=" + reportId + "&action=report.identity.view&size=200")
        .expect(200).json().getJsonArray("items");
    return items.stream().filter(o -> actor.equals(((JsonObject) o).getString("actor"))).count();
  }

  @Test
  void identityIsShownOnlyToThoseAllowedAndEveryViewIsAudited() throws Exception {
    long ownerViews = identityViews("owner");
    assertRevealed(get(owner.token(), "/api/cases/" + reportId).expect(200).json(), "owner");
    assertRevealed(get(leader.token(), "/api/cases/" + reportNumber).expect(200).json(), "leader");
    assertRevealed(get(supervisor.token(), "/api/cases/" + reportId).expect(200).json(), "supervisor");
    assertEquals(ownerViews + 1, identityViews("owner"));
    assertTrue(identityViews("boss") >= 1);
    assertTrue(identityViews("sup") >= 1);

    JsonObject seenByOther = get(otherAgent.token(), "/api/cases/" + reportId).expect(200).json();
    assertMasked(seenByOther, "another agent");
    assertEquals("钱七", seenByOther.getJsonObject("respondent").getString("person"), "the respondent is not confidential");
    assertMasked(get(responderA.token(), "/api/cases/" + reportId).expect(200).json(), "the unit handling it");
    assertMasked(get(adminToken, "/api/cases/" + reportId).expect(200).json(), "the admin");
    assertEquals(0, identityViews("other"), "masked views are not identity views");
  }

  @Test
  void listsNeverCarryTheIdentityAndSearchDoesNotLeakIt() throws Exception {
    for (User u : new User[] {owner, leader, otherAgent}) {
      JsonObject page = get(u.token(), "/api/cases?kind=report").expect(200).json();
      assertTrue(page.getInteger("total") >= 1);
      assertFalse(page.encode().contains("赵六"), page.encode());
      assertTrue(page.getJsonArray("items").getJsonObject(0).getBoolean("identityMasked"));
    }
    String byName = "/api/cases?q=" + java.net.URLEncoder.encode("赵六", "UTF-8");
    assertEquals(0, get(otherAgent.token(), byName).expect(200).json().getInteger("total"),
        "searching a reporter's name must not tell another agent the report exists");
    assertEquals(0, get(otherAgent.token(), "/api/cases?q=13712345678").expect(200).json().getInteger("total"));
    assertEquals(1, get(leader.token(), byName).expect(200).json().getInteger("total"));
    assertEquals(1, get(owner.token(), "/api/cases?q=13712345678").expect(200).json().getInteger("total"));
  }

  @Test
  void unitsSeeOnlyTheirOwnDispatches() throws Exception {
    JsonObject mine = get(responderA.token(), "/api/dispatches").expect(200).json();
    assertTrue(mine.getJsonArray("items").stream().allMatch(o -> ((JsonObject) o).getLong("unitId") == countyA), mine.encode());
    assertTrue(mine.getInteger("total") >= 1);
    assertEquals(0, get(responderB.token(), "/api/dispatches").expect(200).json().getInteger("total"));
    assertEquals(403, get(responderB.token(), "/api/dispatches?unit=" + countyA).status());
    assertEquals(0, get(responderB.token(), "/api/cases").expect(200).json().getInteger("total"));
    assertEquals(404, get(responderB.token(), "/api/cases/" + reportId).status());
    assertEquals(404, get(responderB.token(), "/api/cases/" + reportNumber).status());
    assertTrue(get(responderA.token(), "/api/cases").expect(200).json().getInteger("total") >= 1);
  }

  @Test
  void recordsAreLentOnlyWithATimeLimitedApproval() throws Exception {
    clock.set(START);
    Res denied = get(otherAgent.token(), "/api/cases/" + reportId + "/export").expect(403);
    assertTrue(denied.error().getString("message").contains("批准"), denied.body());

    JsonObject req = post(otherAgent.token(), "/api/access-requests", new JsonObject().put("caseId", reportId)
        .put("purpose", "export").put("reason", "市纪委调阅")).expect(201).json();
    assertEquals("pending", req.getString("status"));
    long reqId = req.getLong("id");
    assertEquals(403, get(otherAgent.token(), "/api/cases/" + reportId + "/export").status(), "pending is not approved");
    assertEquals(403, post(supervisor.token(), "/api/access-requests/" + reqId + "/approve", new JsonObject()).status(),
        "only a leader approves");
    JsonObject approved = post(leader.token(), "/api/access-requests/" + reqId + "/approve",
        new JsonObject().put("hours", 2).put("note", "同意调阅")).expect(200).json();
    assertEquals("approved", approved.getString("status"));
    assertEquals(409, post(leader.token(), "/api/access-requests/" + reqId + "/refuse", new JsonObject()).status());

    Res export = get(otherAgent.token(), "/api/cases/" + reportId + "/export").expect(200);
    assertTrue(export.raw().headers().firstValue("Content-Disposition").orElse("").contains(reportNumber));
    assertMasked(export.json().getJsonObject("case"), "an export for an agent who may not see the reporter");
    assertEquals(reportNumber, export.json().getJsonObject("case").getString("number"));

    clock.advance(Duration.ofHours(3));
    assertEquals(403, get(otherAgent.token(), "/api/cases/" + reportId + "/export").status(), "the approval has expired");

    JsonObject own = post(leader.token(), "/api/access-requests", new JsonObject().put("caseId", reportId)
        .put("purpose", "export").put("reason", "自查")).expect(201).json();
    assertEquals(403, post(leader.token(), "/api/access-requests/" + own.getLong("id") + "/approve", new JsonObject()).status(),
        "nobody approves their own request");
    JsonObject refused = post(otherAgent.token(), "/api/access-requests", new JsonObject().put("caseId", reportId)
        .put("purpose", "export").put("reason", "再次调阅")).expect(201).json();
    assertEquals("refused", post(leader.token(), "/api/access-requests/" + refused.getLong("id") + "/refuse",
        new JsonObject().put("note", "理由不充分")).expect(200).json().getString("status"));

    JsonArray audit = get(supervisor.token(), "/api/audit?caseId=" + reportId + "&size=200").expect(200).json().getJsonArray("items");
    for (String action : new String[] {"access.request", "access.approve", "access.refuse", "case.export"}) {
      assertTrue(audit.stream().anyMatch(o -> action.equals(((JsonObject) o).getString("action"))), action + " in " + audit.encode());
    }
    assertEquals(403, get(otherAgent.token(), "/api/audit").status(), "agents do not read the audit log");
    JsonArray mine = get(otherAgent.token(), "/api/access-requests").expect(200).array();
    assertTrue(mine.stream().allMatch(o -> ((JsonObject) o).getLong("requesterId") == otherAgent.id()));
  }

  @Test
  void anOutsideViewLetsAnotherUnitReadTheCaseForALimitedTime() throws Exception {
    clock.set(START);
    assertEquals(404, get(responderB.token(), "/api/cases/" + reportId).status());
    long reqId = post(responderB.token(), "/api/access-requests", new JsonObject().put("caseId", reportId)
        .put("purpose", "outside_view").put("reason", "协查")).expect(201).json().getLong("id");
    post(leader.token(), "/api/access-requests/" + reqId + "/approve", new JsonObject().put("hours", 1)).expect(200);
    assertMasked(get(responderB.token(), "/api/cases/" + reportId).expect(200).json(), "an outside viewer");
    clock.advance(Duration.ofHours(2));
    assertEquals(404, get(responderB.token(), "/api/cases/" + reportId).status());
    JsonArray audit = get(adminToken, "/api/audit?caseId=" + reportId + "&action=case.outside_view").expect(200).json().getJsonArray("items");
    assertEquals(1, audit.size(), audit.encode());
  }

  @Test
  void theTimelineAndAuditLogCannotBeRewritten() throws Exception {
    Throwable update = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> await(pool.query("UPDATE case_events SET note = 'x' WHERE case_id = " + reportId).execute()));
    assertTrue(update.getMessage().contains("append-only"), update.getMessage());
    Throwable delete = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> await(pool.query("DELETE FROM audit_log").execute()));
    assertTrue(delete.getMessage().contains("append-only"), delete.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> await(pool.query("DELETE FROM cases WHERE id = " + reportId).execute()));
  }

  @Test
  void pagesPastTheEndStillTellTheTotal() throws Exception {
    for (String list : new String[] {"/api/dispatches", "/api/audit", "/api/cases"}) {
      JsonObject first = get(supervisor.token(), list + "?size=1").expect(200).json();
      JsonObject beyond = get(supervisor.token(), list + "?size=1&page=999").expect(200).json();
      assertTrue(first.getLong("total") >= 1, list);
      assertEquals(0, beyond.getJsonArray("items").size(), list);
      assertEquals(first.getLong("total"), beyond.getLong("total"), list + ": past the last page the total is still known");
      assertEquals(999, beyond.getInteger("page"), list);
    }
  }
}
