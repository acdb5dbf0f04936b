package hotline.cases;

/** What the case service announces on the event bus; {@link hotline.Addresses} lists them with every other address. */
public final class CaseEvents {

  /** Published after a case is filed: {@code {"caseId","number","kind","channel","ownerId"}}. */
  public static final String CREATED = "cases.created";
  /** Published after every transition: {@code {"caseId","number","action","from","to"}}. */
  public static final String CHANGED = "cases.changed";

  private CaseEvents() {
  }
}
