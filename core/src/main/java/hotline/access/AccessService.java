package hotline.access;

import java.util.List;
import hotline.audit.AuditLog;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.errors.Messages;
import hotline.time.Times;
import hotline.users.Permission;
import hotline.users.Principal;
import hotline.validation.Input;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Supplier;

/**
 * Records are not lent without approval: someone asks to export a case or to view it from outside its unit, a leader
 * approves (for a limited time) or refuses, and every step is audited.
 */
public final class AccessService {

  public static final String EXPORT = "export";
  public static final String OUTSIDE_VIEW = "outside_view";

  private static final String INSERT =
      "INSERT INTO access_requests (case_id, requester_id, purpose, reason, status, created_at) "
          + "VALUES ($1, $2, $3, $4, 'pending', $5) RETURNING id";
  private static final String COLUMNS =
      "SELECT r.id, r.case_id, c.number, r.requester_id, u.display_name AS requester, r.purpose, r.reason, r.status, "
          + "r.created_at, r.decided_by, r.decided_at, r.decision_note, r.expires_at FROM access_requests r "
          + "JOIN cases c ON c.id = r.case_id JOIN users u ON u.id = r.requester_id ";
  private static final String ONE = COLUMNS + "WHERE r.id = $1";
  private static final String LIST = COLUMNS
      + "WHERE ($1::bigint IS NULL OR r.requester_id = $1) AND ($2::text IS NULL OR r.status = $2) ORDER BY r.id DESC LIMIT 500";
  private static final String DECIDE =
      "UPDATE access_requests SET status = $2, decided_by = $3, decided_at = $4, decision_note = $5, expires_at = $6 "
          + "WHERE id = $1 AND status = 'pending'";
  private static final String OPEN_GRANT =
      "SELECT 1 FROM access_requests WHERE case_id = $1 AND requester_id = $2 AND purpose = $3 AND status = 'approved' "
          + "AND expires_at > $4 LIMIT 1";

  private final Pool pool;
  private final Clock clock;
  private final AuditLog audit;
  private final Duration defaultDuration;
  private final Supplier<ZoneId> zone;

  public AccessService(Pool pool, Clock clock, AuditLog audit, Duration defaultDuration, Supplier<ZoneId> zone) {
    this.pool = pool;
    this.clock = clock;
    this.audit = audit;
    this.defaultDuration = defaultDuration;
    this.zone = zone;
  }

  /** {@code {"caseId", "purpose": "export"|"outside_view", "reason"}}; anyone signed in may ask. */
  public Future<JsonObject> request(Principal p, JsonObject body) {
    Input in = Input.of(body);
    long caseId = in.requiredId("caseId");
    String purpose = in.required("purpose", 20);
    if (!purpose.equals(EXPORT) && !purpose.equals(OUTSIDE_VIEW)) {
      throw HotlineException.invalid("invalidValue", "purpose", purpose);
    }
    String reason = in.required("reason", 2000);
    return pool.withTransaction(tx -> tx.preparedQuery("SELECT 1 FROM cases WHERE id = $1").execute(Tuple.of(caseId))
            .compose(rows -> rows.size() == 0
                ? Future.failedFuture(new HotlineException(ErrorCode.VALIDATION_FAILED, "notFound", new Messages.Key("entity.case"), caseId))
                : tx.preparedQuery(INSERT).execute(Tuple.of(caseId, p.id(), purpose, reason, Times.utc(clock.instant()))))
            .compose(rows -> {
              long id = rows.iterator().next().getLong(0);
              return audit.append(tx, p.actor(), "access.request", caseId, new JsonObject().put("requestId", id).put("purpose", purpose))
                  .map(id);
            }))
        .compose(this::one);
  }

  /** A leader approves ({@code {"hours", "note"}}) or refuses ({@code {"note"}}); never their own request. */
  public Future<JsonObject> decide(Principal p, long id, boolean approve, JsonObject body) {
    if (!Permission.ACCESS_DECIDE.couldAllow(p)) {
      return Future.failedFuture(Permission.ACCESS_DECIDE.refusal());
    }
    Input in = Input.of(body);
    Integer hours = in.optionalInt("hours", 1, 24 * 30);
    String note = in.optional("note", 2000);
    Instant now = clock.instant();
    Instant expires = approve ? now.plus(hours == null ? defaultDuration : Duration.ofHours(hours)) : null;
    return one(id).compose(req -> {
      if (!Permission.ACCESS_DECIDE.allows(p, Permission.Subject.requestedBy(req.getLong("requesterId")))) {
        return Future.failedFuture(new HotlineException(ErrorCode.FORBIDDEN, "access.ownRequest"));
      }
      if (!"pending".equals(req.getString("status"))) {
        return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "access.decided", req.getString("status")));
      }
      String status = approve ? "approved" : "refused";
      return pool.withTransaction(tx -> tx.preparedQuery(DECIDE)
          .execute(Tuple.from(new Object[] {id, status, p.id(), Times.utc(now), note, Times.utc(expires)}))
          .compose(rows -> rows.rowCount() == 0
              ? Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "access.decided", "?"))
              : audit.append(tx, p.actor(), "access." + (approve ? "approve" : "refuse"), req.getLong("caseId"),
                  new JsonObject().put("requestId", id).put("purpose", req.getString("purpose"))
                      .put("expiresAt", expires == null ? null : expires.toString()))));
    }).compose(v -> one(id));
  }

  /** Leaders and the supervision office see every request; others their own. */
  public Future<JsonArray> list(Principal p, String status) {
    if (status != null && !List.of("pending", "approved", "refused").contains(status)) {
      return Future.failedFuture(HotlineException.invalid("invalidValue", "status", status));
    }
    Long requester = Permission.ACCESS_LIST_ALL.allows(p) ? null : p.id();
    return pool.preparedQuery(LIST).execute(Tuple.of(requester, status)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(json(r)));
      return out;
    });
  }

  public Future<JsonObject> get(Principal p, long id) {
    return one(id).compose(r -> Permission.ACCESS_LIST_ALL.allows(p) || r.getLong("requesterId") == p.id()
        ? Future.succeededFuture(r) : Future.failedFuture(HotlineException.notFound("access_request", id)));
  }

  /** Whether the user holds an approved, unexpired request of this purpose for the case. */
  public Future<Boolean> openGrant(long caseId, long userId, String purpose) {
    return pool.preparedQuery(OPEN_GRANT).execute(Tuple.of(caseId, userId, purpose, Times.utc(clock.instant())))
        .map(rows -> rows.size() > 0);
  }

  private Future<JsonObject> one(long id) {
    return pool.preparedQuery(ONE).execute(Tuple.of(id)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(HotlineException.notFound("access_request", id))
        : Future.succeededFuture(json(rows.iterator().next())));
  }

  private JsonObject json(Row r) {
    ZoneId z = zone.get();
    return new JsonObject().put("id", r.getLong("id")).put("caseId", r.getLong("case_id")).put("caseNumber", r.getString("number"))
        .put("requesterId", r.getLong("requester_id")).put("requester", r.getString("requester"))
        .put("purpose", r.getString("purpose")).put("reason", r.getString("reason")).put("status", r.getString("status"))
        .put("createdAt", Times.iso(r.getOffsetDateTime("created_at"), z)).put("decidedBy", r.getLong("decided_by"))
        .put("decidedAt", Times.iso(r.getOffsetDateTime("decided_at"), z)).put("decisionNote", r.getString("decision_note"))
        .put("expiresAt", Times.iso(r.getOffsetDateTime("expires_at"), z));
  }

  /** The audit log, newest first: for admins and the supervision office. */
  public Future<JsonObject> auditLog(Principal p, Long caseId, String action, Long actorId, int page, int size) {
    if (!Permission.AUDIT_READ.allows(p)) {
      return Future.failedFuture(Permission.AUDIT_READ.refusal());
    }
    return audit.list(caseId, action, actorId, page, size);
  }
}
