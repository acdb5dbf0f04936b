package hotline.cases;

/** The customer's answer on the follow-up call, or that they could not be reached. */
public enum Satisfaction {
  VERY_SATISFIED, SATISFIED, UNSATISFIED, NOT_REACHED
}
