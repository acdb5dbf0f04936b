package hotline.cases;

import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.errors.Messages;
import hotline.time.Times;
import hotline.users.Principal;
import hotline.validation.Input;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The lifecycle transitions, each run inside one transaction with the case row locked: check the actor may do it (403, from the permission table), check the status allows it (409 with what is allowed
 * next), apply it, append it to the timeline.
 */
final class CaseTransitions {

  /** The longest answer given on the spot, and the longest note of a step (submit, take, close, reopen…). */
  static final int MAX_ANSWER = 5000;
  static final int MAX_NOTE = 2000;

  /** What a transition did, and the events to publish once the transaction has committed. */
  record Done(CaseService.Transitioned result, List<StepResult.Published> published) {
  }

  private final Clock clock;
  private final DispatchSteps dispatchSteps;

  CaseTransitions(Clock clock, DispatchSteps dispatchSteps) {
    this.clock = clock;
    this.dispatchSteps = dispatchSteps;
  }

  Future<Done> run(SqlConnection tx, Principal p, long id, Action action, Input in) {
    return run(tx, p, id, action, in, Files.NONE);
  }

  /** Files sent with a step (a unit's feedback), checked and with their digests computed before the transaction. */
  record Files(List<CaseFile> files, List<byte[]> digests) {
    static final Files NONE = new Files(List.of(), List.of());
  }

  /**
   * Runs one step. An instruction that names a unit ({@code unitId}, with a dispatch's optional {@code contactId},
   * {@code method}, {@code workingDays}) dispatches the case to it in the same transaction, as the instruction's
   * author: the leader's one step ("批示并派单"), on the timeline as the instruction and then round 1's dispatch. Either
   * both happen or, if the dispatch is refused (a unit without a contact, without e-mail), neither.
   */
  Future<Done> run(SqlConnection tx, Principal p, long id, Action action, Input in, Files files) {
    Instant now = clock.instant();
    return lock(tx, id).compose(c -> {
      // Who may never take this step on this case hears so first, whatever the status.
      if (!action.permission().allows(p, c.subject())) {
        return Future.failedFuture(action.permission().refusal());
      }
      if (!Workflow.allows(c.status(), action)) {
        return Future.failedFuture(new HotlineException(ErrorCode.ILLEGAL_TRANSITION,
            new JsonObject().put("status", Input.id(c.status())).put("allowed", new JsonArray(Workflow.allowed(c.status()))),
            "transition.illegal", new Messages.Key("action." + action.id()), new Messages.Key("status." + Input.id(c.status()))));
      }
      // A gateway's receipt or feedback names the dispatch it answers: a newer round must not take it.
      Long dispatchId = in.optionalId("dispatchId");
      if (dispatchId != null && (c.dispatch() == null || dispatchId != c.dispatch().id())) {
        return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "dispatch.notCurrent", dispatchId));
      }
      if (!files.files().isEmpty() && action != Action.FEEDBACK) {
        return Future.failedFuture(HotlineException.invalidAt("attachments", "case.attachmentsOnlyWithFeedback"));
      }
      boolean andDispatch = action == Action.INSTRUCT && in.optionalId("unitId") != null;
      Future<Done> first = apply(tx, p, c, action, in, now)
          .compose(step -> attach(tx, p, c, step, files))
          .compose(step -> write(tx, p, c, action, step, now));
      if (!andDispatch) {
        return first;
      }
      LockedCase instructed = new LockedCase(c.id(), c.number(), c.kind(), c.channel(), CaseStatus.INSTRUCTED, c.ownerId(),
          c.ownedByGateway(), c.round(), c.reopenReason(), c.dispatch());
      return first.compose(instruct -> dispatchSteps.dispatch(tx, p, instructed, in, now)
          .compose(step -> write(tx, p, instructed, Action.DISPATCH, step, now))
          .map(dispatch -> {
            List<StepResult.Published> published = new ArrayList<>(instruct.published());
            published.addAll(dispatch.published());
            return new Done(new CaseService.Transitioned(c.id(), c.number(), action, c.status(), dispatch.result().to()), published);
          }));
    });
  }

  /** A step's files, stored with the dispatch it answers and named in the step's timeline entry. */
  private static Future<StepResult> attach(SqlConnection tx, Principal p, LockedCase c, StepResult step, Files files) {
    if (files.files().isEmpty()) {
      return Future.succeededFuture(step);
    }
    Long dispatchId = c.dispatch() == null ? null : c.dispatch().id();
    JsonArray named = new JsonArray();
    Future<Void> all = Future.succeededFuture();
    for (int i = 0; i < files.files().size(); i++) {
      CaseFile f = files.files().get(i);
      byte[] digest = files.digests().get(i);
      all = all.compose(v -> tx.preparedQuery(CaseSql.INSERT_DISPATCH_ATTACHMENT).execute(Tuple.from(new Object[] {c.id(),
              f.name(), f.contentType(), (long) f.data().length(), io.vertx.core.buffer.Buffer.buffer(digest), f.data(),
              p.userId(), dispatchId}))
          .map(rows -> {
            named.add(new JsonObject().put("id", rows.iterator().next().getLong(0)).put("name", f.name())
                .put("size", (long) f.data().length()));
            return null;
          }));
    }
    return all.map(v -> {
      step.detail().put("attachments", named);
      return step;
    });
  }

  /** The step's new status (and round), the case-changed event, and its timeline entry. */
  private Future<Done> write(SqlConnection tx, Principal p, LockedCase c, Action action, StepResult step, Instant now) {
    List<StepResult.Published> published = new ArrayList<>();
    Future<Void> roundWrite = step.newRound() == null ? Future.succeededFuture()
        : tx.preparedQuery("UPDATE cases SET round = $2, current_dispatch_id = $3, reopen_reason = NULL WHERE id = $1")
            .execute(Tuple.of(c.id(), step.newRound().round(), step.newRound().dispatchId())).mapEmpty();
    Future<Void> statusWrite = step.to() == c.status() ? roundWrite
        : roundWrite.compose(v -> tx.preparedQuery(
                "UPDATE cases SET status = $2, closed_at = CASE WHEN $2 = 'closed' THEN $3 ELSE closed_at END WHERE id = $1")
            .execute(Tuple.of(c.id(), Input.id(step.to()), Times.utc(now))).mapEmpty());
    published.add(new StepResult.Published(CaseEvents.CHANGED, new JsonObject().put("caseId", c.id())
        .put("number", c.number()).put("action", action.id()).put("from", Input.id(c.status())).put("to", Input.id(step.to()))));
    published.addAll(step.published());
    return statusWrite
        .compose(v -> CaseTimeline.append(tx, new CaseTimeline.Entry(c.id(), p, now, action.id(), step.channel(), c.status(),
            step.to(), step.note(), step.detail())))
        .map(v -> new Done(new CaseService.Transitioned(c.id(), c.number(), action, c.status(), step.to()), published));
  }

  private static Future<LockedCase> lock(SqlConnection tx, long id) {
    return tx.preparedQuery(CaseSql.LOCK_CASE).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(HotlineException.notFound("case", id));
      }
      Row r = rows.iterator().next();
      Long dispatchId = r.getLong("current_dispatch_id");
      Future<LockedCase.CurrentDispatch> dispatch = dispatchId == null ? Future.succeededFuture(null)
          : tx.preparedQuery(CaseSql.CURRENT_DISPATCH).execute(Tuple.of(dispatchId)).map(ds -> currentDispatch(ds.iterator().next()));
      return dispatch.map(d -> new LockedCase(r.getLong("id"), r.getString("number"),
          Input.parseEnum("kind", r.getString("kind"), CaseKind.class),
          Input.parseEnum("channel", r.getString("channel"), Channel.class),
          Input.parseEnum("status", r.getString("status"), CaseStatus.class), r.getLong("owner_id"),
          r.getBoolean("owned_by_gateway"), r.getInteger("round"),
          r.getString("reopen_reason") == null ? null : Input.parseEnum("reopenReason", r.getString("reopen_reason"), ReopenReason.class),
          d));
    });
  }

  private static LockedCase.CurrentDispatch currentDispatch(Row d) {
    return new LockedCase.CurrentDispatch(d.getLong("id"), d.getLong("unit_id"), d.getOffsetDateTime("dispatched_at").toInstant(),
        d.getInteger("working_days"), d.getOffsetDateTime("due_at").toInstant(), d.getBoolean("overdue"),
        d.getOffsetDateTime("received_at") == null ? null : d.getOffsetDateTime("received_at").toInstant(), d.getString("status"));
  }

  private Future<StepResult> apply(SqlConnection tx, Principal p, LockedCase c, Action action, Input in, Instant now) {
    return switch (action) {
      case ANSWER -> Future.succeededFuture(new StepResult(CaseStatus.CLOSED, null, in.required("answer", MAX_ANSWER), new JsonObject()));
      case SUBMIT -> Future.succeededFuture(new StepResult(CaseStatus.AWAITING_INSTRUCTION, null, in.optional("note", MAX_NOTE), new JsonObject()));
      case INSTRUCT -> instruct(tx, c, in);
      case DISPATCH -> dispatchSteps.dispatch(tx, p, c, in, now);
      case RECEIPT -> dispatchSteps.receipt(tx, c, in, now);
      case EXTEND -> dispatchSteps.extend(tx, c, in, now);
      case FEEDBACK -> dispatchSteps.feedback(tx, c, in, now);
      case FOLLOW_UP -> followUp(tx, c, in);
      case REVIEW -> review(tx, c, in);
      case REOPEN -> reopen(tx, c, in);
      case CLOSE -> Future.succeededFuture(new StepResult(CaseStatus.CLOSED, null, in.required("note", 2000), new JsonObject()));
      case TAKE -> take(tx, p, c, in);
    };
  }

  private static Future<StepResult> take(SqlConnection tx, Principal p, LockedCase c, Input in) {
    return tx.preparedQuery("UPDATE cases SET owner_id = $2 WHERE id = $1").execute(Tuple.of(c.id(), p.id()))
        .map(v -> new StepResult(c.status(), null, in.optional("note", 2000),
            new JsonObject().put("fromOwnerId", c.ownerId()).put("ownerId", p.id())));
  }

  private static Future<StepResult> instruct(SqlConnection tx, LockedCase c, Input in) {
    String instruction = in.required("instruction", 2000);
    return tx.preparedQuery("UPDATE cases SET instruction = $2 WHERE id = $1").execute(Tuple.of(c.id(), instruction))
        .map(v -> new StepResult(CaseStatus.INSTRUCTED, null, instruction, new JsonObject()));
  }

  private static Future<StepResult> followUp(SqlConnection tx, LockedCase c, Input in) {
    Satisfaction s = in.requiredEnum("satisfaction", Satisfaction.class);
    String note = in.optional("note", 2000);
    JsonObject detail = new JsonObject().put("satisfaction", Input.id(s));
    if (s == Satisfaction.NOT_REACHED) {
      return Future.succeededFuture(new StepResult(CaseStatus.HANDLED, "phone", note, detail));
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
        .map(v -> new StepResult(to, "phone", note, detail));
  }

  private static Future<StepResult> review(SqlConnection tx, LockedCase c, Input in) {
    String decision = in.required("decision", 20);
    String note = in.optional("note", 2000);
    switch (decision) {
      case "close":
        return Future.succeededFuture(new StepResult(CaseStatus.CLOSED, null, note, new JsonObject().put("decision", decision)));
      case "redispatch":
        if (note == null) {
          throw HotlineException.invalid("required", "note");
        }
        return reopenTo(tx, c, ReopenReason.LEADER_REVIEW, note, new JsonObject().put("decision", decision));
      default:
        throw HotlineException.invalid("invalidValue", "decision", decision);
    }
  }

  private static Future<StepResult> reopen(SqlConnection tx, LockedCase c, Input in) {
    ReopenReason reason = in.requiredEnum("reason", ReopenReason.class);
    String note = in.required("note", 2000);
    boolean awaitingUnit = c.status() == CaseStatus.DISPATCHED || c.status() == CaseStatus.RECEIPT_CONFIRMED;
    if (awaitingUnit) {
      if (reason != ReopenReason.OVERDUE) {
        throw HotlineException.invalid("reopen.onlyOverdue");
      }
      if (!c.dispatch().overdue()) {
        return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "reopen.notOverdue"));
      }
    } else if (reason != ReopenReason.IMPROPER && reason != ReopenReason.FALSE_REPORT) {
      throw HotlineException.invalid("reopen.afterFeedback");
    }
    return reopenTo(tx, c, reason, note, new JsonObject());
  }

  private static Future<StepResult> reopenTo(SqlConnection tx, LockedCase c, ReopenReason reason, String note, JsonObject detail) {
    if (c.round() >= Workflow.MAX_ROUNDS) {
      return Future.failedFuture(new HotlineException(ErrorCode.ROUND_LIMIT, "dispatch.roundLimit", Workflow.MAX_ROUNDS));
    }
    return tx.preparedQuery("UPDATE cases SET reopen_reason = $2 WHERE id = $1").execute(Tuple.of(c.id(), Input.id(reason)))
        .map(v -> new StepResult(CaseStatus.REOPENED, null, note, detail.put("reason", Input.id(reason)).put("nextRound", c.round() + 1)));
  }

}
