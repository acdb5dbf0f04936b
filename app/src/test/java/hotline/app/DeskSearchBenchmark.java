package hotline.app;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.config.Config;
import hotline.knowledge.KnowledgeTestData;
import hotline.stats.DataSetGenerator;
import hotline.calendar.WorkingCalendar;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The desk's search box at scale (issue 14): the whole app on the benchmarks' data set of a million cases
 * ({@link DataSetGenerator#persistent}, with its varied search text) and 100,000 knowledge articles (added to the set
 * once, {@link KnowledgeTestData}), in a real Chromium. An agent opens the box with Ctrl+K and types a query; the box
 * keeps the time from the last key to its three groups (cases, articles, phrases) on the page as {@code
 * data-search-ms} (its debounce of 120 ms included), which this reads for each query. Target: ≤ 300 ms.
 *
 * <p>Not part of {@code mvn verify}; run it with
 * {@code mvn -o -pl app -am verify -Dtest=DeskSearchBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dhotline.bench.dir=…}; the set is made the first time, which takes most of an hour).
 */
@Tag("benchmark")
@Timeout(value = 90, unit = TimeUnit.MINUTES)
class DeskSearchBenchmark {

  static final int ARTICLES = Integer.getInteger("bench.articles", 100_000);
  static final String ADMIN = "deskbench-admin";
  static final String ADMIN_PASSWORD = "Desk-Bench-Adm1n-2026";
  static final String AGENT = "deskbench-agent";
  static final String AGENT_PASSWORD = "Desk-Bench-Ag3nt-2026";
  /** Words an agent types: two characters, four, two words, a number. */
  static final List<String> QUERIES = List.of("卷烟", "货源", "价格", "专卖", "假烟", "物流", "订货", "门店", "投诉", "稽查",
      "假冒卷烟", "服务态度", "物流配送", "专卖许可证", "客户经理", "态度恶劣", "卷烟 货源", "中华 深圳", "假烟 宝安区",
      "专卖许可证 办理", "价格 投诉", "零售户 断货", "许可证 延期", "配送 态度");

  @Test
  void searchAsYouTypeOnAMillionCases() throws Exception {
    Browser.requireChromium();
    ZoneId zone = ZoneId.of("Asia/Shanghai");
    WorkingCalendar cal = WorkingCalendar.load(Path.of("../config/calendar"), zone, LocalTime.of(17, 30));
    try (var pg = DataSetGenerator.persistent(DataSetGenerator.benchDir(), 1_000_000, cal)) {
      String jdbc = pg.getJdbcUrl("postgres", "bench");
      // The set was migrated by benchmarks with fewer modules on the class path: checksums brought up to date, as an
      // operator would after a changed migration's text (the app validates them).
      Flyway.configure().dataSource(jdbc, "postgres", "postgres").locations("classpath:db/migration").outOfOrder(true)
          .load().repair();
      articles(pg);
      Vertx vertx = Vertx.vertx();
      Config config = Config.of(Map.of("http.port", "0", "http.host", "127.0.0.1", "calendar.dir", "../config/calendar",
          "database.url", "postgresql://postgres:postgres@localhost:" + pg.getPort() + "/bench", "admin.username", ADMIN,
          "admin.password", ADMIN_PASSWORD));
      Hotline app = new Hotline(vertx, config).start().toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
      Browser browser = null;
      try {
        String base = "http://127.0.0.1:" + app.httpPort();
        agent(base);
        Browser open = Browser.open(base);
        browser = open;
        browser.signIn(AGENT, AGENT_PASSWORD);
        try {
          browser.waitFor(By.cssSelector("[data-test=search-open]"), Duration.ofSeconds(30));
        } catch (RuntimeException e) {
          browser.shot("desk-search-1m-signin");
          throw e;
        }
        browser.driver.findElement(By.tagName("body")).sendKeys(Keys.chord(Keys.CONTROL, "k"));
        WebElement input = browser.waitFor(By.cssSelector("[data-test=search-input]"));
        List<Integer> times = new ArrayList<>();
        List<List<Integer>> requests = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        // Twice over: the first round warms the caches (pair statistics, plans' catalogue, pages), the second counts.
        for (int round = 0; round < 2; round++) {
          for (String q : QUERIES) {
            input.sendKeys(Keys.chord(Keys.CONTROL, "a"), q);
            new WebDriverWait(browser.driver, Duration.ofSeconds(20), Duration.ofMillis(5))
                .until(d -> q.equals(searchBox(open).getAttribute("data-search-q")));
            int ms = Integer.parseInt(searchBox(open).getAttribute("data-search-ms"));
            String cases = browser.driver.findElement(By.cssSelector("[data-test=search-cases]")).getText();
            // How long each of the box's three requests took (Resource Timing: request start to response end).
            @SuppressWarnings("unchecked")
            List<Number> took = (List<Number>) open.script("const q = encodeURIComponent(arguments[0]); "
                + "const last = (p) => performance.getEntriesByType('resource').filter((e) => e.name.includes(p) "
                + "&& e.name.includes('q=' + q)).pop(); "
                + "return ['/api/cases?', '/api/knowledge/articles?', '/api/phrases?'].map((p) => { const e = last(p); "
                + "return e ? Math.round(e.responseEnd - e.startTime) : -1; });", q);
            if (round == 1) {
              times.add(ms);
              for (int i = 0; i < 3; i++) {
                requests.get(i).add(took.get(i).intValue());
              }
              System.out.printf("BENCHMARK desk search [%s]: %d ms after the last key (requests: cases %s, articles %s, "
                  + "phrases %s ms); cases: %s%n", q, ms, took.get(0), took.get(1), took.get(2),
                  cases.replace('\n', ' ').substring(0, Math.min(60, cases.length())));
            }
          }
        }
        browser.shot("desk-search-1m");
        List<Integer> sorted = new ArrayList<>(times);
        sorted.sort(null);
        int p50 = sorted.get(sorted.size() / 2);
        int p95 = sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1);
        System.out.printf("BENCHMARK desk search on 1,000,000 cases and %d articles: %d queries, last key to results on the "
                + "page p50 %d ms, p95 %d ms, max %d ms (debounce 120 ms included)%n", ARTICLES, sorted.size(), p50, p95,
            sorted.get(sorted.size() - 1));
        String[] names = {"cases", "articles", "phrases"};
        for (int i = 0; i < 3; i++) {
          List<Integer> r = new ArrayList<>(requests.get(i));
          r.sort(null);
          System.out.printf("BENCHMARK desk search request %s: p50 %d ms, max %d ms%n", names[i], r.get(r.size() / 2),
              r.get(r.size() - 1));
        }
        assertTrue(p95 <= 300, "results within 300 ms of the last key: " + sorted);
      } finally {
        if (browser != null) {
          browser.close();
        }
        app.stop().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
        await(vertx.close());
      }
    }
  }

  private static WebElement searchBox(Browser browser) {
    return browser.driver.findElement(By.cssSelector("[data-search-q]"));
  }

  /** 100,000 articles in the set, made once. */
  private static void articles(io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg) throws Exception {
    Vertx vertx = Vertx.vertx();
    Pool pool = DataSetGenerator.pool(vertx, pg);
    try {
      long have = await(pool.query("SELECT count(*) FROM knowledge_articles").execute()).iterator().next().getLong(0);
      if (have < ARTICLES) {
        List<Long> units = new ArrayList<>();
        for (Row r : await(pool.query("SELECT id FROM units ORDER BY id").execute())) {
          units.add(r.getLong(0));
        }
        long t0 = System.nanoTime();
        int n = await(KnowledgeTestData.insert(pool, (int) (ARTICLES - have), units.stream().mapToLong(Long::longValue).toArray(),
            LocalDate.now(ZoneId.of("Asia/Shanghai")), Instant.now()), 1800);
        await(pool.query("ANALYZE knowledge_articles").execute());
        System.out.printf("BENCHMARK desk search: %d articles added to the set in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
      }
    } finally {
      await(pool.close());
      await(vertx.close());
    }
  }

  /** The agent, made once (a second run finds them). */
  private static void agent(String base) throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    String admin = login(http, base, ADMIN, ADMIN_PASSWORD);
    var created = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/users"))
        .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", AGENT)
            .put("password", AGENT_PASSWORD).put("displayName", "检索坐席").put("roles", new JsonArray().add("agent")).encode()))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertTrue(created.statusCode() == 201 || created.statusCode() == 409, created.statusCode() + " " + created.body());
  }

  private static String login(java.net.http.HttpClient http, String base, String user, String password) throws Exception {
    var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/session"))
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", user).put("password", password).encode()))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertTrue(r.statusCode() == 200, r.statusCode() + " " + r.body());
    return new JsonObject(r.body()).getString("token");
  }
}
