package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The intake rules as data ({@code GET /api/intake/form}) say what filing then does, and a refused field is named by
 * its JSON path in {@code error.field}, so that a form shows the message at that field.
 */
class IntakeFormApiTest extends ApiTestBase {

  static User agent;
  static User responder;

  @BeforeAll
  static void users() throws Exception {
    agent = user("form-agent", null, "agent");
    responder = user("form-unit", String.valueOf(unit("龙岗区局", "county_bureau", null)), "unit_responder");
  }

  static JsonObject rules() throws Exception {
    return get(agent.token(), "/api/intake/form").expect(200).json();
  }

  static JsonObject kind(JsonObject rules, String kind) {
    return rules.getJsonArray("kinds").stream().map(JsonObject.class::cast).filter(k -> kind.equals(k.getString("kind")))
        .findFirst().orElseThrow();
  }

  static JsonObject refused(JsonObject body) throws Exception {
    return post(agent.token(), "/api/cases", body).expect(400).error();
  }

  @Test
  void theRulesAreTheOnesFilingApplies() throws Exception {
    JsonObject rules = rules();
    JsonObject fields = rules.getJsonObject("fields");
    // Each length the document states is the length filing refuses one character beyond, and takes at.
    for (Map.Entry<String, String> f : Map.of("subject", "subject", "content", "content", "contact.name", "contact.name",
        "contact.address", "contact.address", "respondent.person", "respondent.person").entrySet()) {
      int max = fields.getJsonObject(f.getKey()).getInteger("maxLength");
      JsonObject tooLong = withValue(complaint("长度"), f.getKey(), "字".repeat(max + 1));
      JsonObject error = refused(tooLong);
      assertEquals(f.getValue(), error.getString("field"), error.encode());
      post(agent.token(), "/api/cases", withValue(complaint("长度"), f.getKey(), "字".repeat(max))).expect(201);
    }
    assertTrue(fields.getJsonObject("content").getBoolean("required"));
    assertEquals("content", refused(complaint("无内容").put("content", "  ")).getString("field"));

    // Per kind: a respondent, anonymity, the same-day inquiry.
    assertTrue(kind(rules, "complaint").getBoolean("respondent"));
    assertFalse(kind(rules, "inquiry").getBoolean("respondent"));
    assertEquals("respondent", refused(complaint("咨询").put("kind", "inquiry")).getString("field"));
    assertTrue(kind(rules, "report").getBoolean("anonymous"));
    assertTrue(kind(rules, "report").getBoolean("confidentialReporter"));
    assertFalse(kind(rules, "suggestion").getBoolean("anonymous"));
    JsonObject anonymousSuggestion = complaint("匿名").put("kind", "suggestion").put("anonymous", true);
    anonymousSuggestion.remove("contact");
    anonymousSuggestion.remove("respondent");
    assertEquals("anonymous", refused(anonymousSuggestion).getString("field"));
    assertEquals(0, kind(rules, "inquiry").getInteger("workingDays"));
    assertEquals(2, kind(rules, "complaint").getInteger("workingDays"));
    assertTrue(kind(rules, "inquiry").getBoolean("answerOnTheSpot"));

    // The attachment limits of this configuration, and the request's.
    JsonObject a = rules.getJsonObject("attachments");
    assertTrue(a.getInteger("maxCount") > 0 && a.getInteger("maxBytes") > 0 && a.getLong("maxRequestBytes") > 0, a.encode());
    assertEquals(new JsonArray().add("phone").add("fax").add("web").add("letter").add("walk_in").add("email").add("provincial"),
        rules.getJsonArray("channels"));
    // The e-mail pattern the form checks with is the one filing checks with.
    String pattern = fields.getJsonObject("contact.email").getString("pattern");
    assertTrue("a@b".matches(pattern) && !"a b@c".matches(pattern));
    assertEquals("contact.email", refused(complaint("邮箱").put("contact", new JsonObject().put("email", "a b@c"))).getString("field"));
  }

  @Test
  void onlyWhoMayFileReadsTheRules() throws Exception {
    JsonObject error = get(responder.token(), "/api/intake/form").expect(403).error();
    assertEquals("case.file", error.getString("permission"));
    get(null, "/api/intake/form").expect(401);
  }

  @Test
  void aRefusedFieldIsNamedByItsPath() throws Exception {
    // A phone number that is none: only the server can tell, and it names which one.
    JsonObject phones = complaint("电话").put("contact", new JsonObject().put("name", "张三")
        .put("phones", new JsonArray().add("13800138000").add("无号码")));
    JsonObject error = refused(phones);
    assertEquals("contact.phones[1]", error.getString("field"));
    assertEquals("validation_failed", error.getString("code"));
    assertEquals("“无号码”不是有效的电话号码，请填写数字（分机号写在“转”之后）。", error.getString("message"));

    assertEquals("contact", refused(complaint("无联系方式").put("contact", new JsonObject())).getString("field"));
    assertEquals("contact.name", refused(complaint("类型").put("contact", new JsonObject().put("name", 5))).getString("field"));
    assertEquals("respondent.unitId", refused(complaint("单位").put("respondent", new JsonObject().put("unitId", 999999)))
        .getString("field"));
    assertEquals("customerId", refused(complaint("客户").put("customerId", 999999)).getString("field"));
    JsonObject badFile = complaint("附件").put("attachments", new JsonArray()
        .add(new JsonObject().put("name", "a.txt").put("data", "YWJj"))
        .add(new JsonObject().put("name", "b.txt").put("data", "not base64!")));
    assertEquals("attachments[1].data", refused(badFile).getString("field"));
    // A failure about no one field names none.
    JsonObject notFound = get(agent.token(), "/api/cases/999999").expect(404).error();
    assertNull(notFound.getString("field"));
    // In English too, the same field.
    Res en = call("POST", "/api/cases", agent.token(), phones.encode(), Map.of("Accept-Language", "en")).expect(400);
    assertEquals("contact.phones[1]", en.error().getString("field"));
    assertTrue(en.error().getString("message").startsWith("\"无号码\" is not a phone number"), en.error().getString("message"));
  }

  /** The body with the value at a dotted path (contact.name). */
  static JsonObject withValue(JsonObject body, String path, String value) {
    String[] parts = path.split("\\.");
    JsonObject o = body;
    for (int i = 0; i < parts.length - 1; i++) {
      o = o.getJsonObject(parts[i]);
    }
    o.put(parts[parts.length - 1], value);
    return body;
  }
}
