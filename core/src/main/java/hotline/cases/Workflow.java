package hotline.cases;

import hotline.users.Permission;
import hotline.users.Principal;

import static hotline.cases.Action.ANSWER;
import static hotline.cases.Action.CLOSE;
import static hotline.cases.Action.DISPATCH;
import static hotline.cases.Action.EXTEND;
import static hotline.cases.Action.FEEDBACK;
import static hotline.cases.Action.FOLLOW_UP;
import static hotline.cases.Action.INSTRUCT;
import static hotline.cases.Action.RECEIPT;
import static hotline.cases.Action.REOPEN;
import static hotline.cases.Action.REVIEW;
import static hotline.cases.Action.SUBMIT;
import static hotline.cases.Action.TAKE;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which transitions each status allows. The rules beyond the status (who may act, round limits, overdue) live
 * with each transition in {@link CaseService}.
 * <pre>
 * received ─answer─▶ closed
 *    └─submit─▶ awaiting_instruction ─instruct─▶ instructed ─dispatch─▶ dispatched ─receipt─▶ receipt_confirmed
 *       (an instruction naming the unit is both steps at once: awaiting_instruction ─instruct+dispatch─▶ dispatched)
 *       dispatched / receipt_confirmed ─feedback─▶ handled ─follow-up─▶ followed_up ─review─▶ closed
 *       handled / followed_up ─reopen (improper, false report)─▶ reopened; unsatisfied follow-up ─▶ reopened
 *       dispatched / receipt_confirmed ─reopen (overdue)─▶ reopened ─dispatch (round n+1 ≤ 3)─▶ dispatched
 *    take (a new owner) in every status but closed
 * </pre>
 */
public final class Workflow {

  public static final int MAX_ROUNDS = 3;

  private static final Map<CaseStatus, Set<Action>> ALLOWED = new EnumMap<>(CaseStatus.class);

  static {
    ALLOWED.put(CaseStatus.RECEIVED, EnumSet.of(ANSWER, SUBMIT));
    ALLOWED.put(CaseStatus.AWAITING_INSTRUCTION, EnumSet.of(INSTRUCT));
    ALLOWED.put(CaseStatus.INSTRUCTED, EnumSet.of(DISPATCH));
    ALLOWED.put(CaseStatus.DISPATCHED, EnumSet.of(RECEIPT, EXTEND, FEEDBACK, REOPEN));
    ALLOWED.put(CaseStatus.RECEIPT_CONFIRMED, EnumSet.of(EXTEND, FEEDBACK, REOPEN));
    ALLOWED.put(CaseStatus.HANDLED, EnumSet.of(FOLLOW_UP, REOPEN, CLOSE));
    ALLOWED.put(CaseStatus.FOLLOWED_UP, EnumSet.of(REVIEW, REOPEN, CLOSE));
    ALLOWED.put(CaseStatus.REOPENED, EnumSet.of(DISPATCH));
    ALLOWED.put(CaseStatus.CLOSED, EnumSet.noneOf(Action.class));
    // Who owns a case can change until it is closed.
    ALLOWED.forEach((status, actions) -> {
      if (status != CaseStatus.CLOSED) {
        actions.add(TAKE);
      }
    });
  }

  private Workflow() {
  }

  public static boolean allows(CaseStatus status, Action action) {
    return ALLOWED.get(status).contains(action);
  }

  /** The lifecycle steps allowed from a status, by their client names; taking the case (any open status) is not listed. */
  public static List<String> allowed(CaseStatus status) {
    return ALLOWED.get(status).stream().filter(a -> a != TAKE).map(Action::path).toList();
  }

  /**
   * What this caller may do to the case now: the steps its status allows that the permission table grants them, by
   * their client names; {@code take} among them when they may take it.
   */
  public static List<String> allowed(CaseStatus status, Principal p, Permission.Subject subject) {
    return ALLOWED.get(status).stream().filter(a -> a.permission().allows(p, subject)).map(Action::path).toList();
  }
}
