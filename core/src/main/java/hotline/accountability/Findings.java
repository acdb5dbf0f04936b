package hotline.accountability;

import hotline.audit.AuditLog;
import hotline.cases.CaseEvents;
import hotline.cases.CaseService;
import hotline.cases.CaseStatus;
import hotline.cases.CaseTimeline;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.time.Times;
import hotline.users.Permission;
import hotline.users.Principal;
import hotline.validation.Input;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The supervision office's findings (问题认定) against a dispatch: improper handling, falsification, delay without cause.
 * Each is a timeline entry of its case ({@code finding}); a withdrawal, with its reason, is another
 * ({@code finding_withdrawn}). Nothing is deleted. A finding costs its unit points in the quarter its dispatch was sent
 * in ({@link Accountability}), unless withdrawn before the quarter's scores are taken.
 */
public final class Findings {

  /** The three kinds, as the API names them. */
  public enum Kind {
    IMPROPER_HANDLING, FALSIFICATION, DELAY_WITHOUT_CAUSE
  }

  public static final int MAX_NOTE = 2000;

  private static final String TARGET =
      "SELECT d.id AS dispatch_id, d.round, d.unit_id, un.name AS unit_name, c.id AS case_id, c.number, c.status "
          + "FROM dispatches d JOIN cases c ON c.id = d.case_id JOIN units un ON un.id = d.unit_id WHERE d.id = $1 FOR UPDATE OF c";
  private static final String INSERT =
      "INSERT INTO findings (dispatch_id, case_id, unit_id, round, kind, note, recorded_at, recorded_by, recorded_by_name) "
          + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
  private static final String LOCK_FINDING =
      "SELECT f.id, f.case_id, f.dispatch_id, f.round, f.kind, f.unit_id, f.withdrawn_at, c.number, c.status "
          + "FROM findings f JOIN cases c ON c.id = f.case_id WHERE f.id = $1 FOR UPDATE OF c, f";
  private static final String WITHDRAW =
      "UPDATE findings SET withdrawn_at = $2, withdrawn_by = $3, withdrawn_by_name = $4, withdrawal_reason = $5 WHERE id = $1";
  static final String SELECT =
      "SELECT f.id, f.dispatch_id, f.case_id, f.unit_id, un.name AS unit_name, f.round, f.kind, f.note, f.recorded_at, "
          + "f.recorded_by_name, f.withdrawn_at, f.withdrawn_by_name, f.withdrawal_reason "
          + "FROM findings f JOIN units un ON un.id = f.unit_id ";
  private static final String BY_CASE = SELECT + "WHERE f.case_id = $1 ORDER BY f.id";
  private static final String BY_ID = SELECT + "WHERE f.id = $1";

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final Supplier<ZoneId> zone;
  private final CaseService cases;
  private final AuditLog audit;

  public Findings(Vertx vertx, Pool pool, Clock clock, Supplier<ZoneId> zone, CaseService cases, AuditLog audit) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.zone = zone;
    this.cases = cases;
    this.audit = audit;
  }

  /** {@code POST /api/dispatches/{id}/findings}: {@code {"kind","note"}}; answers the finding. */
  public Future<JsonObject> record(Principal p, long dispatchId, JsonObject body) {
    if (!Permission.FINDING_RECORD.allows(p)) {
      return Future.failedFuture(Permission.FINDING_RECORD.refusal());
    }
    Kind kind;
    String note;
    try {
      Input in = Input.of(body);
      kind = in.requiredEnum("kind", Kind.class);
      note = in.required("note", MAX_NOTE);
    } catch (HotlineException e) {
      return Future.failedFuture(e);
    }
    Instant now = clock.instant();
    return pool.withTransaction(tx -> tx.preparedQuery(TARGET).execute(Tuple.of(dispatchId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(HotlineException.notFound("dispatch", dispatchId));
      }
      Row t = rows.iterator().next();
      return tx.preparedQuery(INSERT).execute(Tuple.from(new Object[] {dispatchId, t.getLong("case_id"), t.getLong("unit_id"),
              t.getInteger("round"), id(kind), note, Times.utc(now), p.userId(), p.displayName()}))
          .compose(ins -> {
            long id = ins.iterator().next().getLong(0);
            JsonObject detail = new JsonObject().put("findingId", id).put("kind", id(kind)).put("dispatchId", dispatchId)
                .put("round", t.getInteger("round")).put("unitId", t.getLong("unit_id")).put("unitName", t.getString("unit_name"));
            return entry(tx, p, t, now, "finding", note, detail)
                .compose(v -> audit.append(tx, p.actor(), "finding.record", t.getLong("case_id"), detail))
                .map(v -> new Done(id, t.getLong("case_id"), t.getString("number"), "finding"));
          });
    })).onSuccess(this::published).compose(d -> read(d.findingId()));
  }

  /** {@code POST /api/findings/{id}/withdraw}: {@code {"reason"}}; once only (409 after). */
  public Future<JsonObject> withdraw(Principal p, long findingId, JsonObject body) {
    if (!Permission.FINDING_WITHDRAW.allows(p)) {
      return Future.failedFuture(Permission.FINDING_WITHDRAW.refusal());
    }
    String reason;
    try {
      reason = Input.of(body).required("reason", MAX_NOTE);
    } catch (HotlineException e) {
      return Future.failedFuture(e);
    }
    Instant now = clock.instant();
    return pool.withTransaction(tx -> tx.preparedQuery(LOCK_FINDING).execute(Tuple.of(findingId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(HotlineException.notFound("finding", findingId));
      }
      Row f = rows.iterator().next();
      if (f.getOffsetDateTime("withdrawn_at") != null) {
        return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "finding.withdrawn", findingId));
      }
      JsonObject detail = new JsonObject().put("findingId", findingId).put("kind", f.getString("kind"))
          .put("dispatchId", f.getLong("dispatch_id")).put("round", f.getInteger("round")).put("unitId", f.getLong("unit_id"));
      return tx.preparedQuery(WITHDRAW).execute(Tuple.of(findingId, Times.utc(now), p.userId(), p.displayName(), reason))
          .compose(v -> entry(tx, p, f, now, "finding_withdrawn", reason, detail))
          .compose(v -> audit.append(tx, p.actor(), "finding.withdraw", f.getLong("case_id"), detail))
          .map(v -> new Done(findingId, f.getLong("case_id"), f.getString("number"), "finding_withdrawn"));
    })).onSuccess(this::published).compose(d -> read(d.findingId()));
  }

  /** {@code GET /api/cases/{id}/findings}: for whoever may read the case; withdrawn ones included, saying so. */
  public Future<JsonObject> list(Principal p, long caseId) {
    return cases.checkReadable(p, caseId).compose(v -> pool.preparedQuery(BY_CASE).execute(Tuple.of(caseId))).map(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(r -> items.add(json(r, zone.get())));
      return new JsonObject().put("items", items);
    });
  }

  private Future<JsonObject> read(long id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rows -> json(rows.iterator().next(), zone.get()));
  }

  static JsonObject json(Row r, ZoneId zone) {
    return new JsonObject().put("id", r.getLong("id")).put("dispatchId", r.getLong("dispatch_id"))
        .put("caseId", r.getLong("case_id")).put("unitId", r.getLong("unit_id")).put("unitName", r.getString("unit_name"))
        .put("round", r.getInteger("round")).put("kind", r.getString("kind")).put("note", r.getString("note"))
        .put("recordedAt", Times.iso(r.getOffsetDateTime("recorded_at"), zone)).put("recordedBy", r.getString("recorded_by_name"))
        .put("withdrawn", r.getOffsetDateTime("withdrawn_at") != null)
        .put("withdrawnAt", Times.iso(r.getOffsetDateTime("withdrawn_at"), zone))
        .put("withdrawnBy", r.getString("withdrawn_by_name")).put("withdrawalReason", r.getString("withdrawal_reason"));
  }

  private static Future<Void> entry(SqlConnection tx, Principal p, Row t, Instant now, String action, String note,
      JsonObject detail) {
    CaseStatus status = Input.parseEnum("status", t.getString("status"), CaseStatus.class);
    return CaseTimeline.append(tx, new CaseTimeline.Entry(t.getLong("case_id"), p, now, action, null, status, status, note,
        detail));
  }

  /** What a committed step announces. */
  private record Done(long findingId, long caseId, String number, String action) {
  }

  private void published(Done d) {
    vertx.eventBus().publish(CaseEvents.CHANGED, new JsonObject().put("caseId", d.caseId()).put("number", d.number())
        .put("action", d.action()));
  }

  private static String id(Kind k) {
    return k.name().toLowerCase(Locale.ROOT);
  }
}
