package hotline.cases;

/** How a unit's receipt of a dispatch form was confirmed. */
public enum ReceiptMethod {
  MAIL, REPLY, CALLBACK, BY_HAND
}
