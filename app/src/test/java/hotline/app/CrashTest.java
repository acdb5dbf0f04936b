package hotline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing a caller was told is filed gets lost: the real app in a process of its own, on its embedded PostgreSQL,
 * takes cases from 8 clients at once; after the 150th acknowledgement the app and its database server are killed
 * ({@code kill -9} both), and the app starts again on the same data dir. Then once more, killing only the app: its
 * database server outlives it, and the next start stops that leftover and goes on. Every case that was answered 201
 * is there, and none twice.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class CrashTest {

  private static final int IN_FLIGHT = 8;
  private static final int KILL_AFTER = 150;
  private static final int MAX_REQUESTS = 400;

  @TempDir
  Path dataDir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private int port;

  @Test
  void everyAcknowledgedCaseSurvivesAKilledAppAndDatabase() throws Exception {
    port = freePort();
    Map<String, String> acknowledged = new ConcurrentHashMap<>();

    Process first = startApp("run-1");
    String agent = agentToken(true);
    long postmaster = postmasterPid();
    int sent = file(agent, "A", acknowledged, () -> {
      // kill -9 of both, with requests in flight.
      first.destroyForcibly();
      ProcessHandle.of(postmaster).ifPresent(ProcessHandle::destroyForcibly);
    });
    first.waitFor(30, TimeUnit.SECONDS);
    waitGone(postmaster);
    int firstAcknowledged = acknowledged.size();

    Process app;

    app = startApp("run-2");
    agent = agentToken(false);
    Report after = check(agent, acknowledged);
    System.out.printf("CRASH app and database killed: %d sent, %d acknowledged, %d found, %d lost, %d duplicated%n",
        sent, firstAcknowledged, after.found(), after.lost(), after.duplicated());
    assertEquals(0, after.lost(), "acknowledged cases lost");
    assertEquals(0, after.duplicated(), "cases filed twice");

    // A second Hotline on the same data dir is refused, naming the one that runs.
    StartupRefused refused = org.junit.jupiter.api.Assertions.assertThrows(StartupRefused.class,
        () -> EmbeddedDatabase.start(dataDir, 0));
    assertTrue(refused.getMessage().contains("process " + app.pid()), refused.getMessage());

    // Only the app killed: its database server is left running on the data dir.
    long leftover = postmasterPid();
    Process second = app;
    sent += file(agent, "B", acknowledged, second::destroyForcibly);
    second.waitFor(30, TimeUnit.SECONDS);
    assertTrue(ProcessHandle.of(leftover).map(ProcessHandle::isAlive).orElse(false), "the server outlives the app");
    long restart = System.nanoTime();
    app = startApp("run-3");
    long restartSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - restart);
    assertTrue(restartSeconds < 50, "no wait on the leftover server's lock: " + restartSeconds + " s");
    assertTrue(ProcessHandle.of(leftover).map(p -> !p.isAlive()).orElse(true), "the leftover server was stopped");
    assertTrue(Files.readString(dataDir.resolve("run-3.log")).contains("left running on"), "said in the log");
    agent = agentToken(false);
    Report last = check(agent, acknowledged);
    System.out.printf("CRASH app killed, database left running: %d sent in all, %d acknowledged, %d found, %d lost, %d duplicated"
        + " (restart %d s)%n", sent, acknowledged.size(), last.found(), last.lost(), last.duplicated(), restartSeconds);
    assertEquals(0, last.lost(), "acknowledged cases lost");
    assertEquals(0, last.duplicated(), "cases filed twice");

    app.destroy();
    if (!app.waitFor(60, TimeUnit.SECONDS)) {
      app.destroyForcibly();
    }
  }

  /** What came back after a restart: acknowledged cases found, lost, and any case filed twice. */
  private record Report(int found, int lost, int duplicated) {
  }

  /**
   * Files cases from {@link #IN_FLIGHT} clients; once {@link #KILL_AFTER} more are acknowledged, runs {@code kill}
   * while the others are still in flight, and the clients stop at their first refused request. Answers how many were
   * sent. Each case's subject is unique, so a case filed twice shows.
   */
  private int file(String token, String round, Map<String, String> acknowledged, Runnable kill) throws Exception {
    int target = acknowledged.size() + KILL_AFTER;
    AtomicInteger next = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
    List<CompletableFuture<Void>> clients = new ArrayList<>();
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(IN_FLIGHT);
    for (int c = 0; c < IN_FLIGHT; c++) {
      clients.add(CompletableFuture.runAsync(() -> {
        while (true) {
          int i = next.getAndIncrement();
          if (i >= MAX_REQUESTS) {
            return;
          }
          String subject = "crash " + round + "-" + i;
          JsonObject body = new JsonObject().put("kind", "complaint").put("channel", "phone").put("subject", subject)
              .put("content", "崩溃测试：第 " + i + " 件").put("contact", new JsonObject().put("name", "张三")
                  .put("phones", new JsonArray().add("13800138000")));
          try {
            HttpResponse<String> r = send("POST", "/api/cases", token, body.encode());
            if (r.statusCode() == 201) {
              acknowledged.put(subject, new JsonObject(r.body()).getString("number"));
            }
            if (acknowledged.size() >= target && killed.compareAndSet(false, true)) {
              kill.run();
            }
          } catch (IOException e) {
            return;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }, threads));
    }
    try {
      CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
    } finally {
      threads.shutdownNow();
    }
    assertTrue(killed.get(), "acknowledged " + acknowledged.size() + " of " + target + " before the bound");
    return next.get();
  }

  private Report check(String token, Map<String, String> acknowledged) throws Exception {
    Map<String, Integer> bySubject = new HashMap<>();
    Set<String> numbers = new HashSet<>();
    for (int page = 1; ; page++) {
      HttpResponse<String> r = send("GET", "/api/cases?size=200&page=" + page, token, null);
      assertEquals(200, r.statusCode(), r.body());
      JsonArray items = new JsonObject(r.body()).getJsonArray("items");
      for (Object o : items) {
        JsonObject c = (JsonObject) o;
        bySubject.merge(c.getString("subject"), 1, Integer::sum);
        numbers.add(c.getString("number"));
      }
      if (items.size() < 200) {
        break;
      }
    }
    int lost = 0;
    for (Map.Entry<String, String> e : acknowledged.entrySet()) {
      if (!bySubject.containsKey(e.getKey()) || !numbers.contains(e.getValue())) {
        lost++;
      }
    }
    int duplicated = (int) bySubject.values().stream().filter(n -> n > 1).count();
    return new Report(acknowledged.size() - lost, lost, duplicated);
  }

  private Process startApp(String run) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath, Main.class.getName());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("HOTLINE_"));
    env.put("HOTLINE_CONFIG", new File("../config/hotline.yaml").getAbsolutePath());
    env.put("HOTLINE_HTTP_HOST", "127.0.0.1");
    env.put("HOTLINE_HTTP_PORT", String.valueOf(port));
    env.put("HOTLINE_DATA_DIR", dataDir.toString());
    env.put("HOTLINE_CALENDAR_DIR", new File("../config/calendar").getAbsolutePath());
    env.put("HOTLINE_ADMIN_PASSWORD", hotline.testing.CoreFixture.password("admin"));
    pb.redirectErrorStream(true).redirectOutput(dataDir.resolve(run + ".log").toFile());
    Process p = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        fail("the app exited (" + p.exitValue() + "): " + Files.readString(dataDir.resolve(run + ".log")));
      }
      try {
        if (send("GET", "/health", null, null).statusCode() == 200) {
          return p;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(200);
    }
    p.destroyForcibly();
    fail("the app did not come up in 120 s: " + Files.readString(dataDir.resolve(run + ".log")));
    return p;
  }

  /** An agent's token; the agent is made on the first run. */
  private String agentToken(boolean create) throws Exception {
    if (create) {
      String admin = login("admin", hotline.testing.CoreFixture.password("admin"));
      HttpResponse<String> r = send("POST", "/api/users", admin, new JsonObject().put("username", "crash-agent")
          .put("password", hotline.testing.CoreFixture.password("crash-agent")).put("roles", new JsonArray().add("agent")).encode());
      assertEquals(201, r.statusCode(), r.body());
    }
    return login("crash-agent", hotline.testing.CoreFixture.password("crash-agent"));
  }

  private String login(String user, String password) throws Exception {
    HttpResponse<String> r = send("POST", "/api/session", null,
        new JsonObject().put("username", user).put("password", password).encode());
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("token");
  }

  private long postmasterPid() throws IOException {
    return Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"), StandardCharsets.UTF_8).get(0).strip());
  }

  private static void waitGone(long pid) throws InterruptedException {
    for (int i = 0; i < 100 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
      Thread.sleep(100);
    }
  }

  private HttpResponse<String> send(String method, String path, String token, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
