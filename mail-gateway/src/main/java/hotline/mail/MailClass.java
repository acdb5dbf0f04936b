package hotline.mail;

import hotline.cases.CaseKind;
import java.util.Objects;

/**
 * What an inbound mail is, decided by {@link MailClassifier} from the mail and the settings alone. The dispatch a
 * {@link Reply} names is looked up by {@link MailIntake}, which does what each class says.
 */
sealed interface MailClass permits MailClass.Fax, MailClass.Bounce, MailClass.Reply, MailClass.StrayReceipt,
    MailClass.NotAReply {

  /** From a fax-to-mail sender: for the fax gateway; {@code otherwise} the case it becomes when none runs here. */
  record Fax(NewCase otherwise) implements MailClass {

    public Fax {
      Objects.requireNonNull(otherwise, "otherwise");
    }
  }

  /** A delivery report for one of our dispatch mails: which dispatch, whether delivery failed for good, and why. */
  record Bounce(String token, boolean failed, String reason) implements MailClass {
  }

  /**
   * A mail that names a dispatch: by its receipt token, or by a case number (then the case's current dispatch
   * counts only when the sender is one of its unit's addresses). {@code answer} is what the mail says to that
   * dispatch; {@code otherwise} is what the mail is when no such dispatch answers.
   */
  record Reply(String token, String caseNumber, Answer answer, NotAReply otherwise) implements MailClass {

    public Reply {
      if ((token == null) == (caseNumber == null)) {
        throw new IllegalArgumentException("a reply names its dispatch by a token or by a case number");
      }
      Objects.requireNonNull(answer, "answer");
      Objects.requireNonNull(otherwise, "otherwise");
    }
  }

  /** A disposition notification that names no dispatch of ours. */
  record StrayReceipt() implements MailClass {
  }

  /** A mail that answers no dispatch. */
  sealed interface NotAReply extends MailClass permits Automatic, NewCase {
  }

  /** Sent by a machine (auto-reply, bounce, list, bulk mail): logged, not filed. */
  record Automatic(String reason) implements NotAReply {
  }

  /** Filed as a new case; {@code acknowledgeTo} is the address the acknowledgement goes to, null for none. */
  record NewCase(String channel, CaseKind kind, String acknowledgeTo) implements NotAReply {
  }

  /** What a reply says to the dispatch it names. */
  sealed interface Answer permits Receipt, Feedback, NotAReceipt {
  }

  /** Receipt of the dispatch: by {@code method} ("mail" for a read receipt, "reply"), with the timeline note. */
  record Receipt(String method, String note) implements Answer {
  }

  /** The unit's feedback: the result as recorded on the case. */
  record Feedback(String result) implements Answer {
  }

  /** Neither a receipt nor feedback (a deletion notice, an auto-reply): only logged, with {@code note}. */
  record NotAReceipt(String note) implements Answer {
  }
}
