package hotline;

/**
 * Event-bus addresses of the core. Bodies are JSON and never carry a reporter's identity: a consumer that needs
 * case details asks the core with its own principal.
 */
public final class Addresses {

  /** Published after a case is filed: {@code {"caseId","number","kind","channel"}}. */
  public static final String CASE_CREATED = "cases.created";
  /** Published after every transition: {@code {"caseId","number","action","from","to"}}. */
  public static final String CASE_CHANGED = "cases.changed";
  /** Published after a dispatch is created: {@code {"dispatchId","caseId","number","round","unitId","method","dueAt"}}. */
  public static final String DISPATCH_CREATED = "dispatch.created";
  /** Published for each dispatch the sweep finds past its deadline, for reminders. */
  public static final String DISPATCH_OVERDUE = "dispatch.overdue";

  private Addresses() {
  }
}
