package hotline.cases;

/** Where a case stands in its lifecycle (see DESIGN.md). */
public enum CaseStatus {
  RECEIVED, AWAITING_INSTRUCTION, INSTRUCTED, DISPATCHED, RECEIPT_CONFIRMED, HANDLED, FOLLOWED_UP, REOPENED, CLOSED
}
