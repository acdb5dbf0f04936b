package hotline.accountability;

import hotline.audit.AuditLog;
import hotline.calendar.WorkingCalendar;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.time.Times;
import hotline.users.Permission;
import hotline.users.Principal;
import hotline.users.Role;
import hotline.validation.Input;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Quarterly accountability (季度绩效考核): each unit's score for a quarter by the {@link Model} (百分制扣分), with every
 * case behind every deduction, from the quarter's facts ({@link QuarterFacts}: the bulletin's definitions). Until a leader
 * closes the quarter it is a draft, computed when asked; closing stores the scores and their cases as version 1, and
 * later feedback or findings change nothing published; a recompute (with its reason) stores the next version. Both are
 * in the audit log.
 *
 * <p>Who reads: leaders and the supervision office every unit; a unit's responder their own unit only (the quarter's
 * list holds only their unit's row). The cases are named by number, kind, round, unit and dates: never who filed them.
 */
public final class Accountability {

  public static final int MAX_REASON = 2000;

  private static final String VERSIONS =
      "SELECT quarter, version, as_of, created_by_name, reason, model FROM accountability_versions WHERE quarter = $1 ORDER BY version";
  private static final String INSERT_VERSION =
      "INSERT INTO accountability_versions (quarter, version, as_of, created_by, created_by_name, reason, model) "
          + "VALUES ($1, $2, $3, $4, $5, $6, $7)";
  private static final String INSERT_SCORE =
      "INSERT INTO accountability_scores (quarter, version, unit_id, rank, score, summary, cases) VALUES ($1, $2, $3, $4, $5, $6, $7)";
  private static final String SCORES =
      "SELECT unit_id, summary FROM accountability_scores WHERE quarter = $1 AND version = $2 AND ($3::bigint IS NULL OR unit_id = $3) "
          + "ORDER BY rank, unit_id";
  private static final String UNIT_SCORE =
      "SELECT summary, cases FROM accountability_scores WHERE quarter = $1 AND version = $2 AND unit_id = $3";
  private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('accountability:' || $1))";

  private final Pool pool;
  private final Clock clock;
  private final Supplier<WorkingCalendar> calendar;
  private final AuditLog audit;
  private final Model model;

  public Accountability(Pool pool, Clock clock, Supplier<WorkingCalendar> calendar, AuditLog audit, Model model) {
    this.pool = pool;
    this.clock = clock;
    this.calendar = calendar;
    this.audit = audit;
    this.model = model;
  }

  public Model model() {
    return model;
  }

  /**
   * {@code GET /api/accountability/quarters/{quarter}}: every unit's score and deductions (a unit's responder: their own
   * unit's), the status (draft, or closed with its version), the model. {@code version} null: the latest.
   */
  public Future<JsonObject> quarter(Principal p, Quarter q, Integer version, boolean chinese) {
    if (!Permission.ACCOUNTABILITY_READ.couldAllow(p)) {
      return Future.failedFuture(Permission.ACCOUNTABILITY_READ.refusal());
    }
    Long only = scopedUnit(p);
    return versions(q).compose(vs -> {
      JsonObject v;
      try {
        v = pick(vs, version);
      } catch (HotlineException e) {
        return Future.failedFuture(e);
      }
      if (v == null) {
        Instant asOf = clock.instant();
        // Every unit's scores, then the caller's share: a unit's rank is the quarter's, as when it is closed.
        return compute(q, asOf, null).map(s -> {
          JsonArray units = new JsonArray();
          summaries(s, false).stream().map(JsonObject.class::cast)
              .filter(u -> only == null || u.getLong("unitId").equals(only)).forEach(units::add);
          return head(q, chinese, "draft", null, vs, model, asOf).put("units", units);
        });
      }
      return pool.preparedQuery(SCORES).execute(Tuple.of(q.toString(), v.getInteger("version"), only)).map(rows -> {
        JsonArray units = new JsonArray();
        rows.forEach(r -> units.add(r.getJsonObject("summary")));
        return head(q, chinese, "closed", v, vs, Model.fromJson(v.getJsonObject("model")),
            Instant.parse(v.getString("asOf"))).put("units", units);
      });
    });
  }

  /** {@code GET …/units/{unitId}}: one unit's score with the cases behind each deduction. */
  public Future<JsonObject> unit(Principal p, Quarter q, long unitId, Integer version, boolean chinese) {
    if (!Permission.ACCOUNTABILITY_UNIT.allows(p, new Permission.Subject(null, false, false, unitId))) {
      return Future.failedFuture(Permission.ACCOUNTABILITY_UNIT.refusal());
    }
    return versions(q).compose(vs -> {
      JsonObject v;
      try {
        v = pick(vs, version);
      } catch (HotlineException e) {
        return Future.failedFuture(e);
      }
      if (v == null) {
        Instant asOf = clock.instant();
        // Every unit's, so that the unit's rank is the quarter's.
        return compute(q, asOf, null).map(s -> {
          JsonObject u = summaries(s, true).stream().map(JsonObject.class::cast)
              .filter(x -> x.getLong("unitId") == unitId).findFirst().orElseGet(() -> empty(unitId));
          return head(q, chinese, "draft", null, vs, model, asOf).put("unit", u);
        });
      }
      return pool.preparedQuery(UNIT_SCORE).execute(Tuple.of(q.toString(), v.getInteger("version"), unitId)).map(rows -> {
        JsonObject u;
        if (rows.size() == 0) {
          u = empty(unitId);
        } else {
          Row r = rows.iterator().next();
          u = withCases(r.getJsonObject("summary").copy(), r.getJsonObject("cases"));
        }
        return head(q, chinese, "closed", v, vs, Model.fromJson(v.getJsonObject("model")), Instant.parse(v.getString("asOf")))
            .put("unit", u);
      });
    });
  }

  /** {@code POST …/close}: a leader freezes an ended quarter as version 1 (409 when closed already or not yet ended). */
  public Future<JsonObject> close(Principal p, Quarter q, boolean chinese) {
    if (!Permission.ACCOUNTABILITY_CLOSE.allows(p)) {
      return Future.failedFuture(Permission.ACCOUNTABILITY_CLOSE.refusal());
    }
    return store(p, q, null, chinese);
  }

  /** {@code POST …/recompute}: a leader stores the next version of a closed quarter, with the reason. */
  public Future<JsonObject> recompute(Principal p, Quarter q, JsonObject body, boolean chinese) {
    if (!Permission.ACCOUNTABILITY_CLOSE.allows(p)) {
      return Future.failedFuture(Permission.ACCOUNTABILITY_CLOSE.refusal());
    }
    String reason;
    try {
      reason = Input.of(body).required("reason", MAX_REASON);
    } catch (HotlineException e) {
      return Future.failedFuture(e);
    }
    return store(p, q, reason, chinese);
  }

  /** {@code GET …/versions}: who closed and recomputed the quarter, when, and why. */
  public Future<JsonObject> versionList(Principal p, Quarter q) {
    if (!Permission.ACCOUNTABILITY_READ.couldAllow(p)) {
      return Future.failedFuture(Permission.ACCOUNTABILITY_READ.refusal());
    }
    return versions(q).map(vs -> {
      JsonArray out = new JsonArray();
      vs.forEach(v -> {
        JsonObject item = v.copy();
        item.remove("model");
        out.add(item);
      });
      return new JsonObject().put("quarter", q.toString()).put("items", out);
    });
  }

  private Future<JsonObject> store(Principal p, Quarter q, String reason, boolean chinese) {
    ZoneId zone = calendar.get().zone();
    Instant now = clock.instant();
    if (LocalDate.ofInstant(now, zone).isBefore(q.end())) {
      return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "accountability.notEnded", q.toString()));
    }
    return pool.withTransaction(tx -> tx.preparedQuery(LOCK).execute(Tuple.of(q.toString()))
        .compose(x -> tx.preparedQuery(VERSIONS).execute(Tuple.of(q.toString())))
        .compose(rows -> {
          int last = 0;
          for (Row r : rows) {
            last = r.getInteger("version");
          }
          if (reason == null && last > 0) {
            return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "accountability.closed", q.toString()));
          }
          if (reason != null && last == 0) {
            return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "accountability.notClosed", q.toString()));
          }
          int version = last + 1;
          return compute(q, now, null).compose(s -> {
            List<Tuple> batch = new ArrayList<>();
            JsonArray units = summaries(s, false);
            Map<Long, JsonObject> cases = casesByUnit(s);
            for (Object o : units) {
              JsonObject u = (JsonObject) o;
              batch.add(Tuple.of(q.toString(), version, u.getLong("unitId"), u.getInteger("rank"),
                  BigDecimal.valueOf(u.getDouble("score")), u, cases.getOrDefault(u.getLong("unitId"), new JsonObject())));
            }
            JsonObject detail = new JsonObject().put("quarter", q.toString()).put("version", version).put("units", units.size())
                .put("reason", reason);
            return tx.preparedQuery(INSERT_VERSION).execute(Tuple.from(new Object[] {q.toString(), version, Times.utc(now),
                    p.userId(), p.displayName(), reason, model.toJson()}))
                .compose(v -> batch.isEmpty() ? Future.<Void>succeededFuture()
                    : tx.preparedQuery(INSERT_SCORE).executeBatch(batch).<Void>mapEmpty())
                .compose(v -> audit.append(tx, p.actor(), reason == null ? "accountability.close" : "accountability.recompute",
                    null, detail));
          });
        }))
        .recover(t -> t instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "accountability.closed", q.toString()))
            : Future.failedFuture(t))
        .compose(v -> quarter(p, q, null, chinese));
  }

  // ---- computing

  /** A unit's score being added up. */
  private static final class Sheet {
    final long unitId;
    final String name;
    final QuarterFacts.Counts counts;
    final Map<Model.Item, List<JsonObject>> cases = new LinkedHashMap<>();
    final Map<Model.Item, BigDecimal> points = new LinkedHashMap<>();
    final Map<Model.Item, Integer> daysLate = new LinkedHashMap<>();
    BigDecimal score;
    int rank;

    Sheet(long unitId, String name, QuarterFacts.Counts counts) {
      this.unitId = unitId;
      this.name = name;
      this.counts = counts;
      for (Model.Item i : Model.Item.values()) {
        cases.put(i, new ArrayList<>());
        points.put(i, BigDecimal.ZERO);
        daysLate.put(i, 0);
      }
    }
  }

  record Scores(List<Sheet> sheets, ZoneId zone) {
  }

  private Future<Scores> compute(Quarter q, Instant asOf, Long unitId) {
    WorkingCalendar cal = calendar.get();
    ZoneId zone = cal.zone();
    return QuarterFacts.read(pool, cal, q, asOf, unitId).map(f -> {
      Map<Long, Sheet> sheets = new LinkedHashMap<>();
      f.counts().forEach((id, c) -> sheets.put(id, new Sheet(id, f.names().get(id), c)));
      for (QuarterFacts.Contribution r : f.rows()) {
        Sheet s = sheets.get(r.unitId());
        if (s == null) {
          continue;
        }
        Model.Item item = Model.Item.valueOf(r.item().toUpperCase(java.util.Locale.ROOT));
        BigDecimal cost = model.weight(item);
        if (item == Model.Item.OVERDUE) {
          cost = cost.add(model.perDayLate().multiply(BigDecimal.valueOf(r.daysLate())));
          s.daysLate.merge(item, r.daysLate(), Integer::sum);
        }
        s.points.merge(item, cost, BigDecimal::add);
        JsonObject c = new JsonObject().put("caseId", r.caseId()).put("number", r.number()).put("kind", r.kind())
            .put("dispatchId", r.dispatchId()).put("round", r.round())
            .put("dispatchedAt", Times.iso(r.dispatchedAt(), zone)).put("dueAt", Times.iso(r.dueAt(), zone))
            .put("receivedAt", Times.iso(r.receivedAt(), zone)).put("feedbackAt", Times.iso(r.feedbackAt(), zone))
            .put("points", number(cost));
        if (item == Model.Item.OVERDUE) {
          c.put("daysLate", r.daysLate());
        }
        if (r.at() != null) {
          c.put("at", Times.iso(r.at(), zone));
        }
        if (r.findingId() != null) {
          c.put("findingId", r.findingId());
        }
        s.cases.get(item).add(c);
      }
      for (Sheet s : sheets.values()) {
        BigDecimal lost = s.points.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        s.score = model.base().subtract(lost).max(BigDecimal.ZERO).setScale(2, RoundingMode.HALF_UP);
      }
      List<Sheet> ranked = new ArrayList<>(sheets.values());
      ranked.sort(Comparator.comparing((Sheet s) -> s.score).reversed()
          .thenComparing(s -> s.name == null ? "" : s.name).thenComparingLong(s -> s.unitId));
      for (int i = 0; i < ranked.size(); i++) {
        Sheet s = ranked.get(i);
        s.rank = i > 0 && ranked.get(i - 1).score.compareTo(s.score) == 0 ? ranked.get(i - 1).rank : i + 1;
      }
      return new Scores(ranked, zone);
    });
  }

  private JsonArray summaries(Scores s, boolean withCases) {
    JsonArray out = new JsonArray();
    for (Sheet sh : s.sheets()) {
      QuarterFacts.Counts c = sh.counts;
      JsonObject figures = new JsonObject().put("dispatched", c.dispatched).put("receiptWithinDay", c.receiptWithinDay)
          .put("receiptLate", c.receiptLate).put("receiptWithinDayRate", rate(c.receiptWithinDay, c.dispatched))
          .put("due", c.due).put("onTime", c.onTime).put("overdue", c.overdue).put("onTimeRate", rate(c.onTime, c.due))
          .put("overdueDaysLate", sh.daysLate.get(Model.Item.OVERDUE)).put("followUps", c.followUps).put("reached", c.reached)
          .put("unsatisfied", c.unsatisfied).put("satisfiedRate", rate(c.reached - c.unsatisfied, c.reached))
          .put("secondRound", c.secondRound).put("thirdRound", c.thirdRound);
      JsonArray items = new JsonArray();
      BigDecimal lost = BigDecimal.ZERO;
      int findings = 0;
      for (Model.Item i : Model.Item.values()) {
        List<JsonObject> cs = sh.cases.get(i);
        if (i.name().startsWith("FINDING_")) {
          findings += cs.size();
        }
        JsonObject item = new JsonObject().put("key", i.id()).put("count", cs.size()).put("points", number(sh.points.get(i)));
        if (i == Model.Item.OVERDUE) {
          item.put("daysLate", sh.daysLate.get(i));
        }
        if (withCases) {
          item.put("cases", new JsonArray(new ArrayList<>(cs)));
        }
        items.add(item);
        lost = lost.add(sh.points.get(i));
      }
      figures.put("findings", findings);
      out.add(new JsonObject().put("unitId", sh.unitId).put("name", sh.name).put("rank", sh.rank)
          .put("score", number(sh.score)).put("deducted", number(lost)).put("figures", figures).put("items", items));
    }
    return out;
  }

  private static Map<Long, JsonObject> casesByUnit(Scores s) {
    Map<Long, JsonObject> out = new LinkedHashMap<>();
    for (Sheet sh : s.sheets()) {
      JsonObject byItem = new JsonObject();
      sh.cases.forEach((i, cs) -> byItem.put(i.id(), new JsonArray(new ArrayList<>(cs))));
      out.put(sh.unitId, byItem);
    }
    return out;
  }

  private static JsonObject withCases(JsonObject summary, JsonObject cases) {
    for (Object o : summary.getJsonArray("items")) {
      JsonObject item = (JsonObject) o;
      item.put("cases", cases.getJsonArray(item.getString("key"), new JsonArray()));
    }
    return summary;
  }

  /** A unit with no dispatch in the quarter: the whole base, nothing deducted. */
  private JsonObject empty(long unitId) {
    JsonArray items = new JsonArray();
    for (Model.Item i : Model.Item.values()) {
      items.add(new JsonObject().put("key", i.id()).put("count", 0).put("points", 0.0).put("cases", new JsonArray()));
    }
    return new JsonObject().put("unitId", unitId).put("name", null).put("rank", null).put("score", number(model.base()))
        .put("deducted", 0.0).put("figures", new JsonObject()).put("items", items);
  }

  private JsonObject head(Quarter q, boolean chinese, String status, JsonObject v, List<JsonObject> versions, Model m,
      Instant asOf) {
    return new JsonObject().put("quarter", q.toString()).put("label", q.label(chinese))
        .put("from", q.first().toString()).put("to", q.end().minusDays(1).toString()).put("status", status)
        .put("version", v == null ? null : v.getInteger("version")).put("versions", versions.size())
        .put("asOf", Times.iso(Times.utc(asOf), calendar.get().zone())).put("closedBy", v == null ? null : v.getString("by"))
        .put("reason", v == null ? null : v.getString("reason")).put("model", m.toJson());
  }

  private static JsonObject pick(List<JsonObject> vs, Integer version) {
    if (vs.isEmpty()) {
      if (version != null) {
        throw HotlineException.notFound("version", version);
      }
      return null;
    }
    if (version == null) {
      return vs.get(vs.size() - 1);
    }
    return vs.stream().filter(v -> v.getInteger("version").equals(version)).findFirst()
        .orElseThrow(() -> HotlineException.notFound("version", version));
  }

  private Future<List<JsonObject>> versions(Quarter q) {
    ZoneId zone = calendar.get().zone();
    return pool.preparedQuery(VERSIONS).execute(Tuple.of(q.toString())).map(rows -> {
      List<JsonObject> out = new ArrayList<>();
      for (Row r : rows) {
        out.add(new JsonObject().put("version", r.getInteger("version"))
            .put("asOf", r.getOffsetDateTime("as_of").toInstant().toString())
            .put("at", Times.iso(r.getOffsetDateTime("as_of"), zone)).put("by", r.getString("created_by_name"))
            .put("reason", r.getString("reason")).put("model", r.getJsonObject("model")));
      }
      return out;
    });
  }

  /** A unit's responder reads only their unit; leaders and the supervision office every unit. */
  private static Long scopedUnit(Principal p) {
    if (p.hasAny(Role.LEADER, Role.SUPERVISOR)) {
      return null;
    }
    return p.unitId() == null ? -1L : p.unitId();
  }

  private static Double rate(long n, long d) {
    return d == 0 ? null : BigDecimal.valueOf(n).divide(BigDecimal.valueOf(d), 4, RoundingMode.HALF_UP).doubleValue();
  }

  private static double number(BigDecimal b) {
    return b.setScale(2, RoundingMode.HALF_UP).doubleValue();
  }
}
