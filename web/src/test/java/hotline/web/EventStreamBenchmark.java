package hotline.web;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.Addresses;
import hotline.users.Principal;
import hotline.users.Role;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 1000 agents, one event stream each, on one node: the heap they cost (this JVM holds the server and the JDK's
 * clients alike, so the figure is an upper bound of the server's share) and one screen pop per agent delivered to
 * exactly its own stream. Run with {@code -Dtest=EventStreamBenchmark -DexcludedGroups=none}.
 */
@Tag("benchmark")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EventStreamBenchmark extends ApiTestBase {

  static final int CLIENTS = 1000;

  @Test
  void thousandStreamsEachGetTheirOwnPop() throws Exception {
    // The agents straight into the table and their tokens from the core: hashing 1000 passwords measures nothing here.
    List<Long> ids = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      String name = "bench-" + i;
      Row r = await(pool.preparedQuery("INSERT INTO users (username, display_name, password_hash, roles) VALUES ($1, $1, 'x', $2) RETURNING id")
          .execute(Tuple.tuple().addString(name).addArrayOfString(new String[] {"agent"}))).iterator().next();
      long id = r.getLong("id");
      ids.add(id);
      tokens.add(await(core.users().createApiToken(new Principal(id, name, name, Set.of(Role.AGENT), null), "bench", 1)).getString("token"));
    }
    // One connection per stream, as 1000 browsers would have (over HTTP/2 one connection carries 100 streams at most).
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = heap(memory);

    long t0 = System.nanoTime();
    List<SseClient> streams = new ArrayList<>();
    try {
      for (String token : tokens) {
        SseClient c = SseClient.open(http, port, "/api/events", token, null);
        assertEquals(200, c.response.statusCode());
        streams.add(c);
      }
      long openedMs = (System.nanoTime() - t0) / 1_000_000;
      long after = heap(memory);

      long t1 = System.nanoTime();
      for (long id : ids) {
        vertx.eventBus().publish(Addresses.screenPop(id), new JsonObject().put("phase", "ringing").put("linkedid", "bench." + id));
      }
      for (int i = 0; i < CLIENTS; i++) {
        SseClient.Event e = streams.get(i).next();
        assertEquals("screenpop", e.name());
        assertEquals("bench." + ids.get(i), e.json().getString("linkedid"), "stream " + i + " got another agent's pop");
      }
      long deliveredMs = (System.nanoTime() - t1) / 1_000_000;
      Thread.sleep(500);
      int extra = 0;
      for (SseClient c : streams) {
        extra += c.events.size();
      }
      assertEquals(0, extra, "events beyond each stream's own pop");
      assertTrue(streams.stream().noneMatch(c -> c.ended.isDone()), "every stream still open");

      System.out.printf("BENCHMARK event streams: %d open in %d ms%n", CLIENTS, openedMs);
      System.out.printf("BENCHMARK heap after GC: before %.1f MiB, with %d streams %.1f MiB, %+.1f KiB per stream (server and JDK clients)%n",
          before / 1048576.0, CLIENTS, after / 1048576.0, (after - before) / 1024.0 / CLIENTS);
      System.out.printf("BENCHMARK %d pops (one per agent) all delivered, each to exactly its own stream, in %d ms%n", CLIENTS, deliveredMs);
    } finally {
      streams.forEach(SseClient::close);
    }
  }

  private static long heap(MemoryMXBean memory) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
