package hotline.mail;

import java.util.regex.Pattern;

/** What a person wrote in a reply, without the quoted mail below it (as Outlook, Foxmail, QQ Mail and others quote). */
final class ReplyText {

  private static final Pattern SEPARATOR = Pattern.compile(
      "^\\s*(-{2,}\\s*(Original Message|原始邮件|Forwarded message|转发邮件)\\s*-{2,}.*"
          + "|-{5,}\\s*$"
          + "|_{5,}\\s*$"
          + "|(发件人|From)\\s*[:：].*"
          + "|On .+ wrote:\\s*"
          + "|在.+写道[:：]\\s*"
          + "|.*于.+写道[:：]\\s*)$",
      Pattern.CASE_INSENSITIVE);

  private ReplyText() {
  }

  /** The new text of a reply: everything above the first quote separator or quoted line. */
  static String strip(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (String line : text.split("\\r?\\n", -1)) {
      if (line.startsWith(">") || SEPARATOR.matcher(line).matches()) {
        break;
      }
      b.append(line).append('\n');
    }
    return b.toString().strip();
  }
}
