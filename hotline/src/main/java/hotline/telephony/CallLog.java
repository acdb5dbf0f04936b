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
import java.util.Collection;
import java.util.HashMap;
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
  private static final String AGENTS =
      "SELECT user_id, interface, extension FROM telephony_agents WHERE interface = ANY($1) OR extension = ANY($2)";
  /**
   * Calls answered by the agent since $2, and their talk: what Asterisk reported, else from answer to end, else (still
   * up) until $3. The started_at bound lets the (agent_id, started_at) index find them: no call waits a day.
   */
  private static final String ANSWERED_SINCE =
      "SELECT count(*) AS calls, coalesce(sum(CASE WHEN ended_at IS NULL THEN greatest(0, extract(epoch FROM $3 - answered_at)) "
          + "ELSE coalesce(talk_seconds, greatest(0, extract(epoch FROM ended_at - answered_at))) END), 0)::bigint AS talk, "
          + "max(answered_at) FILTER (WHERE ended_at IS NULL) AS active_since "
          + "FROM calls WHERE agent_id = $1 AND answered_at >= $2 AND answered_at <= $3 AND started_at >= $2 - interval '1 day'";
  private static final String RECENT =
      "SELECT id, linkedid, direction, caller_raw, did, queue, agent_id, started_at, answered_at, ended_at, wait_seconds, "
          + "talk_seconds, disposition, end_unknown, case_id FROM calls WHERE caller_normalized = $1 "
          + "ORDER BY started_at DESC LIMIT $2";
  /**
   * A missed call (未接来电): inbound, ended, and not answered ({@link CallDisposition#missed()}). The dispositions are
   * constants of ours, not input; the partial index {@code calls_missed_open} (V103) names the same list.
   */
  static final String MISSED = "(k.direction = 'inbound' AND k.ended_at IS NOT NULL AND k.disposition IN ("
      + String.join(", ", java.util.Arrays.stream(CallDisposition.missedIds()).map(d -> "'" + d + "'").toList()) + "))";
  /** Whether a call's case (alias {@code c}) is a report whose reporter this viewer ($9 sees reporters, $10 is the viewer) may not see. */
  private static final String CONFIDENTIAL = "coalesce(c.kind = 'report' AND NOT $9 AND c.owner_id IS DISTINCT FROM $10, false)";
  /** The same of a later call {@code l} of that number (its case {@code lc}): a masked call is no sign the number called again. */
  private static final String LATER_VISIBLE = "NOT coalesce(lc.kind = 'report' AND NOT $9 AND lc.owner_id IS DISTINCT FROM $10, false)";
  /**
   * The log for a viewer: a call linked to a report shows its number and case only to those who may see the reporter.
   * What is derived from the number (the customers it belongs to, whether it called again or was called back) is left
   * out of a masked row too, and a masked later call is never the sign that a number called again.
   */
  private static final String LIST =
      "SELECT k.id, k.linkedid, k.direction, k.caller_raw, k.did, k.queue, k.agent_id, k.started_at, k.answered_at, "
          + "k.ended_at, k.wait_seconds, k.talk_seconds, k.disposition, k.end_unknown, k.case_id, k.uniqueid, k.recording, "
          + "m.confidential, count(*) OVER () AS total, " + MISSED + " AS missed, k.handled_at, k.handled_by, "
          + "hu.display_name AS handled_by_name, au.display_name AS agent_name, c.number AS case_number, "
          + "CASE WHEN $14 AND NOT m.confidential AND k.caller_normalized IS NOT NULL THEN (SELECT json_agg(json_build_object("
          + "'id', x.id, 'name', x.name, 'partyType', x.party_type) ORDER BY x.id) FROM (SELECT cu.id, cu.name, cu.party_type "
          + "FROM customer_phones cp JOIN customers cu ON cu.id = cp.customer_id WHERE cp.normalized = k.caller_normalized "
          + "ORDER BY cu.id LIMIT 5) x) END AS customers, "
          + "CASE WHEN " + MISSED + " AND NOT m.confidential THEN (SELECT min(l.started_at) FROM calls l "
          + "LEFT JOIN cases lc ON lc.id = l.case_id WHERE l.caller_normalized = k.caller_normalized AND l.started_at > k.started_at "
          + "AND l.direction = 'inbound' AND l.answered_at IS NOT NULL AND " + LATER_VISIBLE + ") END AS called_again_at, "
          + "CASE WHEN " + MISSED + " AND NOT m.confidential THEN (SELECT min(l.started_at) FROM calls l "
          + "LEFT JOIN cases lc ON lc.id = l.case_id WHERE l.caller_normalized = k.caller_normalized AND l.started_at > k.started_at "
          + "AND l.direction = 'outbound' AND l.answered_at IS NOT NULL AND " + LATER_VISIBLE + ") END AS called_back_at "
          + "FROM calls k LEFT JOIN cases c ON c.id = k.case_id "
          + "CROSS JOIN LATERAL (SELECT " + CONFIDENTIAL + " AS confidential) m "
          + "LEFT JOIN users hu ON hu.id = k.handled_by LEFT JOIN users au ON au.id = k.agent_id "
          // The number and the case of a report's call are its reporter's identity: for whoever may not see that, a
          // filter on them matches nothing (the call still shows in the log, masked, under its other filters).
          + "WHERE ($1::text IS NULL OR (k.caller_normalized = $1 AND NOT m.confidential)) "
          + "AND ($2::bigint IS NULL OR k.agent_id = $2) "
          + "AND ($3::timestamptz IS NULL OR k.started_at >= $3) AND ($4::timestamptz IS NULL OR k.started_at < $4) "
          + "AND ($5::text IS NULL OR k.disposition = $5) "
          + "AND ($6::bigint IS NULL OR (k.case_id = $6 AND NOT m.confidential)) "
          + "AND ($11::boolean IS NULL OR " + MISSED + " = $11) "
          + "AND ($12::boolean IS NULL OR (" + MISSED + " AND (k.handled_at IS NOT NULL) = $12)) "
          + "AND ($13::bigint IS NULL OR k.agent_id = $13) "
          + "ORDER BY k.started_at DESC, k.id DESC LIMIT $7 OFFSET $8";
  /** Marks one missed call handled, unless it is already (then nothing changes). */
  private static final String HANDLE_ONE =
      "UPDATE calls k SET handled_at = now(), handled_by = $2 WHERE k.id = $1 AND " + MISSED + " AND k.handled_at IS NULL "
          + "RETURNING k.handled_at, k.handled_by";
  private static final String HANDLED_STATE =
      "SELECT " + MISSED + " AS missed, k.handled_at, k.handled_by FROM calls k WHERE k.id = $1";
  /** Every missed call not handled yet that ended at or before $3: not one that rang in after the caller looked. */
  private static final String HANDLE_ALL =
      "UPDATE calls k SET handled_at = now(), handled_by = $1 WHERE " + MISSED + " AND k.handled_at IS NULL AND k.ended_at <= $2";
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
  /** {@link TelephonySettings#recordingUrl()}: null when calls carry no recording link. */
  private final String recordingUrl;

  CallLog(Pool pool, PhoneNumbers phones, Supplier<ZoneId> zone) {
    this(pool, phones, zone, null);
  }

  CallLog(Pool pool, PhoneNumbers phones, Supplier<ZoneId> zone, String recordingUrl) {
    this.pool = pool;
    this.phones = phones;
    this.zone = zone;
    this.recordingUrl = recordingUrl == null || recordingUrl.isBlank() ? null : recordingUrl.strip();
  }

  /**
   * The link to a call's recording: the template with {@code {file}} (the recording's file name without its
   * directory), {@code {linkedid}} and {@code {uniqueid}} filled in, each percent-encoded; null without a template, a
   * recording, or when Asterisk's file name was cut short in the log (it would name another file).
   */
  static String recordingUrl(String template, String linkedid, String uniqueid, String recording) {
    if (template == null || recording == null || recording.isBlank() || recording.endsWith("…")) {
      return null;
    }
    String file = recording.strip().replaceFirst("^.*/", "");
    return template.replace("{file}", encode(file)).replace("{linkedid}", encode(linkedid))
        .replace("{uniqueid}", encode(uniqueid));
  }

  private static String encode(String v) {
    return v == null ? "" : java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
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
    String extension = extensionOf(memberInterface);
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

  /** The extension in a member interface: {@code PJSIP/1001} → {@code 1001}, {@code Local/8001@agents} → {@code 8001}. */
  static String extensionOf(String memberInterface) {
    return memberInterface == null ? null : memberInterface.replaceFirst("^[A-Za-z]+/", "").replaceFirst("@.*$", "");
  }

  /**
   * The agents behind these queue member interfaces, as {@link #agentFor} finds each one (its interface, else its
   * extension), in one query; interfaces nobody answers on are left out.
   */
  Future<Map<String, Long>> agentsFor(Collection<String> memberInterfaces) {
    if (memberInterfaces.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    String[] interfaces = memberInterfaces.toArray(String[]::new);
    String[] extensions = memberInterfaces.stream().map(CallLog::extensionOf).distinct().toArray(String[]::new);
    return pool.preparedQuery(AGENTS).execute(Tuple.tuple().addArrayOfString(interfaces).addArrayOfString(extensions)).map(rows -> {
      Map<String, Long> byInterface = new HashMap<>();
      Map<String, Long> byExtension = new HashMap<>();
      for (Row r : rows) {
        if (r.getString("interface") != null) {
          byInterface.put(r.getString("interface"), r.getLong("user_id"));
        }
        if (r.getString("extension") != null) {
          byExtension.put(r.getString("extension"), r.getLong("user_id"));
        }
      }
      Map<String, Long> out = new HashMap<>();
      for (String i : memberInterfaces) {
        Long agent = byInterface.containsKey(i) ? byInterface.get(i) : byExtension.get(extensionOf(i));
        if (agent != null) {
          out.put(i, agent);
        }
      }
      return out;
    });
  }

  /** The agent's phone as set by an admin, {@code {"interface","extension"}}; null when none is set. */
  Future<JsonObject> agentPhone(long userId) {
    return pool.preparedQuery("SELECT interface, extension FROM telephony_agents WHERE user_id = $1").execute(Tuple.of(userId))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          return new JsonObject().put("interface", r.getString("interface")).put("extension", r.getString("extension"));
        });
  }

  /**
   * The agent's calls answered since {@code since} (the start of their day): {@code {"calls","talkSeconds",
   * "activeCallSince"}}, a call still up counting its seconds until {@code now}.
   */
  Future<JsonObject> answeredSince(long agentId, Instant since, Instant now) {
    return pool.preparedQuery(ANSWERED_SINCE).execute(Tuple.of(agentId, Times.utc(since), Times.utc(now))).map(rows -> {
      Row r = rows.iterator().next();
      return new JsonObject().put("calls", r.getLong("calls")).put("talkSeconds", r.getLong("talk"))
          .put("activeCallSince", Times.iso(r.getOffsetDateTime("active_since"), zone.get()));
    });
  }

  /** Which phone an agent answers on; the same interface or extension cannot belong to two agents. */
  Future<JsonObject> setAgentPhone(long userId, String memberInterface, String extension) {
    return pool.preparedQuery("INSERT INTO telephony_agents (user_id, interface, extension) VALUES ($1, $2, $3) "
            + "ON CONFLICT (user_id) DO UPDATE SET interface = EXCLUDED.interface, extension = EXCLUDED.extension")
        .execute(Tuple.of(userId, memberInterface, extension))
        .onSuccess(v -> forgetAgents())
        .map(v -> new JsonObject().put("userId", userId).put("interface", memberInterface).put("extension", extension));
  }

  /** The user has no phone any more; false when none was set. */
  Future<Boolean> removeAgentPhone(long userId) {
    return pool.preparedQuery("DELETE FROM telephony_agents WHERE user_id = $1").execute(Tuple.of(userId))
        .map(rows -> rows.rowCount() > 0)
        .onSuccess(v -> forgetAgents());
  }

  /** Every agent's phone, {@code [{"userId","interface","extension"}]}, by user. */
  Future<JsonArray> agentPhones() {
    return pool.query("SELECT user_id, interface, extension FROM telephony_agents ORDER BY user_id").execute().map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(new JsonObject().put("userId", r.getLong("user_id")).put("interface", r.getString("interface"))
          .put("extension", r.getString("extension"))));
      return out;
    });
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

  /** The filters of {@link #list}: null is "any". */
  record Filter(String normalized, Long agentId, Instant from, Instant to, String disposition, Long caseId, Boolean missed,
      Boolean handled, Long mineOf) {
  }

  Future<JsonObject> list(String normalized, Long agentId, Instant from, Instant to, String disposition, Long caseId,
      int page, int size, boolean seesReporters, long viewerId) {
    return list(new Filter(normalized, agentId, from, to, disposition, caseId, null, null, null), page, size, seesReporters,
        viewerId, false);
  }

  /**
   * One page of the log for a viewer, newest first, with {@code asOf}: the time the page was read, the bound to send
   * back when marking every missed call handled ({@link #handleAll}), so that one that rang in after it is not swept.
   */
  Future<JsonObject> list(Filter f, int page, int size, boolean seesReporters, long viewerId, boolean seesCustomers) {
    Instant asOf = Instant.now();
    return pool.preparedQuery(LIST).execute(Tuple.from(new Object[] {f.normalized(), f.agentId(), Times.utc(f.from()),
        Times.utc(f.to()), f.disposition(), f.caseId(), size, (page - 1) * size, seesReporters, viewerId, f.missed(), f.handled(),
        f.mineOf(), seesCustomers})).map(rows -> {
          JsonArray items = new JsonArray();
          long total = 0;
          ZoneId z = zone.get();
          for (Row r : rows) {
            total = r.getLong("total");
            JsonObject call = json(r).put("missed", r.getBoolean("missed"))
                .put("handledAt", Times.iso(r.getOffsetDateTime("handled_at"), z)).put("handledBy", r.getLong("handled_by"))
                .put("handledByName", r.getString("handled_by_name")).put("agentName", r.getString("agent_name"))
                .put("caseNumber", r.getString("case_number"));
            String link = recordingUrl(recordingUrl, r.getString("linkedid"), r.getString("uniqueid"), r.getString("recording"));
            if (link != null) {
              call.put("recordingUrl", link);
            }
            boolean masked = Boolean.TRUE.equals(r.getBoolean("confidential"));
            // A report's call is its reporter's voice too: no number, no case, no recording for who may not see them.
            if (masked) {
              call.put("callerNumber", null).put("caseId", null).put("caseNumber", null).put("identityMasked", true)
                  .remove("recordingUrl");
            } else {
              Object customers = r.getValue("customers");
              call.put("customers", customers == null ? (seesCustomers ? new JsonArray() : null)
                  : customers instanceof JsonArray a ? a : new JsonArray(customers.toString()));
              call.put("calledAgainAt", Times.iso(r.getOffsetDateTime("called_again_at"), z))
                  .put("calledBackAt", Times.iso(r.getOffsetDateTime("called_back_at"), z));
            }
            items.add(call);
          }
          return new JsonObject().put("items", items).put("total", total).put("page", page).put("size", size)
              .put("asOf", Times.iso(Times.utc(asOf), z));
        });
  }

  /** The outcome of marking one call handled: whether there is such a call, whether it is missed, and its state now. */
  record Handled(boolean found, boolean missed, boolean changed, java.time.OffsetDateTime at, Long by) {
  }

  /** Marks one missed call handled by the user; idempotent (an already handled call keeps who and when). */
  Future<Handled> handle(long callId, long userId) {
    return pool.preparedQuery(HANDLE_ONE).execute(Tuple.of(callId, userId)).compose(rows -> {
      if (rows.size() > 0) {
        Row r = rows.iterator().next();
        return Future.succeededFuture(new Handled(true, true, true, r.getOffsetDateTime("handled_at"), r.getLong("handled_by")));
      }
      return pool.preparedQuery(HANDLED_STATE).execute(Tuple.of(callId)).map(state -> {
        if (state.size() == 0) {
          return new Handled(false, false, false, null, null);
        }
        Row r = state.iterator().next();
        return new Handled(true, r.getBoolean("missed"), false, r.getOffsetDateTime("handled_at"), r.getLong("handled_by"));
      });
    });
  }

  /** Marks every missed call not yet handled that ended at or before {@code before}; answers how many. */
  Future<Integer> handleAll(Instant before, long userId) {
    return pool.preparedQuery(HANDLE_ALL).execute(Tuple.of(userId, Times.utc(before))).map(rows -> rows.rowCount());
  }

  String iso(java.time.OffsetDateTime t) {
    return Times.iso(t, zone.get());
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
