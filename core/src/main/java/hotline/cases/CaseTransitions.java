package hotline.cases;

import hotline.Addresses;
import hotline.calendar.Deadline;
import hotline.calendar.WorkingCalendar;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.errors.Messages;
import hotline.outbox.Outbox;
import hotline.time.Times;
import hotline.users.Principal;
import hotline.users.Role;
import hotline.validation.Input;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The lifecycle transitions, each run inside one transaction with the case row locked: check the status allows it
 * (409 with what is allowed next), check the actor may do it (403), apply it, append it to the timeline.
 */
final class CaseTransitions {

  /** What a transition did: the events to publish once the transaction has committed. */
  record Done(List<JsonObject> published) {
  }

  /** The locked case row and its current dispatch, as a transition sees them. */
  private record Locked(long id, String number, CaseKind kind, Channel channel, CaseStatus status, long ownerId,
      boolean ownedByGateway, int round, ReopenReason reopenReason, Row dispatch) {
  }

  /** The outcome of one transition, before it is written to the timeline. */
  private record Step(CaseStatus to, String channel, String note, JsonObject detail) {
  }

  private final Clock clock;
  private final Supplier<WorkingCalendar> calendar;
  private final CaseSettings settings;

  CaseTransitions(Clock clock, Supplier<WorkingCalendar> calendar, CaseSettings settings) {
    this.clock = clock;
    this.calendar = calendar;
    this.settings = settings;
  }

  Future<Done> run(SqlConnection tx, Principal p, long id, Action action, Input in) {
    Instant now = clock.instant();
    return lock(tx, id).compose(c -> {
      if (!Workflow.allows(c.status(), action)) {
        return Future.failedFuture(new HotlineException(ErrorCode.ILLEGAL_TRANSITION,
            new JsonObject().put("status", Input.id(c.status())).put("allowed", new JsonArray(Workflow.allowed(c.status()))),
            "transition.illegal", new Messages.Key("action." + action.id()), new Messages.Key("status." + Input.id(c.status()))));
      }
      if (!may(p, action, c)) {
        return Future.failedFuture(HotlineException.forbidden());
      }
      // A gateway's receipt or feedback names the dispatch it answers: a newer round must not take it.
      Long dispatchId = in.optionalId("dispatchId");
      if (dispatchId != null && (c.dispatch() == null || dispatchId != c.dispatch().getLong("id"))) {
        return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "dispatch.notCurrent", dispatchId));
      }
      return apply(tx, p, c, action, in, now).compose(step -> {
        List<JsonObject> published = new ArrayList<>();
        Future<Void> statusWrite = step.to() == c.status() ? Future.succeededFuture()
            : tx.preparedQuery("UPDATE cases SET status = $2, closed_at = CASE WHEN $2 = 'closed' THEN $3 ELSE closed_at END WHERE id = $1")
                .execute(Tuple.of(c.id(), Input.id(step.to()), Times.utc(now))).mapEmpty();
        published.add(bus(Addresses.CASE_CHANGED, new JsonObject().put("caseId", c.id()).put("number", c.number())
            .put("action", action.id()).put("from", Input.id(c.status())).put("to", Input.id(step.to()))));
        if (action == Action.DISPATCH) {
          published.add(bus(Addresses.DISPATCH_CREATED, step.detail().copy().put("caseId", c.id()).put("number", c.number())));
        }
        return statusWrite
            .compose(v -> CaseService.event(tx, c.id(), p, now, action.id(), step.channel(), c.status(), step.to(), step.note(), step.detail()))
            .map(v -> new Done(published));
      });
    });
  }

  private static JsonObject bus(String address, JsonObject body) {
    return new JsonObject().put("address", address).put("body", body);
  }

  private Future<Locked> lock(SqlConnection tx, long id) {
    return tx.preparedQuery(CaseSql.LOCK_CASE).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(HotlineException.notFound("case", id));
      }
      Row r = rows.iterator().next();
      Long dispatchId = r.getLong("current_dispatch_id");
      Future<Row> dispatch = dispatchId == null ? Future.succeededFuture(null)
          : tx.preparedQuery(CaseSql.CURRENT_DISPATCH).execute(Tuple.of(dispatchId)).map(ds -> ds.iterator().next());
      return dispatch.map(d -> new Locked(r.getLong("id"), r.getString("number"),
          Input.parseEnum("kind", r.getString("kind"), CaseKind.class),
          Input.parseEnum("channel", r.getString("channel"), Channel.class),
          Input.parseEnum("status", r.getString("status"), CaseStatus.class), r.getLong("owner_id"),
          r.getBoolean("owned_by_gateway"), r.getInteger("round"),
          r.getString("reopen_reason") == null ? null : Input.parseEnum("reopenReason", r.getString("reopen_reason"), ReopenReason.class),
          d));
    });
  }

  /** Who may take each step. */
  private static boolean may(Principal p, Action action, Locked c) {
    boolean owner = p.id() == c.ownerId() && p.hasAny(Role.AGENT, Role.SUPERVISOR, Role.LEADER);
    boolean unitOfDispatch = p.has(Role.UNIT_RESPONDER) && c.dispatch() != null && p.unitId() != null
        && p.unitId().equals(c.dispatch().getLong("unit_id"));
    return switch (action) {
      case ANSWER, SUBMIT, DISPATCH, FOLLOW_UP -> owner || p.has(Role.SUPERVISOR);
      case INSTRUCT -> p.has(Role.LEADER) || (c.kind() == CaseKind.INQUIRY && p.has(Role.SUPERVISOR));
      case RECEIPT, FEEDBACK -> owner || p.hasAny(Role.SUPERVISOR, Role.GATEWAY) || unitOfDispatch;
      case EXTEND -> owner || p.hasAny(Role.SUPERVISOR, Role.LEADER);
      case REVIEW -> p.has(Role.LEADER);
      case REOPEN, CLOSE -> p.hasAny(Role.SUPERVISOR, Role.LEADER);
      // Agents take what a gateway filed; only the supervision office moves a case from one person to another.
      case TAKE -> p.id() != c.ownerId()
          && (p.has(Role.SUPERVISOR) || (c.ownedByGateway() && p.hasAny(Role.AGENT, Role.LEADER)));
    };
  }

  private Future<Step> apply(SqlConnection tx, Principal p, Locked c, Action action, Input in, Instant now) {
    return switch (action) {
      case ANSWER -> Future.succeededFuture(new Step(CaseStatus.CLOSED, null, in.required("answer", 5000), new JsonObject()));
      case SUBMIT -> Future.succeededFuture(new Step(CaseStatus.AWAITING_INSTRUCTION, null, in.optional("note", 2000), new JsonObject()));
      case INSTRUCT -> instruct(tx, c, in);
      case DISPATCH -> dispatch(tx, p, c, in, now);
      case RECEIPT -> receipt(tx, c, in, now);
      case EXTEND -> extend(tx, c, in, now);
      case FEEDBACK -> feedback(tx, c, in, now);
      case FOLLOW_UP -> followUp(tx, c, in);
      case REVIEW -> review(tx, c, in);
      case REOPEN -> reopen(tx, c, in);
      case CLOSE -> Future.succeededFuture(new Step(CaseStatus.CLOSED, null, in.required("note", 2000), new JsonObject()));
      case TAKE -> take(tx, p, c, in);
    };
  }

  private static Future<Step> take(SqlConnection tx, Principal p, Locked c, Input in) {
    return tx.preparedQuery("UPDATE cases SET owner_id = $2 WHERE id = $1").execute(Tuple.of(c.id(), p.id()))
        .map(v -> new Step(c.status(), null, in.optional("note", 2000),
            new JsonObject().put("fromOwnerId", c.ownerId()).put("ownerId", p.id())));
  }

  private static Future<Step> instruct(SqlConnection tx, Locked c, Input in) {
    String instruction = in.required("instruction", 2000);
    return tx.preparedQuery("UPDATE cases SET instruction = $2 WHERE id = $1").execute(Tuple.of(c.id(), instruction))
        .map(v -> new Step(CaseStatus.INSTRUCTED, null, instruction, new JsonObject()));
  }

  private Future<Step> dispatch(SqlConnection tx, Principal p, Locked c, Input in, Instant now) {
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
    return tx.preparedQuery(CaseSql.UNIT_NAME).execute(Tuple.of(unitId)).compose(units -> {
      if (units.size() == 0) {
        return Future.failedFuture(new HotlineException(ErrorCode.UNPROCESSABLE, "notFound", new Messages.Key("entity.unit"), unitId));
      }
      String unitName = units.iterator().next().getString(0);
      return tx.preparedQuery(CaseSql.DISPATCH_CONTACT).execute(Tuple.of(unitId, contactId)).compose(contacts -> {
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
        return tx.preparedQuery(CaseSql.SUPERSEDE_OPEN).execute(Tuple.of(c.id()))
            .compose(v -> tx.preparedQuery(CaseSql.INSERT_DISPATCH).execute(Tuple.from(new Object[] {c.id(), round, unitId,
                contact.getLong("id"), Input.id(m), Input.id(reason), supervisedBy, Times.utc(now), p.userId(), days, due,
                deadline.provisional()})))
            .compose(rows -> {
              long dispatchId = rows.iterator().next().getLong(0);
              return tx.preparedQuery("UPDATE cases SET round = $2, current_dispatch_id = $3, reopen_reason = NULL WHERE id = $1")
                  .execute(Tuple.of(c.id(), round, dispatchId))
                  .compose(v -> m == DispatchMethod.HAND ? Future.<Void>succeededFuture()
                      : Outbox.enqueue(tx, new Outbox.Item(Input.id(m), Outbox.KIND_DISPATCH, "dispatch:" + dispatchId, c.id(),
                          dispatchId, m == DispatchMethod.EMAIL ? contact.getString("email") : contact.getString("fax"),
                          contact.getString("name"), new JsonObject().put("round", round).put("unitId", unitId)
                              .put("unitName", unitName)), now))
                  .map(v -> new Step(CaseStatus.DISPATCHED, Input.id(m), in.optional("note", 2000), new JsonObject()
                      .put("dispatchId", dispatchId).put("round", round).put("unitId", unitId).put("unitName", unitName)
                      .put("contactId", contact.getLong("id")).put("contactName", contact.getString("name"))
                      .put("method", Input.id(m)).put("workingDays", days).put("dueAt", due.toString())
                      .put("provisional", deadline.provisional()).put("reason", Input.id(reason))
                      .put("supervisedBy", supervisedBy)));
            });
      });
    });
  }

  private static Future<Step> receipt(SqlConnection tx, Locked c, Input in, Instant now) {
    ReceiptMethod method = in.requiredEnum("method", ReceiptMethod.class);
    long dispatchId = c.dispatch().getLong("id");
    return tx.preparedQuery("UPDATE dispatches SET received_at = $2, receipt_method = $3 WHERE id = $1")
        .execute(Tuple.of(dispatchId, Times.utc(now), Input.id(method)))
        .map(v -> new Step(CaseStatus.RECEIPT_CONFIRMED, Input.id(method), in.optional("note", 2000),
            new JsonObject().put("dispatchId", dispatchId).put("round", c.round())));
  }

  private Future<Step> extend(SqlConnection tx, Locked c, Input in, Instant now) {
    Integer days = in.optionalInt("workingDays", 0, 1000);
    if (days == null) {
      throw HotlineException.invalid("required", "workingDays");
    }
    String reason = in.required("reason", 2000);
    Row d = c.dispatch();
    int current = d.getInteger("working_days");
    if (days > settings.extensionCap()) {
      return Future.failedFuture(new HotlineException(ErrorCode.EXTENSION_BEYOND_CAP,
          new JsonObject().put("cap", settings.extensionCap()).put("workingDays", current),
          "extension.beyondCap", days, settings.extensionCap()));
    }
    if (days <= current) {
      return Future.failedFuture(HotlineException.invalid("extension.notLonger", current));
    }
    Deadline deadline = calendar.get().deadline(d.getOffsetDateTime("dispatched_at").toInstant(), days);
    OffsetDateTime due = deadline.due().toOffsetDateTime();
    boolean stillOverdue = d.getBoolean("overdue") && !due.toInstant().isAfter(now);
    return tx.preparedQuery("UPDATE dispatches SET working_days = $2, due_at = $3, provisional = $4, overdue = $5 WHERE id = $1")
        .execute(Tuple.of(d.getLong("id"), days, due, deadline.provisional(), stillOverdue))
        .map(v -> new Step(c.status(), null, reason, new JsonObject().put("dispatchId", d.getLong("id"))
            .put("fromWorkingDays", current).put("workingDays", days).put("dueAt", due.toString())
            .put("provisional", deadline.provisional())));
  }

  private static Future<Step> feedback(SqlConnection tx, Locked c, Input in, Instant now) {
    String result = in.required("result", 10_000);
    String channel = Input.id(in.optionalEnum("channel", Channel.class));
    long dispatchId = c.dispatch().getLong("id");
    boolean implicitReceipt = c.dispatch().getOffsetDateTime("received_at") == null;
    return tx.preparedQuery("UPDATE dispatches SET feedback = $2, feedback_at = $3, status = 'handled', "
            + "received_at = coalesce(received_at, $3), receipt_method = coalesce(receipt_method, 'feedback') WHERE id = $1")
        .execute(Tuple.of(dispatchId, result, Times.utc(now)))
        .map(v -> new Step(CaseStatus.HANDLED, channel, result, new JsonObject().put("dispatchId", dispatchId)
            .put("round", c.round()).put("receiptImplied", implicitReceipt)));
  }

  private static Future<Step> followUp(SqlConnection tx, Locked c, Input in) {
    Satisfaction s = in.requiredEnum("satisfaction", Satisfaction.class);
    String note = in.optional("note", 2000);
    JsonObject detail = new JsonObject().put("satisfaction", Input.id(s));
    if (s == Satisfaction.NOT_REACHED) {
      return Future.succeededFuture(new Step(CaseStatus.HANDLED, "phone", note, detail));
    }
    CaseStatus to;
    ReopenReason reason = null;
    if (s == Satisfaction.UNSATISFIED && c.round() < Workflow.MAX_ROUNDS) {
      to = CaseStatus.REOPENED;
      reason = ReopenReason.DISSATISFIED;
    } else {
      to = CaseStatus.FOLLOWED_UP;
      detail.put("roundLimitReached", s == Satisfaction.UNSATISFIED);
    }
    return tx.preparedQuery("UPDATE cases SET satisfaction = $2, reopen_reason = $3 WHERE id = $1")
        .execute(Tuple.of(c.id(), Input.id(s), Input.id(reason)))
        .map(v -> new Step(to, "phone", note, detail));
  }

  private static Future<Step> review(SqlConnection tx, Locked c, Input in) {
    String decision = in.required("decision", 20);
    String note = in.optional("note", 2000);
    switch (decision) {
      case "close":
        return Future.succeededFuture(new Step(CaseStatus.CLOSED, null, note, new JsonObject().put("decision", decision)));
      case "redispatch":
        if (note == null) {
          throw HotlineException.invalid("required", "note");
        }
        return reopenTo(tx, c, ReopenReason.LEADER_REVIEW, note, new JsonObject().put("decision", decision));
      default:
        throw HotlineException.invalid("invalidValue", "decision", decision);
    }
  }

  private static Future<Step> reopen(SqlConnection tx, Locked c, Input in) {
    ReopenReason reason = in.requiredEnum("reason", ReopenReason.class);
    String note = in.required("note", 2000);
    boolean awaitingUnit = c.status() == CaseStatus.DISPATCHED || c.status() == CaseStatus.RECEIPT_CONFIRMED;
    if (awaitingUnit) {
      if (reason != ReopenReason.OVERDUE) {
        throw HotlineException.invalid("reopen.onlyOverdue");
      }
      if (!c.dispatch().getBoolean("overdue")) {
        return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "reopen.notOverdue"));
      }
    } else if (reason != ReopenReason.IMPROPER && reason != ReopenReason.FALSE_REPORT) {
      throw HotlineException.invalid("reopen.afterFeedback");
    }
    return reopenTo(tx, c, reason, note, new JsonObject());
  }

  private static Future<Step> reopenTo(SqlConnection tx, Locked c, ReopenReason reason, String note, JsonObject detail) {
    if (c.round() >= Workflow.MAX_ROUNDS) {
      return Future.failedFuture(new HotlineException(ErrorCode.ROUND_LIMIT, "dispatch.roundLimit", Workflow.MAX_ROUNDS));
    }
    return tx.preparedQuery("UPDATE cases SET reopen_reason = $2 WHERE id = $1").execute(Tuple.of(c.id(), Input.id(reason)))
        .map(v -> new Step(CaseStatus.REOPENED, null, note, detail.put("reason", Input.id(reason)).put("nextRound", c.round() + 1)));
  }

}
