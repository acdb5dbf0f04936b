package hotline.mail;

/** String rules the mail gateway's pieces share. */
final class MailText {

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
}
