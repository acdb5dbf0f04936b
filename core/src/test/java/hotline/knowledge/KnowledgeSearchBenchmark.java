package hotline.knowledge;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.testing.CoreFixture;
import hotline.users.Principal;
import hotline.users.Role;
import hotline.search.SearchHarness;
import hotline.search.SearchHarness.Workload;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The knowledge search on 100,000 articles ({@link KnowledgeTestData}, {@code -Dbench.articles}): for 2-character,
 * 4-character, mixed (two words) and number queries, {@code -Dbench.queries} (300) each, p50/p95/p99 ({@link SearchHarness}) of
 * {@link KnowledgeService#list} as the knowledge page asks (counted) and as the desk's search box asks (without the
 * count). Not part of {@code mvn verify}:
 * {@code mvn -o -pl core -am verify -Dtest=KnowledgeSearchBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class KnowledgeSearchBenchmark {

  static final int ARTICLES = Integer.getInteger("bench.articles", 100_000);
  static final int RUNS = Integer.getInteger("bench.queries", 300);
  static final Principal AGENT = new Principal(1, "agent", "agent", Set.of(Role.AGENT), null);

  static final List<String> TWO = List.of("卷烟", "货源", "专卖", "营销", "投放", "档位", "品牌", "物流", "稽查", "假烟",
      "走私", "价格", "订货", "配送", "终端", "陈列", "新品", "规格", "包装", "促销", "积分", "市场", "烟草", "经营", "办理",
      "变更", "延续", "注销", "申请", "材料", "时限", "投诉", "咨询", "答复", "政策", "规定", "执行", "工作", "事项", "电话");
  static final List<String> FOUR = List.of("客户经理", "营业执照", "专卖许可证", "工作日内",
      "相关事项", "卷烟货源", "办理烟草", "烟草专卖", "提交材料", "咨询电话", "执行须在", "变更申请", "投放档位", "品牌促销",
      "订货配送", "稽查假烟", "市场价格");
  /** Licence numbers whole and in part, phone numbers written as people write them (KnowledgeTestData's). */
  static final List<String> NUMBERS = List.of("440300000018", "440300012348", "44030001", "4403000", "4403 0000 9999",
      "0755-2000 1320", "0755 20001320", "075520012345", "2001 2345", "0755-2", "许可证号 440300", "咨询电话 0755");

  @Test
  void knowledgeSearchOnAHundredThousandArticles() throws Exception {
    try (CoreFixture fixture = CoreFixture.builder().start()) {
      KnowledgeService knowledge = KnowledgeService.of(fixture.vertx, fixture.core);
      long t0 = System.nanoTime();
      int n = await(KnowledgeTestData.insert(fixture.pool, ARTICLES, new long[0], LocalDate.now(), CoreFixture.START), 1800);
      // Settled, as a centre's table is: no autovacuum of the fresh rows running under the first queries.
      await(fixture.pool.query("VACUUM (ANALYZE) knowledge_articles").execute(), 600);
      await(fixture.pool.query("VACUUM (ANALYZE) knowledge_versions").execute(), 600);
      System.out.printf("BENCHMARK knowledge search: %d articles in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
      Random random = new Random(14);
      List<String> mixed = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        mixed.add(TWO.get(random.nextInt(TWO.size())) + " " + (random.nextBoolean() ? TWO : FOUR).get(random.nextInt(FOUR.size())));
      }
      List<Workload> workloads = new ArrayList<>();
      Map<String, AtomicInteger> found = new LinkedHashMap<>();
      for (String kind : List.of("2-char", "4-char", "mixed", "number")) {
        List<String> words = switch (kind) {
          case "2-char" -> TWO;
          case "4-char" -> FOUR;
          case "mixed" -> mixed;
          default -> NUMBERS;
        };
        for (boolean counted : List.of(true, false)) {
          String label = "articles " + kind + (counted ? " counted" : " count=false");
          AtomicInteger hits = new AtomicInteger();
          found.put(label, hits);
          List<Supplier<Future<?>>> runs = new ArrayList<>();
          for (int i = 0; i < RUNS; i++) {
            String q = words.get(random.nextInt(words.size()));
            int page = i % 10 == 9 ? 2 : 1;
            runs.add(() -> knowledge.list(AGENT, q, null, null, null, page, counted ? 20 : 5, counted)
                .onSuccess(r -> hits.addAndGet(r.getJsonArray("items").isEmpty() ? 0 : 1)));
          }
          workloads.add(new Workload(label, runs));
        }
      }
      int warmUp = 60;
      SearchHarness.measure(workloads, warmUp);
      // Counted over every call, the warm-up's (the first runs again) included.
      int calls = RUNS + Math.min(warmUp, RUNS);
      found.forEach((label, hits) -> assertTrue(hits.get() > calls / 2, label + ": most queries find articles, " + hits));
    }
  }
}
