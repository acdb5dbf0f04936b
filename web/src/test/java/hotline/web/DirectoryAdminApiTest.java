package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The directory's upkeep over HTTP, as the admin pages use it: a unit changed (never under itself), its contacts
 * changed, marked first responsible (the one who then gets the form) and removed; a customer changed, its numbers
 * removed however written, and customers found by a part of a number.
 */
class DirectoryAdminApiTest extends ApiTestBase {

  static User agent;
  static User leader;
  static User responder;

  @BeforeAll
  static void setUp() throws Exception {
    agent = user("dir-edit-agent", null, "agent");
    leader = user("dir-edit-leader", null, "leader");
    long anyUnit = unit("光明区局", "county_bureau", null);
    responder = user("dir-edit-resp", String.valueOf(anyUnit), "unit_responder");
  }

  static Res put(String token, String path, JsonObject body) throws Exception {
    return call("PUT", path, token, body.encode(), Map.of());
  }

  static Res delete(String token, String path) throws Exception {
    return call("DELETE", path, token, null, Map.of());
  }

  static JsonObject contact(String name, String phone, String email, String fax, boolean first) {
    return new JsonObject().put("name", name).put("title", "主任").put("phone", phone).put("email", email).put("fax", fax)
        .put("firstResponsible", first);
  }

  @Test
  void aUnitIsChangedButNeverPutUnderItselfOrOneOfItsOwn() throws Exception {
    long city = post(adminToken, "/api/units", new JsonObject().put("name", "市局").put("code", "EDIT-CITY").put("kind", "city_bureau"))
        .expect(201).json().getLong("id");
    long county = post(adminToken, "/api/units", new JsonObject().put("name", "坪山区局").put("kind", "county_bureau")
        .put("parentId", city)).expect(201).json().getLong("id");
    post(adminToken, "/api/units", new JsonObject().put("name", "其他").put("code", "EDIT-TAKEN").put("kind", "other")).expect(201);

    JsonObject changed = put(adminToken, "/api/units/" + county, new JsonObject().put("name", "坪山区烟草专卖局").put("code", "PS")
        .put("kind", "county_bureau").put("parentId", city)).expect(200).json();
    assertEquals("坪山区烟草专卖局", changed.getString("name"));
    assertEquals("PS", changed.getString("code"));
    assertEquals(city, changed.getLong("parentId"));
    assertEquals("坪山区烟草专卖局", get(agent.token(), "/api/units/" + county).expect(200).json().getString("name"));

    // The city bureau under its own county bureau, or under itself: refused at the field, nothing changed.
    JsonObject cycle = put(adminToken, "/api/units/" + city, new JsonObject().put("name", "市局").put("kind", "city_bureau")
        .put("parentId", county)).expect(400).error();
    assertEquals("parentId", cycle.getString("field"));
    assertEquals("单位不能隶属于自身或其下级单位。", cycle.getString("message"));
    put(adminToken, "/api/units/" + city, new JsonObject().put("name", "市局").put("kind", "city_bureau").put("parentId", city))
        .expect(400);
    assertEquals("parentId", put(adminToken, "/api/units/" + city, new JsonObject().put("name", "市局").put("kind", "city_bureau")
        .put("parentId", 987654)).expect(400).error().getString("field"));
    assertNull(get(adminToken, "/api/units/" + city).expect(200).json().getLong("parentId"));
    // A code another unit has: 409; a missing name: 400; a unit that is not there: 404.
    put(adminToken, "/api/units/" + county, new JsonObject().put("name", "坪山").put("code", "EDIT-TAKEN").put("kind", "county_bureau"))
        .expect(409);
    assertEquals("name", put(adminToken, "/api/units/" + county, new JsonObject().put("kind", "county_bureau")).expect(400)
        .error().getString("field"));
    put(adminToken, "/api/units/987654", new JsonObject().put("name", "无").put("kind", "other")).expect(404);
    // Only an admin changes units.
    assertEquals("units.manage", put(leader.token(), "/api/units/" + county, new JsonObject().put("name", "x").put("kind", "other"))
        .expect(403).error().getString("permission"));
    assertEquals("坪山区烟草专卖局", get(adminToken, "/api/units/" + county).expect(200).json().getString("name"));
  }

  @Test
  void contactsAreChangedMarkedFirstResponsibleAndRemovedAndTheFormGoesToTheOneMarked() throws Exception {
    JsonObject unit = post(adminToken, "/api/units", new JsonObject().put("name", "龙华区局").put("kind", "county_bureau")
        .put("contacts", new JsonArray().add(contact("刘局长", "0755-28000001", "liu@lh.example.cn", null, true))
            .add(contact("何科长", "0755-28000002", "he@lh.example.cn", null, false)))).expect(201).json();
    long unitId = unit.getLong("id");
    long liu = unit.getJsonArray("contacts").getJsonObject(0).getLong("id");
    long he = unit.getJsonArray("contacts").getJsonObject(1).getLong("id");

    // He's e-mail and fax change, and he becomes the first responsible person: the only one.
    JsonObject after = put(adminToken, "/api/units/" + unitId + "/contacts/" + he, contact("何科长", "0755-28000002",
        "he.new@lh.example.cn", "0755-28000009", true)).expect(200).json();
    JsonArray contacts = after.getJsonArray("contacts");
    assertEquals(List.of("何科长", "刘局长"), contacts.stream().map(o -> ((JsonObject) o).getString("name")).toList());
    assertEquals(List.of(true, false), contacts.stream().map(o -> ((JsonObject) o).getBoolean("firstResponsible")).toList());
    assertEquals("he.new@lh.example.cn", contacts.getJsonObject(0).getString("email"));
    assertEquals("0755-28000009", contacts.getJsonObject(0).getString("fax"));

    // A case dispatched now goes to him.
    long caseId = post(agent.token(), "/api/cases", complaint("龙华某店售假")).expect(201).json().getLong("id");
    post(agent.token(), "/api/cases/" + caseId + "/submit", new JsonObject()).expect(200);
    post(leader.token(), "/api/cases/" + caseId + "/instruct", new JsonObject().put("instruction", "请核实")).expect(200);
    post(agent.token(), "/api/cases/" + caseId + "/dispatch", new JsonObject().put("unitId", unitId).put("method", "email"))
        .expect(200);
    JsonObject dispatched = get(agent.token(), "/api/cases/" + caseId).expect(200).json();
    JsonObject sentTo = dispatched.getJsonArray("dispatches").getJsonObject(0).getJsonObject("contact");
    assertEquals(he, sentTo.getLong("id"), dispatched.encodePrettily());
    assertEquals("he.new@lh.example.cn", sentTo.getString("email"));

    // Bad input names its field and changes nothing.
    JsonObject badMail = put(adminToken, "/api/units/" + unitId + "/contacts/" + liu, contact("刘局长", "0755-28000001",
        "not-an-address", null, false)).expect(400).error();
    assertEquals("email", badMail.getString("field"));
    assertEquals("phone", put(adminToken, "/api/units/" + unitId + "/contacts/" + liu, contact("刘局长", "电话见前台",
        null, null, false)).expect(400).error().getString("field"));
    assertEquals("name", put(adminToken, "/api/units/" + unitId + "/contacts/" + liu, new JsonObject().put("phone", "0755-28000001"))
        .expect(400).error().getString("field"));
    assertEquals("liu@lh.example.cn", get(adminToken, "/api/units/" + unitId).expect(200).json().getJsonArray("contacts")
        .getJsonObject(1).getString("email"));

    // A contact of another unit is not found through this one.
    long other = unit("大鹏新区局", "county_bureau", null);
    put(adminToken, "/api/units/" + other + "/contacts/" + liu, contact("刘局长", null, null, null, true)).expect(404);
    delete(adminToken, "/api/units/" + other + "/contacts/" + liu).expect(404);
    assertEquals("units.manage", delete(agent.token(), "/api/units/" + unitId + "/contacts/" + liu).expect(403).error()
        .getString("permission"));

    // Removed: gone from the unit, removed once; the dispatch sent before still names its contact.
    JsonObject removed = delete(adminToken, "/api/units/" + unitId + "/contacts/" + liu).expect(200).json();
    assertEquals(List.of(he), removed.getJsonArray("contacts").stream().map(o -> ((JsonObject) o).getLong("id")).toList());
    delete(adminToken, "/api/units/" + unitId + "/contacts/" + liu).expect(404);
    delete(adminToken, "/api/units/" + unitId + "/contacts/" + he).expect(200);
    assertTrue(get(adminToken, "/api/units/" + unitId).expect(200).json().getJsonArray("contacts").isEmpty());
    assertEquals("何科长", get(agent.token(), "/api/cases/" + caseId).expect(200).json().getJsonArray("dispatches").getJsonObject(0)
        .getJsonObject("contact").getString("name"));
  }

  @Test
  void aCustomerIsChangedItsNumbersRemovedHoweverWrittenAndFoundByAPartOfANumber() throws Exception {
    JsonObject shop = post(agent.token(), "/api/customers", new JsonObject().put("name", "观澜好又多商店").put("partyType", "retailer")
        .put("licenceNo", "440309000111").put("phones", new JsonArray().add("13712345678").add("0755-29001234")))
        .expect(201).json();
    long id = shop.getLong("id");

    // Found by a part of the mobile, by the whole landline written another way, and by its name.
    assertTrue(ids(search(adminToken, "12345")).contains(id));
    assertTrue(ids(search(adminToken, "(0755) 2900 1234")).contains(id));
    assertTrue(ids(search(adminToken, "29001234")).contains(id));
    assertTrue(ids(search(adminToken, "好又多")).contains(id));
    assertFalse(ids(search(adminToken, "99999")).contains(id));
    // Three digits are not enough to look at numbers.
    assertFalse(ids(search(adminToken, "137")).contains(id));

    JsonObject changed = put(adminToken, "/api/customers/" + id, new JsonObject().put("name", "观澜好又多便利店")
        .put("partyType", "retailer").put("licenceNo", "440309000111").put("address", "深圳市龙华区观澜大道 1 号")).expect(200).json();
    assertEquals("观澜好又多便利店", changed.getString("name"));
    assertEquals("深圳市龙华区观澜大道 1 号", changed.getString("address"));
    assertEquals(List.of("0755-29001234", "13712345678"), changed.getJsonArray("phones").getList(), "the numbers stay");
    JsonObject noLicence = put(adminToken, "/api/customers/" + id, new JsonObject().put("name", "观澜").put("partyType", "retailer"))
        .expect(400).error();
    assertEquals("licenceNo", noLicence.getString("field"));
    assertEquals("观澜好又多便利店", get(agent.token(), "/api/customers/" + id).expect(200).json().getString("name"));
    put(adminToken, "/api/customers/987654", new JsonObject().put("name", "无").put("partyType", "consumer")).expect(404);

    // The mobile removed, written as +86 …: calls from it no longer find the shop; the landline stays.
    JsonObject after = delete(agent.token(), "/api/customers/" + id + "/phones/"
        + URLEncoder.encode("+86 137 1234 5678", StandardCharsets.UTF_8).replace("+", "%20")).expect(200).json();
    assertEquals(List.of("0755-29001234"), after.getJsonArray("phones").getList());
    assertFalse(ids(get(agent.token(), "/api/customers?phone=13712345678").expect(200).array()).contains(id));
    delete(agent.token(), "/api/customers/" + id + "/phones/13712345678").expect(404);
    delete(agent.token(), "/api/customers/987654/phones/13712345678").expect(404);
    // Unit responders keep off the customer records.
    assertEquals("customers", delete(responder.token(), "/api/customers/" + id + "/phones/075529001234").expect(403).error()
        .getString("permission"));
    assertEquals("customers", put(responder.token(), "/api/customers/" + id, new JsonObject().put("name", "x")
        .put("partyType", "consumer")).expect(403).error().getString("permission"));
    assertEquals(List.of("0755-29001234"), get(agent.token(), "/api/customers/" + id).expect(200).json().getJsonArray("phones").getList());
  }

  static JsonArray search(String token, String q) throws Exception {
    return get(token, "/api/customers?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).expect(200).array();
  }

  static List<Long> ids(JsonArray a) {
    return a.stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }
}
