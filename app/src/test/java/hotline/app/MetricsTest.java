package hotline.app;

import static hotline.testing.Waiting.await;
import static hotline.testing.Waiting.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.telephony.QueueCalls;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /metrics} of the whole process, telephony on (the fake Asterisk), with a scrape token and a metrics port:
 * refused without the token, the text format parses line by line, the HTTP latency of a request just made is labelled
 * with its route's template (never the path with its id), the event-loop probe, the SQL pool, the JVM; a recorded queue
 * call counts AMI events by type and times the screen pop to the agent's open stream; a dropped link counts a
 * reconnect; rows queued in the outbox show in the backlog gauge; the overdue sweep's timer records.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MetricsTest {

  static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();
  static final String TOKEN = "scrape-" + UUID.randomUUID();
  static TelephonyApp running;
  static int metricsPort;
  static String admin;
  static final List<CompletableFuture<?>> STREAMS = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      metricsPort = s.getLocalPort();
    }
    running = TelephonyApp.start(ADMIN_PASSWORD, Map.of("metrics.token", TOKEN, "metrics.port", String.valueOf(metricsPort),
        "metrics.outbox-refresh-seconds", "1", "overdue.sweep-seconds", "1"));
    admin = running.login("admin", ADMIN_PASSWORD);
    waitFor("the AMI link up", () -> "connected".equals(new JsonObject(running.send("GET", "/health", null, null).body())
        .getJsonObject("telephony").getJsonObject("ami", new JsonObject()).getString("state")));
  }

  @AfterAll
  static void stop() throws Exception {
    STREAMS.forEach(f -> f.cancel(true));
    if (running != null) {
      running.stop();
    }
  }

  static HttpResponse<String> get(String base, String token, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (accept != null) {
      b.header("Accept", accept);
    }
    return TelephonyApp.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static PrometheusText scrape() throws Exception {
    HttpResponse<String> r = get(running.base(), TOKEN, null);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
    // The latest scrape, for a person to read (target/metrics-sample.txt).
    java.nio.file.Files.writeString(java.nio.file.Path.of("target/metrics-sample.txt"), r.body());
    return PrometheusText.parse(r.body());
  }

  @Test
  void refusedWithoutTheTokenOnEitherPort() throws Exception {
    String metricsBase = "http://127.0.0.1:" + metricsPort;
    for (String base : List.of(running.base(), metricsBase)) {
      HttpResponse<String> none = get(base, null, null);
      assertEquals(401, none.statusCode(), base);
      assertEquals("Bearer realm=\"metrics\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
      assertEquals(401, get(base, TOKEN + "x", null).statusCode(), base);
      assertEquals(401, get(base, TOKEN.substring(1), null).statusCode(), base);
      // A user's session token is not the scrape token.
      assertEquals(401, get(base, admin, null).statusCode(), base);
      assertEquals(200, get(base, TOKEN, null).statusCode(), base);
    }
    // The metrics port serves /metrics and nothing else.
    HttpResponse<String> other = TelephonyApp.HTTP.send(HttpRequest.newBuilder(URI.create(metricsBase + "/api/cases")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(404, other.statusCode());
  }

  @Test
  void httpLatencyIsByRouteTemplateAndTheLoopPoolAndJvmAreThere() throws Exception {
    // A case that does not exist: the path carries an id, the label must not.
    assertEquals(404, running.send("GET", "/api/cases/987654321", admin, null).statusCode());
    PrometheusText m = scrape();
    double count = m.sum("vertx_http_server_response_time_seconds_count", "route", "/api/cases/:caseId", "method", "GET",
        "code", "404");
    assertTrue(count >= 1, "the request just made is counted under its route's template");
    assertTrue(m.has("vertx_http_server_response_time_seconds_bucket"), "request latency is a histogram");
    for (PrometheusText.Sample s : m.samples) {
      for (String v : s.labels().values()) {
        assertFalse(v.contains("987654321"), "a raw path in a label: " + s);
      }
    }
    // The event-loop probe on each loop, and its last reading.
    // The probe's timer may not have fired yet on a fast start: wait for its first reading, then read again.
    waitFor("the event-loop probe records", () -> scrape().sum("hotline_event_loop_delay_seconds_count") > 0);
    m = scrape();
    assertTrue(m.find("hotline_event_loop_delay_seconds_count").stream()
        .allMatch(s -> s.labels().get("loop").startsWith("vert.x-eventloop-thread-")));
    assertTrue(m.has("hotline_event_loop_delay_last_seconds"));
    // The SQL client's pool, named as Database names it.
    for (String gauge : List.of("vertx_pool_in_use", "vertx_pool_queue_pending", "vertx_pool_ratio", "vertx_pool_queue_time_seconds_count")) {
      assertEquals(1, m.find(gauge, "pool_type", "sql", "pool_name", "hotline").size(), gauge + " of the SQL pool");
    }
    assertTrue(m.sum("vertx_pool_completed_total", "pool_type", "sql") > 0, "the pool has served queries");
    // The JVM and the process. A GC pause is counted from the first collection after the binder started; with a large
    // heap a short run may have had none, so the test asks for one.
    waitFor("a GC pause counted", () -> {
      System.gc();
      return scrape().has("jvm_gc_pause_seconds_count");
    });
    m = scrape();
    for (String name : List.of("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_gc_pause_seconds_count",
        "process_uptime_seconds", "process_cpu_usage", "process_files_open_files")) {
      assertTrue(m.has(name), name);
    }
  }

  @Test
  void openMetricsWhenAskedFor() throws Exception {
    HttpResponse<String> r = get("http://127.0.0.1:" + metricsPort, TOKEN, "application/openmetrics-text; version=1.0.0");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
    assertTrue(r.body().endsWith("# EOF\n"), "an OpenMetrics exposition ends with # EOF");
  }

  @Test
  void amiEventsByTypeTheScreenPopAndAReconnect() throws Exception {
    String password = "Metrics-" + UUID.randomUUID();
    long agentId = running.agent(admin, "metrics1", password, "计量坐席");
    running.phone(admin, agentId, "Local/agent1@agents", "8001");
    String agent = running.login("metrics1", password);
    // The agent's desk is open: its event stream, on which the pop arrives.
    CopyOnWriteArrayList<String> lines = new CopyOnWriteArrayList<>();
    HttpRequest events = HttpRequest.newBuilder(URI.create(running.base() + "/api/events")).header("Authorization", "Bearer " + agent)
        .header("Accept", "text/event-stream").build();
    STREAMS.add(TelephonyApp.HTTP.sendAsync(events, HttpResponse.BodyHandlers.ofLines()).thenAccept(x -> x.body().forEach(lines::add)));
    waitFor("the stream open", () -> lines.stream().anyMatch(l -> l.startsWith("retry:")));

    PrometheusText before = scrape();
    await(running.peer.replay(QueueCalls.answered("13900020002")));
    waitFor("the ringing pop with its lookup", () -> lines.stream().anyMatch(l -> l.contains("\"lookup\":\"done\"")));
    waitFor("the screen pop timed", () -> scrape().sum("hotline_screen_pop_seconds_count", "stage", "lookup") >= 1);
    PrometheusText after = scrape();
    for (String type : List.of("AgentCalled", "NewChannel", "Hangup")) {
      assertTrue(after.sum("hotline_ami_events_total", "type", type) > before.sum("hotline_ami_events_total", "type", type),
          type + " events counted");
    }
    assertTrue(after.sum("hotline_screen_pop_seconds_count", "stage", "card") >= 1, "the pop's first card timed");
    assertTrue(after.has("hotline_screen_pop_seconds_bucket"));
    // The type label is a short closed list: the types Hotline handles by name, every other as "other".
    List<PrometheusText.Sample> types = after.find("hotline_ami_events_total");
    assertTrue(types.size() <= 50, "a closed list of types: " + types.size());
    assertTrue(types.stream().allMatch(s -> s.labels().get("type").matches("[A-Z][A-Za-z]+|other")), types.toString());
    assertEquals(1.0, after.sum("hotline_ami_link_up"));
    assertEquals(0.0, after.sum("hotline_ami_events_dropped_total"));

    // The link drops; Asterisk-Java comes back: one reconnect, and up again.
    double reconnects = after.sum("hotline_ami_reconnects_total");
    await(running.peer.dropClients());
    waitFor("the link back", () -> scrape().sum("hotline_ami_reconnects_total") > reconnects
        && scrape().sum("hotline_ami_link_up") == 1.0);
  }

  @Test
  void theOutboxBacklogAndTheOverdueSweep() throws Exception {
    Pool pool = PgBuilder.pool().connectingTo(running.db).using(running.vertx).build();
    try {
      await(pool.query("INSERT INTO outbox (channel, kind, dedupe_key, recipient, status, next_attempt_at, created_at) VALUES "
          + "('email', 'acknowledgement', 'ack:metrics-1', 'a@example.cn', 'pending', now() + interval '1 day', now() - interval '1 minute'), "
          + "('email', 'acknowledgement', 'ack:metrics-2', 'b@example.cn', 'pending', now() + interval '1 day', now()), "
          + "('fax', 'dispatch', 'ack:metrics-3', '075588881234', 'failed', now(), now())").execute());
      waitFor("the backlog read", () -> scrape().sum("hotline_outbox_backlog", "channel", "email", "kind", "acknowledgement",
          "status", "pending") == 2.0);
      PrometheusText m = scrape();
      assertEquals(1.0, m.sum("hotline_outbox_backlog", "channel", "fax", "kind", "dispatch", "status", "failed"));
      assertTrue(m.sum("hotline_outbox_oldest_pending_age_seconds", "channel", "email") >= 50, "the oldest row waits a minute");
      // Sent, the rows leave the backlog: their series stay, at 0.
      await(pool.query("UPDATE outbox SET status = 'sent', sent_at = now() WHERE dedupe_key LIKE 'ack:metrics-%'").execute());
      waitFor("the backlog emptied", () -> scrape().sum("hotline_outbox_backlog", "channel", "email", "status", "pending") == 0.0);
    } finally {
      await(pool.close());
    }
    // The sweep runs every second here.
    waitFor("a sweep timed", () -> scrape().sum("hotline_overdue_sweep_seconds_count", "outcome", "ok") >= 1);
    PrometheusText m = scrape();
    assertTrue(m.has("hotline_overdue_sweep_seconds_bucket"));
    assertTrue(m.has("hotline_overdue_dispatches_marked_total"));
  }
}
