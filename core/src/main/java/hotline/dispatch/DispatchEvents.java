package hotline.dispatch;

/** What the dispatch steps and the overdue sweep announce; {@link hotline.Addresses} lists them with every other address. */
public final class DispatchEvents {

  /** Published after a dispatch is created: {@code {"dispatchId","caseId","number","round","unitId","method","dueAt"}}. */
  public static final String CREATED = "dispatch.created";
  /** Published for each dispatch the sweep finds past its deadline, for reminders. */
  public static final String OVERDUE = "dispatch.overdue";

  private DispatchEvents() {
  }
}
