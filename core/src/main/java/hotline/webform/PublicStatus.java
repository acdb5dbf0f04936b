package hotline.webform;

import hotline.cases.CaseKind;
import hotline.cases.CaseStatus;
import java.time.OffsetDateTime;

/**
 * A case as the public sees it on the status page: its number, kind, where it stands in public wording, when it was
 * filed and closed, and the outcome the centre releases: the answer it gave the filer (答复, the {@code answer} step).
 * Never the internal steps' notes, the leader's instruction, the unit it was sent to or its contact, the unit's
 * feedback, nor who filed it.
 */
public record PublicStatus(String number, CaseKind kind, Stage stage, OffsetDateTime filedAt, OffsetDateTime closedAt,
    String answer) {

  /** Where a case stands, in the four words the public reads. */
  public enum Stage {
    /** Received and being looked at by the centre (received, awaiting or given the leader's instruction). */
    RECEIVED,
    /** With the responsible unit (dispatched, receipt confirmed, sent out again). */
    IN_PROGRESS,
    /** The unit has handled it; the centre is confirming the result with the filer. */
    HANDLED,
    /** Done. */
    CLOSED;

    public static Stage of(CaseStatus s) {
      return switch (s) {
        case RECEIVED, AWAITING_INSTRUCTION, INSTRUCTED -> RECEIVED;
        case DISPATCHED, RECEIPT_CONFIRMED, REOPENED -> IN_PROGRESS;
        case HANDLED, FOLLOWED_UP -> HANDLED;
        case CLOSED -> CLOSED;
      };
    }

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
