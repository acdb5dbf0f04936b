package hotline.app;

import static hotline.testing.Waiting.await;
import hotline.config.Config;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable case intake over HTTP, end to end: the real app on its embedded PostgreSQL (fsync on), each request a
 * committed case read back whole. Not part of `mvn verify`; run it with
 * {@code mvn -pl app -am verify -Dtest=IntakeBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}
 * (sizes: -Dbench.cases=… -Dbench.clients=…). Prints cases/s and latency percentiles; with {@code -Dbench.searchCompare=true}
 * rounds with and without the search indexes of migration V19, and the difference.
 */
@Tag("benchmark")
class IntakeBenchmark {

  @TempDir
  Path dataDir;

  @Test
  void intakeLoop() throws Exception {
    int cases = Integer.getInteger("bench.cases", 4000);
    int clients = Integer.getInteger("bench.clients", 16);
    // -Dbench.searchCompare=true: rounds with and without the search indexes of V19 (dropped, then made again).
    boolean compare = Boolean.getBoolean("bench.searchCompare");
    int dbPort;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      dbPort = free.getLocalPort();
    }
    Vertx vertx = Vertx.vertx();
    // Up to 2 minutes, not await's 60 s: the start initialises the embedded PostgreSQL.
    Config config = Config.of(Map.of("http.port", "0", "http.host", "127.0.0.1", "data.dir", dataDir.toString(),
        "calendar.dir", "../config/calendar", "admin.password", hotline.testing.CoreFixture.password("admin"), "database.pool-size", "16",
        "embedded-postgres.port", String.valueOf(dbPort)));
    Hotline[] app = {new Hotline(vertx, config).start().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES)};
    try {
      int port = app[0].httpPort();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String admin = token(http, port, "admin", hotline.testing.CoreFixture.password("admin"));
      send(http, port, "/api/users", admin, new JsonObject().put("username", "bench").put("password", hotline.testing.CoreFixture.password("bench"))
          .put("roles", new JsonArray().add("agent")).encode());
      String agent = token(http, port, "bench", hotline.testing.CoreFixture.password("bench"));

      Vertx clientVertx = Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(1));
      try {
        run("warm-up", clientVertx, port, agent, 2000, 8);
        if (compare) {
          // After a column is dropped or added the app starts again: its cached statements (c.*) planned the old row type.
          compareSearchColumns(vertx, clientVertx, () -> {
            await(app[0].stop());
            app[0] = new Hotline(vertx, config).start().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
            return app[0].httpPort();
          }, agent, dbPort, cases, clients);
        } else {
          run("sequential (1 client)", clientVertx, port, agent, cases / 4, 1);
          run("concurrent (" + clients + " clients)", clientVertx, port, agent, cases, clients);
        }
      } finally {
        await(clientVertx.close());
      }
    } finally {
      await(app[0].stop());
      await(vertx.close());
    }
  }

  /**
   * Intake with the GIN indexes of V19 and without them, in alternating rounds (with, without, with, without) on the same
   * database, so that the table's growth and the machine's other load fall on both alike. Both write the search
   * documents (made in Java): their cost against intake before issue 14 is the run of that commit's benchmark.
   */
  private void compareSearchColumns(Vertx vertx, Vertx clientVertx, java.util.concurrent.Callable<Integer> restart, String agent,
      int dbPort, int cases, int clients) throws Exception {
    String password = java.nio.file.Files.readString(dataDir.resolve("postgres.password")).strip();
    io.vertx.pgclient.PgConnectOptions target = new io.vertx.pgclient.PgConnectOptions().setHost("localhost").setPort(dbPort)
        .setDatabase(EmbeddedDatabase.DATABASE).setUser(EmbeddedDatabase.SUPERUSER).setPassword(password);
    // The search's indexes (V19) and the open cases' (V21), which serve its "mine, open" searches.
    String v19 = new String(IntakeBenchmark.class.getResourceAsStream("/db/migration/V19__case_search_docs.sql").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8)
        + new String(IntakeBenchmark.class.getResourceAsStream("/db/migration/V21__open_cases_indexes.sql").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    List<String> add = java.util.Arrays.stream(v19.split(";"))
        .map(x -> x.lines().filter(l -> !l.strip().startsWith("--")).collect(java.util.stream.Collectors.joining("\n")).strip())
        .filter(x -> x.startsWith("CREATE INDEX")).toList();
    // Pairs of rounds (with, then without), each pair's ratio: the drift of a long run (the table grows, the caches
    // warm, a checkpoint falls in one round) moves both rounds of a pair alike; the median ratio of the pairs is the figure.
    int pairs = Integer.getInteger("bench.pairs", 4);
    List<double[]> with = new ArrayList<>();
    List<double[]> without = new ArrayList<>();
    for (int round = 0; round < 2 * pairs; round++) {
      boolean columns = round % 2 == 0;
      int port;
      io.vertx.sqlclient.Pool db = io.vertx.pgclient.PgBuilder.pool().using(vertx).connectingTo(target).build();
      try {
        if (columns && round > 0) {
          for (String sql : add) {
            await(db.query(sql).execute());
          }
        } else if (!columns) {
          await(db.query("DROP INDEX cases_search_text, cases_search_title, cases_search_identity, cases_search_pending, "
              + "cases_open_owner, cases_open")
              .execute());
        }
        await(db.query("VACUUM ANALYZE cases").execute());
      } finally {
        await(db.close());
      }
      port = restart.call();
      String label = columns ? "with search indexes" : "without them";
      double seq = run("sequential, " + label, clientVertx, port, agent, cases / 4, 1);
      double conc = run("concurrent, " + label, clientVertx, port, agent, cases, clients);
      (columns ? with : without).add(new double[] {seq, conc});
    }
    List<Double> seqRatio = new ArrayList<>();
    List<Double> concRatio = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      seqRatio.add(with.get(i)[0] / without.get(i)[0]);
      concRatio.add(with.get(i)[1] / without.get(i)[1]);
      System.out.printf("BENCHMARK intake search indexes, pair %d: sequential %.0f vs %.0f cases/s without (%+.1f %%), "
          + "concurrent %.0f vs %.0f (%+.1f %%)%n", i + 1, with.get(i)[0], without.get(i)[0], (seqRatio.get(i) - 1) * 100,
          with.get(i)[1], without.get(i)[1], (concRatio.get(i) - 1) * 100);
    }
    seqRatio.sort(null);
    concRatio.sort(null);
    System.out.printf("BENCHMARK intake search indexes: median of %d pairs, sequential %+.1f %%, concurrent %+.1f %% "
        + "(with the indexes against without)%n", pairs, (median(seqRatio) - 1) * 100, (median(concRatio) - 1) * 100);
  }

  /**
   * {@code total} intakes with {@code clients} requests in flight at any time, sent by a Vert.x HTTP client on its
   * own event loop (a cheap load generator, like wrk's connections), so the figure is the service's, not the client's.
   */
  private static double run(String label, Vertx clientVertx, int port, String token, int total, int clients) throws Exception {
    io.vertx.core.http.HttpClientAgent client = clientVertx.createHttpClient(
        new io.vertx.core.http.HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(clients));
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
    long start = System.nanoTime();
    Runnable[] next = new Runnable[1];
    next[0] = () -> {
      int i = started.getAndIncrement();
      if (i >= total) {
        return;
      }
      String body = new JsonObject().put("kind", i % 3 == 0 ? "report" : "complaint").put("channel", "phone")
          .put("partyType", "consumer").put("subject", "基准测试 " + i)
          .put("content", "在零售店购买到疑似假冒卷烟，要求核查处理。编号 " + i)
          .put("contact", new JsonObject().put("name", "测试客户").put("phones", new JsonArray().add("1380013" + String.format("%04d", i % 10000))))
          .encode();
      long t0 = System.nanoTime();
      client.request(io.vertx.core.http.HttpMethod.POST, "/api/cases")
          .compose(req -> req.putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json")
              .send(body).compose(resp -> resp.body().map(b -> {
                if (resp.statusCode() != 201) {
                  throw new IllegalStateException("HTTP " + resp.statusCode() + ": " + b);
                }
                return b;
              })))
          .onSuccess(b -> {
            latencies.add(System.nanoTime() - t0);
            if (finished.incrementAndGet() == total) {
              done.complete(null);
            } else {
              next[0].run();
            }
          })
          .onFailure(done::completeExceptionally);
    };
    clientVertx.runOnContext(v -> {
      for (int c = 0; c < clients; c++) {
        next[0].run();
      }
    });
    done.get(10, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - start) / 1e9;
    client.close();
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    System.out.printf("BENCHMARK intake %-36s %6d cases in %6.2f s = %7.0f cases/s; latency p50 %.1f ms, p99 %.1f ms%n",
        label, sorted.size(), seconds, sorted.size() / seconds, pct(sorted, 0.50), pct(sorted, 0.99));
    return sorted.size() / seconds;
  }

  private static double pct(List<Long> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size()))) / 1e6;
  }

  private static String token(HttpClient http, int port, String user, String pw) throws Exception {
    HttpResponse<String> r = send(http, port, "/api/session", null, new JsonObject().put("username", user).put("password", pw).encode());
    return new JsonObject(r.body()).getString("token");
  }

  private static HttpResponse<String> send(HttpClient http, int port, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
