package hotline.mail;

/** String rules the mail gateway's pieces share. */
final class MailText {

  private static final int MAX_NOTE_CHARS = 200;

  private MailText() {
  }

  /** Drops C0/C1 controls except tab and newline (PostgreSQL text refuses NUL; the rest is never content). */
  static String stripControls(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F);
      if (control && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      } else if (!control && out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }

  /** Line ends as \n, controls other than tab and newline removed. Null stays null. */
  static String clean(String s) {
    if (s == null) {
      return null;
    }
    return stripControls(s.replace("\r\n", "\n").replace('\r', '\n'));
  }

  /** A value quoted in a problem note: white space runs as one space, at most 200 characters. */
  static String oneLine(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() <= MAX_NOTE_CHARS ? one : one.substring(0, MAX_NOTE_CHARS) + "…";
  }

  /** An exception in a problem note: its type and message. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + oneLine(message));
  }
}
