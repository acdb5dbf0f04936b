package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.knowledge.KnowledgeService;
import hotline.testing.Waiting;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The knowledge base over HTTP on the real core: the workflow draft → in review → published → retired with a version per
 * save and an audit entry per status change, who may do which step, the sanitiser, diffs, search with highlights and
 * title hits first, expiry leaving the results by itself, the reminders sent once, and the articles a case used.
 */
class KnowledgeApiTest extends ApiTestBase {

  static long unit;
  static long otherUnit;
  static User agent;
  static User leader;
  static User supervisor;
  static User responder;
  static User otherResponder;
  static KnowledgeService knowledge;

  @BeforeAll
  static void directory() throws Exception {
    long city = unit("市局知识", "city_bureau", null);
    unit = unit("营销中心知识", "department", city);
    otherUnit = unit("专卖科知识", "department", city);
    agent = user("kn-agent", null, "agent");
    leader = user("kn-leader", null, "leader");
    supervisor = user("kn-super", null, "supervisor");
    responder = user("kn-unit", String.valueOf(unit), "unit_responder");
    otherResponder = user("kn-unit2", String.valueOf(otherUnit), "unit_responder");
    knowledge = KnowledgeService.of(vertx, core);
  }

  @BeforeEach
  void resetClock() {
    clock.set(START);
  }

  static Res put(String token, String path, JsonObject body) throws Exception {
    return call("PUT", path, token, body.encode(), Map.of());
  }

  static JsonObject draft(User who, String title, String html) throws Exception {
    return post(who.token(), "/api/knowledge/articles", new JsonObject().put("title", title).put("bodyHtml", html)
        .put("category", "supply_allocation")).expect(201).json();
  }

  static JsonObject published(String title, String html, JsonObject extra) throws Exception {
    long id = draft(agent, title, html).getLong("id");
    if (extra != null) {
      put(supervisor.token(), "/api/knowledge/articles/" + id, extra).expect(200);
    }
    post(agent.token(), "/api/knowledge/articles/" + id + "/submit", new JsonObject()).expect(200);
    return post(supervisor.token(), "/api/knowledge/articles/" + id + "/publish", new JsonObject()).expect(200).json();
  }

  static JsonObject search(User who, String query) throws Exception {
    return get(who.token(), "/api/knowledge/articles?" + query).expect(200).json();
  }

  static List<Long> ids(JsonObject list) {
    return list.getJsonArray("items").stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }

  static String q(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void theRichTextIsSanitisedAndItsPlainTextKeptBesideIt() throws Exception {
    JsonObject a = draft(agent, "净化测试", "<p onclick=\"x()\">第一段<script>alert(1)</script></p>"
        + "<img src=x onerror=alert(2)><a href=\"javascript:alert(3)\">坏链接</a><a href=\"https://example.cn/p\">好链接</a>"
        + "<ul><li>甲 &amp; 乙</li></ul><style>p{}</style><iframe src=\"https://evil\"></iframe><table><tr><td>格</td></tr></table>");
    String html = a.getString("bodyHtml");
    for (String bad : List.of("script", "onerror", "onclick", "javascript:", "<img", "iframe", "style", "alert(")) {
      assertFalse(html.toLowerCase().contains(bad), bad + " in " + html);
    }
    assertTrue(html.contains("<a href=\"https://example.cn/p\" rel=\"nofollow\">好链接</a>"), html);
    assertTrue(html.contains("<li>甲 &amp; 乙</li>") && html.contains("<td>格</td>"), html);
    assertEquals("第一段\n坏链接好链接\n甲 & 乙\n格", a.getString("bodyText"));
    // Nothing but markup is no article.
    post(agent.token(), "/api/knowledge/articles", new JsonObject().put("title", "空").put("bodyHtml", "<script>x</script>")
        .put("category", "other")).expect(400);
  }

  @Test
  void aDraftGoesThroughReviewEachStepAVersionAndAnAuditEntry() throws Exception {
    JsonObject d = draft(agent, "卷烟货源投放规则", "<p>本季度卷烟货源按客户档位投放。</p><p>详询客户经理。</p>");
    long id = d.getLong("id");
    assertEquals("draft", d.getString("status"));
    assertEquals(List.of("edit", "submit"), d.getJsonArray("allowedActions").getList());
    // Not what agents find yet.
    assertFalse(ids(search(agent, "q=" + q("货源投放"))).contains(id));
    // An agent cannot publish, a leader cannot write, an admin cannot read.
    Res refused = post(agent.token(), "/api/knowledge/articles/" + id + "/publish", new JsonObject()).expect(403);
    assertEquals("knowledge.review", refused.error().getString("permission"));
    post(leader.token(), "/api/knowledge/articles", new JsonObject().put("title", "x").put("bodyHtml", "x")
        .put("category", "other")).expect(403);
    get(adminToken, "/api/knowledge/articles/" + id).expect(403);
    // Publishing a draft skips review: refused.
    assertEquals("illegal_transition", post(supervisor.token(), "/api/knowledge/articles/" + id + "/publish",
        new JsonObject()).expect(409).error().getString("code"));
    post(agent.token(), "/api/knowledge/articles/" + id + "/submit", new JsonObject()).expect(200);
    // In review only the centre changes it; a stale version is refused.
    put(agent.token(), "/api/knowledge/articles/" + id, new JsonObject().put("title", "x")).expect(403);
    put(supervisor.token(), "/api/knowledge/articles/" + id, new JsonObject().put("version", 1).put("title", "x")).expect(409);
    JsonObject edited = put(supervisor.token(), "/api/knowledge/articles/" + id, new JsonObject().put("version", 2)
        .put("bodyHtml", "<p>本季度卷烟货源按客户档位投放。</p><p>新增：紧俏品牌按周投放。</p><p>详询客户经理。</p>")).expect(200).json();
    assertEquals(3, edited.getInteger("version"));
    // Returned with a reason, sent again, published by a leader.
    post(leader.token(), "/api/knowledge/articles/" + id + "/return", new JsonObject()).expect(400);
    post(leader.token(), "/api/knowledge/articles/" + id + "/return", new JsonObject().put("note", "请补充生效日期")).expect(200);
    put(agent.token(), "/api/knowledge/articles/" + id, new JsonObject().put("effectiveFrom", "2026-02-01")).expect(200);
    post(agent.token(), "/api/knowledge/articles/" + id + "/submit", new JsonObject()).expect(200);
    JsonObject pub = post(leader.token(), "/api/knowledge/articles/" + id + "/publish", new JsonObject()).expect(200).json();
    assertEquals("published", pub.getString("status"));
    List<String> changes = pub.getJsonArray("versions").stream().map(v -> ((JsonObject) v).getString("change")).toList();
    assertEquals(List.of("published", "submitted", "edited", "returned", "edited", "submitted", "created"), changes);
    assertEquals("kn-leader", pub.getJsonArray("versions").getJsonObject(0).getString("byName"));
    // The diff between the first and the edited version: one sentence added, nothing removed.
    JsonObject diff = get(agent.token(), "/api/knowledge/articles/" + id + "/diff?from=1&to=3").expect(200).json();
    List<String> added = ops(diff, "add");
    assertEquals(List.of("新增：紧俏品牌按周投放。"), added);
    assertEquals(List.of(), ops(diff, "remove"));
    assertEquals(List.of("新增：紧俏品牌按周投放。"), ops(get(agent.token(), "/api/knowledge/articles/" + id + "/diff?from=3&to=2")
        .expect(200).json(), "remove"));
    // Every status change is audited.
    List<String> audited = pool.preparedQuery("SELECT action FROM audit_log WHERE detail->>'articleId' = $1 ORDER BY id")
        .execute(Tuple.of(String.valueOf(id))).toCompletionStage().toCompletableFuture().get().stream()
        .map(r -> r.getString("action")).toList();
    assertEquals(List.of("knowledge.created", "knowledge.submit", "knowledge.return", "knowledge.submit", "knowledge.publish"),
        audited);
    // Retired: agents no longer find it.
    assertTrue(ids(search(agent, "q=" + q("紧俏"))).contains(id));
    post(agent.token(), "/api/knowledge/articles/" + id + "/retire", new JsonObject()).expect(403);
    post(supervisor.token(), "/api/knowledge/articles/" + id + "/retire", new JsonObject()).expect(200);
    assertFalse(ids(search(agent, "q=" + q("紧俏"))).contains(id));
    assertTrue(ids(search(supervisor, "status=retired&q=" + q("紧俏"))).contains(id));
  }

  static List<String> ops(JsonObject diff, String op) {
    return diff.getJsonArray("body").stream().map(JsonObject.class::cast).filter(p -> op.equals(p.getString("op")))
        .map(p -> p.getString("text")).toList();
  }

  @Test
  void searchFindsChineseWordsAndNumbersTitleHitsFirstAndMarksThem() throws Exception {
    long inBody = published("零售终端陈列要求", "<p>许可证号 440300-1234567 的零售户须按卷烟陈列标准摆放。</p>", null).getLong("id");
    long inTitle = published("卷烟陈列与货源说明", "<p>说明见附件。</p>", null).getLong("id");
    JsonObject found = search(agent, "q=" + q("卷烟 陈列"));
    List<Long> order = ids(found);
    assertTrue(order.indexOf(inTitle) >= 0 && order.indexOf(inTitle) < order.indexOf(inBody), order.toString());
    JsonObject first = found.getJsonArray("items").getJsonObject(order.indexOf(inTitle));
    JsonObject title = first.getJsonObject("highlight").getJsonObject("title");
    assertEquals("卷烟陈列与货源说明", title.getString("text"));
    assertEquals(new JsonArray().add(new JsonArray().add(0).add(4)), title.getJsonArray("hits"));
    JsonObject snippet = found.getJsonArray("items").getJsonObject(order.indexOf(inBody)).getJsonObject("highlight")
        .getJsonObject("snippet");
    String marked = snippet.getJsonArray("hits").stream().map(JsonArray.class::cast)
        .map(h -> snippet.getString("text").substring(h.getInteger(0), h.getInteger(1))).collect(Collectors.joining("|"));
    assertEquals("卷烟陈列", marked);
    // A licence number written without its dash; a two-character word; a word that is in neither.
    assertEquals(List.of(inBody), ids(search(agent, "q=" + q("4403001234567"))));
    assertTrue(ids(search(agent, "q=" + q("陈列"))).containsAll(List.of(inBody, inTitle)));
    assertEquals(0, search(agent, "q=" + q("卷烟 走私")).getLong("total"));
    // Without the count (the search box): the same page in the same order, no total.
    for (String words : List.of("卷烟 陈列", "陈列", "4403001234567", "卷烟 走私")) {
      JsonObject uncounted = search(agent, "count=false&q=" + q(words));
      assertEquals(ids(search(agent, "q=" + q(words))), ids(uncounted), words);
      assertFalse(uncounted.containsKey("total") || uncounted.containsKey("more"), uncounted.encode());
    }
    // Category filter.
    assertFalse(ids(search(agent, "category=licensing&q=" + q("陈列"))).contains(inBody));
  }

  @Test
  void anExpiredArticleLeavesTheResultsByItself() throws Exception {
    long id = published("春节期间专卖店营业时间", "<p>春节期间营业时间调整为九点至十七点。</p>",
        new JsonObject().put("expiresOn", "2026-02-14")).getLong("id");
    assertTrue(ids(search(agent, "q=" + q("营业时间"))).contains(id));
    clock.set(START.plus(Duration.ofDays(2)));
    assertFalse(ids(search(agent, "q=" + q("营业时间"))).contains(id));
    assertTrue(ids(search(supervisor, "status=expired&q=" + q("营业时间"))).contains(id));
    JsonObject a = get(agent.token(), "/api/knowledge/articles/" + id).expect(200).json();
    assertFalse(a.getBoolean("inForce"));
    // Not yet in force: not found either.
    long later = published("新版许可证样式", "<p>新版许可证自三月起启用。</p>", new JsonObject().put("effectiveFrom", "2026-03-01"))
        .getLong("id");
    assertFalse(ids(search(agent, "q=" + q("新版许可证"))).contains(later));
  }

  @Test
  void unitsSubmitPolicyUpdatesForTheirOwnUnitIntoReview() throws Exception {
    JsonObject body = new JsonObject().put("title", "三月营销政策调整").put("bodyHtml", "<p>三月起新品上市政策调整。</p>")
        .put("category", "marketing_policy").put("unitId", otherUnit);
    post(agent.token(), "/api/knowledge/submissions", body).expect(403);
    JsonObject s = post(responder.token(), "/api/knowledge/submissions", body).expect(201).json();
    assertEquals("in_review", s.getString("status"));
    assertEquals(unit, s.getLong("unitId"));
    post(responder.token(), "/api/knowledge/submissions", body.copy().put("category", "service")).expect(400);
    post(responder.token(), "/api/knowledge/articles", body).expect(403);
    // In the reviewers' queue; their own unit's responder sees it, another unit's does not.
    assertTrue(ids(search(supervisor, "status=in_review")).contains(s.getLong("id")));
    get(responder.token(), "/api/knowledge/articles/" + s.getLong("id")).expect(200);
    get(otherResponder.token(), "/api/knowledge/articles/" + s.getLong("id")).expect(404);
    assertFalse(ids(search(otherResponder, "status=all")).contains(s.getLong("id")));
    // Published, everyone reads it.
    post(supervisor.token(), "/api/knowledge/articles/" + s.getLong("id") + "/publish", new JsonObject()).expect(200);
    get(otherResponder.token(), "/api/knowledge/articles/" + s.getLong("id")).expect(200);
    assertTrue(ids(search(otherResponder, "q=" + q("新品上市"))).contains(s.getLong("id")));
  }

  @Test
  void ownersAreRemindedOnceBeforeExpiry() throws Exception {
    long id = published("货源供应临时调整", "<p>二月下旬货源供应临时调整。</p>",
        new JsonObject().put("unitId", unit).put("expiresOn", "2026-02-18")).getLong("id");
    long far = published("长期有效的供应说明", "<p>长期有效。</p>", new JsonObject().put("unitId", unit).put("expiresOn", "2026-12-31"))
        .getLong("id");
    int first = Waiting.await(knowledge.sweepReminders(7, 100));
    assertTrue(first >= 1);
    assertEquals(0, Waiting.await(knowledge.sweepReminders(7, 100)));
    // Two sweeps at once remind nobody twice either.
    assertEquals(0, Waiting.await(io.vertx.core.Future.all(knowledge.sweepReminders(7, 100), knowledge.sweepReminders(7, 100)))
        .<Integer>resultAt(0));
    List<Row> mails = Waiting.await(pool.preparedQuery("SELECT * FROM outbox WHERE dedupe_key LIKE $1")
        .execute(Tuple.of("knowledge-expiry:" + id + ":%"))).stream().toList();
    assertEquals(1, mails.size());
    assertEquals("reminder", mails.get(0).getString("kind"));
    assertTrue(mails.get(0).getString("recipient").startsWith("head-"));
    assertTrue(mails.get(0).getJsonObject("payload").getString("text").contains("货源供应临时调整"));
    assertEquals(0, Waiting.await(pool.preparedQuery("SELECT * FROM outbox WHERE dedupe_key LIKE $1")
        .execute(Tuple.of("knowledge-expiry:" + far + ":%"))).size());
    // The centre sees it on its page; a new expiry date is reminded again.
    JsonObject expiring = get(supervisor.token(), "/api/knowledge/expiring").expect(200).json();
    JsonObject row = expiring.getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> i.getLong("id") == id).findFirst().orElseThrow();
    assertNotNull(row.getString("remindedAt"));
    get(agent.token(), "/api/knowledge/expiring").expect(403);
    put(supervisor.token(), "/api/knowledge/articles/" + id, new JsonObject().put("expiresOn", "2026-02-19")).expect(200);
    assertEquals(1, Waiting.await(knowledge.sweepReminders(7, 100)));
  }

  @Test
  void aCaseRecordsTheArticleUsedAndAHandledCaseProposesOne() throws Exception {
    long article = published("零售许可证办理材料", "<p>需身份证、经营场所证明。</p>", null).getLong("id");
    JsonObject inquiry = new JsonObject().put("kind", "inquiry").put("channel", "phone").put("partyType", "retailer")
        .put("subject", "许可证材料").put("content", "请问办理烟草专卖零售许可证需要哪些材料？")
        .put("contact", new JsonObject().put("name", "王五"));
    long caseId = post(agent.token(), "/api/cases", inquiry).expect(201).json().getLong("id");
    // A draft cannot be linked; a proposal needs a handled case.
    long draftId = draft(agent, "草稿", "<p>草稿</p>").getLong("id");
    post(agent.token(), "/api/cases/" + caseId + "/articles", new JsonObject().put("articleId", draftId)).expect(400);
    post(agent.token(), "/api/cases/" + caseId + "/articles/propose", new JsonObject().put("answer", "x")).expect(409);
    post(agent.token(), "/api/cases/" + caseId + "/articles", new JsonObject().put("articleId", article).put("use", "answer"))
        .expect(200);
    post(agent.token(), "/api/cases/" + caseId + "/answer", new JsonObject().put("answer", "需身份证、经营场所证明。")).expect(200);
    JsonArray links = get(agent.token(), "/api/cases/" + caseId + "/articles").expect(200).json().getJsonArray("items");
    assertEquals(1, links.size());
    assertEquals("answer", links.getJsonObject(0).getString("use"));
    // A later "reference" keeps the answer.
    post(supervisor.token(), "/api/cases/" + caseId + "/articles", new JsonObject().put("articleId", article)).expect(200);
    assertEquals("answer", get(agent.token(), "/api/cases/" + caseId + "/articles").expect(200).json().getJsonArray("items")
        .getJsonObject(0).getString("use"));
    get(responder.token(), "/api/cases/" + caseId + "/articles").expect(404);
    post(responder.token(), "/api/cases/" + caseId + "/articles", new JsonObject().put("articleId", article)).expect(403);
    JsonObject a = get(agent.token(), "/api/knowledge/articles/" + article).expect(200).json();
    assertEquals(caseId, a.getJsonArray("cases").getJsonObject(0).getLong("caseId"));
    // The proposal: a draft with the question and the answer, from the case.
    JsonObject p = post(agent.token(), "/api/cases/" + caseId + "/articles/propose",
        new JsonObject().put("answer", "需身份证、经营场所证明<b>等</b>材料。").put("category", "licensing")).expect(201).json();
    assertEquals("draft", p.getString("status"));
    assertEquals("许可证材料", p.getString("title"));
    assertEquals(caseId, p.getLong("sourceCaseId"));
    assertEquals("问题\n请问办理烟草专卖零售许可证需要哪些材料？\n答复\n需身份证、经营场所证明<b>等</b>材料。", p.getString("bodyText"));
    assertEquals("proposed", p.getJsonArray("versions").getJsonObject(0).getString("change"));
    // A report's text never becomes an article.
    long report = post(agent.token(), "/api/cases", complaint("举报").put("kind", "report").putNull("respondent"))
        .expect(201).json().getLong("id");
    assertTrue(post(agent.token(), "/api/cases/" + report + "/articles/propose", new JsonObject().put("answer", "x")).expect(409)
        .error().getString("message").contains("举报件"));
    Map<String, Long> byStatus = search(supervisor, "status=draft&size=100").getJsonArray("items").stream()
        .map(JsonObject.class::cast).collect(Collectors.groupingBy(i -> i.getString("status"), Collectors.counting()));
    assertEquals(Map.of("draft", byStatus.get("draft")), byStatus);
  }
}
