package hotline.web;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.Addresses;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /api/events} over real HTTP: each stream gets what its user may see and nothing else, a reconnect
 * replays exactly what it missed, and a stream ends with its session. A second server on the same core runs with a
 * 300 ms heartbeat, a 1 s request timeout (which the stream must outlive) and three streams per user.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EventStreamTest extends ApiTestBase {

  static final long HEARTBEAT_MS = 300;
  static int sse;
  static long city;
  static long countyA;
  static long countyB;
  static User agent;
  static User agent2;
  static User leader;
  static User responderA;
  static User responderB;

  @BeforeAll
  static void streams() throws Exception {
    WebVerticle web = new WebVerticle(core, new WebSettings("127.0.0.1", 0, 1024 * 1024, false, 1_000,
        new EventStreamSettings(HEARTBEAT_MS, 100, 3, 100, 300_000, 100)));
    await(vertx.deployVerticle(web));
    sse = web.actualPort();
    city = unit("市局", "city_bureau", null);
    countyA = unit("南山区局", "county_bureau", city);
    countyB = unit("福田区局", "county_bureau", city);
    agent = user("sse-agent", null, "agent");
    agent2 = user("sse-agent2", null, "agent");
    leader = user("sse-leader", null, "leader");
    responderA = user("sse-resp-a", String.valueOf(countyA), "unit_responder");
    responderB = user("sse-resp-b", String.valueOf(countyB), "unit_responder");
  }

  static SseClient open(User u) throws Exception {
    return open(u.token(), null);
  }

  static SseClient open(String token, String lastEventId) throws Exception {
    SseClient c = SseClient.open(HTTP, sse, "/api/events", token, lastEventId);
    assertEquals(200, c.response.statusCode());
    return c;
  }

  static void pop(User to, JsonObject pop) {
    vertx.eventBus().publish(Addresses.screenPop(to.id()), pop);
  }

  static JsonObject ringing(String linkedid) {
    return new JsonObject().put("phase", "ringing").put("linkedid", linkedid).put("callerNumber", "13800138000");
  }

  static void step(User who, long caseId, String action, JsonObject body) throws Exception {
    post(who.token(), "/api/cases/" + caseId + "/" + action, body).expect(200);
  }

  /** Files a complaint as the agent and takes it to the unit: created, then submit, instruct, dispatch. */
  static long dispatched(String subject, long unitId) throws Exception {
    long id = post(agent.token(), "/api/cases", complaint(subject)).expect(201).json().getLong("id");
    step(agent, id, "submit", new JsonObject());
    step(leader, id, "instruct", new JsonObject().put("instruction", "请核实处理"));
    step(agent, id, "dispatch", new JsonObject().put("unitId", unitId).put("method", "email"));
    return id;
  }

  /** The next event of that name, skipping others (for a stream that also sees other tests' cases). */
  static SseClient.Event nextNamed(SseClient c, String name) throws Exception {
    while (true) {
      SseClient.Event e = c.next();
      if (e.name().equals(name)) {
        return e;
      }
    }
  }

  @Test
  void aStreamIsTextEventStreamNeverCachedWithHeartbeats() throws Exception {
    try (SseClient c = open(agent)) {
      assertEquals("text/event-stream; charset=utf-8", c.response.headers().firstValue("Content-Type").orElse(""));
      assertEquals("no-store", c.response.headers().firstValue("Cache-Control").orElse(""));
      // Beyond the 1 s request timeout: the stream stays open, heartbeat after heartbeat.
      Thread.sleep(1_500);
      assertTrue(c.heartbeats.get() >= 3, "heartbeats: " + c.heartbeats.get());
      assertFalse(c.ended.isDone(), "the stream outlives the request timeout");
      pop(agent, ringing("late.1"));
      assertEquals("late.1", nextNamed(c, "screenpop").json().getString("linkedid"));
    }
  }

  @Test
  void anAgentGetsTheirOwnScreenPopsOnly() throws Exception {
    try (SseClient mine = open(agent); SseClient mineToo = open(agent); SseClient theirs = open(agent2)) {
      JsonObject ringing = ringing("1770861600.1").put("did", "12315").put("queue", "hotline").put("known", false);
      pop(agent, ringing);
      SseClient.Event e = nextNamed(mine, "screenpop");
      assertEquals(ringing, e.json());
      assertTrue(e.id() > 0);
      SseClient.Event again = nextNamed(mineToo, "screenpop");
      assertEquals(e, again, "every stream of the user gets the pop, with the same id");
      pop(agent, new JsonObject().put("phase", "answered").put("linkedid", "1770861600.1").put("callerNumber", "13800138000"));
      SseClient.Event answered = nextNamed(mine, "screenpop");
      assertEquals("answered", answered.json().getString("phase"));
      assertTrue(answered.id() > e.id(), "ids grow");

      // The other agent's first pop is their own: the first agent's never reached them.
      pop(agent2, ringing("1770861600.2"));
      SseClient.Event other = nextNamed(theirs, "screenpop");
      assertEquals("1770861600.2", other.json().getString("linkedid"));
    }
  }

  @Test
  void caseEventsReachStaffAndTheDispatchedUnitOnly() throws Exception {
    try (SseClient owner = open(agent); SseClient boss = open(leader); SseClient unitA = open(responderA);
        SseClient unitB = open(responderB)) {
      long caseId = dispatched("伪劣卷烟", countyA);
      for (SseClient staff : List.of(owner, boss)) {
        List<JsonObject> seen = new ArrayList<>();
        while (seen.size() < 4) {
          JsonObject e = nextNamed(staff, "case").json();
          if (e.getLong("caseId") == caseId) {
            seen.add(e);
          }
        }
        assertEquals("created", seen.get(0).getString("event"));
        assertEquals("complaint", seen.get(0).getString("kind"));
        assertEquals(agent.id(), seen.get(0).getLong("ownerId"));
        assertEquals(List.of("submit", "instruct", "dispatch"), seen.subList(1, 4).stream().map(j -> j.getString("action")).toList());
        JsonObject dispatch = seen.get(3);
        assertEquals("instructed", dispatch.getString("from"));
        assertEquals("dispatched", dispatch.getString("to"));
        assertNotNull(dispatch.getString("number"));
        for (JsonObject e : seen) {
          assertTrue(Set.of("event", "caseId", "number", "kind", "ownerId", "action", "from", "to").containsAll(e.fieldNames()),
              "only ids, number, kind and statuses: " + e);
          assertFalse(e.encode().contains("张三") || e.encode().contains("13800138000"), "no reporter: " + e);
        }
      }
      // The unit it went to sees the dispatch (before it, the case was not theirs to see).
      JsonObject a = nextNamed(unitA, "case").json();
      assertEquals(caseId, a.getLong("caseId"));
      assertEquals("dispatch", a.getString("action"));

      // The other unit's first case event is its own case's: nothing of the first reached it (its checks run in order).
      long theirs = dispatched("过期卷烟", countyB);
      JsonObject b = nextNamed(unitB, "case").json();
      assertEquals(theirs, b.getLong("caseId"), "unit B saw someone else's case: " + b);
      assertEquals("dispatch", b.getString("action"));
      // And the later step on B's case reaches B and not A.
      step(responderB, theirs, "receipt", new JsonObject().put("method", "reply"));
      assertEquals("receipt", nextNamed(unitB, "case").json().getString("action"));
      pop(responderA, ringing("marker.a"));
      SseClient.Event next = unitA.next();
      assertEquals("screenpop", next.name(), "unit A saw B's case: " + next);
    }
  }

  @Test
  void aReconnectReplaysExactlyWhatItMissed() throws Exception {
    long lastSeen;
    try (SseClient first = open(agent2)) {
      pop(agent2, ringing("replay.1"));
      lastSeen = nextNamed(first, "screenpop").id();
    }
    // While no stream is open, the phone rings twice.
    pop(agent2, ringing("replay.2"));
    pop(agent2, new JsonObject().put("phase", "ended").put("linkedid", "replay.2"));
    Thread.sleep(100);
    long secondId;
    try (SseClient again = open(agent2.token(), String.valueOf(lastSeen))) {
      SseClient.Event two = nextNamed(again, "screenpop");
      assertEquals("replay.2", two.json().getString("linkedid"));
      assertEquals("ringing", two.json().getString("phase"));
      secondId = two.id();
      assertEquals("ended", nextNamed(again, "screenpop").json().getString("phase"));
      pop(agent2, ringing("replay.3"));
      assertEquals("replay.3", nextNamed(again, "screenpop").json().getString("linkedid"), "then live events");
    }
    // The query parameter does the same, for clients that cannot send the header.
    try (SseClient c = SseClient.open(HTTP, sse, "/api/events?lastEventId=" + secondId, agent2.token(), null)) {
      assertEquals(200, c.response.statusCode());
      assertEquals("ended", nextNamed(c, "screenpop").json().getString("phase"));
      assertEquals("replay.3", nextNamed(c, "screenpop").json().getString("linkedid"));
      assertTrue(c.next(Duration.ofMillis(500)) == null, "nothing more to replay");
    }
    // Without an id a new stream starts from now.
    try (SseClient fresh = open(agent2)) {
      pop(agent2, ringing("replay.4"));
      assertEquals("replay.4", nextNamed(fresh, "screenpop").json().getString("linkedid"));
    }
  }

  @Test
  void anonymousCallersAreRefusedAndAStreamEndsWithItsSession() throws Exception {
    Res anonymous = call("GET", "/api/events", null, null, Map.of("Accept-Language", "en"));
    assertEquals(401, anonymous.status());
    assertEquals("unauthorized", anonymous.error().getString("code"));

    String session = login("sse-agent", password("sse-agent"));
    try (SseClient c = open(session, null); SseClient other = open(agent)) {
      assertFalse(c.ended.isDone());
      call("DELETE", "/api/session", session, null, Map.of()).expect(200);
      c.ended.get(HEARTBEAT_MS * 2 + 1_000, TimeUnit.MILLISECONDS);
      Thread.sleep(HEARTBEAT_MS * 2);
      assertFalse(other.ended.isDone(), "the user's other session streams on");
    }
  }

  @Test
  void aUserHoldsAFewStreamsAtMost() throws Exception {
    User u = user("sse-tabs", null, "supervisor");
    List<SseClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        open.add(open(u));
      }
      SseClient fourth = SseClient.open(HTTP, sse, "/api/events", u.token(), null);
      assertEquals(429, fourth.response.statusCode());
      String body = String.join("\n", fourth.response.body().toList());
      JsonObject error = new JsonObject(body).getJsonObject("error");
      assertEquals("too_many_requests", error.getString("code"));
      assertEquals(3, error.getInteger("limit"));
      open.remove(0).close();
      hotline.testing.Waiting.waitFor("the closed stream to be let go", () -> {
        SseClient c = SseClient.open(HTTP, sse, "/api/events", u.token(), null);
        if (c.response.statusCode() == 200) {
          open.add(c);
          return true;
        }
        c.close();
        return false;
      });
    } finally {
      open.forEach(SseClient::close);
    }
  }
}
