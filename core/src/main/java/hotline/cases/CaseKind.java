package hotline.cases;

/** The four case kinds, each with its own record form: 投诉, 咨询, 建议, 举报. */
public enum CaseKind {
  COMPLAINT, INQUIRY, SUGGESTION, REPORT;

  /** Complaints and reports name a respondent (person and unit). */
  public boolean hasRespondent() {
    return this == COMPLAINT || this == REPORT;
  }

  /** Only a report may be filed anonymously (匿名举报). */
  public boolean mayBeAnonymous() {
    return this == REPORT;
  }

  /** A report's reporter is confidential: shown only to leaders, the supervision office and the report's owner. */
  public boolean hasConfidentialReporter() {
    return this == REPORT;
  }
}
