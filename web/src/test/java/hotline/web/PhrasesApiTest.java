package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The standard service phrases: the seeded set, filters by kind, channel and category, search with highlights, filling
 * from a case (a report's reporter addressed by name only for who may see them), management by the supervision office,
 * and the words not to use, found with search's normalisation.
 */
class PhrasesApiTest extends ApiTestBase {

  static long county;
  static User owner;
  static User otherAgent;
  static User supervisor;
  static User leader;
  static User responder;
  static long reportId;
  static String reportNumber;

  @BeforeAll
  static void fileAReport() throws Exception {
    county = unit("福田区局", "county_bureau", null);
    owner = user("gh1024", null, "agent");
    otherAgent = user("gh2048", null, "agent");
    supervisor = user("ph-sup", null, "supervisor");
    leader = user("ph-boss", null, "leader");
    responder = user("ph-unit", String.valueOf(county), "unit_responder");
    JsonObject report = new JsonObject().put("kind", "report").put("channel", "phone").put("partyType", "consumer")
        .put("subject", "举报无证销售卷烟").put("content", "某便利店长期无证销售卷烟。")
        .put("contact", new JsonObject().put("name", "孙八").put("phones", new JsonArray().add("13712340000")));
    JsonObject c = post(owner.token(), "/api/cases", report).expect(201).json();
    reportId = c.getLong("id");
    reportNumber = c.getString("number");
    post(owner.token(), "/api/cases/" + reportId + "/submit", new JsonObject()).expect(200);
    post(leader.token(), "/api/cases/" + reportId + "/instruct", new JsonObject().put("instruction", "请核查")).expect(200);
    post(owner.token(), "/api/cases/" + reportId + "/dispatch", new JsonObject().put("unitId", county)).expect(200);
  }

  static JsonArray items(Res r) {
    return r.expect(200).json().getJsonArray("items");
  }

  static List<JsonObject> list(JsonArray a) {
    return a.stream().map(o -> (JsonObject) o).toList();
  }

  @Test
  void theSeededPhrasesComeInTheOrderOfAConversationAndFilterByKindChannelAndCategory() throws Exception {
    List<JsonObject> all = list(items(get(owner.token(), "/api/phrases")));
    assertTrue(all.size() >= 20, "a useful set is seeded: " + all.size());
    List<String> order = List.of("greeting", "verification", "apology", "explanation", "closing");
    int last = 0;
    for (JsonObject p : all) {
      int at = order.indexOf(p.getString("category"));
      assertTrue(at >= last, "in the order of a conversation: " + p.encode());
      last = at;
    }
    // A letter's phrases: those for letters and for every channel, never the phone's.
    List<JsonObject> letter = list(items(get(owner.token(), "/api/phrases?channel=letter&kind=inquiry")));
    assertFalse(letter.isEmpty());
    assertTrue(letter.stream().allMatch(p -> (p.getString("channel") == null || p.getString("channel").equals("letter"))
        && (p.getString("kind") == null || p.getString("kind").equals("inquiry"))), letter.toString());
    assertTrue(letter.stream().anyMatch(p -> "letter".equals(p.getString("channel"))));
    assertTrue(letter.stream().noneMatch(p -> "report".equals(p.getString("kind"))));
    List<JsonObject> apologies = list(items(get(owner.token(), "/api/phrases?category=apology")));
    assertTrue(apologies.size() >= 3 && apologies.stream().allMatch(p -> p.getString("category").equals("apology")));
    // Bad filters are the caller's error.
    assertEquals(400, get(owner.token(), "/api/phrases?kind=nonsense").status());
    assertEquals(400, get(owner.token(), "/api/phrases?q=" + "a%20".repeat(9)).status());
  }

  @Test
  void searchFindsSubstringsOfTitleAndTextAndMarksThem() throws Exception {
    List<JsonObject> found = list(items(get(otherAgent.token(), "/api/phrases?q=" + enc("保密"))));
    assertTrue(found.size() >= 2, found.toString());
    for (JsonObject p : found) {
      assertTrue((p.getString("title") + p.getString("text")).contains("保密"), p.encode());
      JsonObject snippet = p.getJsonObject("highlight").getJsonObject("snippet");
      JsonObject title = p.getJsonObject("highlight").getJsonObject("title");
      JsonArray hits = snippet.getJsonArray("hits").isEmpty() ? title.getJsonArray("hits") : snippet.getJsonArray("hits");
      String text = snippet.getJsonArray("hits").isEmpty() ? title.getString("text") : snippet.getString("text");
      JsonArray first = hits.getJsonArray(0);
      assertEquals("保密", text.substring(first.getInteger(0), first.getInteger(1)));
    }
    // Two words, both needed; a word that is nowhere finds nothing.
    List<JsonObject> both = list(items(get(otherAgent.token(), "/api/phrases?q=" + enc("举报 工单号"))));
    assertFalse(both.isEmpty());
    assertTrue(both.stream().allMatch(p -> (p.getString("title") + p.getString("text")).contains("举报")
        && (p.getString("title") + p.getString("text")).contains("工单号")));
    assertTrue(items(get(otherAgent.token(), "/api/phrases?q=" + enc("火星人"))).isEmpty());
  }

  @Test
  void aCasesPhrasesAreFilledFromItAndAReportersNameOnlyForWhoMaySeeIt() throws Exception {
    JsonObject view = get(owner.token(), "/api/cases/" + reportId).expect(200).json();
    ZonedDateTime due = OffsetDateTime.parse(view.getJsonObject("currentDispatch").getString("dueAt"))
        .atZoneSameInstant(ZoneId.of("Asia/Shanghai"));
    String deadline = due.getMonthValue() + "月" + due.getDayOfMonth() + "日" + String.format("%02d:%02d", due.getHour(), due.getMinute()) + "前";

    JsonObject mine = get(owner.token(), "/api/cases/" + reportId + "/phrases").expect(200).json();
    assertEquals(reportNumber, mine.getString("number"));
    Map<String, JsonObject> byTitle = list(mine.getJsonArray("items")).stream()
        .collect(Collectors.toMap(p -> p.getString("title"), p -> p));
    // The report's own phrases are there, a complaint's are not; the phone's greeting is.
    assertTrue(byTitle.containsKey("举报受理完毕") && byTitle.containsKey("接听问候"), byTitle.keySet().toString());
    assertFalse(byTitle.containsKey("核实购买信息"));
    assertEquals("您好，烟草专卖监督热线，gh1024号坐席为您服务，请问有什么可以帮您？", byTitle.get("接听问候").getString("text"));
    assertEquals("您反映的问题我们已转交福田区局办理，办理单位将在" + deadline + "向您反馈处理结果。", byTitle.get("转办说明").getString("text"));
    assertTrue(byTitle.get("举报受理完毕").getString("text").contains("工单号" + reportNumber + "，"));
    assertTrue(byTitle.get("转办说明").getString("template").contains("{责任单位}"));
    assertTrue(byTitle.get("转办说明").getJsonArray("missing").isEmpty());

    // The owner may see the reporter: addressed by name. Another agent may not: the polite form, and never the name.
    JsonObject ownersMail = get(owner.token(), "/api/cases/" + reportId + "/phrases?channel=email&category=greeting").expect(200).json();
    assertTrue(ownersMail.encode().contains("孙八：您好！"), ownersMail.encode());
    JsonObject others = get(otherAgent.token(), "/api/cases/" + reportId + "/phrases?channel=email").expect(200).json();
    assertFalse(others.encode().contains("孙八"), others.encode());
    assertFalse(others.encode().contains("13712340000"));
    assertTrue(others.encode().contains("尊敬的客户：您好！"));
    assertTrue(others.encode().contains("gh2048"), "the agent asking is the one who speaks");

    // A unit's people get no phrases; a case nobody has is a 404.
    assertEquals(403, get(responder.token(), "/api/cases/" + reportId + "/phrases").status());
    assertEquals(404, get(owner.token(), "/api/cases/999999/phrases").status());
  }

  @Test
  void aCaseNotDispatchedYetSaysTheDeadlineADispatchNowWouldGetAndNamesTheMissingUnit() throws Exception {
    long id = post(owner.token(), "/api/cases", complaint("包装破损")).expect(201).json().getLong("id");
    // Just received: neither a unit nor a deadline yet; both stay as written, and say so.
    JsonObject received = list(get(owner.token(), "/api/cases/" + id + "/phrases?category=explanation").expect(200).json()
        .getJsonArray("items")).stream().filter(p -> p.getString("title").equals("转办说明")).findFirst().orElseThrow();
    assertEquals(List.of("责任单位", "办结时限"), received.getJsonArray("missing").getList());
    assertEquals(received.getString("template"), received.getString("text"));
    post(owner.token(), "/api/cases/" + id + "/submit", new JsonObject()).expect(200);
    JsonObject filled = get(owner.token(), "/api/cases/" + id + "/phrases?category=explanation").expect(200).json();
    JsonObject transfer = list(filled.getJsonArray("items")).stream().filter(p -> p.getString("title").equals("转办说明"))
        .findFirst().orElseThrow();
    assertEquals(List.of("责任单位"), transfer.getJsonArray("missing").getList());
    assertTrue(transfer.getString("text").startsWith("您反映的问题我们已转交{责任单位}办理"), transfer.getString("text"));
    assertTrue(transfer.getString("text").matches(".*将在\\d{1,2}月\\d{1,2}日\\d\\d:\\d\\d前向您反馈.*"), transfer.getString("text"));
  }

  @Test
  void theSupervisionOfficeAddsChangesOrdersAndRetiresPhrasesAgentsDoNot() throws Exception {
    JsonObject body = new JsonObject().put("category", "closing").put("kind", "inquiry").put("title", "咨询结束")
        .put("text", "{客户称呼}，关于您咨询的问题已答复完毕，工单号{工单号}。");
    assertEquals(403, post(owner.token(), "/api/phrases", body).status());
    JsonObject created = post(supervisor.token(), "/api/phrases", body).expect(201).json();
    long id = created.getLong("id");
    assertEquals("inquiry", created.getString("kind"));
    assertEquals(400, post(supervisor.token(), "/api/phrases", body.copy().put("category", "chat")).status());
    assertEquals(400, post(supervisor.token(), "/api/phrases", body.copy().put("text", "长".repeat(1001))).status());

    // Put first among the closings.
    List<Long> closings = list(items(get(supervisor.token(), "/api/phrases?category=closing"))).stream()
        .map(p -> p.getLong("id")).collect(Collectors.toList());
    assertEquals(id, closings.get(closings.size() - 1));
    closings.remove(id);
    closings.add(0, id);
    call("PUT", "/api/phrases/order", supervisor.token(), new JsonObject().put("ids", new JsonArray(closings)).encode(), Map.of())
        .expect(200);
    assertEquals(id, items(get(owner.token(), "/api/phrases?category=closing")).getJsonObject(0).getLong("id"));
    assertEquals(400, call("PUT", "/api/phrases/order", supervisor.token(),
        new JsonObject().put("ids", new JsonArray().add(id).add(987654)).encode(), Map.of()).status());

    // Retired: gone from the desk, still there for the office.
    call("PUT", "/api/phrases/" + id, adminToken, body.copy().put("retired", true).encode(), Map.of()).expect(200);
    assertTrue(list(items(get(owner.token(), "/api/phrases?category=closing"))).stream().noneMatch(p -> p.getLong("id") == id));
    assertEquals(403, get(owner.token(), "/api/phrases?retired=true").status());
    JsonObject retired = list(items(get(supervisor.token(), "/api/phrases?category=closing&retired=true"))).stream()
        .filter(p -> p.getLong("id") == id).findFirst().orElseThrow();
    assertTrue(retired.getBoolean("retired"));
    assertEquals(404, call("PUT", "/api/phrases/987654", supervisor.token(), body.encode(), Map.of()).status());
    JsonArray audit = get(adminToken, "/api/audit?action=phrase.retire").expect(200).json().getJsonArray("items");
    assertFalse(audit.isEmpty());
  }

  @Test
  void wordsNotToUseAreFoundWithTheirPositionsWhateverTheWidthOrCase() throws Exception {
    // Seeded words, with hints.
    JsonArray words = items(get(owner.token(), "/api/forbidden-words"));
    assertTrue(words.size() >= 10);
    JsonObject w = post(supervisor.token(), "/api/forbidden-words", new JsonObject().put("word", "OK啦").put("hint", "好的"))
        .expect(201).json();
    assertEquals(409, post(supervisor.token(), "/api/forbidden-words", new JsonObject().put("word", "ｏｋ啦")).status());
    assertEquals(403, post(owner.token(), "/api/forbidden-words", new JsonObject().put("word", "随便")).status());

    String text = "客户来电，坐席答复：这个不归我们管，ｏｋ啦，你自己去问。";
    JsonArray hits = post(owner.token(), "/api/texts/check", new JsonObject().put("text", text)).expect(200).json()
        .getJsonArray("hits");
    assertEquals(3, hits.size(), hits.encode());
    List<String> marked = list(hits).stream().map(h -> text.substring(h.getInteger("start"), h.getInteger("end"))).toList();
    assertEquals(List.of("不归我们管", "ｏｋ啦", "你自己去问"), marked);
    assertEquals("好的", hits.getJsonObject(1).getString("hint"));
    assertNotNull(hits.getJsonObject(0).getString("hint"));
    assertTrue(items(get(owner.token(), "/api/forbidden-words")).size() == words.size() + 1);
    assertTrue(post(owner.token(), "/api/texts/check", new JsonObject().put("text", "您好，请问有什么可以帮您？")).expect(200)
        .json().getJsonArray("hits").isEmpty());
    assertEquals(400, post(owner.token(), "/api/texts/check", new JsonObject().put("text", "长".repeat(20_001))).status());
    assertEquals(400, post(owner.token(), "/api/texts/check", new JsonObject().put("text", 42)).status());

    // Filing warns, never refuses: the hits of the subject and content, positions in their field.
    JsonObject filed = post(owner.token(), "/api/cases", complaint("店主说不关我的事")).expect(201).json();
    JsonArray warnings = filed.getJsonObject("warnings").getJsonArray("forbiddenWords");
    assertEquals("subject", warnings.getJsonObject(0).getString("field"));
    assertEquals("不关我的事", warnings.getJsonObject(0).getString("word"));
    assertEquals(3, warnings.getJsonObject(0).getInteger("start"));
    assertFalse(post(owner.token(), "/api/cases", complaint("烟盒破损")).expect(201).json().containsKey("warnings"));

    call("DELETE", "/api/forbidden-words/" + w.getLong("id"), supervisor.token(), null, Map.of()).expect(200);
    assertEquals(2, post(owner.token(), "/api/texts/check", new JsonObject().put("text", text)).expect(200).json()
        .getJsonArray("hits").size());
  }

  static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
