package hotline.knowledge;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.testing.CoreFixture;
import hotline.users.Principal;
import hotline.users.Role;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test data makes searchable articles, and the search on them is exact: for a sample of queries (two characters,
 * four, mixed, a number) every published article in force whose text holds the terms is found, compared with a LIKE
 * scan. Prints the search times (a figure for the note, not a limit: the benchmark sets {@code -Dbench.articles}).
 */
class KnowledgeTestDataTest {

  static CoreFixture fixture;
  static KnowledgeService knowledge;
  static final Principal AGENT = new Principal(1, "agent", "agent", Set.of(Role.AGENT), null);
  static final int N = Integer.getInteger("bench.articles", 5_000);
  static final List<String> QUERIES = List.of("卷烟", "货源", "专卖许可证", "卷烟 货源", "零售户 投放", "44030000018",
      "0755 2000", "0755-2", "4403000", "许可证号 44030000", "客户经理", "执行须在", "说明（42）");

  @BeforeAll
  static void start() throws Exception {
    fixture = CoreFixture.builder().start();
    knowledge = KnowledgeService.of(fixture.vertx, fixture.core);
    long t0 = System.nanoTime();
    int n = await(KnowledgeTestData.insert(fixture.pool, N, new long[0], LocalDate.of(2026, 2, 12), CoreFixture.START), 1800);
    System.out.printf("knowledge test data: %d articles in %d ms%n", n, (System.nanoTime() - t0) / 1_000_000);
    await(fixture.pool.query("ANALYZE knowledge_articles").execute());
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  /**
   * The keys a search looks a term up by are among the keys PostgreSQL indexes a text by ({@code search_keys}, V22), for
   * any substring of any text: the index never loses an article or a phrase.
   */
  @Test
  void theKeysATermIsLookedUpByAreAmongItsTextsIndexedKeys() throws Exception {
    String alphabet = "卷烟货源专卖许可证零售户0123456789０１２ 　，。-()+（）号";
    java.util.Random rnd = new java.util.Random(22);
    List<String> texts = new ArrayList<>();
    for (int n = 0; n < 1000; n++) {
      StringBuilder text = new StringBuilder();
      for (int i = 0, len = 5 + rnd.nextInt(40); i < len; i++) {
        text.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      texts.add(text.toString());
    }
    int checked = 0;
    for (io.vertx.sqlclient.Row row : await(fixture.pool.preparedQuery("SELECT search_norm(t), search_keys(t) FROM unnest($1::text[]) t")
        .execute(Tuple.of(texts.toArray(String[]::new))))) {
      String doc = row.getString(0);
      Set<String> keys = Set.of(row.getArrayOfStrings(1));
      for (int i = 0; i + 2 <= doc.length(); i++) {
        String term = doc.substring(i, Math.min(doc.length(), i + 2 + rnd.nextInt(8)));
        for (String k : hotline.search.TextSearch.lookupKeys(new String[] {term})) {
          assertTrue(keys.contains(k), "[" + term + "] of [" + doc + "]: key " + k + " missing from " + keys);
          checked++;
        }
      }
    }
    assertTrue(checked > 10_000, "keys checked: " + checked);
  }

  @Test
  void everyMatchingArticleInForceIsFoundAsALikeScanFindsIt() throws Exception {
    List<Long> times = new ArrayList<>();
    for (String q : QUERIES) {
      long t0 = System.nanoTime();
      JsonObject r = await(knowledge.list(AGENT, q, null, null, null, 1, 20));
      times.add((System.nanoTime() - t0) / 1_000_000);
      StringBuilder where = new StringBuilder(" FROM knowledge_articles a WHERE a.status = 'published' "
          + "AND (a.effective_from IS NULL OR a.effective_from <= '2026-02-12') AND (a.expires_on IS NULL OR a.expires_on > '2026-02-12')");
      StringBuilder titleHit = new StringBuilder("true");
      List<Object> args = new ArrayList<>();
      for (String term : hotline.search.TextSearch.terms(q)) {
        args.add("%" + hotline.search.Highlight.normalize(term) + "%");
        where.append(" AND search_norm(a.title || ' ' || a.body_text) LIKE $").append(args.size());
        titleHit.append(" AND search_norm(a.title) LIKE $").append(args.size());
      }
      long expected = await(fixture.pool.preparedQuery("SELECT count(*)" + where).execute(Tuple.from(args))).iterator().next()
          .getLong(0);
      assertEquals(Math.min(expected, KnowledgeService.MAX_COUNT), r.getLong("total"), q);
      assertEquals(expected > KnowledgeService.MAX_COUNT, r.getBoolean("more"), q);
      assertTrue(expected > 0 || q.startsWith("说明") || q.equals("执行须在"), q + " finds something in the test data");
      // The first page is the LIKE scan's first twenty: title hits first, then the newest.
      List<Long> reference = new ArrayList<>();
      await(fixture.pool.preparedQuery("SELECT a.id" + where + " ORDER BY (" + titleHit + ") DESC, a.updated_at DESC, a.id DESC LIMIT 20")
          .execute(Tuple.from(args))).forEach(row -> reference.add(row.getLong(0)));
      List<Long> ids = r.getJsonArray("items").stream().map(o -> ((JsonObject) o).getLong("id")).toList();
      assertEquals(reference, ids, q);
    }
    System.out.println("knowledge search over " + N + " articles, ms per query (cold): " + times);
    // Twice more, warm: the figure for the note.
    for (int round = 0; round < 2; round++) {
      List<Long> warm = new ArrayList<>();
      for (String q : QUERIES) {
        long t0 = System.nanoTime();
        await(knowledge.list(AGENT, q, null, null, null, 1, 20));
        warm.add((System.nanoTime() - t0) / 1_000_000);
      }
      System.out.println("knowledge search over " + N + " articles, ms per query (warm): " + warm);
    }
  }
}
