package hotline.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mailboxes of From, Reply-To, To and Cc values: the addresses lower-cased, the display name decoded. Jakarta
 * Mail's strict parser first, then a lenient reading of what it refuses. Nothing in this class throws on bad input.
 */
final class Mailboxes {

  /** A mailbox: the address lower-cased and trimmed, the display name decoded (null when there is none). */
  record Address(String email, String name) {
  }

  private static final Pattern ANGLE_EMAIL = Pattern.compile("<\\s*([^<>\\s@]+@[^<>\\s@]+)\\s*>");
  private static final Pattern BARE_EMAIL = Pattern.compile("[^\\s<>()\\[\\],;:\"@]+@[^\\s<>()\\[\\],;:\"@]+");

  private Mailboxes() {
  }

  /** The first mailbox of a From / Reply-To / Sender value, or null when there is none. */
  static Address address(String rawHeaderValue) {
    if (rawHeaderValue == null) {
      return null;
    }
    try {
      String s = EncodedWords.decode8bit(EncodedWords.unfold(rawHeaderValue)).trim();
      if (s.isEmpty()) {
        return null;
      }
      String segment = null;
      for (String part : splitTopLevel(s)) {
        if (part.indexOf('@') >= 0) {
          segment = part;
          break;
        }
      }
      String email = null;
      try {
        email = firstEmail(InternetAddress.parseHeader(s, false));
      } catch (AddressException | RuntimeException e) {
        // the fallback below reads what it can
      }
      if (email == null) {
        email = regexEmail(segment != null ? segment : s);
      }
      if (email == null) {
        return null;
      }
      return new Address(email.trim().toLowerCase(Locale.ROOT), segment == null ? null : displayName(segment));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Every address of an address-list header (To, Cc), lower-cased, skipping what cannot be read. */
  static List<String> addresses(String rawHeaderValue) {
    List<String> out = new ArrayList<>();
    if (rawHeaderValue == null) {
      return out;
    }
    String s = EncodedWords.decode8bit(EncodedWords.unfold(rawHeaderValue));
    try {
      collectEmails(InternetAddress.parseHeader(s, false), out);
      return out;
    } catch (AddressException | RuntimeException e) {
      out.clear();
    }
    for (String part : splitTopLevel(s)) {
      try {
        collectEmails(InternetAddress.parseHeader(part, false), out);
      } catch (AddressException | RuntimeException e) {
        String email = regexEmail(part);
        if (email != null) {
          out.add(email.toLowerCase(Locale.ROOT));
        }
      }
    }
    return out;
  }

  private static void collectEmails(InternetAddress[] list, List<String> out) throws AddressException {
    for (InternetAddress a : list) {
      if (a.isGroup()) {
        InternetAddress[] members = a.getGroup(false);
        if (members != null) {
          collectEmails(members, out);
        }
      } else if (a.getAddress() != null && BARE_EMAIL.matcher(a.getAddress().trim()).matches()) {
        out.add(a.getAddress().trim().toLowerCase(Locale.ROOT));
      }
    }
  }

  private static String firstEmail(InternetAddress[] list) throws AddressException {
    List<String> emails = new ArrayList<>();
    collectEmails(list, emails);
    return emails.isEmpty() ? null : emails.get(0);
  }

  private static String regexEmail(String s) {
    Matcher angle = ANGLE_EMAIL.matcher(s);
    if (angle.find()) {
      return angle.group(1);
    }
    Matcher bare = BARE_EMAIL.matcher(s);
    return bare.find() ? bare.group() : null;
  }

  /** The display name of one mailbox: the phrase before '<' (quotes removed), else a comment, decoded. */
  private static String displayName(String mailbox) {
    StringBuilder phrase = new StringBuilder();
    StringBuilder comment = new StringBuilder();
    boolean quoted = false;
    int depth = 0;
    boolean angle = false;
    for (int i = 0; i < mailbox.length(); i++) {
      char c = mailbox.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < mailbox.length()) {
          phrase.append(mailbox.charAt(++i));
        } else if (c == '"') {
          quoted = false;
        } else {
          phrase.append(c);
        }
      } else if (depth > 0) {
        if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
        }
        if (depth > 0) {
          comment.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '(') {
        depth = 1;
      } else if (c == '<') {
        angle = true;
        break;
      } else {
        phrase.append(c);
      }
    }
    String name = angle ? phrase.toString() : comment.toString();
    // 8-bit bytes were decoded with the whole header value; decoding them again could garble Latin text
    name = MailText.stripControls(EncodedWords.decodeWords(name.replaceAll("\\s+", " ").trim())).trim();
    return name.isEmpty() ? null : name;
  }

  /** Splits on commas outside quotes, comments and angle brackets. */
  private static List<String> splitTopLevel(String s) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    boolean quoted = false;
    int depth = 0;
    boolean angle = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && depth > 0) {
        depth--;
      } else if (depth == 0 && c == '<') {
        angle = true;
      } else if (depth == 0 && c == '>') {
        angle = false;
      } else if (depth == 0 && !angle && c == ',') {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }
}
