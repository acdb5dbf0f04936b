package hotline.mail;

import hotline.mail.ParsedMail.Automatic;
import hotline.mail.ParsedMail.Mdn;
import hotline.mail.ParsedMail.ParsedAttachment;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimePartDataSource;
import jakarta.mail.util.SharedByteArrayInputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw RFC 5322 bytes to {@link ParsedMail}. Jakarta Mail splits the MIME structure; text bytes, header values
 * and parameters are decoded by {@link Charsets}, {@link EncodedWords}, {@link HeaderParameters} and
 * {@link Mailboxes}. Blocking-free and pure, but CPU-bound: call it off the
 * event loop for big messages. Never throws on bad input: whatever cannot be read becomes a problem note.
 */
final class MailParser {

  /**
   * @param maxAttachmentBytes decoded bytes kept per attachment; larger ones keep their size but no data
   * @param maxAttachments     attachments with data; later ones are listed without data
   * @param maxTextChars       characters of body text
   * @param maxDepth           nesting of multiparts (the message itself is level 0)
   * @param maxParts           MIME parts read in total
   */
  record Limits(long maxAttachmentBytes, int maxAttachments, int maxTextChars, int maxDepth, int maxParts) {

    static final Limits DEFAULT = new Limits(25L * 1024 * 1024, 50, 200_000, 16, 500);

    Limits {
      if (maxAttachmentBytes < 0 || maxAttachmentBytes > MAX_ARRAY || maxAttachments < 0 || maxTextChars < 0
          || maxDepth < 1 || maxParts < 1) {
        throw new IllegalArgumentException("invalid mail limits");
      }
    }
  }

  private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;
  private static final int MAX_ID_CHARS = 250;
  /** Bytes of a forwarded message kept to read its Subject even when its data is not kept. */
  private static final int EML_HEAD_BYTES = 64 * 1024;
  private static final int MAX_MDN_BYTES = 64 * 1024;
  private static final int MAX_NAME_CHARS = 200;
  private static final int MAX_NOTE_CHARS = 200;

  private static final Session SESSION = Session.getInstance(sessionProperties());
  private static final Pattern BRACKETED_ID = Pattern.compile("<([^<>]*)>");
  private static final Pattern TOKEN = Pattern.compile("[^\\s<>,]+");
  private static final Set<String> AUTOMATIC_SENDERS = Set.of("noreply", "no-reply", "no_reply", "donotreply",
      "do-not-reply", "do_not_reply", "mailer-daemon", "postmaster", "bounce");
  private static final Set<String> BULK_PRECEDENCE = Set.of("bulk", "junk", "list", "auto_reply");

  private final Limits limits;

  MailParser(Limits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  private static Properties sessionProperties() {
    Properties p = new Properties();
    p.setProperty("mail.mime.allowutf8", "false"); // raw 8-bit header bytes reach us as ISO-8859-1 chars
    p.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
    p.setProperty("mail.mime.multipart.ignoremissingboundaryparameter", "true");
    return p;
  }

  /** Parses one message. Throws only when {@code raw} is null. */
  ParsedMail parse(byte[] raw) {
    Objects.requireNonNull(raw, "raw");
    List<String> problems = new ArrayList<>();
    MimeMessage message = null;
    Headers headers;
    try {
      message = new MimeMessage(SESSION, new SharedByteArrayInputStream(raw));
      MimeMessage m = message;
      headers = (name, delimiter) -> m.getHeader(name, delimiter);
    } catch (MessagingException | RuntimeException e) {
      problems.add("message is not readable MIME (" + describe(e) + "); only headers were read");
      headers = fallbackHeaders(raw, problems);
    }

    Walk walk = new Walk(problems);
    Body body = Body.EMPTY;
    if (message != null) {
      try {
        body = walk.part(message, 0, "");
      } catch (RuntimeException e) {
        problems.add("message body could not be read (" + describe(e) + ")");
      }
    }

    String messageId = first(ids(header(headers, "Message-ID", null)));
    Mailboxes.Address from = Mailboxes.address(header(headers, "From", null));
    if (from == null) {
      problems.add("no readable From address");
    }
    Mailboxes.Address replyTo = Mailboxes.address(header(headers, "Reply-To", null));
    Set<String> to = new LinkedHashSet<>(Mailboxes.addresses(header(headers, "To", ",")));
    to.addAll(Mailboxes.addresses(header(headers, "Cc", ",")));
    String subject = clean(EncodedWords.decodeHeader(header(headers, "Subject", null)));
    Instant date = date(header(headers, "Date", null), problems);
    Text text = text(body, problems);

    return new ParsedMail(messageId, sourceKey(messageId, raw), from, replyTo, List.copyOf(to),
        subject == null || subject.isBlank() ? null : subject.strip(), date, text.text, text.truncated,
        walk.attachments, first(ids(header(headers, "In-Reply-To", null))),
        ids(header(headers, "References", null)), automatic(headers, walk.topType, walk.mdn, from), walk.mdn,
        problems);
  }

  // ---------------------------------------------------------------------------------------------- headers

  /** Raw header access; {@code delimiter} null gives the first value only. */
  @FunctionalInterface
  private interface Headers {
    String get(String name, String delimiter) throws MessagingException;
  }

  private static String header(Headers headers, String name, String delimiter) {
    try {
      return headers.get(name, delimiter);
    } catch (MessagingException | RuntimeException e) {
      return null;
    }
  }

  /** Headers alone, by Jakarta's header reader, else line by line up to the first blank line. */
  private static Headers fallbackHeaders(byte[] raw, List<String> problems) {
    try {
      InternetHeaders ih = new InternetHeaders(new ByteArrayInputStream(raw), false);
      return ih::getHeader;
    } catch (MessagingException | RuntimeException e) {
      problems.add("headers are not readable either (" + describe(e) + "); read line by line");
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
    return ih::getHeader;
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

  private static String first(List<String> list) {
    return list.isEmpty() ? null : list.get(0);
  }

  static String sourceKey(String messageId, byte[] raw) {
    if (messageId == null) {
      return "mail-sha256:" + sha256(raw);
    }
    return messageId.length() > MAX_ID_CHARS
        ? "mail-sha256:" + sha256(messageId.getBytes(StandardCharsets.UTF_8))
        : "mail:" + messageId;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static Instant date(String raw, List<String> problems) {
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
      problems.add("unreadable Date header \"" + shorten(value) + "\"");
      return null;
    }
  }

  private static Automatic automatic(Headers headers, String topType, Mdn mdn, Mailboxes.Address from) {
    String v = header(headers, "Auto-Submitted", null);
    if (v != null && !firstToken(v).equals("no")) {
      return reason("Auto-Submitted", v);
    }
    for (String name : List.of("X-Autoreply", "X-Autorespond", "X-Autogenerated")) {
      v = header(headers, name, null);
      if (v != null) {
        return reason(name, v);
      }
    }
    v = header(headers, "X-Auto-Response-Suppress", null);
    if (v != null) {
      for (String token : v.toLowerCase(Locale.ROOT).split("[\\s,;]+")) {
        if (token.equals("all") || token.equals("autoreply")) {
          return reason("X-Auto-Response-Suppress", v);
        }
      }
    }
    v = header(headers, "Precedence", null);
    if (v != null && BULK_PRECEDENCE.contains(firstToken(v))) {
      return reason("Precedence", v);
    }
    for (String name : List.of("List-Id", "List-Unsubscribe", "List-Post")) {
      v = header(headers, name, null);
      if (v != null) {
        return reason(name, v);
      }
    }
    if (topType.equals("multipart/report") || mdn != null) {
      String reportType = HeaderParameters.parameter(header(headers, "Content-Type", null), "report-type");
      return new Automatic("Content-Type: multipart/report" + (reportType == null ? "" : "; report-type="
          + shorten(reportType)));
    }
    if (from != null) {
      int at = from.email().indexOf('@');
      String local = at < 0 ? from.email() : from.email().substring(0, at);
      for (String prefix : AUTOMATIC_SENDERS) {
        if (local.startsWith(prefix)) {
          return new Automatic("From: " + shorten(from.email()));
        }
      }
    }
    return null;
  }

  private static Automatic reason(String name, String rawValue) {
    String value = clean(EncodedWords.decodeHeader(rawValue));
    return new Automatic(name + ": " + shorten(value == null ? "" : value.strip()));
  }

  private static String firstToken(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    int end = 0;
    while (end < v.length() && v.charAt(end) != ';' && !Character.isWhitespace(v.charAt(end))) {
      end++;
    }
    return v.substring(0, end);
  }

  // -------------------------------------------------------------------------------------------------- text

  private record Text(String text, boolean truncated) {
  }

  /** Plain parts joined by a blank line; HTML reduced to text only when there is no plain text. */
  private Text text(Body body, List<String> problems) {
    int max = limits.maxTextChars();
    String text;
    boolean truncated = false;
    if (body.hasPlain()) {
      text = join(body.plain);
    } else if (body.hasHtml()) {
      List<String> parts = new ArrayList<>();
      for (String html : body.html) {
        try {
          HtmlText.Result r = HtmlText.convert(html, max);
          truncated |= r.truncated();
          parts.add(r.text());
        } catch (RuntimeException e) {
          problems.add("HTML body could not be reduced to text (" + describe(e) + ")");
        }
      }
      text = join(parts);
    } else {
      text = "";
    }
    if (text.length() > max) {
      int end = max;
      if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      text = text.substring(0, end);
      truncated = true;
    }
    if (truncated) {
      problems.add("body text cut at " + max + " characters");
    }
    return new Text(text, truncated);
  }

  private static String join(List<String> parts) {
    StringBuilder out = new StringBuilder();
    for (String part : parts) {
      String p = part.replaceFirst("^(?:[ \\t]*\\n)+", "").stripTrailing();
      if (!p.isEmpty()) {
        if (out.length() > 0) {
          out.append("\n\n");
        }
        out.append(p);
      }
    }
    return out.toString();
  }

  /** Line ends as \n, controls other than tab and newline removed. Null stays null. */
  private static String clean(String s) {
    if (s == null) {
      return null;
    }
    return MailText.stripControls(s.replace("\r\n", "\n").replace('\r', '\n'));
  }

  /** Text found in a subtree: plain parts and HTML parts, in order. */
  private record Body(List<String> plain, List<String> html) {

    static final Body EMPTY = new Body(List.of(), List.of());

    static Body plain(String text) {
      return new Body(List.of(text), List.of());
    }

    static Body html(String text) {
      return new Body(List.of(), List.of(text));
    }

    boolean hasPlain() {
      return plain.stream().anyMatch(s -> !s.isBlank());
    }

    boolean hasHtml() {
      return html.stream().anyMatch(s -> !s.isBlank());
    }

    static Body merge(List<Body> bodies) {
      List<String> plain = new ArrayList<>();
      List<String> html = new ArrayList<>();
      for (Body b : bodies) {
        plain.addAll(b.plain);
        html.addAll(b.html);
      }
      return new Body(List.copyOf(plain), List.copyOf(html));
    }

    /** multipart/alternative: the first plain alternative with text, else the first HTML one. */
    static Body best(List<Body> alternatives) {
      for (Body b : alternatives) {
        if (b.hasPlain()) {
          return new Body(b.plain, List.of());
        }
      }
      for (Body b : alternatives) {
        if (b.hasHtml()) {
          return new Body(List.of(), b.html);
        }
      }
      return EMPTY;
    }
  }

  // ------------------------------------------------------------------------------------------- MIME walk

  /** State of one parse: attachments, the MDN, the counters and the problem notes. */
  private final class Walk {
    private final List<String> problems;
    private final List<ParsedAttachment> attachments = new ArrayList<>();
    private Mdn mdn;
    private String topType = "text/plain";
    private int parts;
    private boolean partsNoted;
    private boolean depthNoted;
    private boolean countNoted;

    Walk(List<String> problems) {
      this.problems = problems;
    }

    Body part(MimePart part, int depth, String parentType) {
      if (++parts > limits.maxParts()) {
        if (!partsNoted) {
          problems.add("more than " + limits.maxParts() + " MIME parts; the rest was not read");
          partsNoted = true;
        }
        return Body.EMPTY;
      }
      String rawType = partHeader(part, "Content-Type");
      String type = type(rawType, parentType);
      String rawDisposition = partHeader(part, "Content-Disposition");
      String disposition = rawDisposition == null ? "" : firstToken(rawDisposition);
      if (depth == 0) {
        topType = type;
      }
      if (type.startsWith("multipart/")) {
        return multipart(part, type, rawType, depth);
      }
      if (type.equals("message/disposition-notification")) {
        mdn = mdn(part);
        return Body.EMPTY;
      }
      String name = blankToNull(HeaderParameters.parameter(rawDisposition, "filename"));
      if (name == null) {
        name = blankToNull(HeaderParameters.parameter(rawType, "name"));
      }
      boolean textType = type.equals("text/plain") || type.equals("text/html");
      if (textType && !disposition.equals("attachment") && name == null) {
        String text = text(part, rawType, type + " part");
        return type.equals("text/plain") ? Body.plain(text) : Body.html(text);
      }
      boolean inline = !disposition.equals("attachment") && (disposition.equals("inline")
          || parentType.equals("multipart/related") || partHeader(part, "Content-ID") != null);
      attachment(part, type, name, inline);
      return Body.EMPTY;
    }

    /** Lower-case media type; a missing one is text/plain (message/rfc822 in a digest), a broken one too. */
    private String type(String rawType, String parentType) {
      if (rawType == null || rawType.isBlank()) {
        return parentType.equals("multipart/digest") ? "message/rfc822" : "text/plain";
      }
      String t = rawType.replaceAll("\\s+", " ").strip();
      int semicolon = t.indexOf(';');
      t = (semicolon < 0 ? t : t.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
      if (!t.matches("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+")) {
        problems.add("unreadable Content-Type \"" + shorten(rawType) + "\" read as text/plain");
        return "text/plain";
      }
      return t;
    }

    private Body multipart(MimePart part, String type, String rawType, int depth) {
      if (depth >= limits.maxDepth()) {
        if (!depthNoted) {
          problems.add("MIME nesting deeper than " + limits.maxDepth() + " levels; deeper parts were not read");
          depthNoted = true;
        }
        return Body.EMPTY;
      }
      MimeMultipart multipart;
      int count;
      try {
        multipart = new MimeMultipart(new MimePartDataSource(part));
        count = multipart.getCount();
      } catch (MessagingException | RuntimeException e) {
        problems.add(type + " could not be split into parts (" + describe(e) + "); its content was kept as text");
        return Body.plain(text(part, null, type + " content"));
      }
      if (HeaderParameters.parameter(rawType, "boundary") == null) {
        problems.add(type + " has no boundary parameter; the first \"--\" line was taken as one");
      }
      try {
        if (!multipart.isComplete()) {
          problems.add(type + " has no closing boundary; the message may be cut off");
        }
      } catch (MessagingException e) {
        problems.add(type + " could not be checked for completeness (" + describe(e) + ")");
      }
      if (count == 0) {
        problems.add(type + " has no parts");
      }
      List<Body> bodies = new ArrayList<>();
      for (int i = 0; i < count && !partsNoted; i++) {
        try {
          bodies.add(part((MimeBodyPart) multipart.getBodyPart(i), depth + 1, type));
        } catch (MessagingException | RuntimeException e) {
          problems.add("part " + (i + 1) + " of " + type + " could not be read (" + describe(e) + ")");
        }
      }
      return switch (type) {
        case "multipart/alternative" -> Body.best(bodies);
        case "multipart/report" -> bodies.isEmpty() ? Body.EMPTY : bodies.get(0);
        default -> Body.merge(bodies);
      };
    }

    private String text(MimePart part, String rawType, String what) {
      Copy copy = copy(part, MAX_ARRAY, what, 0);
      byte[] bytes = copy.bytes();
      String text = Charsets.decodeText(bytes, HeaderParameters.parameter(rawType, "charset"));
      if (text.indexOf('\uFFFD') >= 0) {
        problems.add(what + " has bytes that are not text in its charset; they show as \uFFFD");
      }
      String cleaned = clean(text);
      if (cleaned.length() != text.replace("\r\n", "\n").replace('\r', '\n').length()) {
        problems.add(what + " holds control characters (binary data?); they were removed");
      }
      return cleaned;
    }

    private void attachment(MimePart part, String type, String name, boolean inline) {
      int index = attachments.size() + 1;
      boolean overCount = attachments.size() >= limits.maxAttachments();
      if (overCount && !countNoted) {
        problems.add("more than " + limits.maxAttachments() + " attachments; the rest are listed without data");
        countNoted = true;
      }
      boolean eml = type.equals("message/rfc822");
      String what = "attachment " + index + (name == null ? "" : " \"" + shorten(name) + "\"");
      Copy copy = copy(part, overCount ? 0 : limits.maxAttachmentBytes(), what, eml ? EML_HEAD_BYTES : 0);
      String fileName = safeName(eml ? emlName(copy.head(), name) : name, index, type);
      if (!overCount && copy.overflow) {
        problems.add("attachment \"" + fileName + "\" has " + copy.size + " bytes, over the limit of "
            + limits.maxAttachmentBytes() + "; its data was not kept");
      }
      byte[] data = overCount ? null : copy.bytes();
      attachments.add(new ParsedAttachment(fileName, type, copy.size, data, inline));
    }

    private Mdn mdn(MimePart part) {
      Copy copy = copy(part, MAX_MDN_BYTES, "disposition notification", 0);
      byte[] bytes = copy.bytes();
      if (bytes == null) {
        problems.add("disposition notification over " + MAX_MDN_BYTES + " bytes was not read");
        bytes = new byte[0];
      }
      Map<String, String> fields = fields(Charsets.decodeText(bytes, null));
      String original = first(ids(fields.get("original-message-id")));
      String disposition = fields.get("disposition");
      disposition = disposition == null ? null : clean(disposition.replaceAll("\\s+", " ").strip());
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
        recipient = recipient.isEmpty() ? null : clean(recipient).toLowerCase(Locale.ROOT);
      }
      if (original == null && disposition == null && recipient == null) {
        problems.add("disposition notification has no readable fields");
      }
      return new Mdn(original, disposition, dispositionType, recipient);
    }

    /** Reads a part's decoded content; damaged transfer encoding is decoded leniently from the raw bytes. */
    private Copy copy(MimePart part, long limit, String what, int headBytes) {
      Copy copy = new Copy(limit, headBytes);
      String encoding = partHeader(part, "Content-Transfer-Encoding");
      encoding = encoding == null ? "" : encoding.strip().toLowerCase(Locale.ROOT);
      try (InputStream in = part.getInputStream()) {
        copy.readFrom(in);
        if (Transfer.damaged(rawStream(part), encoding)) {
          problems.add(what + ": " + encoding + " content holds invalid characters; kept what decodes");
        }
        return copy;
      } catch (IOException | MessagingException | RuntimeException e) {
        problems.add(what + ": transfer encoding could not be fully decoded (" + describe(e)
            + "); kept what decodes");
      }
      Copy salvage = new Copy(limit, headBytes);
      byte[] raw;
      try (InputStream in = rawStream(part)) {
        raw = in.readAllBytes();
      } catch (IOException | RuntimeException e) {
        raw = new byte[0];
      }
      byte[] decoded = switch (encoding) {
        case "base64" -> Transfer.base64(raw);
        case "quoted-printable" -> Transfer.quotedPrintable(raw);
        default -> raw;
      };
      salvage.write(decoded, 0, decoded.length);
      return salvage;
    }
  }

  /** The content before transfer decoding; empty when even that cannot be had. */
  private static InputStream rawStream(MimePart part) {
    try {
      return part instanceof MimeBodyPart body ? body.getRawInputStream()
          : ((MimeMessage) part).getRawInputStream();
    } catch (MessagingException | RuntimeException e) {
      return InputStream.nullInputStream();
    }
  }

  private static String partHeader(MimePart part, String name) {
    try {
      return part.getHeader(name, null);
    } catch (MessagingException | RuntimeException e) {
      return null;
    }
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

  /** A forwarded message is named after its subject; else its own file name. */
  private static String emlName(byte[] head, String name) {
    try {
      InternetHeaders headers = new InternetHeaders(new ByteArrayInputStream(head), false);
      String subject = clean(EncodedWords.decodeHeader(headers.getHeader("Subject", null)));
      if (subject != null && !subject.isBlank()) {
        return subject.strip().replace('/', '_').replace('\\', '_') + ".eml";
      }
    } catch (MessagingException | RuntimeException e) {
      // fall back to the file name
    }
    return name;
  }

  /** Path and control characters removed, at most 200 chars (the extension kept), or "attachment-N.ext". */
  static String safeName(String name, int index, String type) {
    String n = name == null ? "" : name;
    n = n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1);
    StringBuilder kept = new StringBuilder(n.length());
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      boolean control = c < 0x20 || (c >= 0x7F && c <= 0x9F);
      boolean bidi = c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E')
          || (c >= '\u2066' && c <= '\u2069');
      if (!control && !bidi) {
        kept.append(c);
      }
    }
    n = kept.toString().strip();
    if (n.isEmpty() || n.equals(".") || n.equals("..")) {
      return "attachment-" + index + extension(type);
    }
    if (n.length() > MAX_NAME_CHARS) {
      int dot = n.lastIndexOf('.');
      String ext = dot > 0 && n.length() - dot <= 10 ? n.substring(dot) : "";
      int end = MAX_NAME_CHARS - ext.length();
      if (Character.isHighSurrogate(n.charAt(end - 1))) {
        end--;
      }
      n = n.substring(0, end) + ext;
    }
    return n;
  }

  static String extension(String type) {
    return switch (type) {
      case "application/pdf" -> ".pdf";
      case "image/tiff", "image/tif" -> ".tif";
      case "image/jpeg", "image/jpg", "image/pjpeg" -> ".jpg";
      case "image/png" -> ".png";
      case "message/rfc822" -> ".eml";
      default -> type.startsWith("text/") ? ".txt" : ".bin";
    };
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + shorten(message));
  }

  private static String shorten(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() <= MAX_NOTE_CHARS ? one : one.substring(0, MAX_NOTE_CHARS) + "…";
  }

  /**
   * Decoded bytes, counted in full but kept only up to a limit; optionally the first bytes are kept anyway
   * (to read a forwarded message's headers).
   */
  private static final class Copy {
    private final long limit;
    private final int headLimit;
    private ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    long size;
    boolean overflow;

    Copy(long limit, int headLimit) {
      this.limit = limit;
      this.headLimit = headLimit;
    }

    void readFrom(InputStream in) throws IOException {
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        write(buffer, 0, n);
      }
    }

    void write(byte[] b, int off, int len) {
      size += len;
      if (head.size() < headLimit) {
        head.write(b, off, Math.min(len, headLimit - head.size()));
      }
      if (!overflow) {
        if (kept.size() + (long) len > limit) {
          overflow = true;
          kept = null;
        } else {
          kept.write(b, off, len);
        }
      }
    }

    /** The bytes, or null when they went past the limit. */
    byte[] bytes() {
      return overflow ? null : kept.toByteArray();
    }

    byte[] head() {
      return head.toByteArray();
    }
  }
}
