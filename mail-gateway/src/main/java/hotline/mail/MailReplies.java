package hotline.mail;

import hotline.Core;
import hotline.cases.Action;
import hotline.dispatch.DispatchService;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * What a mail that answers a dispatch does to it, as {@link MailClassifier} read the mail: from one of the unit's
 * own addresses, a receipt or the unit's feedback; a stranger quoting a receipt code is quarantined. And a bounce
 * of a dispatch mail, recorded on its delivery. Every step goes through the case core's transitions, naming the
 * dispatch it answers.
 */
final class MailReplies {

  private final Core core;
  private final Principal gateway;

  MailReplies(Core core, Principal gateway) {
    this.core = core;
    this.gateway = gateway;
  }

  /** Applies what a mail from {@code sender} says to dispatch {@code t}: a receipt, the feedback, or nothing. */
  Future<MailIntake.Outcome> answer(DispatchService.Target t, String sender, MailClass.Answer answer) {
    if (!t.trusts(sender)) {
      return Future.succeededFuture(MailIntake.Outcome.quarantine("quotes the receipt code of dispatch " + t.dispatchId() + " (case "
          + t.number() + ") from an address not registered for unit " + t.unitId() + ": not taken as a receipt"));
    }
    if (answer instanceof MailClass.NotAReceipt n) {
      return Future.succeededFuture(MailIntake.Outcome.of("ignored", t.caseId(), t.dispatchId(), n.note()));
    }
    if (answer instanceof MailClass.Receipt r) {
      return receipt(t, r.method(), r.note());
    }
    if (answer instanceof MailClass.Feedback f) {
      return feedback(t, f.result());
    }
    throw new IllegalStateException("unhandled answer " + answer);
  }

  private Future<MailIntake.Outcome> receipt(DispatchService.Target t, String method, String note) {
    if (!t.current()) {
      return Future.succeededFuture(MailIntake.Outcome.of("ignored", t.caseId(), t.dispatchId(), "receipt for a superseded dispatch"));
    }
    if (t.received() || !"dispatched".equals(t.caseStatus())) {
      return Future.succeededFuture(MailIntake.Outcome.of("receipt", t.caseId(), t.dispatchId(), "already received"));
    }
    return core.cases().transition(gateway, t.caseId(), Action.RECEIPT,
            new JsonObject().put("method", method).put("dispatchId", t.dispatchId()).put("note", note))
        .map(c -> MailIntake.Outcome.of("receipt", t.caseId(), t.dispatchId(), "receipt by " + method))
        .recover(e -> alreadyDone(e, t, "receipt"));
  }

  private Future<MailIntake.Outcome> feedback(DispatchService.Target t, String result) {
    if (!t.current()) {
      return Future.succeededFuture(MailIntake.Outcome.quarantine("feedback for a superseded dispatch " + t.dispatchId()
          + " of case " + t.number()));
    }
    return core.cases().transition(gateway, t.caseId(), Action.FEEDBACK,
            new JsonObject().put("result", result).put("channel", "email").put("dispatchId", t.dispatchId()))
        .map(c -> MailIntake.Outcome.of("feedback", t.caseId(), t.dispatchId(), "feedback by mail"))
        .recover(e -> alreadyDone(e, t, "feedback"));
  }

  /** A step the case no longer allows was taken already (this very message, read again after a crash) or overtaken. */
  private static Future<MailIntake.Outcome> alreadyDone(Throwable e, DispatchService.Target t, String what) {
    if (e instanceof HotlineException h && (h.code() == ErrorCode.ILLEGAL_TRANSITION || h.code() == ErrorCode.CONFLICT)) {
      return Future.succeededFuture(MailIntake.Outcome.of(what, t.caseId(), t.dispatchId(), what + " not applied: " + h.getMessage()));
    }
    return Future.failedFuture(e);
  }

  /** Records a failed delivery on the dispatch it reports; a delay or a success report only goes to the mail log. */
  Future<MailIntake.Outcome> bounced(MailClass.Bounce b) {
    return core.dispatches().byToken(b.token()).compose(t -> {
      if (t == null) {
        return Future.succeededFuture(MailIntake.Outcome.of("ignored", null, null, "a delivery report for no dispatch of ours"));
      }
      if (!b.failed()) {
        return Future.succeededFuture(MailIntake.Outcome.of("ignored", t.caseId(), t.dispatchId(),
            "delivery report, not a failure: " + b.reason()));
      }
      return core.dispatches().bounced(gateway, t.dispatchId(), b.reason()).map(recorded -> MailIntake.Outcome.of("bounce",
          t.caseId(), t.dispatchId(), recorded ? "the dispatch mail bounced: " + b.reason() : "bounce recorded before"));
    });
  }
}
