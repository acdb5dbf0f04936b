package hotline.telephony;

import hotline.calls.CallDisposition;
import hotline.directory.PhoneNumbers;
import hotline.time.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** The call log's store: one row a call, written whole each time it changes (idempotent). */
final class CallLog {

  private static final String UPSERT =
      "INSERT INTO calls (linkedid, uniqueid, direction, channel, caller_raw, caller_normalized, did, queue, agent_interface, "
          + "agent_id, started_at, answered_at, ended_at, wait_seconds, talk_seconds, disposition, end_unknown, recording) "
          + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) "
          + "ON CONFLICT (linkedid) DO UPDATE SET channel = EXCLUDED.channel, caller_raw = EXCLUDED.caller_raw, "
          + "caller_normalized = EXCLUDED.caller_normalized, did = EXCLUDED.did, queue = EXCLUDED.queue, "
          + "agent_interface = EXCLUDED.agent_interface, agent_id = EXCLUDED.agent_id, answered_at = EXCLUDED.answered_at, "
          + "ended_at = EXCLUDED.ended_at, wait_seconds = EXCLUDED.wait_seconds, talk_seconds = EXCLUDED.talk_seconds, "
          + "disposition = EXCLUDED.disposition, end_unknown = EXCLUDED.end_unknown, recording = EXCLUDED.recording "
          + "RETURNING id";
  private static final String OPEN = "SELECT linkedid FROM calls WHERE ended_at IS NULL";
  /** The row's own disposition, else {@link CallState#finalDisposition()}'s rule: $3 answered, $4 abandoned, $5 no answer. */
  private static final String CLOSE_UNKNOWN =
      "UPDATE calls SET ended_at = $2, end_unknown = true, disposition = coalesce(disposition, "
          + "CASE WHEN answered_at IS NOT NULL THEN $3::text WHEN queue IS NOT NULL THEN $4::text ELSE $5::text END) "
          + "WHERE linkedid = ANY($1) AND ended_at IS NULL";
  private static final String AGENT =
      "SELECT user_id FROM telephony_agents WHERE interface = $1 OR extension = $2 ORDER BY (interface = $1) DESC LIMIT 1";
  private static final String RECENT =
      "SELECT id, linkedid, direction, caller_raw, did, queue, agent_id, started_at, answered_at, ended_at, wait_seconds, "
          + "talk_seconds, disposition, end_unknown, case_id FROM calls WHERE caller_normalized = $1 "
          + "ORDER BY started_at DESC LIMIT $2";
  /** The log for a viewer: a call linked to a report shows its number and case only to those who may see the reporter. */
  private static final String LIST =
      "SELECT k.id, k.linkedid, k.direction, k.caller_raw, k.did, k.queue, k.agent_id, k.started_at, k.answered_at, "
          + "k.ended_at, k.wait_seconds, k.talk_seconds, k.disposition, k.end_unknown, k.case_id, "
          + "(c.kind = 'report' AND NOT $9 AND c.owner_id <> $10) AS confidential, count(*) OVER () AS total "
          + "FROM calls k LEFT JOIN cases c ON c.id = k.case_id "
          // The number and the case of a report's call are its reporter's identity: for whoever may not see that, a
          // filter on them matches nothing (the call still shows in the log, masked, under its other filters).
          + "WHERE ($1::text IS NULL OR (k.caller_normalized = $1 AND NOT coalesce(c.kind = 'report' AND NOT $9 AND c.owner_id <> $10, false))) "
          + "AND ($2::bigint IS NULL OR k.agent_id = $2) "
          + "AND ($3::timestamptz IS NULL OR k.started_at >= $3) AND ($4::timestamptz IS NULL OR k.started_at < $4) "
          + "AND ($5::text IS NULL OR k.disposition = $5) "
          + "AND ($6::bigint IS NULL OR (k.case_id = $6 AND NOT coalesce(c.kind = 'report' AND NOT $9 AND c.owner_id <> $10, false))) "
          + "ORDER BY k.started_at DESC, k.id DESC LIMIT $7 OFFSET $8";
  private static final String LINK = "UPDATE calls SET case_id = $2 WHERE id = $1 AND (case_id IS NULL OR $3) RETURNING id";
  private static final String ACTIVE_CALL_OF_AGENT =
      "SELECT id FROM calls WHERE agent_id = $1 AND ended_at IS NULL AND case_id IS NULL ORDER BY answered_at DESC NULLS LAST LIMIT 1";
  /** Counts at most 3: the pop only needs to know "2 or more" (repeat caller), whatever a heavy caller's history. */
  private static final String COUNT_SINCE =
      "SELECT count(*) FROM (SELECT 1 FROM calls WHERE caller_normalized = $1 AND started_at >= $2 LIMIT 3) recent";

  /** How long an agent lookup is kept at most; changes made through the API clear it at once. */
  static final long AGENT_CACHE_MS = 60_000;
  private static final int MAX_CACHED_AGENTS = 10_000;

  private record CachedAgent(Long agentId, long at) {
  }

  private final Map<String, CachedAgent> agents = new ConcurrentHashMap<>();
  private final AtomicLong agentsGeneration = new AtomicLong();
  private final Pool pool;
  private final PhoneNumbers phones;
  private final Supplier<ZoneId> zone;

  CallLog(Pool pool, PhoneNumbers phones, Supplier<ZoneId> zone) {
    this.pool = pool;
    this.phones = phones;
    this.zone = zone;
  }

  Future<Long> save(CallState c) {
    // What Asterisk sent is stored as text PostgreSQL takes: a NUL or a broken character in a caller ID loses no call.
    String caller = AmiText.clean(c.callerRaw);
    return pool.preparedQuery(UPSERT).execute(Tuple.from(new Object[] {AmiText.clean(c.linkedid), AmiText.clean(c.uniqueid),
        c.direction, AmiText.clean(c.channel), caller, phones.normalize(caller), AmiText.clean(c.did), AmiText.clean(c.queue),
        AmiText.clean(c.agentInterface), c.agentId, Times.utc(c.startedAt), Times.utc(c.answeredAt), Times.utc(c.endedAt),
        c.ended() ? c.waitSeconds() : null, c.ended() ? c.talkSecondsOrDerived() : null, c.dispositionId(), c.endUnknown,
        AmiText.clean(c.recording)})).map(rows -> rows.iterator().next().getLong(0));
  }

  Future<List<String>> openLinkedids() {
    return pool.query(OPEN).execute().map(rows -> {
      List<String> out = new ArrayList<>();
      rows.forEach(r -> out.add(r.getString(0)));
      return out;
    });
  }

  /** Calls the log still has open but Asterisk no longer has: they ended while the link was down. */
  Future<Integer> closeUnknown(List<String> linkedids, Instant at) {
    if (linkedids.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return pool.preparedQuery(CLOSE_UNKNOWN).execute(Tuple.of(linkedids.toArray(String[]::new), Times.utc(at),
        CallDisposition.ANSWERED.id(), CallDisposition.ABANDONED.id(), CallDisposition.NO_ANSWER.id()))
        .map(rows -> rows.rowCount());
  }

  /**
   * The agent who answers on this queue member interface (PJSIP/1001) or extension (1001). Kept for
   * {@link #AGENT_CACHE_MS} (a ring would otherwise wait for the database before its pop): a phone set on this node
   * clears the cache at once, one set on another node through {@link #forgetAgents()} (the bus tells every node).
   */
  Future<Long> agentFor(String memberInterface) {
    if (memberInterface == null) {
      return Future.succeededFuture(null);
    }
    long now = System.nanoTime();
    CachedAgent cached = agents.get(memberInterface);
    if (cached != null && now - cached.at() < AGENT_CACHE_MS * 1_000_000L) {
      return Future.succeededFuture(cached.agentId());
    }
    long generation = agentsGeneration.get();
    String extension = memberInterface.replaceFirst("^[A-Za-z]+/", "").replaceFirst("@.*$", "");
    return pool.preparedQuery(AGENT).execute(Tuple.of(memberInterface, extension))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0))
        .onSuccess(id -> {
          // Not an answer from before a change of phones; and bounded, whatever interfaces the PBX names.
          if (agentsGeneration.get() == generation) {
            if (agents.size() >= MAX_CACHED_AGENTS) {
              agents.clear();
            }
            agents.put(memberInterface, new CachedAgent(id, now));
          }
        });
  }

  /** Phones changed (here or on another node): the next ring asks the database again. */
  void forgetAgents() {
    agentsGeneration.incrementAndGet();
    agents.clear();
  }

  /** Which phone an agent answers on; the same interface or extension cannot belong to two agents. */
  Future<JsonObject> setAgentPhone(long userId, String memberInterface, String extension) {
    return pool.preparedQuery("INSERT INTO telephony_agents (user_id, interface, extension) VALUES ($1, $2, $3) "
            + "ON CONFLICT (user_id) DO UPDATE SET interface = EXCLUDED.interface, extension = EXCLUDED.extension")
        .execute(Tuple.of(userId, memberInterface, extension))
        .onSuccess(v -> forgetAgents())
        .map(v -> new JsonObject().put("userId", userId).put("interface", memberInterface).put("extension", extension));
  }

  /** The agent's phone as a dialable channel: the queue member interface, else Local/<extension>@<agents context>. */
  Future<String> agentChannel(long userId, String agentsContext) {
    return pool.preparedQuery("SELECT interface, extension FROM telephony_agents WHERE user_id = $1").execute(Tuple.of(userId))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          return r.getString("interface") != null ? r.getString("interface")
              : r.getString("extension") == null ? null : "Local/" + r.getString("extension") + "@" + agentsContext;
        });
  }

  Future<JsonArray> recent(String normalized, int limit) {
    return pool.preparedQuery(RECENT).execute(Tuple.of(normalized, limit)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(json(r)));
      return out;
    });
  }

  Future<Long> countSince(String normalized, Instant since) {
    return pool.preparedQuery(COUNT_SINCE).execute(Tuple.of(normalized, Times.utc(since)))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  Future<JsonObject> list(String normalized, Long agentId, Instant from, Instant to, String disposition, Long caseId,
      int page, int size, boolean seesReporters, long viewerId) {
    return pool.preparedQuery(LIST).execute(Tuple.from(new Object[] {normalized, agentId, Times.utc(from), Times.utc(to),
        disposition, caseId, size, (page - 1) * size, seesReporters, viewerId})).map(rows -> {
          JsonArray items = new JsonArray();
          long total = 0;
          for (Row r : rows) {
            total = r.getLong("total");
            JsonObject call = json(r);
            if (Boolean.TRUE.equals(r.getBoolean("confidential"))) {
              call.put("callerNumber", null).put("caseId", null).put("identityMasked", true);
            }
            items.add(call);
          }
          return new JsonObject().put("items", items).put("total", total).put("page", page).put("size", size);
        });
  }

  /** Links a call to a case; an already linked call is moved only when asked to. */
  Future<Boolean> link(long callId, long caseId, boolean replace) {
    return pool.preparedQuery(LINK).execute(Tuple.of(callId, caseId, replace)).map(rows -> rows.size() > 0);
  }

  /** The call an agent is on (or last answered and still up) that has no case yet. */
  Future<Long> activeCallOf(long agentId) {
    return pool.preparedQuery(ACTIVE_CALL_OF_AGENT).execute(Tuple.of(agentId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
  }

  JsonObject json(Row r) {
    ZoneId z = zone.get();
    return new JsonObject().put("id", r.getLong("id")).put("linkedid", r.getString("linkedid"))
        .put("direction", r.getString("direction")).put("callerNumber", r.getString("caller_raw"))
        .put("did", r.getString("did")).put("queue", r.getString("queue")).put("agentId", r.getLong("agent_id"))
        .put("startedAt", Times.iso(r.getOffsetDateTime("started_at"), z))
        .put("answeredAt", Times.iso(r.getOffsetDateTime("answered_at"), z))
        .put("endedAt", Times.iso(r.getOffsetDateTime("ended_at"), z))
        .put("waitSeconds", r.getInteger("wait_seconds")).put("talkSeconds", r.getInteger("talk_seconds"))
        .put("disposition", r.getString("disposition")).put("endUnknown", r.getBoolean("end_unknown"))
        .put("caseId", r.getLong("case_id"));
  }
}
