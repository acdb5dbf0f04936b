package hotline.cases;

import hotline.users.Permission;
import java.time.Instant;

/**
 * A case as a transition sees it: its row locked for the transaction, and its current dispatch (null before the
 * first round).
 */
public record LockedCase(long id, String number, CaseKind kind, Channel channel, CaseStatus status, long ownerId,
    boolean ownedByGateway, int round, ReopenReason reopenReason, CurrentDispatch dispatch) {

  /** What the permission table's conditions look at. */
  public Permission.Subject subject() {
    return new Permission.Subject(ownerId, ownedByGateway, kind == CaseKind.INQUIRY, dispatch == null ? null : dispatch.unitId());
  }

  /** The case's current dispatch, as it stood when the case was locked. */
  public record CurrentDispatch(long id, long unitId, Instant dispatchedAt, int workingDays, Instant dueAt,
      boolean overdue, Instant receivedAt, String status) {
  }
}
