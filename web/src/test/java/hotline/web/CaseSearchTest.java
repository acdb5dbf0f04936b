package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static hotline.testing.Waiting.await;

import hotline.cases.CaseSearchIndexer;
import hotline.search.Highlight;
import hotline.testing.CoreFixture;
import hotline.testing.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The case search over HTTP against a plain scan: 3,000 generated cases of varied Chinese text (words of a hotline,
 * brands, places, licence and phone numbers, a third of them reports), and for 2-character, 4-character, mixed, digit
 * and 1-character queries, {@code GET /api/cases?q=} answers exactly the cases a {@code strpos} scan of every field
 * finds, in the ranking's order (subject hits first, then the rest, each newest first), with a report's identity
 * fields searched only for its owner and for those who may see reporters.
 */
class CaseSearchTest extends ApiTestBase {

  static final int CASES = 3000;
  /** How many of them are left without search documents. */
  static final int PENDING = 300;
  static User agentA;
  static User agentB;
  static User leader;

  static final String WORDS = "卷烟,货源,专卖,许可证,专卖许可证,零售户,价格,假烟,假冒卷烟,走私,配送,物流,订货,服务态度,"
      + "投诉,稽查,烟草,门店,中华,芙蓉王,玉溪,黄鹤楼,利群,南京,云烟,深圳,宝安区,龙岗区,福田,南山,罗湖,超市,便利店,"
      + "未成年人,网络售烟,加价,缺货,断货,配额,客户经理,送货员,态度恶劣,不予办理,延期,处理结果,满意,不满意,回访,核查,"
      + "整改,卷烟市场,烟,货,qq群,app下单,，,。,、, ";
  static final String NAMES = "张伟,王芳,李娜,刘洋,陈静,杨帆,黄磊,赵敏,周杰,吴昊";
  static final String PLACES = "深圳市宝安区西乡街道,深圳市龙岗区布吉街道,深圳市南山区蛇口,深圳市福田区华强北";

  /**
   * How many of the newest cases a search walks first: a third of them, so that most queries also go to the indexes
   * (every page past the first, and every rarer term), and 许可证 (in every case) counts on past the window.
   */
  static final int WINDOW = 1000;

  /** Hides ApiTestBase's: the core with a small search window, and the cases. */
  @BeforeAll
  static void startApi() throws Exception {
    start(CoreFixture.builder().config("search.window", String.valueOf(WINDOW)));
    cases();
  }

  static void cases() throws Exception {
    agentA = user("agent-a", null, "agent");
    agentB = user("agent-b", null, "agent");
    leader = user("leader", null, "leader");
    // Set-based, deterministic: subject two words, content 6–20 words and a licence number, a phone in a quarter.
    Sql.rows(pool, "SELECT setseed(0.1414)");
    Sql.rows(pool, "INSERT INTO cases (number, kind, channel, status, subject, content, contact_name, contact_phones, "
        + "contact_email, contact_address, respondent_person, respondent_unit_name, received_at, owner_id, filed_by) "
        + "SELECT '2025-' || lpad(g::text, 6, '0'), k.kind, 'phone', 'received', s.subject, s.content, "
        + "n[1 + (g * 7) % cardinality(n)], ARRAY['1' || (3 + g % 6) || lpad(((g::bigint * 7919) % 1000000000)::text, 9, '0')], "
        + "'u' || g || '@example.cn', pl[1 + g % cardinality(pl)], n[1 + (g * 3) % cardinality(n)], "
        + "CASE WHEN g % 3 = 0 THEN '宝安区局' END, $1::timestamptz - make_interval(mins => g * 37), k.owner, k.owner "
        + "FROM generate_series(1, $2) g, string_to_array($3, ',') w, string_to_array($4, ',') n, string_to_array($5, ',') pl, "
        + "LATERAL (SELECT CASE WHEN g % 3 = 0 THEN 'report' WHEN g % 3 = 1 THEN 'complaint' ELSE 'inquiry' END AS kind, "
        + "  CASE WHEN g % 2 = 0 THEN $6::bigint ELSE $7::bigint END AS owner) k, "
        + "LATERAL (SELECT (SELECT string_agg(w[1 + floor(random() * cardinality(w))::int + 0 * i], '') "
        + "  FROM generate_series(1, 2) i WHERE g > 0) AS subject, "
        + "  (SELECT string_agg(w[1 + floor(random() * cardinality(w))::int + 0 * i], '') FROM generate_series(1, 6 + g % 15) i WHERE g > 0) "
        + "  || '许可证号' || lpad(((g::bigint * 104729) % 1000000000000)::text, 12, '0') "
        + "  || CASE WHEN g % 4 = 0 THEN '，联系电话1' || (3 + g % 5) || lpad(((g::bigint * 15485863) % 1000000000)::text, 9, '0') ELSE '' END "
        + "  AS content) s",
        java.time.OffsetDateTime.ofInstant(START, java.time.ZoneOffset.UTC), CASES, WORDS, NAMES, PLACES, agentA.id(), agentB.id());
    // Cases inserted by SQL have no search documents (V19): the indexer writes all but the newest PENDING's, so that
    // every query below meets both kinds (found through the documents, and through the SQL functions on the fields).
    assertEquals(CASES - PENDING, await(CaseSearchIndexer.indexBatch(pool, CASES - PENDING)));
    assertEquals(PENDING, Sql.count(pool, "SELECT count(*) FROM cases WHERE search_doc IS NULL"));
    // Statistics as autovacuum would gather them: the keys' frequencies and the table's size, which choose the lookups.
    Sql.rows(pool, "ANALYZE cases");
  }

  @Test
  void aCaseIsSearchedByTheDocumentsIntakeWritesAndAChangeBySqlStaysFound() throws Exception {
    String pending = Sql.rows0(pool, "SELECT array_agg(id)::text FROM cases WHERE search_doc IS NULL");
    long id = post(agentA.token(), "/api/cases", complaint("ＱＱ群里加价卖烟").put("content", "店主在微信群 加价 销售紧俏烟。")
        .put("contact", new JsonObject().put("name", "司马光").put("phones", new JsonArray().add("+86 136 1234 5678"))))
        .expect(201).json().getLong("id");
    Row docs = Sql.rows(pool, "SELECT number, search_doc, search_title, search_identity, search_text_grams, search_title_grams "
        + "FROM cases WHERE id = $1", id).get(0);
    assertEquals(docs.getString("number").replace("-", "") + " | qq群里加价卖烟 | 店主在微信群 加价 销售紧俏烟。 | 李四 | 某零售店",
        docs.getString("search_doc"));
    assertEquals("qq群里加价卖烟", docs.getString("search_title"));
    assertEquals("司马光 | +8613612345678 | 13612345678 |  | ", docs.getString("search_identity"));
    List<String> grams = Arrays.asList(docs.getArrayOfStrings("search_text_grams"));
    assertTrue(grams.containsAll(List.of("qq", "q群", "紧俏", "加价")) && !grams.contains("群 ") && !grams.contains("。"), grams.toString());
    assertTrue(grams.contains(docs.getString("number").replace("-", "").substring(0, 2)), "the number's pairs: " + grams);
    assertEquals(List.of("qq", "q群", "群里", "里加", "加价", "价卖", "卖烟"), Arrays.asList(docs.getArrayOfStrings("search_title_grams")));
    for (String q : List.of("QQ群", "ｑｑ群 紧俏烟", "司马光", "136 1234 5678", "+86 13612345678", docs.getString("number"))) {
      assertTrue(ids(agentB, q).contains(id), "not found by " + q);
    }
    // A change of a searched field by SQL clears the documents (trigger cases_search_stale): found by the new text
    // through the fields, not by the old, then again through the documents the indexer writes.
    Sql.rows(pool, "UPDATE cases SET content = '零售户反映配送员态度恶劣。' WHERE id = $1", id);
    assertEquals(1, Sql.count(pool, "SELECT count(*) FROM cases WHERE id = $1 AND search_doc IS NULL AND search_text_grams IS NULL", id));
    assertTrue(ids(agentB, "配送员 态度恶劣").contains(id));
    assertFalse(ids(agentB, "紧俏烟").contains(id));
    // A change of another column keeps them.
    Sql.rows(pool, "UPDATE cases SET instruction = '尽快核实' WHERE id = $1", id);
    while (await(CaseSearchIndexer.indexBatch(pool, 10_000)) > 0) {
      // until none is left
    }
    assertTrue(Sql.rows0(pool, "SELECT search_doc FROM cases WHERE id = $1", id).contains("零售户反映配送员态度恶劣。"));
    assertTrue(ids(agentB, "配送员 态度恶劣").contains(id));
    assertFalse(ids(agentB, "紧俏烟").contains(id));
    assertEquals(0, Sql.count(pool, "SELECT count(*) FROM cases WHERE search_doc IS NULL"));
    // The other tests' cases as they were: half of them without documents (writing a searched field clears them).
    Sql.rows(pool, "UPDATE cases SET subject = subject WHERE id = ANY($1::text::bigint[])", pending);
    assertEquals(PENDING, Sql.count(pool, "SELECT count(*) FROM cases WHERE search_doc IS NULL"));
  }

  /** Every case of a query, page by page (at most the 1,000 the search counts to), and the last page's answer. */
  static List<Long> search(User u, String q, List<JsonObject> pages) throws Exception {
    return search(u, q, pages, false);
  }

  /** The same, oldest first ({@code sort=oldest}) if asked. */
  static List<Long> search(User u, String q, List<JsonObject> pages, boolean oldest) throws Exception {
    List<Long> ids = new ArrayList<>();
    for (int page = 1; page <= 5; page++) {
      JsonObject r = get(u.token(), "/api/cases?size=200&page=" + page + (oldest ? "&sort=oldest" : "") + "&q="
          + URLEncoder.encode(q, StandardCharsets.UTF_8))
          .expect(200).json();
      pages.add(r);
      JsonArray items = r.getJsonArray("items");
      items.forEach(o -> ids.add(((JsonObject) o).getLong("id")));
      if (items.size() < 200) {
        break;
      }
    }
    return ids;
  }

  /** The plain scan: each term a substring of a field (identity fields where visible), in the ranking's order. */
  static List<Long> scan(User u, boolean mayIdentity, List<String> terms) throws Exception {
    return scan(u, mayIdentity, terms, false);
  }

  /** The same, oldest first if asked; a query of one-character terms only searches the 10,000 most recent cases. */
  static List<Long> scan(User u, boolean mayIdentity, List<String> terms, boolean oldest) throws Exception {
    String dir = oldest ? "ASC" : "DESC";
    List<Long> ids = new ArrayList<>();
    for (Row r : Sql.rows(pool, "SELECT id FROM cases c WHERE NOT EXISTS (SELECT 1 FROM unnest($1::text[]) t WHERE NOT ("
        + "strpos(c.number, t) > 0 OR strpos(coalesce(c.subject, ''), t) > 0 OR strpos(c.content, t) > 0 "
        + "OR strpos(coalesce(c.respondent_person, ''), t) > 0 OR strpos(coalesce(c.respondent_unit_name, ''), t) > 0 "
        + "OR ((c.kind <> 'report' OR $2 OR c.owner_id = $3) AND (strpos(coalesce(c.contact_name, ''), t) > 0 "
        + "  OR strpos(array_to_string(c.contact_phones, ' '), t) > 0 OR strpos(coalesce(c.contact_email, ''), t) > 0 "
        + "  OR strpos(coalesce(c.contact_address, ''), t) > 0)))) "
        + "ORDER BY NOT EXISTS (SELECT 1 FROM unnest($1::text[]) t WHERE strpos(coalesce(c.subject, ''), t) = 0) DESC, "
        + "received_at " + dir + ", id " + dir + " LIMIT 1000", terms.toArray(String[]::new), mayIdentity, u.id())) {
      ids.add(r.getLong("id"));
    }
    return ids;
  }

  static long countAll(User u, boolean mayIdentity, List<String> terms) {
    return Sql.count(pool, "SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM unnest($1::text[]) t WHERE NOT ("
        + "strpos(c.number, t) > 0 OR strpos(coalesce(c.subject, ''), t) > 0 OR strpos(c.content, t) > 0 "
        + "OR strpos(coalesce(c.respondent_person, ''), t) > 0 OR strpos(coalesce(c.respondent_unit_name, ''), t) > 0 "
        + "OR ((c.kind <> 'report' OR $2 OR c.owner_id = $3) AND (strpos(coalesce(c.contact_name, ''), t) > 0 "
        + "  OR strpos(array_to_string(c.contact_phones, ' '), t) > 0 OR strpos(coalesce(c.contact_email, ''), t) > 0 "
        + "  OR strpos(coalesce(c.contact_address, ''), t) > 0))))", terms.toArray(String[]::new), mayIdentity, u.id());
  }

  @Test
  void findsExactlyWhatAScanFindsRankedAndPermitted() throws Exception {
    String phone = Sql.rows0(pool, "SELECT contact_phones[1] FROM cases WHERE number = '2025-000300'");
    String licence = Sql.rows0(pool, "SELECT substring(content FROM '许可证号([0-9]{12})') FROM cases WHERE number = '2025-000777'");
    List<String> queries = List.of(
        // two characters
        "卷烟", "货源", "专卖", "假烟", "烟货", "深圳", "许可证",
        // four characters and more
        "假冒卷烟", "专卖许可证", "服务态度", "卷烟市场", "态度恶劣",
        // mixed
        "卷烟 货源", "中华 深圳", "专卖 许可证 投诉", "qq群 配送", "app下单",
        // digits: a licence number, part of one, a phone (a report's contact in two cases of three), a case number
        licence, licence.substring(3, 9), phone, phone.substring(3), "2025-000123",
        // identity fields: names, an address, an e-mail
        "张伟", "赵敏 投诉", "西乡街道", "u300@example.cn",
        // one character
        "烟", "货", "7");
    int capped = 0;
    long most = 0;
    for (String q : queries) {
      List<String> terms = Arrays.asList(q.split(" "));
      if (q.equals("2025-000123")) {
        terms = List.of("2025-000123");
      }
      for (Object[] who : new Object[][] {{agentA, false}, {agentB, false}, {leader, true}}) {
        User u = (User) who[0];
        List<JsonObject> pages = new ArrayList<>();
        List<Long> found = search(u, q, pages);
        List<Long> expected = scan(u, (Boolean) who[1], terms);
        long all = countAll(u, (Boolean) who[1], terms);
        assertEquals(expected, found, "query [" + q + "] for user " + u.id() + " (" + all + " matches)");
        JsonObject first = pages.get(0);
        assertEquals(Math.min(all, 1000), first.getLong("total"), q);
        assertEquals(all > 1000, first.getBoolean("totalCapped"), q);
        capped += all > 1000 ? 1 : 0;
        most = Math.max(most, all);
      }
      // Oldest first (the window then holds the oldest cases), as the leader.
      assertEquals(scan(leader, true, terms, true), search(leader, q, new ArrayList<>(), true), "query [" + q + "] oldest first");
      assertTrue(most > 0, "a query that finds nothing tests nothing: " + q);
      most = 0;
    }
    assertTrue(capped > 0, "some query is over the cap");
  }

  @Test
  void withoutTheCountTheSamePageComesWithoutTotal() throws Exception {
    for (String q : List.of("卷烟", "许可证", "假冒卷烟", "卷烟 货源", "赵敏 投诉", "烟")) {
      for (User u : List.of(agentA, leader)) {
        for (int page = 1; page <= 2; page++) {
          String path = "/api/cases?size=5&page=" + page + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
          JsonObject counted = get(u.token(), path).expect(200).json();
          JsonObject uncounted = get(u.token(), path + "&count=false").expect(200).json();
          assertEquals(idsOf(counted), idsOf(uncounted), q + " page " + page);
          assertTrue(counted.containsKey("total"), q);
          assertFalse(uncounted.containsKey("total") || uncounted.containsKey("totalCapped"), uncounted.encode());
        }
      }
    }
  }

  static List<Long> idsOf(JsonObject page) {
    List<Long> ids = new ArrayList<>();
    page.getJsonArray("items").forEach(o -> ids.add(((JsonObject) o).getLong("id")));
    return ids;
  }

  @Test
  void aReportsIdentityIsNeverMatchedForAnotherAgent() throws Exception {
    JsonObject report = new JsonObject().put("kind", "report").put("channel", "phone").put("partyType", "consumer")
        .put("subject", "举报无证经营").put("content", "某店无证经营卷烟。")
        .put("contact", new JsonObject().put("name", "欧阳秘密").put("phones", new JsonArray().add("139-9876-5432"))
            .put("email", "secret@example.cn").put("address", "深圳市光明区某小区"));
    long id = post(agentA.token(), "/api/cases", report).expect(201).json().getLong("id");
    for (String q : List.of("欧阳秘密", "欧阳", "13998765432", "139 9876 5432", "+86 139 9876 5432", "secret@example",
        "光明区某小区", "欧阳 无证经营")) {
      assertFalse(ids(agentB, q).contains(id), "another agent finds a report by its reporter: " + q);
      assertTrue(ids(agentA, q).contains(id), "its owner finds it: " + q);
      assertTrue(ids(leader, q).contains(id), "a leader finds it: " + q);
    }
    // What is not identity is found by everybody.
    assertTrue(ids(agentB, "无证经营").contains(id));
  }

  @Test
  void phoneNumbersAreFoundHoweverTheyAreWritten() throws Exception {
    JsonObject c = complaint("电话号码的写法").put("content", "客户说请回电 0755-8888 1234，或者打 (020) 3333.4444。")
        .put("contact", new JsonObject().put("name", "钱多").put("phones", new JsonArray().add("+86 138 0013 8000")));
    long id = post(agentA.token(), "/api/cases", c).expect(201).json().getLong("id");
    for (String q : List.of("13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000", "+8613800138000",
        "0086 138 0013 8000", "１３８００１３８０００", "0013 8000", "0755-8888 1234", "(0755) 8888-1234", "075588881234",
        "+86 755 8888 1234", "88881234", "020 3333 4444", "（020）33334444")) {
      assertTrue(ids(agentB, q).contains(id), "not found by " + q);
    }
    // The hit is marked where the text writes it.
    JsonObject item = items(agentB, "0755 8888 1234").stream().map(o -> (JsonObject) o)
        .filter(o -> o.getLong("id") == id).findFirst().orElseThrow();
    JsonObject snippet = item.getJsonObject("highlight").getJsonObject("snippet");
    JsonArray hit = snippet.getJsonArray("hits").getJsonArray(0);
    assertEquals("0755-8888 1234", snippet.getString("text").substring(hit.getInteger(0), hit.getInteger(1)));
  }

  @Test
  void highlightsSubjectAndSnippetAndRanksSubjectHitsFirst() throws Exception {
    List<Object> items = items(leader, "卷烟 货源");
    assertFalse(items.isEmpty());
    boolean inSubject = true;
    for (Object o : items) {
      JsonObject item = (JsonObject) o;
      JsonObject h = item.getJsonObject("highlight");
      String subject = item.getString("subject");
      boolean both = subject != null && subject.contains("卷烟") && subject.contains("货源");
      assertTrue(inSubject || !both, "a subject hit after the others: " + item.encode());
      inSubject = both;
      if (subject != null) {
        for (Object r : h.getJsonObject("subject").getJsonArray("hits")) {
          JsonArray range = (JsonArray) r;
          String marked = subject.substring(range.getInteger(0), range.getInteger(1));
          assertTrue(marked.contains("卷烟") || marked.contains("货源"), marked);
        }
      }
      JsonObject snippet = h.getJsonObject("snippet");
      assertTrue(snippet.getString("text").length() <= 92, snippet.encode());
    }
  }

  @Test
  void aOneCharacterQuerySaysItSearchedTheRecentCasesAndTooLongIsRefused() throws Exception {
    JsonObject r = get(leader.token(), "/api/cases?q=" + URLEncoder.encode("烟", StandardCharsets.UTF_8)).expect(200).json();
    assertEquals(10_000, r.getInteger("recentOnly"));
    JsonObject two = get(leader.token(), "/api/cases?q=" + URLEncoder.encode("卷烟", StandardCharsets.UTF_8)).expect(200).json();
    assertNull(two.getValue("recentOnly"));
    // A page past the cap is empty, and still says how many there are.
    JsonObject past = get(leader.token(), "/api/cases?size=50&page=21&q=" + URLEncoder.encode("烟", StandardCharsets.UTF_8))
        .expect(200).json();
    assertTrue(past.getJsonArray("items").isEmpty());
    assertEquals(1000, past.getInteger("total"));
    get(leader.token(), "/api/cases?q=" + URLEncoder.encode("一 二 三 四 五 六 七 八 九", StandardCharsets.UTF_8)).expect(400);
  }

  @Test
  void searchNormInSqlAndHighlightInJavaAgree() throws Exception {
    List<String> corpus = new ArrayList<>(List.of("ＡＢＣ１２３", "0755-8888 1234", "(0755)8888.1234", "138 0013 8000",
        "＋８６ １３８–００１３—８０００", "卷烟　货源", "Ｗｅｃｈａｔ群", "许可证号 4403 0000 1234", "第1-2条", "价格3.5元",
        "Ⅻ号", "①②", "ﬁle", "㈱", "ＡＢＣ－１２３", "e\u0301", "MiXeD CaSe ÉÀ", "1 - 2 - 3", "a1 2b", "电话:138 0013 8000。"));
    for (Row r : Sql.rows(pool, "SELECT subject, content FROM cases WHERE id % 97 = 0")) {
      corpus.add(r.getString("subject"));
      corpus.add(r.getString("content"));
    }
    for (String s : corpus) {
      if (s == null) {
        continue;
      }
      assertEquals(Sql.rows0(pool, "SELECT search_norm($1)", s), Highlight.normalize(s), "normalised [" + s + "]");
    }
  }

  @Test
  void searchGramsMakeTheSamePairsAsV15s() throws Exception {
    // V15's body, by subscript; V16 makes the same pairs in one pass.
    Sql.rows(pool, "CREATE OR REPLACE FUNCTION v15_search_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT AS $$ "
        + "SELECT coalesce(array_agg(DISTINCT x.a[i] || x.a[i + 1]), '{}') FROM (SELECT string_to_array(regexp_replace("
        + "search_norm(t), '[[:space:][:punct:]]+', ' ', 'g'), NULL) AS a OFFSET 0) x, generate_series(1, cardinality(x.a) - 1) i "
        + "WHERE x.a[i] <> ' ' AND x.a[i + 1] <> ' ' $$");
    assertEquals(0, Sql.count(pool, "SELECT count(*) FROM (SELECT content AS t FROM cases UNION ALL SELECT subject FROM cases "
        + "UNION ALL SELECT unnest(ARRAY['', 'a', 'ab', ' a ', '卷烟，货源', '１２３', '+86 138-0013-8000'])) x "
        + "WHERE search_grams(t) IS DISTINCT FROM v15_search_grams(t)"));
    assertEquals("{}", Sql.rows0(pool, "SELECT search_grams('')::text"));
    assertEquals("{卷烟}", Sql.rows0(pool, "SELECT search_grams('卷烟')::text"));
  }

  static List<Long> ids(User u, String q) throws Exception {
    return items(u, q).stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }

  static List<Object> items(User u, String q) throws Exception {
    return get(u.token(), "/api/cases?size=200&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).expect(200).json()
        .getJsonArray("items").getList().stream().map(o -> o instanceof java.util.Map<?, ?> m
            ? new JsonObject((java.util.Map<String, Object>) m) : o).toList();
  }
}
