package hotline.dispatch;

import hotline.calendar.Deadline;
import hotline.calendar.WorkingCalendar;
import hotline.cases.CaseSettings;
import hotline.cases.CaseStatus;
import hotline.cases.Channel;
import hotline.cases.DispatchMethod;
import hotline.cases.DispatchSteps;
import hotline.cases.LockedCase;
import hotline.cases.ReceiptMethod;
import hotline.cases.ReopenReason;
import hotline.cases.StepResult;
import hotline.cases.UnitView;
import hotline.cases.Workflow;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.errors.Messages;
import hotline.forms.RecordForm;
import hotline.outbox.Outbox;
import hotline.time.Times;
import hotline.users.Principal;
import hotline.validation.Input;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Supplier;

/**
 * The steps of a case's lifecycle that act on its dispatch, and the only code that writes {@code dispatches} for them:
 * a dispatch round (with its outbox row and the record form it sends, in the same transaction), the unit's receipt, an
 * extension within the cap, and the unit's feedback. Run by the case transitions inside their transaction, with the
 * case locked.
 */
final class DispatchTransitions implements DispatchSteps {

  private static final String UNIT_NAME = "SELECT name FROM units WHERE id = $1";
  private static final String DISPATCH_CONTACT =
      "SELECT id, name, email, fax FROM unit_contacts WHERE unit_id = $1 AND active AND ($2::bigint IS NULL OR id = $2) "
          + "ORDER BY NOT first_responsible, id LIMIT 1";
  private static final String SUPERSEDE_OPEN =
      "UPDATE dispatches SET status = 'superseded' WHERE case_id = $1 AND status = 'open'";
  private static final String INSERT_DISPATCH =
      "INSERT INTO dispatches (case_id, round, unit_id, contact_id, method, reason, supervised_by, dispatched_at, "
          + "dispatched_by, working_days, due_at, provisional, status) "
          + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open') RETURNING id";
  private static final String KEEP_FORM = "UPDATE dispatches SET form = $2 WHERE id = $1";

  private final Supplier<WorkingCalendar> calendar;
  private final CaseSettings settings;

  DispatchTransitions(Supplier<WorkingCalendar> calendar, CaseSettings settings) {
    this.calendar = calendar;
    this.settings = settings;
  }

  @Override
  public Future<StepResult> dispatch(SqlConnection tx, Principal p, LockedCase c, Input in, Instant now) {
    int round = c.round() + 1;
    if (round > Workflow.MAX_ROUNDS) {
      return Future.failedFuture(new HotlineException(ErrorCode.ROUND_LIMIT, "dispatch.roundLimit", Workflow.MAX_ROUNDS));
    }
    long unitId = in.requiredId("unitId");
    Long contactId = in.optionalId("contactId");
    DispatchMethod method = in.optionalEnum("method", DispatchMethod.class);
    DispatchMethod m = method == null ? DispatchMethod.EMAIL : method;
    Integer requested = in.optionalInt("workingDays", 0, settings.extensionCap());
    int days = requested != null ? requested : settings.workingDaysFor(c.kind(), c.channel());
    ReopenReason reason = round == 1 ? null : c.reopenReason();
    String supervisedBy = round == 1 ? null
        : reason == ReopenReason.OVERDUE || round == Workflow.MAX_ROUNDS ? "leadership" : "supervision_office";
    Deadline deadline = calendar.get().deadline(now, days);
    return tx.preparedQuery(UNIT_NAME).execute(Tuple.of(unitId)).compose(units -> {
      if (units.size() == 0) {
        return Future.failedFuture(new HotlineException(ErrorCode.UNPROCESSABLE, "notFound", new Messages.Key("entity.unit"), unitId));
      }
      String unitName = units.iterator().next().getString(0);
      return tx.preparedQuery(DISPATCH_CONTACT).execute(Tuple.of(unitId, contactId)).compose(contacts -> {
        if (contacts.size() == 0) {
          return Future.failedFuture(new HotlineException(ErrorCode.UNPROCESSABLE, "dispatch.noContact", unitName));
        }
        Row contact = contacts.iterator().next();
        if (m == DispatchMethod.EMAIL && contact.getString("email") == null) {
          return Future.failedFuture(new HotlineException(ErrorCode.UNPROCESSABLE, "dispatch.noEmail", contact.getString("name")));
        }
        if (m == DispatchMethod.FAX && contact.getString("fax") == null) {
          return Future.failedFuture(new HotlineException(ErrorCode.UNPROCESSABLE, "dispatch.noFax", contact.getString("name")));
        }
        OffsetDateTime due = deadline.due().toOffsetDateTime();
        return tx.preparedQuery(SUPERSEDE_OPEN).execute(Tuple.of(c.id()))
            .compose(v -> tx.preparedQuery(INSERT_DISPATCH).execute(Tuple.from(new Object[] {c.id(), round, unitId,
                contact.getLong("id"), Input.id(m), Input.id(reason), supervisedBy, Times.utc(now), p.userId(), days, due,
                deadline.provisional()})))
            .compose(rows -> {
              long dispatchId = rows.iterator().next().getLong(0);
              return (m == DispatchMethod.HAND ? Future.<Void>succeededFuture()
                      : Outbox.enqueue(tx, new Outbox.Item(Input.id(m), Outbox.KIND_DISPATCH, DispatchDeliveries.outboxKey(dispatchId), c.id(),
                          dispatchId, m == DispatchMethod.EMAIL ? contact.getString("email") : contact.getString("fax"),
                          contact.getString("name"), new JsonObject().put("round", round).put("unitId", unitId)
                              .put("unitName", unitName)), now))
                  .compose(v -> keepForm(tx, c.id(), dispatchId, unitId))
                  .map(v -> new StepResult(CaseStatus.DISPATCHED, Input.id(m), in.optional("note", 2000), new JsonObject()
                      .put("dispatchId", dispatchId).put("round", round).put("unitId", unitId).put("unitName", unitName)
                      .put("contactId", contact.getLong("id")).put("contactName", contact.getString("name"))
                      .put("method", Input.id(m)).put("workingDays", days).put("dueAt", due.toString())
                      .put("provisional", deadline.provisional()).put("reason", Input.id(reason))
                      .put("supervisedBy", supervisedBy)))
                  .map(step -> new StepResult(step.to(), step.channel(), step.note(), step.detail(),
                      new StepResult.NewRound(round, dispatchId), List.of(new StepResult.Published(DispatchEvents.CREATED,
                          step.detail().copy().put("caseId", c.id()).put("number", c.number())))));
            });
      });
    });
  }

  /**
   * The record form this dispatch sends, kept on its row in the dispatch's transaction: the case as the unit may see it
   * now. A form that waits in the outbox (a mail server down, a fax line busy) still goes out as it was when
   * dispatched, without the receipt, extension or feedback that may be recorded meanwhile.
   */
  private Future<Void> keepForm(SqlConnection tx, long caseId, long dispatchId, long unitId) {
    return UnitView.read(tx, caseId, unitId, calendar.get().zone()).compose(view -> {
      JsonObject dispatch = view.getJsonArray("dispatches").stream().map(JsonObject.class::cast)
          .filter(d -> d.getLong("id") == dispatchId).findFirst()
          .orElseThrow(() -> new IllegalStateException("dispatch " + dispatchId + " not in its own transaction's view"));
      return tx.preparedQuery(KEEP_FORM).execute(Tuple.of(dispatchId, RecordForm.of(view, dispatch).toJson())).mapEmpty();
    });
  }

  @Override
  public Future<StepResult> receipt(SqlConnection tx, LockedCase c, Input in, Instant now) {
    ReceiptMethod method = in.requiredEnum("method", ReceiptMethod.class);
    long dispatchId = c.dispatch().id();
    return tx.preparedQuery("UPDATE dispatches SET received_at = $2, receipt_method = $3 WHERE id = $1")
        .execute(Tuple.of(dispatchId, Times.utc(now), Input.id(method)))
        .map(v -> new StepResult(CaseStatus.RECEIPT_CONFIRMED, Input.id(method), in.optional("note", 2000),
            new JsonObject().put("dispatchId", dispatchId).put("round", c.round())));
  }

  @Override
  public Future<StepResult> extend(SqlConnection tx, LockedCase c, Input in, Instant now) {
    Integer days = in.optionalInt("workingDays", 0, 1000);
    if (days == null) {
      throw HotlineException.invalid("required", "workingDays");
    }
    String reason = in.required("reason", 2000);
    LockedCase.CurrentDispatch d = c.dispatch();
    int current = d.workingDays();
    if (days > settings.extensionCap()) {
      return Future.failedFuture(new HotlineException(ErrorCode.EXTENSION_BEYOND_CAP,
          new JsonObject().put("cap", settings.extensionCap()).put("workingDays", current),
          "extension.beyondCap", days, settings.extensionCap()));
    }
    if (days <= current) {
      return Future.failedFuture(HotlineException.invalid("extension.notLonger", current));
    }
    Deadline deadline = calendar.get().deadline(d.dispatchedAt(), days);
    OffsetDateTime due = deadline.due().toOffsetDateTime();
    boolean stillOverdue = d.overdue() && !due.toInstant().isAfter(now);
    return tx.preparedQuery("UPDATE dispatches SET working_days = $2, due_at = $3, provisional = $4, overdue = $5 WHERE id = $1")
        .execute(Tuple.of(d.id(), days, due, deadline.provisional(), stillOverdue))
        .map(v -> new StepResult(c.status(), null, reason, new JsonObject().put("dispatchId", d.id())
            .put("fromWorkingDays", current).put("workingDays", days).put("dueAt", due.toString())
            .put("provisional", deadline.provisional())));
  }

  @Override
  public Future<StepResult> feedback(SqlConnection tx, LockedCase c, Input in, Instant now) {
    String result = in.required("result", 10_000);
    String channel = Input.id(in.optionalEnum("channel", Channel.class));
    long dispatchId = c.dispatch().id();
    boolean implicitReceipt = c.dispatch().receivedAt() == null;
    return tx.preparedQuery("UPDATE dispatches SET feedback = $2, feedback_at = $3, status = 'handled', "
            + "received_at = coalesce(received_at, $3), receipt_method = coalesce(receipt_method, 'feedback') WHERE id = $1")
        .execute(Tuple.of(dispatchId, result, Times.utc(now)))
        .map(v -> new StepResult(CaseStatus.HANDLED, channel, result, new JsonObject().put("dispatchId", dispatchId)
            .put("round", c.round()).put("receiptImplied", implicitReceipt)));
  }
}
