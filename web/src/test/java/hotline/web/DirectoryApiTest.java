package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The directory over HTTP: the bureau's units with their first responsible persons, and customers found by phone. */
class DirectoryApiTest extends ApiTestBase {

  static User agent;
  static User responder;
  static long countyForResponder;

  /** A retailer with a mobile and a landline. */
  static long retailer;
  /** Two customers sharing one number. */
  static long husband;
  static long wife;

  @BeforeAll
  static void setUp() throws Exception {
    agent = user("dir-agent", null, "agent");
    countyForResponder = unit("宝安区局", "county_bureau", null);
    responder = user("dir-resp", String.valueOf(countyForResponder), "unit_responder");

    retailer = post(agent.token(), "/api/customers", new JsonObject().put("name", "南山区好运来便利店").put("partyType", "retailer")
        .put("licenceNo", "440305123456").put("address", "深圳市南山区科技园南区 8 号").put("email", "haoyunlai@example.cn")
        .put("phones", new JsonArray().add("+86 138 0013 8000").add("0755-83001234"))).expect(201).json().getLong("id");
    husband = post(agent.token(), "/api/customers", new JsonObject().put("name", "李建国").put("partyType", "consumer")
        .put("phones", new JsonArray().add("13900139000"))).expect(201).json().getLong("id");
    wife = post(agent.token(), "/api/customers", new JsonObject().put("name", "李秀英").put("partyType", "consumer")
        .put("phones", new JsonArray().add("139-0013-9000"))).expect(201).json().getLong("id");
  }

  @BeforeEach
  void resetClock() {
    clock.set(START);
  }

  static JsonObject contact(String name, String title, String phone, String email, String fax, Boolean first) {
    JsonObject c = new JsonObject().put("name", name).put("title", title).put("phone", phone).put("email", email).put("fax", fax);
    if (first != null) {
      c.put("firstResponsible", first);
    }
    return c;
  }

  static JsonObject createUnit(JsonObject body) throws Exception {
    return post(adminToken, "/api/units", body).expect(201).json();
  }

  static List<Long> ids(JsonArray a) {
    return a.stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }

  static JsonArray byPhone(String token, String phone) throws Exception {
    return get(token, "/api/customers?phone=" + URLEncoder.encode(phone, StandardCharsets.UTF_8)).expect(200).array();
  }

  static Set<String> phones(JsonObject customer) {
    return customer.getJsonArray("phones").stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
  }

  // ---- units

  @Test
  void theBureauIsAHierarchyWithFirstResponsiblePersons() throws Exception {
    JsonObject city = createUnit(new JsonObject().put("name", "深圳市烟草专卖局").put("code", "SZ").put("kind", "city_bureau")
        .put("contacts", new JsonArray().add(contact("王建华", "局长", "0755-83000001", "wang@sz-tobacco.example.cn",
            "0755-83000009", null))));
    long cityId = city.getLong("id");
    assertEquals("深圳市烟草专卖局", city.getString("name"));
    assertEquals("SZ", city.getString("code"));
    assertEquals("city_bureau", city.getString("kind"));
    assertNull(city.getLong("parentId"));
    JsonObject head = city.getJsonArray("contacts").getJsonObject(0);
    assertEquals("王建华", head.getString("name"));
    assertEquals("局长", head.getString("title"));
    assertEquals("0755-83000001", head.getString("phone"));
    assertEquals("wang@sz-tobacco.example.cn", head.getString("email"));
    assertEquals("0755-83000009", head.getString("fax"));
    assertTrue(head.getBoolean("firstResponsible"), "a contact is first responsible unless it says otherwise");

    // The marketing department lists its deputy first in the request; the first responsible person comes first back.
    JsonObject marketing = createUnit(new JsonObject().put("name", "营销部").put("kind", "department").put("parentId", cityId)
        .put("contacts", new JsonArray()
            .add(contact("赵副主任", "副主任", "0755-83000102", "zhao@sz-tobacco.example.cn", null, false))
            .add(contact("陈主任", "主任", "0755-83000101", "chen@sz-tobacco.example.cn", "0755-83000109", true))));
    assertEquals(cityId, marketing.getLong("parentId"));
    assertEquals(List.of("陈主任", "赵副主任"), marketing.getJsonArray("contacts").stream()
        .map(o -> ((JsonObject) o).getString("name")).toList());
    assertEquals(List.of(true, false), marketing.getJsonArray("contacts").stream()
        .map(o -> ((JsonObject) o).getBoolean("firstResponsible")).toList());
    assertNull(marketing.getJsonArray("contacts").getJsonObject(1).getString("fax"));

    long logistics = createUnit(new JsonObject().put("name", "物流部").put("kind", "department").put("parentId", cityId)
        .put("contacts", new JsonArray().add(contact("孙主任", "主任", "0755-83000201", "sun@sz-tobacco.example.cn", null, null))))
        .getLong("id");
    long monopoly = createUnit(new JsonObject().put("name", "专卖部").put("kind", "department").put("parentId", cityId))
        .getLong("id");
    long nanshan = createUnit(new JsonObject().put("name", "南山区局").put("kind", "county_bureau").put("parentId", cityId)
        .put("contacts", new JsonArray().add(contact("周局长", "局长", "0755-26000001", "zhou@ns.example.cn", "0755-26000009", true))))
        .getLong("id");
    long futian = createUnit(new JsonObject().put("name", "福田区局").put("kind", "county_bureau").put("parentId", cityId))
        .getLong("id");

    // The list holds the whole tree, each with its parent and its people.
    JsonArray all = get(agent.token(), "/api/units").expect(200).array();
    Map<Long, JsonObject> byId = all.stream().map(o -> (JsonObject) o).collect(Collectors.toMap(u -> u.getLong("id"), u -> u));
    List<Long> children = all.stream().map(o -> (JsonObject) o).filter(u -> Long.valueOf(cityId).equals(u.getLong("parentId")))
        .map(u -> u.getLong("id")).sorted().toList();
    assertEquals(List.of(marketing.getLong("id"), logistics, monopoly, nanshan, futian), children);
    assertEquals("department", byId.get(logistics).getString("kind"));
    assertEquals("county_bureau", byId.get(nanshan).getString("kind"));
    assertEquals("周局长", byId.get(nanshan).getJsonArray("contacts").getJsonObject(0).getString("name"));
    assertEquals(2, byId.get(marketing.getLong("id")).getJsonArray("contacts").size());
    assertEquals(0, byId.get(monopoly).getJsonArray("contacts").size());
    assertEquals(city, byId.get(cityId), "the list and the creation answer agree");

    // One unit, and then a first responsible person for the monopoly department.
    assertEquals(marketing, get(agent.token(), "/api/units/" + marketing.getLong("id")).expect(200).json());
    JsonObject after = post(adminToken, "/api/units/" + monopoly + "/contacts",
        contact("吴主任", "主任", "0755-83000301", "wu@sz-tobacco.example.cn", "0755-83000309", null)).expect(201).json();
    assertEquals(monopoly, after.getLong("id"));
    assertEquals(1, after.getJsonArray("contacts").size());
    assertEquals("吴主任", after.getJsonArray("contacts").getJsonObject(0).getString("name"));
    assertTrue(after.getJsonArray("contacts").getJsonObject(0).getBoolean("firstResponsible"));
    assertEquals(after, get(responder.token(), "/api/units/" + monopoly).expect(200).json(), "units are readable by every user");
  }

  @Test
  void onlyAnAdminChangesTheDirectory() throws Exception {
    JsonObject body = new JsonObject().put("name", "龙岗区局").put("kind", "county_bureau");
    Res r = post(agent.token(), "/api/units", body).expect(403);
    assertEquals("forbidden", r.error().getString("code"));
    post(responder.token(), "/api/units", body).expect(403);
    assertEquals(401, post(null, "/api/units", body).status());
    assertEquals(401, get(null, "/api/units").status());
    post(agent.token(), "/api/units/" + countyForResponder + "/contacts", contact("某人", null, "0755-1", null, null, null)).expect(403);
    assertEquals(1, get(agent.token(), "/api/units/" + countyForResponder).expect(200).json().getJsonArray("contacts").size(),
        "the refused contact was not added");
    assertTrue(get(agent.token(), "/api/units").expect(200).array().stream()
        .noneMatch(o -> "龙岗区局".equals(((JsonObject) o).getString("name"))));
  }

  @Test
  void badUnitsAreRefusedAndLeaveNothingBehind() throws Exception {
    int before = get(adminToken, "/api/units").expect(200).array().size();

    Res parent = post(adminToken, "/api/units", new JsonObject().put("name", "无上级").put("kind", "department").put("parentId", 999999))
        .expect(400);
    assertEquals("validation_failed", parent.error().getString("code"));
    assertEquals("请求中引用的单位或上级单位不存在。", parent.error().getString("message"));

    Res kind = post(adminToken, "/api/units", new JsonObject().put("name", "部委").put("kind", "ministry")).expect(400);
    assertEquals("validation_failed", kind.error().getString("code"));
    assertEquals("“kind”不接受取值“ministry”。", kind.error().getString("message"));
    Res kindEn = call("POST", "/api/units", adminToken, new JsonObject().put("name", "部委").put("kind", "ministry").encode(),
        Map.of("Accept-Language", "en"));
    assertEquals(400, kindEn.status());
    assertEquals("The field \"kind\" does not accept the value \"ministry\".", kindEn.error().getString("message"));

    assertEquals("“name”为必填项。", post(adminToken, "/api/units", new JsonObject().put("kind", "department")).expect(400)
        .error().getString("message"));
    assertEquals("“kind”为必填项。", post(adminToken, "/api/units", new JsonObject().put("name", "无类别")).expect(400)
        .error().getString("message"));

    // A bad contact refuses the whole unit: no half-created unit remains.
    Res noName = post(adminToken, "/api/units", new JsonObject().put("name", "缺联系人姓名").put("kind", "department")
        .put("contacts", new JsonArray().add(new JsonObject().put("phone", "0755-83009999")))).expect(400);
    assertEquals("“name”为必填项。", noName.error().getString("message"));
    Res badMail = post(adminToken, "/api/units", new JsonObject().put("name", "邮箱错误").put("kind", "department")
        .put("contacts", new JsonArray().add(contact("钱主任", null, null, "not-an-email", null, null)))).expect(400);
    assertEquals("“email”不接受取值“not-an-email”。", badMail.error().getString("message"));

    // A unit code is unique.
    createUnit(new JsonObject().put("name", "盐田区局").put("code", "YT").put("kind", "county_bureau"));
    Res dup = post(adminToken, "/api/units", new JsonObject().put("name", "盐田区局(重复)").put("code", "YT").put("kind", "county_bureau"))
        .expect(409);
    assertEquals("conflict", dup.error().getString("code"));
    assertEquals("已存在相同代码的单位。", dup.error().getString("message"));

    JsonArray after = get(adminToken, "/api/units").expect(200).array();
    assertEquals(before + 1, after.size(), "only 盐田区局 was created: " + after.encode());

    assertEquals(404, get(agent.token(), "/api/units/999999").status());
    assertEquals("not_found", get(agent.token(), "/api/units/999999").error().getString("code"));
    assertEquals(404, get(agent.token(), "/api/units/abc").status());
    assertEquals(404, post(adminToken, "/api/units/999999/contacts", contact("某人", null, null, null, null, null)).status());
    assertEquals(400, post(adminToken, "/api/units/" + countyForResponder + "/contacts", new JsonObject().put("title", "主任")).status());
  }

  // ---- customers

  @Test
  void aCustomerIsFoundHoweverTheNumberIsWritten() throws Exception {
    for (String form : List.of("+86 138 0013 8000", "0086-13800138000", "13800138000", "138 0013 8000", "+8613800138000",
        "138-0013-8000", "0755-83001234", "+86 755 8300 1234", "075583001234", "(0755) 8300 1234")) {
      JsonArray found = byPhone(agent.token(), form);
      assertEquals(List.of(retailer), ids(found), form);
    }
    JsonObject c = byPhone(agent.token(), "13800138000").getJsonObject(0);
    assertEquals("南山区好运来便利店", c.getString("name"));
    assertEquals("retailer", c.getString("partyType"));
    assertEquals("440305123456", c.getString("licenceNo"));
    assertEquals("haoyunlai@example.cn", c.getString("email"));
    assertEquals(Set.of("+86 138 0013 8000", "0755-83001234"), phones(c), "phones are kept as written");

    assertEquals(List.of(husband, wife), ids(byPhone(agent.token(), "13900139000")), "one number, two customers");
    assertEquals(List.of(husband, wife), ids(byPhone(agent.token(), "+86 139 0013 9000")));
    assertEquals(new JsonArray(), byPhone(agent.token(), "13700000000"));
    assertEquals(new JsonArray(), byPhone(agent.token(), "0755-83001235"));

    Res bad = get(agent.token(), "/api/customers?phone=abc").expect(400);
    assertEquals("“phone”不接受取值“abc”。", bad.error().getString("message"));
    Res neither = get(agent.token(), "/api/customers").expect(400);
    assertEquals("validation_failed", neither.error().getString("code"));
  }

  @Test
  void customersAreSearchedByNameOrLicence() throws Exception {
    assertEquals(List.of(retailer), ids(get(agent.token(), "/api/customers?q=" + enc("好运来")).expect(200).array()));
    assertEquals(List.of(retailer), ids(get(agent.token(), "/api/customers?q=440305123456").expect(200).array()));
    assertEquals(List.of(retailer), ids(get(agent.token(), "/api/customers?q=4403051").expect(200).array()));
    assertEquals(List.of(husband, wife), ids(get(agent.token(), "/api/customers?q=" + enc("李")).expect(200).array()));
    assertEquals(List.of(wife), ids(get(agent.token(), "/api/customers?q=" + enc("秀英")).expect(200).array()));
    assertEquals(new JsonArray(), get(agent.token(), "/api/customers?q=" + enc("%")).expect(200).array(),
        "% is taken literally, not as a wildcard");
    assertEquals(new JsonArray(), get(agent.token(), "/api/customers?q=" + enc("不存在的客户")).expect(200).array());
    assertEquals(400, get(agent.token(), "/api/customers?q=" + "x".repeat(101)).status());
  }

  @Test
  void aCustomerIsReadAndGainsPhones() throws Exception {
    JsonObject c = post(agent.token(), "/api/customers", new JsonObject().put("name", "深圳卷烟物流有限公司").put("partyType", "enterprise")
        .put("phones", new JsonArray().add("0755-26880000")).put("note", "大客户")).expect(201).json();
    long id = c.getLong("id");
    assertEquals("enterprise", c.getString("partyType"));
    assertNull(c.getString("licenceNo"));
    assertEquals("大客户", c.getString("note"));
    assertEquals(c, get(agent.token(), "/api/customers/" + id).expect(200).json());

    JsonObject more = post(agent.token(), "/api/customers/" + id + "/phones", new JsonObject().put("phone", "186 8888 0000"))
        .expect(201).json();
    assertEquals(Set.of("0755-26880000", "186 8888 0000"), phones(more));
    assertEquals(List.of(id), ids(byPhone(agent.token(), "+8618688880000")));
    // The same number in another form adds nothing.
    JsonObject same = post(agent.token(), "/api/customers/" + id + "/phones", new JsonObject().put("phone", "+86 755 2688 0000"))
        .expect(201).json();
    assertEquals(Set.of("0755-26880000", "186 8888 0000"), phones(same));

    assertEquals(400, post(agent.token(), "/api/customers/" + id + "/phones", new JsonObject().put("phone", "无号码")).status());
    assertEquals(400, post(agent.token(), "/api/customers/" + id + "/phones", new JsonObject()).status());
    assertEquals(404, post(agent.token(), "/api/customers/999999/phones", new JsonObject().put("phone", "13600000000")).status());
    assertEquals(404, get(agent.token(), "/api/customers/999999").status());
  }

  @Test
  void badCustomersAreRefused() throws Exception {
    Res noLicence = post(agent.token(), "/api/customers", new JsonObject().put("name", "无证零售户").put("partyType", "retailer")
        .put("phones", new JsonArray().add("13600000001"))).expect(400);
    assertEquals("validation_failed", noLicence.error().getString("code"));
    assertEquals("零售客户须填写烟草专卖零售许可证号（licenceNo）。", noLicence.error().getString("message"));
    Res en = call("POST", "/api/customers", agent.token(),
        new JsonObject().put("name", "无证零售户").put("partyType", "retailer").encode(), Map.of("Accept-Language", "en"));
    assertEquals(400, en.status());
    assertEquals("A retailer needs its tobacco licence number (licenceNo).", en.error().getString("message"));
    assertEquals(new JsonArray(), byPhone(agent.token(), "13600000001"), "the refused customer was not stored");

    assertEquals(400, post(agent.token(), "/api/customers", new JsonObject().put("name", "怪号码").put("partyType", "consumer")
        .put("phones", new JsonArray().add("not a number"))).status());
    assertEquals(400, post(agent.token(), "/api/customers", new JsonObject().put("partyType", "consumer")).status());
    assertEquals(400, post(agent.token(), "/api/customers", new JsonObject().put("name", "某人").put("partyType", "alien")).status());
  }

  @Test
  void unitPeopleDoNotSeeCustomers() throws Exception {
    assertEquals(403, get(responder.token(), "/api/customers?phone=13800138000").status());
    assertEquals(403, get(responder.token(), "/api/customers?q=" + enc("好运来")).status());
    assertEquals(403, get(responder.token(), "/api/customers/" + retailer).status());
    assertEquals(403, post(responder.token(), "/api/customers", new JsonObject().put("name", "某人").put("partyType", "consumer")).status());
    assertEquals(403, post(responder.token(), "/api/customers/" + retailer + "/phones", new JsonObject().put("phone", "13600000002")).status());
    assertEquals(401, get(null, "/api/customers?phone=13800138000").status());
    assertEquals(Set.of("+86 138 0013 8000", "0755-83001234"), phones(get(agent.token(), "/api/customers/" + retailer).expect(200).json()));
  }

  @Test
  void aCaseIsLinkedToTheCustomerWhoseNumberItGives() throws Exception {
    JsonObject body = complaint("号码写法不同").put("contact", new JsonObject().put("name", "店主")
        .put("phones", new JsonArray().add("0086 138-0013-8000")));
    JsonObject filed = post(agent.token(), "/api/cases", body).expect(201).json();
    assertEquals(retailer, filed.getLong("customerId"));
    long id = filed.getLong("id");
    JsonObject read = get(agent.token(), "/api/cases/" + id).expect(200).json();
    assertEquals(retailer, read.getLong("customerId"));
    assertEquals(List.of("0086 138-0013-8000"), read.getJsonObject("contact").getJsonArray("phones").getList(),
        "the number stays as the caller gave it");
    assertTrue(ids(get(agent.token(), "/api/cases?customer=" + retailer).expect(200).json().getJsonArray("items")).contains(id));

    // The landline, written another way, links too.
    JsonObject byLandline = post(agent.token(), "/api/cases", complaint("座机").put("contact",
        new JsonObject().put("phones", new JsonArray().add("+86 755 8300 1234")))).expect(201).json();
    assertEquals(retailer, byLandline.getLong("customerId"));

    // A number two customers share links to neither; an unknown number to nobody.
    JsonObject shared = post(agent.token(), "/api/cases", complaint("共用号码").put("contact",
        new JsonObject().put("phones", new JsonArray().add("139 0013 9000")))).expect(201).json();
    assertTrue(shared.containsKey("customerId"));
    assertNull(shared.getLong("customerId"));
    JsonObject unknown = post(agent.token(), "/api/cases", complaint("陌生号码").put("contact",
        new JsonObject().put("phones", new JsonArray().add("13700000000")))).expect(201).json();
    assertNull(unknown.getLong("customerId"));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
