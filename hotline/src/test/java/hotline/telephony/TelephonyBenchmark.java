package hotline.telephony;

import static hotline.testing.Waiting.await;
import static hotline.testing.Waiting.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.Addresses;
import hotline.Core;
import hotline.calendar.CalendarSource;
import hotline.config.Config;
import hotline.db.Database;
import hotline.testing.PgTestSupport;
import hotline.users.Principal;
import hotline.users.Role;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.reflect.Field;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.event.AgentCalledEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Telephony under load, end to end with the real pieces: the fake AMI peer (a Vert.x NetServer speaking AMI) replays
 * fresh copies of the recorded queued call (transcript 02) to the real Asterisk-Java client inside the real
 * {@link TelephonyVerticle} (advisory lock, bounded hand-off queue, {@link CallTracker}, {@link ScreenPops}) on a real
 * (embedded) PostgreSQL. Not a test: tagged {@code benchmark}, run it with
 *
 * <pre>
 * mvn -pl hotline -am verify -Dtest=TelephonyBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * and read the {@code BENCHMARK} lines in {@code hotline/target/surefire-reports/hotline.telephony.TelephonyBenchmark-output.txt}.
 *
 * <ol>
 *   <li>Screen-pop latency at a paced call rate ({@code bench.pop.rate} calls/s, {@code bench.pop.calls} calls):
 *   from the moment the peer writes a call's {@code AgentCalled} (the call is sent in two writes, the events up to and
 *   including {@code AgentCalled}, then the rest; the clock is read right before the first write, on the peer's event
 *   loop) to the moment that call's ringing pop (matched by linkedid) reaches an event-bus consumer of
 *   {@code hotline.screenpop.<agentId>}.</li>
 *   <li>AMI ingestion: {@code bench.blast.events} events (whole fresh copies of the call, mostly VarSet/CEL/Newexten
 *   noise as in real life) written as fast as the socket takes them; time from the first write until the link's
 *   status says every event was received and the hand-off queue is empty (the status is answered on the tracker's
 *   event loop, so an empty queue there means every event was handled), then until the call log rows of every call
 *   are final.</li>
 *   <li>What the tracker's statements cost: the ringing pop's critical path statement by statement, and the price of
 *   a re-write of an unchanged call row and of an agent lookup, through the service's own {@link CallLog}.</li>
 * </ol>
 *
 * Each phase also prints where the CPU went (this JVM by thread group, our PostgreSQL, everything else on the
 * machine), the latency split between the Asterisk-Java client and the service, and the pool's round trip meanwhile.
 *
 * Sizes (system properties): {@code bench.pop.rate} (50), {@code bench.pop.calls} (1000), {@code bench.pop.restDelayMs}
 * (0: the rest of a call right after its AgentCalled part), {@code bench.warmup.calls} (1500) at {@code bench.warmup.rate}
 * (100/s: C2 needs ~15 s of this load on 2 busy cores to finish the hot paths), {@code bench.baseline.calls}
 * (50) at {@code bench.baseline.rate} (10/s: a low-rate comparison, taken while the JIT is still busy), {@code bench.blast.events}
 * (200000), {@code bench.blast.window} (4 calls' worth of bytes in flight on the peer's socket), {@code bench.pool.size}
 * (8, the app's default {@code database.pool-size}), {@code bench.queue} (20000, the default {@code ami.event-queue}),
 * {@code bench.db.cacheStatements} (true, as the app connects).
 */
@Tag("benchmark")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TelephonyBenchmark {

  static final String TRANSCRIPT = "02-inbound-hotline-queue-agent";
  /** Events of the recorded login, not of the call: a real Asterisk sends them once per session. */
  static final Set<String> SESSION_EVENTS = Set.of("FullyBooted", "SuccessfulAuth");

  static final int POP_RATE = Integer.getInteger("bench.pop.rate", 50);
  static final int POP_CALLS = Integer.getInteger("bench.pop.calls", 1000);
  static final long REST_DELAY_MS = Long.getLong("bench.pop.restDelayMs", 0);
  static final int WARMUP_CALLS = Integer.getInteger("bench.warmup.calls", 1500);
  static final int WARMUP_RATE = Integer.getInteger("bench.warmup.rate", 100);
  static final int BASELINE_CALLS = Integer.getInteger("bench.baseline.calls", 50);
  static final int BASELINE_RATE = Integer.getInteger("bench.baseline.rate", 10);
  static final int BLAST_EVENTS = Integer.getInteger("bench.blast.events", 200_000);
  static final int BLAST_WINDOW = Integer.getInteger("bench.blast.window", 4);
  static final int POOL_SIZE = Integer.getInteger("bench.pool.size", 8);
  static final int QUEUE = Integer.getInteger("bench.queue", 20_000);
  static final int WRITE_COST_CALLS = Integer.getInteger("bench.writeCost.calls", 500);
  static final boolean CACHE_STATEMENTS = Boolean.parseBoolean(System.getProperty("bench.db.cacheStatements", "true"));
  static final double POP_P99_TARGET_MS = 20;
  static final double INGEST_TARGET_EPS = 20_000;

  static Vertx vertx;
  static Pool pool;
  static Core core;
  static Context peerContext;
  static FakeAmiPeer peer;
  static TelephonyVerticle telephony;
  static long agentId;
  static long customerId;
  static AmiTranscript recorded;
  /** Our PostgreSQL's CPU (cores) during the measured pop run, to put the write cost in proportion. */
  static double popRunPgCores = Double.NaN;
  static String popSummary = "not run";
  static String ingestSummary = "not run";
  static int popRunRate;
  /** Events the Asterisk-Java client hands to the link per replayed call (measured in the warm-up). */
  static long deliveredPerCall = -1;

  /** Ringing pops: linkedid → System.nanoTime() on arrival. */
  static final Map<String, Long> ringingAt = new ConcurrentHashMap<>();
  static final AtomicInteger duplicateRinging = new AtomicInteger();
  /**
   * AgentCalled as the Asterisk-Java client hands it to its listeners: linkedid → System.nanoTime(). A second
   * listener on the service's own ManagerConnection (reached by reflection, observation only), to split the latency
   * into the client's part (socket, parsing, its event pump) and the service's (hand-off queue, tracker, database,
   * pop, event bus). Empty if the fields were renamed.
   */
  static final Map<String, Long> deliveredAt = new ConcurrentHashMap<>();
  static boolean tapped;
  /** linkedid → the phases of its pops in arrival order, e.g. "ringing,answered,ended". */
  static final Map<String, String> phases = new ConcurrentHashMap<>();
  /** linkedid → the call-ended message. */
  static final Map<String, JsonObject> callEnded = new ConcurrentHashMap<>();

  /** One fresh copy of the recorded call, rendered as wire text. */
  record Call(String linkedid, String head, String tail, int events) {
    String whole() {
      return head + tail;
    }
  }

  // ---------------------------------------------------------------- setup

  @BeforeAll
  static void start() throws Exception {
    AmiTranscript.requireAvailable();
    recorded = AmiTranscript.load(TRANSCRIPT);
    // The app's own Vert.x options (Main): default event loops (2 × cores), default blocked-thread warnings.
    vertx = Vertx.vertx(new VertxOptions().setMaxWorkerExecuteTime(TimeUnit.SECONDS.toNanos(120)));
    // As the app connects (DatabaseSettings, EmbeddedDatabase): prepared statements cached per connection.
    pool = Database.pool(vertx, PgTestSupport.freshDatabase().setCachePreparedStatements(CACHE_STATEMENTS)
        .setPreparedStatementCacheMaxSize(512), POOL_SIZE);
    CalendarSource cal = new CalendarSource(Path.of("../config/calendar"), ZoneId.of("Asia/Shanghai"), LocalTime.of(17, 30));
    core = Core.create(vertx, pool, Config.of(Map.of()), Clock.systemUTC(), cal);

    // The data of a realistic pop: the caller is a known customer with an open complaint (and someone else's report).
    await(core.users().ensureAdmin("admin", "admin-password"));
    Principal admin = new Principal(1, "admin", "admin", Set.of(Role.ADMIN), null);
    agentId = await(core.users().create(admin, new JsonObject().put("username", "agent1").put("password", "agent-pw-1")
        .put("roles", new JsonArray().add("agent")))).getLong("id");
    long otherAgentId = await(core.users().create(admin, new JsonObject().put("username", "agent2")
        .put("password", "agent-pw-2").put("roles", new JsonArray().add("agent")))).getLong("id");
    await(pool.preparedQuery("INSERT INTO telephony_agents (user_id, interface, extension) VALUES ($1, 'Local/agent1@agents', '8001')")
        .execute(Tuple.of(agentId)));
    Principal agent = await(core.users().principal(agentId));
    Principal other = await(core.users().principal(otherAgentId));
    customerId = await(core.directory().createCustomer(agent, new JsonObject().put("name", "张三").put("partyType", "consumer")
        .put("phones", new JsonArray().add("+86 138 0013 8000")))).getLong("id");
    await(core.cases().create(agent, hotline.cases.Intake.of(hotline.cases.CaseKind.COMPLAINT, hotline.cases.Channel.PHONE, "上周投诉的假烟问题")
        .withContact(new hotline.cases.Intake.Contact("张三", java.util.List.of("13800138000"), null, null))));
    await(core.cases().create(other, hotline.cases.Intake.of(hotline.cases.CaseKind.REPORT, hotline.cases.Channel.PHONE, "举报某人")
        .withContact(new hotline.cases.Intake.Contact("张三", java.util.List.of("13800138000"), null, null))));

    MessageConsumer<JsonObject> popConsumer = vertx.eventBus().<JsonObject>consumer(Addresses.screenPop(agentId), m -> {
      long now = System.nanoTime();
      JsonObject pop = m.body();
      if ("pending".equals(pop.getString("lookup"))) {
        return; // the card before the lookups: this figure is the whole pop's
      }
      String linkedid = pop.getString("linkedid");
      String phase = pop.getString("phase", "");
      if ("ringing".equals(phase) && ringingAt.putIfAbsent(linkedid, now) != null) {
        duplicateRinging.incrementAndGet();
      }
      phases.merge(linkedid, phase, (a, b) -> a + "," + b);
    });
    await(popConsumer.completion());
    MessageConsumer<JsonObject> endConsumer = vertx.eventBus().<JsonObject>consumer(Addresses.CALL_ENDED,
        m -> callEnded.put(m.body().getString("linkedid"), m.body()));
    await(endConsumer.completion());

    // The peer on a context of our own, so that the pacing timers run on the very event loop that writes the socket.
    peerContext = ((VertxInternal) vertx).createEventLoopContext();
    Promise<FakeAmiPeer> started = Promise.promise();
    peerContext.runOnContext(v -> FakeAmiPeer.start(vertx, "hotline", "hotline-secret").onComplete(started));
    peer = await(started.future());
    telephony = new TelephonyVerticle(core, new TelephonySettings("127.0.0.1", peer.port(), "hotline", "hotline-secret",
        Set.of("from-pstn"), Set.of("8008064888"), Duration.ofSeconds(2), QUEUE),
        CallbackSettings.from(Config.of(Map.of("agi.port", String.valueOf(freePort())))), Clock.systemUTC());
    await(vertx.deployVerticle(telephony));
    waitFor("AMI link up", () -> "connected".equals(ami(status()).getString("state")));
    tapped = tapClient();

    out("env cores=%d jvm=%s heapMax=%dMB eventLoops=%d dbPool=%d dbCachePreparedStatements=%s amiQueue=%d note=\"the fake AMI peer, the Asterisk-Java "
            + "client, the service and the embedded PostgreSQL all share this machine's %d cores: numbers include their "
            + "contention\"", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20, VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE, POOL_SIZE, CACHE_STATEMENTS, QUEUE,
        Runtime.getRuntime().availableProcessors());
    Thread.sleep(1000);
    Load idle = Load.start();
    Thread.sleep(2000);
    out("idle.cpu (link up, no calls: how busy the machine is without us) %s", idle.stop());
  }

  static boolean tapClient() {
    try {
      Field linkField = TelephonyVerticle.class.getDeclaredField("link");
      linkField.setAccessible(true);
      Object link = linkField.get(telephony);
      Field connectionField = AmiLink.class.getDeclaredField("connection");
      connectionField.setAccessible(true);
      ManagerConnection connection = (ManagerConnection) connectionField.get(link);
      connection.addEventListener(e -> {
        if (e instanceof AgentCalledEvent a) {
          deliveredAt.putIfAbsent(a.getLinkedId(), System.nanoTime());
        }
      });
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      out("note: cannot tap the service's ManagerConnection (%s); no client/service split", e);
      return false;
    }
  }

  static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    out("summary screenPop@%d/s: %s | amiIngest: %s | (2 cores shared by the fake peer, the client, the service and "
        + "PostgreSQL; see otherProcesses in the cpu lines for noise from outside)", POP_RATE, popSummary, ingestSummary);
    if (vertx != null) {
      await(vertx.close());
    }
  }

  // ---------------------------------------------------------------- 1: screen-pop latency

  @Test
  @Order(1)
  void screenPopLatencyAtAPacedCallRate() throws Exception {
    // Warm-up: JIT of the client's parser, the tracker, the pool's prepared statements; not measured.
    List<Call> warm = prepare(WARMUP_CALLS);
    long r0 = received();
    Paced w = await(paced(warm, WARMUP_RATE));
    waitForPops(warm, 30);
    long delivered = settled() - r0;
    deliveredPerCall = delivered / WARMUP_CALLS;
    settle(warm);
    out("pop.warmup calls=%d rate=%d/s sentIn=%.1fs pops=%d/%d clientEventsPerCall=%s (of %d on the wire)",
        WARMUP_CALLS, WARMUP_RATE, w.seconds(), count(warm), warm.size(),
        delivered % WARMUP_CALLS == 0 ? Long.toString(deliveredPerCall) : String.format(Locale.ROOT, "%.2f", delivered / (double) WARMUP_CALLS),
        warm.get(0).events());

    if (BASELINE_CALLS > 0) {
      // The same path at a low rate, for comparison. It runs right after the warm-up, while C2 is still compiling
      // (see jitCompiling in its cpu line), and its threads park between calls: expect it no faster than 50/s.
      PopRun base = popRun(prepare(BASELINE_CALLS), BASELINE_RATE);
      out("pop.baseline %s", base);
      out("pop.baseline.details %s", base.details());
      out("pop.baseline.cpu %s", base.used);
    }

    PopRun run = popRun(prepare(POP_CALLS), POP_RATE);
    out("pop.latency %s target=p99<=%.0fms %s", run, POP_P99_TARGET_MS,
        run.arrived == run.calls && run.p99Ms() <= POP_P99_TARGET_MS ? "PASS" : "MISS");
    out("pop.details %s", run.details());
    out("pop.cpu %s", run.used);
    popRunPgCores = run.used.pgCores();
    popRunRate = run.rate;
    popSummary = String.format(Locale.ROOT, "pops %d/%d p50=%.1fms p99=%.1fms max=%.1fms (target p99<=%.0fms: %s)", run.arrived,
        run.calls, ms(quantile(run.lat, 0.5)), run.p99Ms(), ms(run.lat.length == 0 ? 0 : run.lat[run.lat.length - 1]),
        POP_P99_TARGET_MS, run.arrived == run.calls && run.p99Ms() <= POP_P99_TARGET_MS ? "PASS" : "MISS");

    assertEquals(run.calls, run.arrived, "every call's ringing pop arrives");
    assertEquals(0, run.dropped, "no AMI event dropped at " + POP_RATE + " calls/s");
  }

  /** One paced run: latencies, order of each call's pops, the pool's latency meanwhile, CPU. */
  static PopRun popRun(List<Call> calls, int rate) throws Exception {
    JsonObject before = ami(status());
    long seq0 = upserts();
    Probe probe = Probe.start();
    Load load = Load.start();
    Paced p = await(paced(calls, rate));
    int arrived = waitForPops(calls, 30);
    Load.Used used = load.stop();
    long[] probed = probe.stop();
    settle(calls);
    long seq1 = upserts();
    JsonObject after = ami(status());
    List<Long> client = new ArrayList<>();
    List<Long> service = new ArrayList<>();
    for (Call c : calls) {
      Long sent = p.sentAt.get(c.linkedid());
      Long delivered = deliveredAt.get(c.linkedid());
      Long popped = ringingAt.get(c.linkedid());
      if (delivered != null && popped != null) {
        client.add(delivered - sent);
        service.add(popped - delivered);
      }
    }
    long[] lat = new long[arrived];
    int i = 0;
    for (Call c : calls) {
      Long at = ringingAt.get(c.linkedid());
      if (at != null) {
        lat[i++] = at - p.sentAt.get(c.linkedid());
      }
    }
    Arrays.sort(lat);
    PopRun r = new PopRun();
    r.calls = calls.size();
    r.rate = rate;
    r.arrived = arrived;
    r.paced = p;
    r.lat = lat;
    r.dbProbe = probed;
    r.used = used;
    r.dropped = after.getLong("eventsDropped") - before.getLong("eventsDropped");
    r.ringingNotFirst = ringingNotFirst(calls);
    r.endedWithoutAgent = endedWithoutAgent(calls);
    r.slowest = slowest(calls, p, 5);
    r.trend = trend(calls, p, 5);
    r.client = sorted(client);
    r.service = sorted(service);
    r.upsertsPerCall = (seq1 - seq0) / (double) calls.size();
    return r;
  }

  static final class PopRun {
    int calls;
    int rate;
    int arrived;
    Paced paced;
    long[] lat;
    long[] dbProbe;
    Load.Used used;
    long dropped;
    int ringingNotFirst;
    int endedWithoutAgent;
    String slowest;
    long[] client;
    long[] service;
    double upsertsPerCall;
    String trend;

    double p99Ms() {
      return ms(quantile(lat, 0.99));
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "calls=%d rate=%d/s achieved=%.1f/s over=%.1fs pops=%d/%d p50=%.2fms p90=%.2fms "
              + "p99=%.2fms p99.9=%.2fms max=%.2fms mean=%.2fms", calls, rate, (calls - 1) / paced.seconds(), paced.seconds(),
          arrived, calls, ms(quantile(lat, 0.50)), ms(quantile(lat, 0.90)), p99Ms(), ms(quantile(lat, 0.999)),
          ms(lat.length == 0 ? 0 : lat[lat.length - 1]), ms(mean(lat)));
    }

    String details() {
      String split = client.length == 0 ? "split=n/a" : String.format(Locale.ROOT,
          "split(n=%d): client[write->Asterisk-Java listener] p50=%.2fms p99=%.2fms max=%.2fms, "
              + "service[listener->pop consumer] p50=%.2fms p99=%.2fms max=%.2fms", client.length, ms(quantile(client, 0.5)),
          ms(quantile(client, 0.99)), ms(client[client.length - 1]), ms(quantile(service, 0.5)), ms(quantile(service, 0.99)),
          ms(service[service.length - 1]));
      return split + String.format(Locale.ROOT, " callRowUpsertsPerCall=%.2f amiEventsDropped=%d restDelay=%dms pacingLateMax=%.2fms "
              + "dbRoundTrip(SELECT 1 via the pool every %dms: p50=%.2fms p99=%.2fms max=%.2fms n=%d) "
              + "ringingPopNotFirst=%d/%d callEndedWithoutAgentId=%d/%d duplicateRinging=%d slowest=%s",
          upsertsPerCall, dropped, REST_DELAY_MS, ms(paced.maxLateNs), Probe.EVERY_MS, ms(quantile(dbProbe, 0.5)), ms(quantile(dbProbe, 0.99)),
          ms(dbProbe.length == 0 ? 0 : dbProbe[dbProbe.length - 1]), dbProbe.length, ringingNotFirst, calls, endedWithoutAgent,
          calls, duplicateRinging.get(), slowest) + " p50/p99ByFifth=" + trend;
    }
  }

  // ---------------------------------------------------------------- 2: AMI ingestion

  @Test
  @Order(2)
  void amiEventsIngestedThroughTheBoundedQueue() throws Exception {
    if (deliveredPerCall < 0) {
      List<Call> warm = prepare(20);
      long r0 = received();
      await(paced(warm, 100));
      waitForPops(warm, 30);
      deliveredPerCall = (settled() - r0) / warm.size();
      settle(warm);
    }
    int perCall = recorded.events().size()
        - (int) recorded.events().stream().filter(e -> SESSION_EVENTS.contains(AmiTranscript.value(e, "Event"))).count();
    int n = (BLAST_EVENTS + perCall - 1) / perCall;
    List<Call> calls = prepare(n);
    List<String> wire = new ArrayList<>(n);
    long bytes = 0;
    for (Call c : calls) {
      String w = c.whole();
      wire.add(w);
      bytes += w.length();
    }
    String[] linkedids = calls.stream().map(Call::linkedid).toArray(String[]::new);
    long wireEvents = (long) n * perCall;
    long expected = n * deliveredPerCall;
    JsonObject s0 = ami(status());
    long r0 = s0.getLong("eventsReceived");
    long d0 = s0.getLong("eventsDropped");

    long seq0 = upserts();
    Load load = Load.start();
    long t0 = System.nanoTime();
    Future<Long> written = blast(wire);
    long maxQueued = 0;
    long lastReceived = r0;
    long lastProgress = System.nanoTime();
    long nextSample = t0 + TimeUnit.SECONDS.toNanos(1);
    long tIngested = -1;
    JsonObject s = s0;
    while (true) {
      s = ami(status());
      long now = System.nanoTime();
      long got = s.getLong("eventsReceived") - r0;
      maxQueued = Math.max(maxQueued, s.getLong("queued"));
      if (got >= expected && s.getLong("queued") == 0) {
        tIngested = now;
        break;
      }
      if (got != lastReceived) {
        lastReceived = got;
        lastProgress = now;
      } else if (now - lastProgress > TimeUnit.SECONDS.toNanos(15)) {
        break; // stalled
      }
      if (now >= nextSample) {
        out("ami.timeline t=%.1fs received=%d/%d queued=%d dropped=%d callsFinalInDb=%d/%d", (now - t0) / 1e9, got, expected,
            s.getLong("queued"), s.getLong("eventsDropped") - d0, finalRows(linkedids), n);
        nextSample += TimeUnit.SECONDS.toNanos(1);
      }
      Thread.sleep(5);
    }
    long tWritten = await(written);
    Load.Used ingestUsed = load.stop();
    int finalAtIngest = finalRows(linkedids);
    long received = s.getLong("eventsReceived") - r0;
    long dropped = s.getLong("eventsDropped") - d0;

    // Then the call log: every call's row final (ended_at set), then every write of every call done (a call's last
    // pop, "ended", comes after all its writes were issued; then the database has nothing left running).
    long tRows = -1;
    long dbDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int finalRows = finalAtIngest;
    while (System.nanoTime() < dbDeadline) {
      finalRows = finalRows(linkedids);
      if (finalRows == n) {
        tRows = System.nanoTime();
        break;
      }
      Thread.sleep(20);
    }
    int pops = waitForPops(calls, 10);
    long tSettled = settle(calls);
    double upsertsPerCall = (upserts() - seq0) / (double) n;

    double ingestSeconds = tIngested < 0 ? Double.NaN : (tIngested - t0) / 1e9;
    double eps = received / ingestSeconds;
    out("ami.ingest wireEvents=%d (%d calls x %d, %.1f MB) clientEvents=%d/%d written=%.2fs ingested=%.2fs events/s=%.0f "
            + "(wire events/s=%.0f) dropped=%d maxQueued=%d/%d target>=%.0f/s %s", wireEvents, n, perCall, bytes / 1e6, received,
        expected, (tWritten - t0) / 1e9, ingestSeconds, eps, wireEvents / ingestSeconds, dropped, maxQueued, QUEUE,
        INGEST_TARGET_EPS, tIngested > 0 && dropped == 0 && eps >= INGEST_TARGET_EPS ? "PASS" : "MISS");
    out("ami.db calls=%d finalRowsAtIngestEnd=%d/%d allRowsFinalAt=%s lastWriteDoneAt=%s lagAfterIngest=%s calls/s=%s keptUp=%s "
            + "callRowUpsertsPerCall=%.2f ringingPops=%d/%d ringingPopNotFirst=%d/%d callEndedWithoutAgentId=%d/%d", n,
        finalAtIngest, n, secs(tRows, t0),
        secs(tSettled, t0), tSettled < 0 || tIngested < 0 ? "n/a" : String.format(Locale.ROOT, "%.2fs", (tSettled - tIngested) / 1e9),
        tSettled < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", n / ((tSettled - t0) / 1e9)),
        tSettled < 0 ? "no (not done)" : (tSettled - tIngested) <= TimeUnit.SECONDS.toNanos(1) ? "yes (<=1s behind the events)"
            : "no (>1s behind the events)", upsertsPerCall, pops, n, ringingNotFirst(calls), n, endedWithoutAgent(calls), n);
    out("ami.cpu (first write to last event handled) %s", ingestUsed);
    ingestSummary = String.format(Locale.ROOT, "%.0f events/s dropped=%d dbLag=%s (target>=%.0f/s: %s)", eps, dropped,
        tSettled < 0 || tIngested < 0 ? "n/a" : String.format(Locale.ROOT, "%.2fs", (tSettled - tIngested) / 1e9),
        INGEST_TARGET_EPS, tIngested > 0 && dropped == 0 && eps >= INGEST_TARGET_EPS ? "PASS" : "MISS");

    assertTrue(tIngested > 0, "every event ingested");
    assertEquals(0, dropped, "no event dropped");
  }

  // ---------------------------------------------------------------- 3: what the tracker's database work costs

  /**
   * The price of the call log's statements, through the service's own {@link CallLog} and pool: a re-write of an
   * unchanged in-progress call row (what the tracker does on each further Newchannel of a call it already has: 3 of
   * its 8 upserts a call of transcript 02) and the agent lookup (done at AgentCalled and again at AgentConnect).
   */
  @Test
  @Order(3)
  void costOfTheCallLogsStatements() throws Exception {
    if (WRITE_COST_CALLS <= 0) {
      return;
    }
    CallLog log = new CallLog(pool, core.directory().phones(), core.calendar()::zone);
    List<CallState> states = new ArrayList<>();
    long tag = System.nanoTime();
    for (int i = 0; i < WRITE_COST_CALLS; i++) {
      CallState c = new CallState("bench-cost-" + tag + "." + i, "bench-cost-" + tag + "." + i + "u", "inbound",
          java.time.Instant.now());
      c.channel = "Local/8008064888@from-pstn-00000000;1";
      c.callerRaw = "13800138000";
      c.did = "8008064888";
      c.queue = "hotline";
      c.queuedAt = c.startedAt;
      states.add(c);
    }
    await(Future.all(states.stream().map(log::save).toList()));
    settleDb();

    // 3 unchanged re-writes a call, one after the other per call (as the tracker chains a call's writes), all calls at once.
    int rewrites = 3;
    Load load = Load.start();
    long t0 = System.nanoTime();
    List<Future<Long>> chains = new ArrayList<>();
    for (CallState c : states) {
      Future<Long> f = log.save(c);
      for (int k = 1; k < rewrites; k++) {
        f = f.compose(v -> log.save(c));
      }
      chains.add(f);
    }
    await(Future.all(chains));
    long writeNs = System.nanoTime() - t0;
    Load.Used writeUsed = load.stop();
    int writes = states.size() * rewrites;

    settleDb();
    int lookups = writes;
    load = Load.start();
    t0 = System.nanoTime();
    List<Future<Long>> agents = new ArrayList<>();
    for (int i = 0; i < lookups; i++) {
      agents.add(log.agentFor("Local/agent1@agents"));
    }
    await(Future.all(agents));
    long lookupNs = System.nanoTime() - t0;
    Load.Used lookupUsed = load.stop();

    // The ringing pop's critical path, statement by statement, one at a time (the machine otherwise quiet): the agent
    // lookup at AgentCalled, then ScreenPops.build's four parallel reads, then the customer's cases.
    String caller = "13800138000";
    String normalized = core.directory().phones().normalize(caller);
    Principal agent = await(core.users().principal(agentId));
    long sameCaller = await(log.countSince(normalized, java.time.Instant.now().minus(ScreenPops.REPEAT_WINDOW)));
    StringBuilder path = new StringBuilder();
    double agentP50 = timed(path, "agentFor", () -> log.agentFor("Local/agent1@agents"));
    double parallel = Math.max(Math.max(timed(path, "principal", () -> core.users().principal(agentId)),
        timed(path, "customersByPhone", () -> core.directory().customersByPhone(caller))),
        Math.max(timed(path, "recent", () -> log.recent(normalized, 6)),
            timed(path, "countSince", () -> log.countSince(normalized, java.time.Instant.now().minus(ScreenPops.REPEAT_WINDOW)))));
    double cases = timed(path, "casesList", () -> core.cases().list(agent,
        new hotline.cases.CaseQuery(null, null, null, null, null, null, customerId, 1, 20)));
    timed(path, "callRowUpsert", () -> log.save(states.get(0)));
    out("pop.path one-at-a-time p50/p99 in ms: %s; critical path agentFor+max(4 parallel)+casesList = %.2fms (p50s) "
            + "with %d calls of this caller in the repeat window", path, agentP50 + parallel + cases, sameCaller);

    double pgPerWriteMs = writeUsed.pgCores() * writeUsed.seconds() * 1000 / writes;
    double jvmPerWriteMs = writeUsed.jvmCores() * writeUsed.seconds() * 1000 / writes;
    double pgPerLookupMs = lookupUsed.pgCores() * lookupUsed.seconds() * 1000 / lookups;
    double jvmPerLookupMs = lookupUsed.jvmCores() * lookupUsed.seconds() * 1000 / lookups;
    out("calllog.cost unchangedRowRewrite n=%d in %.2fs (%.0f/s with %d connections): postgresCpu=%.3fms/write "
            + "serviceJvmCpu=%.3fms/write; agentLookup n=%d in %.2fs (%.0f/s): postgresCpu=%.3fms/lookup serviceJvmCpu=%.3fms/lookup",
        writes, writeNs / 1e9, writes / (writeNs / 1e9), POOL_SIZE, pgPerWriteMs, jvmPerWriteMs, lookups, lookupNs / 1e9,
        lookups / (lookupNs / 1e9), pgPerLookupMs, jvmPerLookupMs);
  }

  /** Runs the statement 200 times, one at a time; appends "name=p50/p99" and answers the p50 in ms. */
  static double timed(StringBuilder out, String name, java.util.function.Supplier<Future<?>> statement) throws Exception {
    for (int i = 0; i < 20; i++) {
      await(statement.get());
    }
    long[] t = new long[200];
    for (int i = 0; i < t.length; i++) {
      long t0 = System.nanoTime();
      await(statement.get());
      t[i] = System.nanoTime() - t0;
    }
    Arrays.sort(t);
    out.append(out.length() == 0 ? "" : " ").append(name).append('=')
        .append(String.format(Locale.ROOT, "%.2f/%.2f", ms(quantile(t, 0.5)), ms(quantile(t, 0.99))));
    return ms(quantile(t, 0.5));
  }

  /** Until no statement of ours runs in the database, three times in a row. */
  static void settleDb() throws Exception {
    settle(List.of());
  }

  // ---------------------------------------------------------------- replay

  /** Fresh copies of the recorded call, split after AgentCalled, rendered ahead of time (not measured). */
  static List<Call> prepare(int n) {
    List<Call> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      AmiTranscript t = recorded.withFreshIds();
      StringBuilder head = new StringBuilder();
      StringBuilder tail = new StringBuilder();
      String linkedid = null;
      boolean afterAgentCalled = false;
      int events = 0;
      for (List<Map.Entry<String, String>> e : t.events()) {
        String name = AmiTranscript.value(e, "Event");
        if (SESSION_EVENTS.contains(name)) {
          continue;
        }
        events++;
        if (linkedid == null && "Newchannel".equals(name)) {
          linkedid = AmiTranscript.value(e, "Linkedid");
        }
        (afterAgentCalled ? tail : head).append(AmiTranscript.render(e));
        if ("AgentCalled".equals(name)) {
          afterAgentCalled = true;
        }
      }
      if (!afterAgentCalled || linkedid == null) {
        throw new IllegalStateException("transcript " + TRANSCRIPT + " has no AgentCalled or Newchannel");
      }
      out.add(new Call(linkedid, head.toString(), tail.toString(), events));
    }
    return out;
  }

  static final class Paced {
    final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    volatile long first;
    volatile long last;
    volatile long maxLateNs;

    double seconds() {
      return (last - first) / 1e9;
    }
  }

  /**
   * Sends the calls at {@code rate} per second from the peer's event loop: call i is due at start + i/rate, and is
   * sent by the first timer tick at or after that (the lateness is reported). The clock is read right before the
   * write of the call's events up to AgentCalled.
   */
  static Future<Paced> paced(List<Call> calls, int rate) {
    Paced p = new Paced();
    Promise<Paced> done = Promise.promise();
    AtomicLong writeFailures = new AtomicLong();
    peerContext.runOnContext(v -> {
      long start = System.nanoTime();
      long interval = TimeUnit.SECONDS.toNanos(1) / rate;
      int[] next = {0};
      new Handler<Long>() {
        @Override
        public void handle(Long timerId) {
          long now = System.nanoTime();
          while (next[0] < calls.size() && start + next[0] * interval <= now) {
            Call c = calls.get(next[0]);
            p.maxLateNs = Math.max(p.maxLateNs, now - (start + next[0] * interval));
            long t = System.nanoTime();
            p.sentAt.put(c.linkedid(), t);
            if (next[0] == 0) {
              p.first = t;
            }
            p.last = t;
            peer.emit(c.head()).onFailure(x -> writeFailures.incrementAndGet());
            if (REST_DELAY_MS <= 0) {
              peer.emit(c.tail()).onFailure(x -> writeFailures.incrementAndGet());
            } else {
              vertx.setTimer(REST_DELAY_MS, id -> peer.emit(c.tail()).onFailure(x -> writeFailures.incrementAndGet()));
            }
            next[0]++;
            now = System.nanoTime();
          }
          if (next[0] == calls.size()) {
            if (writeFailures.get() > 0) {
              done.fail("peer writes failed: " + writeFailures.get());
            } else {
              done.complete(p);
            }
            return;
          }
          long waitNs = start + next[0] * interval - System.nanoTime();
          vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNs + 999_999)), this);
        }
      }.handle(-1L);
    });
    return done.future();
  }

  /** Writes the texts back to back, at most {@link #BLAST_WINDOW} unflushed at a time; the time the last one is flushed. */
  static Future<Long> blast(List<String> texts) {
    Promise<Long> done = Promise.promise();
    peerContext.runOnContext(v -> new Runnable() {
      int next;
      int inFlight;
      boolean failed;

      @Override
      public void run() {
        while (!failed && inFlight < BLAST_WINDOW && next < texts.size()) {
          inFlight++;
          peer.emit(texts.get(next++)).onComplete(ar -> {
            inFlight--;
            if (ar.failed()) {
              failed = true;
              done.tryFail(ar.cause());
            } else if (next == texts.size() && inFlight == 0) {
              done.tryComplete(System.nanoTime());
            } else {
              run();
            }
          });
        }
      }
    }.run());
    return done.future();
  }

  // ---------------------------------------------------------------- observation

  /** Waits until every call's ringing pop arrived or {@code seconds} pass without a new one; how many arrived. */
  static int waitForPops(List<Call> calls, int seconds) throws Exception {
    int last = -1;
    long quietSince = System.nanoTime();
    while (true) {
      int n = count(calls);
      if (n == calls.size()) {
        return n;
      }
      if (n != last) {
        last = n;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(seconds)) {
        return n;
      }
      Thread.sleep(10);
    }
  }

  static int count(List<Call> calls) {
    int n = 0;
    for (Call c : calls) {
      if (ringingAt.containsKey(c.linkedid())) {
        n++;
      }
    }
    return n;
  }

  static JsonObject status() throws Exception {
    return await(vertx.eventBus().<JsonObject>request(Addresses.TELEPHONY_STATUS, null)).body();
  }

  static JsonObject ami(JsonObject status) {
    return status.getJsonObject("ami", new JsonObject());
  }

  static long received() throws Exception {
    return ami(status()).getLong("eventsReceived", 0L);
  }

  /** The received count once the queue is empty and nothing new came for 300 ms. */
  static long settled() throws Exception {
    long last = -1;
    long since = System.nanoTime();
    long deadline = since + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      JsonObject s = ami(status());
      long r = s.getLong("eventsReceived", 0L);
      if (r != last || s.getLong("queued", 0L) != 0) {
        last = r;
        since = System.nanoTime();
      } else if (System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(300)) {
        return r;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the AMI link did not settle");
  }

  /**
   * Waits until every write of these calls is done: each call's last pop ("ended") has arrived (it is chained after
   * all of the call's pops, and the writes are issued before them), then the database is idle (no statement of ours
   * running) three times in a row. The time it was, or -1.
   */
  static long settle(List<Call> calls) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && calls.stream().anyMatch(c -> !phases.getOrDefault(c.linkedid(), "").contains("ended"))) {
      Thread.sleep(10);
    }
    int idle = 0;
    while (System.nanoTime() < deadline) {
      Row r = await(pool.query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
          + "AND pid <> pg_backend_pid() AND state NOT IN ('idle')").execute()).iterator().next();
      idle = r.getLong(0) == 0 ? idle + 1 : 0;
      if (idle == 3) {
        return System.nanoTime();
      }
      Thread.sleep(10);
    }
    return -1;
  }

  /** Calls whose first pop was not the ringing one (the answered or ended pop overtook it). */
  static int ringingNotFirst(List<Call> calls) {
    int n = 0;
    for (Call c : calls) {
      String ph = phases.get(c.linkedid());
      if (ph != null && !ph.startsWith("ringing")) {
        n++;
      }
    }
    return n;
  }

  /** Calls whose call-ended message carried no agent although an agent answered (every replayed call is answered). */
  static int endedWithoutAgent(List<Call> calls) {
    int n = 0;
    for (Call c : calls) {
      JsonObject e = callEnded.get(c.linkedid());
      if (e != null && e.getValue("agentId") == null) {
        n++;
      }
    }
    return n;
  }

  /**
   * Call log upserts so far: every INSERT … ON CONFLICT of the call log draws its id default from the sequence, row
   * inserted or not, so the sequence counts the writes at no cost.
   */
  static long upserts() throws Exception {
    return await(pool.query("SELECT last_value + CASE WHEN is_called THEN 0 ELSE -1 END FROM calls_id_seq").execute())
        .iterator().next().getLong(0);
  }

  static long[] sorted(List<Long> values) {
    long[] a = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    return a;
  }

  static String secs(long t, long t0) {
    return t < 0 ? "timeout" : String.format(Locale.ROOT, "%.2fs", (t - t0) / 1e9);
  }

  /** How many of these calls have their final row (ended_at set) in the call log. */
  static int finalRows(String[] linkedids) throws Exception {
    Row r = await(pool.preparedQuery("SELECT count(*) FROM calls WHERE linkedid = ANY($1) AND ended_at IS NOT NULL")
        .execute(Tuple.of((Object) linkedids))).iterator().next();
    return r.getLong(0).intValue();
  }

  static String slowest(List<Call> calls, Paced p, int k) {
    List<long[]> all = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      Long at = ringingAt.get(calls.get(i).linkedid());
      if (at != null) {
        all.add(new long[] {i, at - p.sentAt.get(calls.get(i).linkedid())});
      }
    }
    all.sort((a, b) -> Long.compare(b[1], a[1]));
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < Math.min(k, all.size()); i++) {
      sb.append(i == 0 ? "" : ", ").append("#").append(all.get(i)[0]).append("@")
          .append(String.format(Locale.ROOT, "%.1fs", (p.sentAt.get(calls.get((int) all.get(i)[0]).linkedid()) - p.first) / 1e9))
          .append("=").append(String.format(Locale.ROOT, "%.1fms", ms(all.get(i)[1])));
    }
    return sb.append("]").toString();
  }

  /** p50/p99 of the latency in each of {@code parts} consecutive slices of the run: does it drift? */
  static String trend(List<Call> calls, Paced p, int parts) {
    StringBuilder sb = new StringBuilder("[");
    int per = Math.max(1, calls.size() / parts);
    for (int from = 0; from < calls.size(); from += per) {
      List<Long> l = new ArrayList<>();
      for (Call c : calls.subList(from, Math.min(calls.size(), from + per))) {
        Long at = ringingAt.get(c.linkedid());
        if (at != null) {
          l.add(at - p.sentAt.get(c.linkedid()));
        }
      }
      long[] a = sorted(l);
      sb.append(from == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f/%.1f", ms(quantile(a, 0.5)), ms(quantile(a, 0.99))));
    }
    return sb.append("]ms").toString();
  }

  static long quantile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }

  static double mean(long[] a) {
    return a.length == 0 ? 0 : Arrays.stream(a).average().orElse(0);
  }

  static double ms(long ns) {
    return ns / 1e6;
  }

  static double ms(double ns) {
    return ns / 1e6;
  }

  static void out(String format, Object... args) {
    System.out.println("BENCHMARK " + String.format(Locale.ROOT, format, args));
    System.out.flush();
  }

  /** The pool's latency meanwhile: SELECT 1 through the service's pool every few ms (waiting for a connection included). */
  static final class Probe {
    static final int EVERY_MS = 50;
    final List<Long> samples = new ArrayList<>();
    final Context context = ((VertxInternal) vertx).createEventLoopContext();
    volatile long timer = -1;

    static Probe start() {
      Probe p = new Probe();
      p.context.runOnContext(v -> p.timer = vertx.setPeriodic(EVERY_MS, id -> {
        long t = System.nanoTime();
        pool.query("SELECT 1").execute().onSuccess(rows -> p.samples.add(System.nanoTime() - t));
      }));
      return p;
    }

    long[] stop() throws Exception {
      Promise<long[]> out = Promise.promise();
      context.runOnContext(v -> {
        vertx.cancelTimer(timer);
        long[] a = samples.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        out.complete(a);
      });
      return await(out.future());
    }
  }

  /**
   * CPU over a phase, in cores: the whole machine (/proc/stat), this JVM (fake peer, Asterisk-Java client and service
   * together), our embedded PostgreSQL (its postmaster and backends), and everything else on the machine (other
   * builds, which make a run noisy); plus this JVM's GC time.
   */
  static final class Load {
    static final long HZ = 100; // USER_HZ of /proc
    final long wall = System.nanoTime();
    final long[] machine = procStat();
    final long jvmCpu = jvmCpuNs();
    final long pgTicks = postgresTicks();
    final long gcMs = gcMs();
    final long jitMs = jitMs();
    final Map<Long, long[]> threads = threadCpu();

    static Load start() {
      return new Load();
    }

    record Used(double seconds, int cores, double machineCores, double jvmCores, double pgCores, long gcMs, long jitMs,
        String jvmThreads) {
      @Override
      public String toString() {
        if (Double.isNaN(machineCores)) {
          return String.format(Locale.ROOT, "wall=%.1fs jvm=%.2f cores gc=%dms jit=%dms jvmThreads[%s]", seconds, jvmCores,
              gcMs, jitMs, jvmThreads);
        }
        return String.format(Locale.ROOT, "wall=%.1fs machineBusy=%.2f/%d cores: thisJvm=%.2f ourPostgres=%.2f "
                + "otherProcesses=%.2f%s gcPauses=%dms jitCompiling=%dms", seconds, machineCores, cores, jvmCores, pgCores,
            Math.max(0, machineCores - jvmCores - pgCores), machineCores - jvmCores - pgCores > 0.2
                ? " (other work on the machine: this run is noisy)" : "", gcMs, jitMs) + " thisJvmByThread[" + jvmThreads + "]";
      }
    }

    Used stop() {
      double secs = (System.nanoTime() - wall) / 1e9;
      int cores = Runtime.getRuntime().availableProcessors();
      long[] m = procStat();
      double busy = Double.NaN;
      if (machine != null && m != null && m[1] > machine[1]) {
        busy = cores * (double) (m[0] - machine[0]) / (m[1] - machine[1]);
      }
      double jvm = (jvmCpuNs() - jvmCpu) / 1e9 / secs;
      // Where this JVM's CPU went, by thread group; what no Java thread accounts for is the JVM's own (JIT, GC).
      Map<Long, long[]> now = threadCpu();
      Map<String, Double> groups = new java.util.LinkedHashMap<>();
      for (String g : List.of("asteriskJavaReader", "asteriskJavaPump", "vertxEventLoops", "vertxWorkers", "benchmarkMain",
          "otherJava")) {
        groups.put(g, 0.0);
      }
      double javaThreads = 0;
      var mx = ManagementFactory.getThreadMXBean();
      for (Map.Entry<Long, long[]> e : now.entrySet()) {
        long[] was = threads.get(e.getKey());
        double used = (e.getValue()[0] - (was == null ? 0 : was[0])) / 1e9 / secs;
        var info = mx.getThreadInfo(e.getKey());
        String name = info == null ? "" : info.getThreadName();
        String g = name.contains("AsyncEventPump") ? "asteriskJavaPump"
            : name.startsWith("Asterisk-Java ManagerConnection") ? "asteriskJavaReader"
            : name.startsWith("vert.x-eventloop") ? "vertxEventLoops"
            : name.startsWith("vert.x-worker") || name.startsWith("vert.x-internal-blocking") || name.startsWith("ami-") ? "vertxWorkers"
            : name.equals("main") ? "benchmarkMain" : "otherJava";
        groups.merge(g, used, Double::sum);
        javaThreads += used;
      }
      StringBuilder sb = new StringBuilder();
      groups.forEach((g, v) -> sb.append(sb.length() == 0 ? "" : " ").append(g).append('=')
          .append(String.format(Locale.ROOT, "%.2f", v)));
      sb.append(String.format(Locale.ROOT, " jvmInternal(JIT,GC)=%.2f", Math.max(0, jvm - javaThreads)));
      return new Used(secs, cores, busy, jvm, (postgresTicks() - pgTicks) / (double) HZ / secs, gcMs() - gcMs,
          jitMs() - jitMs, sb.toString());
    }

    /** Thread id → {cpu ns} for every live Java thread. */
    static Map<Long, long[]> threadCpu() {
      var mx = ManagementFactory.getThreadMXBean();
      Map<Long, long[]> out = new java.util.HashMap<>();
      if (!mx.isThreadCpuTimeSupported()) {
        return out;
      }
      for (long id : mx.getAllThreadIds()) {
        long t = mx.getThreadCpuTime(id);
        if (t >= 0) {
          out.put(id, new long[] {t});
        }
      }
      return out;
    }

    /** utime + stime of the embedded PostgreSQL: the postmaster listening on our port and its children. */
    static long postgresTicks() {
      try {
        String port = String.valueOf(PgTestSupport.options("postgres").getPort());
        long postmaster = -1;
        List<long[]> procs = new ArrayList<>(); // pid, ppid, ticks
        try (var dirs = Files.list(Path.of("/proc"))) {
          for (Path d : (Iterable<Path>) dirs::iterator) {
            String name = d.getFileName().toString();
            if (!name.chars().allMatch(Character::isDigit)) {
              continue;
            }
            try {
              String stat = Files.readString(d.resolve("stat"));
              String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              long pid = Long.parseLong(name);
              procs.add(new long[] {pid, Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12])});
              if (postmaster < 0 && stat.contains("(postgres)")) {
                List<String> argv = Arrays.asList(new String(Files.readAllBytes(d.resolve("cmdline"))).split("\u0000"));
                int i = argv.indexOf("-p");
                if (i >= 0 && i + 1 < argv.size() && argv.get(i + 1).equals(port)) {
                  postmaster = pid;
                }
              }
            } catch (Exception gone) {
              // the process ended meanwhile
            }
          }
        }
        long ticks = 0;
        for (long[] pr : procs) {
          if (pr[0] == postmaster || pr[1] == postmaster) {
            ticks += pr[2];
          }
        }
        return postmaster < 0 ? 0 : ticks;
      } catch (Exception e) {
        return 0;
      }
    }

    /** {busy, total} jiffies of all CPUs, or null off Linux. */
    static long[] procStat() {
      try {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
          total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
        // guest time is already counted in user time
        if (f.length > 9) {
          total -= Long.parseLong(f[9]) + (f.length > 10 ? Long.parseLong(f[10]) : 0);
        }
        return new long[] {total - idle, total};
      } catch (Exception e) {
        return null;
      }
    }

    static long jvmCpuNs() {
      if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
        return os.getProcessCpuTime();
      }
      return 0;
    }

    static long jitMs() {
      var jit = ManagementFactory.getCompilationMXBean();
      return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    static long gcMs() {
      long t = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        t += Math.max(0, gc.getCollectionTime());
      }
      return t;
    }
  }
}
