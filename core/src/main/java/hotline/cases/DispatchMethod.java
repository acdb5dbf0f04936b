package hotline.cases;

/** How the record form goes to the unit. */
public enum DispatchMethod {
  EMAIL, FAX, HAND
}
