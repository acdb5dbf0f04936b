package hotline.telephony;

import hotline.validation.Texts;
import io.vertx.core.json.JsonObject;

/**
 * What an AMI field may hold before it is stored or handed on: one line of text PostgreSQL can store (no NUL, no
 * broken surrogate, no control characters: a peer or a caller ID may send any byte), at most {@link #MAX} characters.
 */
final class AmiText {

  /** Longer than any channel name, caller ID, queue, interface or file path Asterisk writes. */
  static final int MAX = 512;

  private AmiText() {
  }

  static String clean(String s) {
    String c = Texts.cleanLine(s);
    return c == null ? null : Texts.shorten(c, MAX);
  }

  /** Every text value of the object cleaned, in place. */
  static JsonObject clean(JsonObject o) {
    for (String name : o.fieldNames()) {
      if (o.getValue(name) instanceof String s) {
        o.put(name, clean(s));
      }
    }
    return o;
  }
}
