package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Over HTTP: a report's customer is its reporter's identity, so the customer filter of the case list does not match a
 * report for agents who do not own it, admins or the unit it was dispatched to; and no answer that may carry an
 * identity is kept by a cache.
 */
class ReporterFiltersTest extends ApiTestBase {

  static User owner;
  static User otherAgent;
  static User leader;
  static User responder;
  static long customerId;
  static long reportId;

  @BeforeAll
  static void fileAReportOfAKnownCustomer() throws Exception {
    long county = unit("南山区局", "county_bureau", null);
    owner = user("rf-owner", null, "agent");
    otherAgent = user("rf-other", null, "agent");
    leader = user("rf-leader", null, "leader");
    responder = user("rf-unit", String.valueOf(county), "unit_responder");
    customerId = post(owner.token(), "/api/customers", new JsonObject().put("name", "孙八").put("partyType", "consumer")
        .put("phones", new JsonArray().add("13912345678"))).expect(201).json().getLong("id");
    JsonObject report = new JsonObject().put("kind", "report").put("channel", "phone").put("subject", "举报")
        .put("content", "某零售户长期销售假烟。").put("contact", new JsonObject().put("name", "孙八")
            .put("phones", new JsonArray().add("13912345678")));
    reportId = post(owner.token(), "/api/cases", report).expect(201).json().getLong("id");
    post(owner.token(), "/api/cases/" + reportId + "/submit", new JsonObject()).expect(200);
    post(leader.token(), "/api/cases/" + reportId + "/instruct", new JsonObject().put("instruction", "核查")).expect(200);
    post(owner.token(), "/api/cases/" + reportId + "/dispatch", new JsonObject().put("unitId", county).put("method", "hand"))
        .expect(200);
  }

  private static long byCustomer(String token, String kind) throws Exception {
    return get(token, "/api/cases?customer=" + customerId + (kind == null ? "" : "&kind=" + kind)).expect(200).json().getLong("total");
  }

  @Test
  void theCustomerFilterFindsAReportOnlyForThoseWhoMaySeeItsReporter() throws Exception {
    assertEquals(0, byCustomer(otherAgent.token(), "report"), "another agent");
    assertEquals(0, byCustomer(otherAgent.token(), null), "another agent, any kind");
    assertEquals(0, byCustomer(adminToken, "report"), "an admin");
    assertEquals(0, byCustomer(responder.token(), "report"), "the unit it went to");
    assertEquals(1, byCustomer(owner.token(), "report"), "the owning agent");
    assertEquals(1, byCustomer(leader.token(), "report"), "a leader");
  }

  @Test
  void answersThatMayCarryAnIdentityAreNeverCached() throws Exception {
    assertEquals("no-store", get(leader.token(), "/api/cases/" + reportId).expect(200).raw().headers()
        .firstValue("Cache-Control").orElse(""));
    assertEquals("no-store", get(leader.token(), "/api/cases?kind=report").expect(200).raw().headers()
        .firstValue("Cache-Control").orElse(""));
    assertEquals("no-store", get(otherAgent.token(), "/api/cases/" + reportId).expect(200).raw().headers()
        .firstValue("Cache-Control").orElse(""));
  }
}
