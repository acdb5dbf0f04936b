package hotline.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raw headers of one message, read from the parsed MIME message or, when the message is not readable MIME,
 * from the bytes alone; and the rules for the values kept from them: message ids, the Date.
 */
final class MailHeaders {

  private static final Pattern BRACKETED_ID = Pattern.compile("<([^<>]*)>");
  private static final Pattern TOKEN = Pattern.compile("[^\\s<>,]+");

  /** Raw header access; {@code delimiter} null gives the first value only. */
  @FunctionalInterface
  private interface Source {
    String get(String name, String delimiter) throws MessagingException;
  }

  private final Source source;

  private MailHeaders(Source source) {
    this.source = source;
  }

  static MailHeaders of(MimeMessage message) {
    return new MailHeaders(message::getHeader);
  }

  /** The raw value, null when absent or unreadable; {@code delimiter} null gives the first value only. */
  String get(String name, String delimiter) {
    try {
      return source.get(name, delimiter);
    } catch (MessagingException | RuntimeException e) {
      return null;
    }
  }

  /** The first raw value, null when absent or unreadable. */
  String get(String name) {
    return get(name, null);
  }

  /** Headers alone, by Jakarta's header reader, else line by line up to the first blank line. */
  static MailHeaders fallback(byte[] raw, List<String> problems) {
    try {
      InternetHeaders ih = new InternetHeaders(new ByteArrayInputStream(raw), false);
      return new MailHeaders(ih::getHeader);
    } catch (MessagingException | RuntimeException e) {
      problems.add("headers are not readable either (" + MailText.describe(e) + "); read line by line");
    }
    InternetHeaders ih = new InternetHeaders();
    String name = null;
    StringBuilder value = new StringBuilder();
    for (String line : new String(raw, StandardCharsets.ISO_8859_1).split("\r?\n", -1)) {
      if (line.isEmpty()) {
        break;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
        value.append(line);
        continue;
      }
      if (name != null) {
        ih.addHeader(name, value.toString().strip());
      }
      int colon = line.indexOf(':');
      name = colon > 0 ? line.substring(0, colon).strip() : null;
      value.setLength(0);
      if (name != null) {
        value.append(line.substring(colon + 1));
      }
    }
    if (name != null) {
      ih.addHeader(name, value.toString().strip());
    }
    return new MailHeaders(ih::getHeader);
  }

  /** Message ids without angle brackets; bare tokens only when nothing is bracketed. */
  static List<String> ids(String raw) {
    if (raw == null) {
      return List.of();
    }
    String s = raw.replaceAll("[\\r\\n]+", " ");
    Set<String> ids = new LinkedHashSet<>();
    Matcher bracketed = BRACKETED_ID.matcher(s);
    while (bracketed.find()) {
      String id = bracketed.group(1).strip();
      if (!id.isEmpty()) {
        ids.add(id);
      }
    }
    if (ids.isEmpty()) {
      List<String> tokens = new ArrayList<>();
      Matcher token = TOKEN.matcher(s);
      while (token.find()) {
        tokens.add(token.group());
      }
      boolean anyAt = tokens.stream().anyMatch(t -> t.indexOf('@') > 0);
      tokens.stream().filter(t -> !anyAt || t.indexOf('@') > 0).forEach(ids::add);
    }
    return List.copyOf(ids);
  }

  static String first(List<String> list) {
    return list.isEmpty() ? null : list.get(0);
  }

  static Instant date(String raw, List<String> problems) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String value = raw.replaceAll("\\s+", " ").strip();
    try {
      Date parsed = new MailDateFormat().parse(value);
      if (parsed != null) {
        return parsed.toInstant();
      }
    } catch (ParseException | RuntimeException e) {
      // try the strict form below
    }
    try {
      return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (RuntimeException e) {
      problems.add("unreadable Date header \"" + MailText.oneLine(value) + "\"");
      return null;
    }
  }

  /** The first token of a value, lower-cased: up to the first ';' or white space. */
  static String firstToken(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    int end = 0;
    while (end < v.length() && v.charAt(end) != ';' && !Character.isWhitespace(v.charAt(end))) {
      end++;
    }
    return v.substring(0, end);
  }
}
