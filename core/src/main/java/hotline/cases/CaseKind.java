package hotline.cases;

/** The four case kinds, each with its own record form: 投诉, 咨询, 建议, 举报. */
public enum CaseKind {
  COMPLAINT, INQUIRY, SUGGESTION, REPORT;

  /** Complaints and reports name a respondent (person and unit). */
  public boolean hasRespondent() {
    return this == COMPLAINT || this == REPORT;
  }
}
