package hotline.mail;

import hotline.mail.ParsedMail.Mdn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The fields of a message/disposition-notification part (RFC 8098) that the gateway reads. */
final class MdnParser {

  /** Bytes of a disposition notification read; a longer one is not read. */
  static final int MAX_BYTES = 64 * 1024;

  private MdnParser() {
  }

  /** The notification's fields; one that has none readable is noted. */
  static Mdn parse(byte[] bytes, List<String> problems) {
    Map<String, String> fields = fields(Charsets.decodeText(bytes, null));
    String original = MailHeaders.first(MailHeaders.ids(fields.get("original-message-id")));
    String disposition = fields.get("disposition");
    disposition = disposition == null ? null : MailText.clean(disposition.replaceAll("\\s+", " ").strip());
    String dispositionType = null;
    if (disposition != null) {
      String last = disposition.substring(disposition.lastIndexOf(';') + 1).strip();
      int slash = last.indexOf('/');
      last = (slash < 0 ? last : last.substring(0, slash)).strip();
      String[] words = last.split("\\s+");
      dispositionType = words[words.length - 1].toLowerCase(Locale.ROOT);
      dispositionType = dispositionType.isEmpty() ? null : dispositionType;
    }
    String recipient = fields.get("final-recipient");
    if (recipient != null) {
      recipient = recipient.substring(recipient.indexOf(';') + 1).strip();
      recipient = recipient.isEmpty() ? null : MailText.clean(recipient).toLowerCase(Locale.ROOT);
    }
    if (original == null && disposition == null && recipient == null) {
      problems.add("disposition notification has no readable fields");
    }
    return new Mdn(original, disposition, dispositionType, recipient);
  }

  /** Header lines ("Name: value", folded lines joined) as lower-case name to first value. */
  private static Map<String, String> fields(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    String name = null;
    StringBuilder value = new StringBuilder();
    for (String line : (text + "\n").split("\r?\n")) {
      if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
        value.append(' ').append(line.strip());
        continue;
      }
      if (name != null) {
        fields.putIfAbsent(name, value.toString().strip());
      }
      int colon = line.indexOf(':');
      name = colon > 0 ? line.substring(0, colon).strip().toLowerCase(Locale.ROOT) : null;
      value.setLength(0);
      if (name != null) {
        value.append(line.substring(colon + 1));
      }
    }
    if (name != null) {
      fields.putIfAbsent(name, value.toString().strip());
    }
    return fields;
  }
}
