package hotline.app;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hotline.config.Config;
import hotline.testing.PgTestSupport;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the public web form's abuse limits let through in a scripted burst, against the whole app on PostgreSQL: each
 * attempt renders a form (its key) and posts it, many at once. Prints filed / refused per scenario and checks the counts
 * against the configured limits. Not part of {@code mvn verify}; run it with
 * {@code mvn -o -pl app -am verify -Dtest=PublicFormBurstBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}
 * (sizes: {@code -Dbench.attempts=200 -Dbench.addresses=100 -Dbench.perAddress=6 -Dbench.perDay=300 -Dbench.clients=16}).
 */
@Tag("benchmark")
class PublicFormBurstBenchmark {

  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  static final Pattern KEY = Pattern.compile("name=\"key\" value=\"([^\"]+)\"");
  static final Pattern NUMBER = Pattern.compile("data-test=\"number\">([^<]+)<");
  static final Pattern CODE = Pattern.compile("data-test=\"code\">([^<]+)<");

  final int attempts = Integer.getInteger("bench.attempts", 200);
  final int addresses = Integer.getInteger("bench.addresses", 100);
  final int perAddress = Integer.getInteger("bench.perAddress", 6);
  final int perDay = Integer.getInteger("bench.perDay", 300);
  final int clients = Integer.getInteger("bench.clients", 16);

  /** What a burst got: answers by status. */
  record Tally(String scenario, int attempts, Map<Integer, Integer> statuses, long millis) {
    int filed() {
      return statuses.getOrDefault(303, 0);
    }

    int refused() {
      return statuses.getOrDefault(429, 0);
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "burst %-58s %5d attempts: %5d filed, %5d refused (429), other %s, %.1f s (%.0f/s)",
          scenario, attempts, filed(), refused(), others(), millis / 1000.0, attempts * 1000.0 / Math.max(1, millis));
    }

    Map<Integer, Integer> others() {
      Map<Integer, Integer> o = new HashMap<>(statuses);
      o.remove(303);
      o.remove(429);
      return o;
    }
  }

  @Test
  void burst() throws Exception {
    List<Tally> tallies = new ArrayList<>();
    String[] filedCase = new String[2];
    // An app that trusts no proxy: the socket's address is the client, whatever X-Forwarded-For says.
    try (Running a = Running.start(Map.of())) {
      Tally forged = burst(a, "one address, a random X-Forwarded-For on each (no proxy trusted)", attempts,
          i -> "198.51.100." + (i % 250) + ", 10.0.0." + (i % 200), null);
      tallies.add(forged);
      assertEquals(5, forged.filed(), forged.toString());
      Tally plain = burst(a, "the same address again", attempts, i -> null, filedCase);
      tallies.add(plain);
      assertEquals(0, plain.filed(), plain.toString());
    }
    // Behind a trusted reverse proxy (127.0.0.1): X-Forwarded-For names the client; many clients at once.
    try (Running b = Running.start(Map.of("public-form.trusted-proxies", "127.0.0.1", "public-form.per-day", String.valueOf(perDay)))) {
      int total = addresses * perAddress;
      Tally many = burst(b, addresses + " addresses x " + perAddress + " through the proxy (per-day " + perDay + ")", total,
          i -> "10." + (i % addresses / 250) + "." + (i % addresses % 250) + ".7", filedCase);
      tallies.add(many);
      int expected = Math.min(perDay, addresses * Math.min(perAddress, 5));
      assertEquals(expected, many.filed(), many.toString());

      // Guessing the query code of one case: from one address, then from a different address each time.
      String number = filedCase[0];
      Tally oneGuesser = lookups(b, "code guesses from one address (lookups-per-ip-hour 30)", 100, number, i -> "192.0.2.250");
      assertEquals(10, oneGuesser.filed(), "failed-lookups-per-number-day: " + oneGuesser);
      tallies.add(oneGuesser);
      Tally spread = lookups(b, "code guesses for one number from 500 addresses", 500, number, i -> "203.0.113." + (i % 250) + "");
      tallies.add(spread);
      assertEquals(0, spread.filed(), "the number's failures are used up: " + spread);
    }
    System.out.println("public form burst (limits: per-ip-hour 5, per-ip-day 20, per-day as shown, lookups-per-ip-hour 30, "
        + "failed-lookups-per-number-day 10; " + clients + " clients at once):");
    tallies.forEach(System.out::println);
  }

  /** {@code attempts} submissions, {@code clients} at a time; the client address of each from {@code forwarded} (null: none). */
  Tally burst(Running app, String scenario, int attempts, IntFunction<String> forwarded, String[] keep) throws Exception {
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    AtomicInteger seq = new AtomicInteger();
    long t0 = System.nanoTime();
    List<Future<?>> all = new ArrayList<>();
    for (int i = 0; i < attempts; i++) {
      int n = i;
      all.add(pool.submit(() -> {
        String xff = forwarded.apply(n);
        String form = send(app, "GET", "/public?lang=zh-CN", null, null, xff).body();
        Matcher m = KEY.matcher(form);
        m.find();
        HttpResponse<String> r = submit(app, m.group(1), "突发测试 " + seq.incrementAndGet(), xff);
        statuses.merge(r.statusCode(), 1, Integer::sum);
        if (r.statusCode() == 303 && keep != null && keep[0] == null) {
          synchronized (keep) {
            if (keep[0] == null) {
              String cookie = r.headers().firstValue("Set-Cookie").orElse("").split(";")[0];
              String page = send(app, "GET", r.headers().firstValue("Location").get(), null, cookie, null).body();
              Matcher nm = NUMBER.matcher(page);
              Matcher cm = CODE.matcher(page);
              if (nm.find() && cm.find()) {
                keep[0] = nm.group(1);
                keep[1] = cm.group(1);
              }
            }
          }
        }
        return null;
      }));
    }
    for (Future<?> f : all) {
      f.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();
    return new Tally(scenario, attempts, statuses, (System.nanoTime() - t0) / 1_000_000);
  }

  Tally lookups(Running app, String scenario, int attempts, String number, IntFunction<String> forwarded) throws Exception {
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long t0 = System.nanoTime();
    List<Future<?>> all = new ArrayList<>();
    for (int i = 0; i < attempts; i++) {
      int n = i;
      all.add(pool.submit(() -> {
        String guess = String.format("%05d", n).replace('0', 'A').replace('1', 'B') + "-22222";
        String body = "lang=zh-CN&number=" + URLEncoder.encode(number, StandardCharsets.UTF_8) + "&code=" + guess;
        HttpResponse<String> r = send(app, "POST", "/public/status", body, null, forwarded.apply(n));
        // 200 = compared and not found (a guess), 429 = refused before comparing.
        statuses.merge(r.statusCode() == 200 ? 303 : r.statusCode(), 1, Integer::sum);
        return null;
      }));
    }
    for (Future<?> f : all) {
      f.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();
    Tally t = new Tally(scenario + " [\"filed\" = compared]", attempts, statuses, (System.nanoTime() - t0) / 1_000_000);
    return t;
  }

  static HttpResponse<String> submit(Running app, String key, String content, String xff) throws Exception {
    String boundary = "----burst" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("key", key);
    fields.put("lang", "zh-CN");
    fields.put("kind", "complaint");
    fields.put("content", content);
    fields.put("phone", "13800138000");
    fields.put("hl_extra", "");
    for (Map.Entry<String, String> f : fields.entrySet()) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n" + f.getValue() + "\r\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.base() + "/public")).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    if (xff != null) {
      b.header("X-Forwarded-For", xff);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> send(Running app, String method, String path, String form, String cookie, String xff) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.base() + path)).timeout(Duration.ofSeconds(60))
        .method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
    if (form != null) {
      b.header("Content-Type", "application/x-www-form-urlencoded");
    }
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (xff != null) {
      b.header("X-Forwarded-For", xff);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The app on a fresh database, telephony off. */
  record Running(Vertx vertx, Hotline app) implements AutoCloseable {
    static Running start(Map<String, String> more) throws Exception {
      Vertx vertx = Vertx.vertx();
      PgConnectOptions db = PgTestSupport.freshDatabase();
      String url = "postgresql://" + db.getUser() + ":" + db.getPassword() + "@" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase();
      Map<String, String> config = new HashMap<>(Map.of("http.port", "0", "http.host", "127.0.0.1", "database.url", url,
          "calendar.dir", "../config/calendar", "admin.password", hotline.testing.CoreFixture.password("admin"), "database.pool-size", "16"));
      config.putAll(more);
      return new Running(vertx, await(new Hotline(vertx, Config.of(config)).start()));
    }

    String base() {
      return "http://127.0.0.1:" + app.httpPort();
    }

    @Override
    public void close() throws Exception {
      await(app.stop());
      await(vertx.close());
    }
  }
}
