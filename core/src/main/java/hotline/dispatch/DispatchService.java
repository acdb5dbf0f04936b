package hotline.dispatch;

import hotline.calendar.WorkingCalendar;
import hotline.cases.CaseService;
import hotline.cases.CaseSettings;
import hotline.cases.CaseStatus;
import hotline.cases.CaseTimeline;
import hotline.cases.DispatchSteps;
import hotline.errors.ErrorCode;
import hotline.errors.Messages;
import hotline.forms.RecordForm;
import hotline.outbox.Outbox;
import hotline.validation.Input;
import hotline.db.Pages;
import hotline.errors.HotlineException;
import hotline.time.Times;
import hotline.users.Permission;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches across cases: the overdue sweep, and the list units and the supervision office work from. The sweep
 * claims rows with {@code FOR UPDATE SKIP LOCKED}, so several nodes may run it at once without double entries.
 */
public final class DispatchService {

  private static final Logger LOG = LoggerFactory.getLogger(DispatchService.class);
  private static final int SWEEP_BATCH = 500;

  private static final String MARK_OVERDUE =
      "WITH due AS (SELECT id FROM dispatches WHERE status = 'open' AND NOT overdue AND due_at < $1 "
          + "ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED) "
          + "UPDATE dispatches d SET overdue = true, overdue_at = $1 FROM due WHERE d.id = due.id "
          + "RETURNING d.id, d.case_id, d.round, d.unit_id, d.due_at, "
          + "(SELECT number FROM cases WHERE id = d.case_id) AS number, (SELECT status FROM cases WHERE id = d.case_id) AS status";
  private static final String LIST =
      "SELECT d.id, d.case_id, c.number, c.kind, d.round, d.unit_id, un.name AS unit_name, d.method, d.dispatched_at, "
          + "d.working_days, d.due_at, d.provisional, d.received_at, d.receipt_method, d.feedback_at, d.overdue, d.overdue_at, "
          + "d.status, d.supervised_by, count(*) OVER () AS total "
          + "FROM dispatches d JOIN cases c ON c.id = d.case_id JOIN units un ON un.id = d.unit_id "
          + "WHERE ($1::boolean IS NULL OR (d.overdue AND d.status = 'open') = $1) AND ($2::bigint IS NULL OR d.unit_id = $2) "
          + "AND ($3::text IS NULL OR d.status = $3) ORDER BY d.due_at, d.id LIMIT $4 OFFSET $5";

  private static final String KEPT_FORM = "SELECT form FROM dispatches WHERE id = $1";
  private static final String REPLY_TARGET =
      "SELECT d.id, d.case_id, c.number, d.round, d.unit_id, un.name AS unit_name, d.receipt_token, d.method, d.working_days, "
          + "d.due_at, d.provisional, d.dispatched_at, d.reason, d.supervised_by, d.received_at, d.status, "
          + "coalesce(c.current_dispatch_id = d.id, false) AS current, c.status AS case_status, uc.name AS contact_name, "
          + "ARRAY(SELECT lower(email) FROM unit_contacts WHERE unit_id = d.unit_id AND active AND email IS NOT NULL) AS unit_emails "
          + "FROM dispatches d JOIN cases c ON c.id = d.case_id JOIN units un ON un.id = d.unit_id "
          + "LEFT JOIN unit_contacts uc ON uc.id = d.contact_id ";

  /**
   * A dispatch as its gateway sees it: to build the form it sends, or to match a receipt or reply to it.
   * {@code unitEmails} are the addresses of the unit's active contacts (lower case): a receipt is trusted only from them.
   */
  public record Target(long dispatchId, long caseId, String number, int round, long unitId, String unitName,
      String contactName, String token, String method, int workingDays, Instant dueAt, boolean provisional,
      Instant dispatchedAt, String reason, String supervisedBy, boolean received, String status, boolean current,
      String caseStatus, List<String> unitEmails) {

    public boolean trusts(String senderEmail) {
      return senderEmail != null && unitEmails.contains(senderEmail.strip().toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** The dispatch a receipt token names, or null. */
  public Future<Target> byToken(String token) {
    return target(REPLY_TARGET + "WHERE d.receipt_token = $1", Tuple.of(token));
  }

  /** The dispatch by id, or null. */
  public Future<Target> byId(long dispatchId) {
    return target(REPLY_TARGET + "WHERE d.id = $1", Tuple.of(dispatchId));
  }

  /** The current dispatch of the case with this number, or null. */
  public Future<Target> currentOf(String caseNumber) {
    return target(REPLY_TARGET + "WHERE c.number = $1 AND d.id = c.current_dispatch_id", Tuple.of(caseNumber));
  }

  private Future<Target> target(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row r = rows.iterator().next();
      return new Target(r.getLong("id"), r.getLong("case_id"), r.getString("number"), r.getInteger("round"),
          r.getLong("unit_id"), r.getString("unit_name"), r.getString("contact_name"), r.getString("receipt_token"),
          r.getString("method"), r.getInteger("working_days"), r.getOffsetDateTime("due_at").toInstant(),
          r.getBoolean("provisional"), r.getOffsetDateTime("dispatched_at").toInstant(), r.getString("reason"),
          r.getString("supervised_by"), r.getOffsetDateTime("received_at") != null, r.getString("status"),
          r.getBoolean("current"), r.getString("case_status"), List.of(r.getArrayOfStrings("unit_emails")));
    });
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final Supplier<ZoneId> zone;
  private final CaseService cases;
  private final DispatchDeliveries deliveries;

  /** Registers itself with the outbox as what settles dispatch forms' rows. */
  public DispatchService(Vertx vertx, Pool pool, Clock clock, Supplier<ZoneId> zone, CaseService cases, Outbox outbox) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.zone = zone;
    this.cases = cases;
    this.deliveries = new DispatchDeliveries(pool, outbox);
    outbox.settle(Outbox.KIND_DISPATCH, deliveries);
  }

  /** The dispatch steps of the case lifecycle, for the case service to run (see {@link DispatchSteps}). */
  public static DispatchSteps transitions(Supplier<WorkingCalendar> calendar, CaseSettings settings) {
    return new DispatchTransitions(calendar, settings);
  }

  /**
   * The form of a dispatch that is still to be sent, as it was when dispatched: the form the dispatch kept in its own
   * transaction, however long it waited in the outbox. A dispatch made before forms were kept (queued before the
   * upgrade) has none: its form is made from the case as it is now. A dispatch that no longer exists, or that a newer
   * round superseded before it went out, fails with {@link ErrorCode#CONFLICT}: sending it would be wrong, whatever
   * retries.
   */
  public Future<DispatchForm> form(long dispatchId) {
    return byId(dispatchId).compose(t -> {
      if (t == null) {
        return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "notFound", new Messages.Key("entity.dispatch"), dispatchId));
      }
      if (!t.current()) {
        return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "dispatch.notCurrent", dispatchId));
      }
      return pool.preparedQuery(KEPT_FORM).execute(Tuple.of(dispatchId)).compose(rows -> {
        JsonObject kept = rows.size() == 0 ? null : (JsonObject) rows.iterator().next().getJson("form");
        if (kept != null) {
          return Future.succeededFuture(new DispatchForm(t, RecordForm.fromJson(kept)));
        }
        LOG.info("dispatch form made from the case as it is now [dispatch: {}, case: {}]: dispatched before forms were kept",
            dispatchId, t.number());
        return cases.formView(t.caseId(), t.unitId()).map(view -> new DispatchForm(t, RecordForm.of(view,
            view.getJsonArray("dispatches").stream().map(JsonObject.class::cast)
                .filter(d -> d.getLong("id") == t.dispatchId()).findFirst().orElse(null))));
      });
    });
  }

  /**
   * A dispatch mail the SMTP server took and a later server returned (a bounce, a DSN saying failed): its delivery is
   * failed after all, on the case's timeline. Answers whether a sent form was found (false: unknown, or recorded before).
   */
  public Future<Boolean> bounced(Principal gateway, long dispatchId, String reason) {
    return deliveries.bounced(gateway, dispatchId, reason);
  }

  /**
   * Marks open dispatches past their deadline overdue, appends that to each case's timeline and publishes
   * {@link DispatchEvents#OVERDUE} for reminders. Answers how many it marked.
   */
  public Future<Integer> sweepOverdue() {
    Instant now = clock.instant();
    return pool.withTransaction(tx -> tx.preparedQuery(MARK_OVERDUE).execute(Tuple.of(Times.utc(now), SWEEP_BATCH))
            .compose(rows -> {
              List<JsonObject> marked = new ArrayList<>();
              List<CaseTimeline.Entry> events = new ArrayList<>();
              for (Row r : rows) {
                JsonObject m = new JsonObject().put("dispatchId", r.getLong("id")).put("caseId", r.getLong("case_id"))
                    .put("number", r.getString("number")).put("round", r.getInteger("round"))
                    .put("unitId", r.getLong("unit_id")).put("dueAt", Times.iso(r.getOffsetDateTime("due_at"), zone.get()));
                marked.add(m);
                CaseStatus status = Input.parseEnum("status", r.getString("status"), CaseStatus.class);
                events.add(new CaseTimeline.Entry(r.getLong("case_id"), Principal.SYSTEM, now, "overdue", null, status, status,
                    null, m));
              }
              return CaseTimeline.appendAll(tx, events).map(marked);
            }))
        .map(marked -> {
          marked.forEach(m -> vertx.eventBus().publish(DispatchEvents.OVERDUE, m));
          if (!marked.isEmpty()) {
            LOG.info("dispatches overdue [count: {}]", marked.size());
          }
          return marked.size();
        })
        .compose(n -> n == SWEEP_BATCH ? sweepOverdue().map(more -> n + more) : Future.succeededFuture(n));
  }

  /** {@code GET /api/dispatches}: a unit's people see only their unit's. */
  public Future<JsonObject> list(Principal p, Boolean overdue, Long unitId, String status, int page, int size) {
    if (!Permission.DISPATCH_LIST.allows(p)) {
      return Future.failedFuture(Permission.DISPATCH_LIST.refusal());
    }
    // Who may read only what was dispatched to their unit lists only that.
    boolean unitOnly = !Permission.CASE_READ.allows(p);
    if (unitOnly && unitId != null && !unitId.equals(p.unitId())) {
      return Future.failedFuture(Permission.CASE_READ.refusal());
    }
    if (status != null && !List.of("open", "handled", "superseded").contains(status)) {
      return Future.failedFuture(HotlineException.invalid("invalidValue", "status", status));
    }
    Long unit = unitOnly ? p.unitId() : unitId;
    return pool.preparedQuery(LIST).execute(Tuple.of(overdue, unit, status, size, (page - 1) * size)).map(rows -> {
      JsonArray items = new JsonArray();
      long total = 0;
      ZoneId z = zone.get();
      for (Row r : rows) {
        total = r.getLong("total");
        items.add(new JsonObject().put("id", r.getLong("id")).put("caseId", r.getLong("case_id"))
            .put("caseNumber", r.getString("number")).put("kind", r.getString("kind")).put("round", r.getInteger("round"))
            .put("unitId", r.getLong("unit_id")).put("unitName", r.getString("unit_name")).put("method", r.getString("method"))
            .put("dispatchedAt", Times.iso(r.getOffsetDateTime("dispatched_at"), z))
            .put("workingDays", r.getInteger("working_days")).put("dueAt", Times.iso(r.getOffsetDateTime("due_at"), z))
            .put("provisional", r.getBoolean("provisional")).put("receivedAt", Times.iso(r.getOffsetDateTime("received_at"), z))
            .put("receiptMethod", r.getString("receipt_method")).put("feedbackAt", Times.iso(r.getOffsetDateTime("feedback_at"), z))
            .put("overdue", r.getBoolean("overdue")).put("overdueAt", Times.iso(r.getOffsetDateTime("overdue_at"), z))
            .put("status", r.getString("status")).put("supervisedBy", r.getString("supervised_by")));
      }
      return new JsonObject().put("items", items).put("total", total).put("page", page).put("size", size);
    }).compose(result -> Pages.withTotal(result, page, first -> list(p, overdue, unitId, status, first, size)));
  }
}
