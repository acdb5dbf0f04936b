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

  @BeforeAll
  static void start() throws Exception {
    fixture = CoreFixture.builder().start();
    knowledge = KnowledgeService.of(fixture.vertx, fixture.core);
    long t0 = System.nanoTime();
    int n = await(KnowledgeTestData.insert(fixture.pool, N, new long[0], LocalDate.of(2026, 2, 12), CoreFixture.START));
    System.out.printf("knowledge test data: %d articles in %d ms%n", n, (System.nanoTime() - t0) / 1_000_000);
    await(fixture.pool.query("ANALYZE knowledge_articles").execute());
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Test
  void everyMatchingArticleInForceIsFoundAsALikeScanFindsIt() throws Exception {
    List<Long> times = new ArrayList<>();
    for (String q : List.of("卷烟", "货源", "专卖许可证", "卷烟 货源", "零售户 投放", "44030000018", "0755 2000", "客户经理", "说明（42）")) {
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
      assertTrue(expected > 0 || q.startsWith("说明"), q + " finds something in the test data");
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
      for (String q : List.of("卷烟", "货源", "专卖许可证", "卷烟 货源", "零售户 投放", "44030000018", "0755 2000", "客户经理", "说明（42）")) {
        long t0 = System.nanoTime();
        await(knowledge.list(AGENT, q, null, null, null, 1, 20));
        warm.add((System.nanoTime() - t0) / 1_000_000);
      }
      System.out.println("knowledge search over " + N + " articles, ms per query (warm): " + warm);
    }
  }
}
