package hotline.cases;

/** Why a case goes out again in a further dispatch round. */
public enum ReopenReason {
  /** The customer was unsatisfied at follow-up. */
  DISSATISFIED,
  /** The unit's handling was improper. */
  IMPROPER,
  /** The unit's feedback was false. */
  FALSE_REPORT,
  /** The unit let the deadline pass without cause. */
  OVERDUE,
  /** The leader's review sent it back. */
  LEADER_REVIEW
}
