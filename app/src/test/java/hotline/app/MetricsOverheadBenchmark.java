package hotline.app;

import static hotline.testing.Waiting.await;

import hotline.config.Config;
import hotline.testing.PgTestSupport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What metrics cost a fast request: {@code GET /api/me} (a signed-in user's own account) with metrics off and on,
 * alternating (off, on, off, on) so that the machine's drift falls on both. Each round: a warm-up, then
 * {@code bench.requests} requests with {@code bench.clients} in flight, sent from a Vert.x client on its own loop.
 * With metrics on, a scrape every second as Prometheus would. Prints requests/s and latency percentiles. Not part of
 * {@code mvn verify}:
 * {@code mvn -o -pl app -am verify -Dtest=MetricsOverheadBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class MetricsOverheadBenchmark {

  static final String TOKEN = "bench-" + UUID.randomUUID();
  /** The admin's, set on the first round's start (later rounds find the admin there). */
  static final String PASSWORD = "Bench-Admin-" + UUID.randomUUID();

  @Test
  void fastRequestWithAndWithoutMetrics() throws Exception {
    int requests = Integer.getInteger("bench.requests", 20000);
    int clients = Integer.getInteger("bench.clients", 8);
    PgConnectOptions db = PgTestSupport.freshDatabase();
    List<String> lines = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      boolean on = round % 2 == 1;
      lines.add(round(db, on, requests, clients));
    }
    lines.forEach(System.out::println);
  }

  private static String round(PgConnectOptions db, boolean metrics, int requests, int clients) throws Exception {
    String url = "postgresql://" + db.getUser() + ":" + db.getPassword() + "@" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase();
    String password = PASSWORD;
    Map<String, String> values = new HashMap<>(Map.of("http.port", "0", "http.host", "127.0.0.1", "database.url", url,
        "calendar.dir", "../config/calendar", "admin.password", password));
    if (metrics) {
      values.put("metrics.token", TOKEN);
    }
    Config config = Config.of(values);
    Vertx vertx = HotlineVertx.create(config, new VertxOptions());
    Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      Hotline app = new Hotline(vertx, config).start().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
      try {
        HttpClientAgent client = clientVertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
            .setDefaultPort(app.httpPort()), new PoolOptions().setHttp1MaxSize(clients));
        String token = signIn(client, password);
        long scraper = metrics ? clientVertx.setPeriodic(1000, id -> client.request(new RequestOptions().setURI("/metrics")
            .putHeader("Authorization", "Bearer " + TOKEN)).compose(r -> r.send().compose(x -> x.body())).onComplete(x -> { })) : -1;
        run(client, token, Math.max(2000, requests / 5), clients);
        long[] lat = run(client, token, requests, clients);
        if (scraper >= 0) {
          clientVertx.cancelTimer(scraper);
        }
        long wall = lat[lat.length - 1];
        long[] sorted = Arrays.copyOf(lat, lat.length - 1);
        Arrays.sort(sorted);
        return String.format("metrics %-3s: %d requests, %d in flight: %.0f req/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms",
            metrics ? "on" : "off", requests, clients, requests / (wall / 1e9), pct(sorted, 50), pct(sorted, 90), pct(sorted, 99));
      } finally {
        await(app.stop());
      }
    } finally {
      await(clientVertx.close());
      await(vertx.close());
    }
  }

  private static double pct(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
  }

  private static String signIn(HttpClientAgent client, String password) throws Exception {
    Future<String> f = client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/session")
            .putHeader("Content-Type", "application/json"))
        .compose(r -> r.send(new JsonObject().put("username", "admin").put("password", password).encode()).compose(x -> x.body()))
        .map(b -> new JsonObject(b).getString("token"));
    String token = f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    if (token == null) {
      throw new IllegalStateException("no token");
    }
    return token;
  }

  /** {@code total} requests of GET /api/me, {@code clients} at a time: each one's latency (ns), then the wall time. */
  private static long[] run(HttpClientAgent client, String token, int total, int clients) throws Exception {
    long[] latencies = new long[total + 1];
    AtomicInteger started = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    CompletableFuture<Void> done = new CompletableFuture<>();
    long start = System.nanoTime();
    Runnable[] next = new Runnable[1];
    next[0] = () -> {
      int i = started.getAndIncrement();
      if (i >= total) {
        return;
      }
      long t0 = System.nanoTime();
      client.request(new RequestOptions().setURI("/api/me").putHeader("Authorization", "Bearer " + token))
          .compose(r -> r.send().compose(res -> res.statusCode() == 200 ? res.body()
              : Future.failedFuture("status " + res.statusCode())))
          .onComplete(ar -> {
            if (ar.failed()) {
              done.completeExceptionally(ar.cause());
              return;
            }
            latencies[i] = System.nanoTime() - t0;
            if (finished.incrementAndGet() == total) {
              done.complete(null);
            } else {
              next[0].run();
            }
          });
    };
    for (int c = 0; c < clients; c++) {
      next[0].run();
    }
    done.get(5, TimeUnit.MINUTES);
    latencies[total] = System.nanoTime() - start;
    return latencies;
  }
}
