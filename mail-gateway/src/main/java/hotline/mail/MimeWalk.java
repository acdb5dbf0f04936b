package hotline.mail;

import hotline.mail.ParsedMail.Mdn;
import hotline.mail.ParsedMail.ParsedAttachment;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimePartDataSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One walk over a message's MIME tree, within the parser's limits: the text it finds, its attachments (nested
 * messages included), its disposition notification, its top media type. Whatever cannot be read becomes a problem
 * note. One instance per message.
 */
final class MimeWalk {

  /** Bytes of a forwarded message kept to read its Subject even when its data is not kept. */
  private static final int EML_HEAD_BYTES = 64 * 1024;

  private final MailParser.Limits limits;
  private final List<String> problems;
  private final List<ParsedAttachment> attachments = new ArrayList<>();
  private Mdn mdn;
  private String topType = "text/plain";
  private int parts;
  private boolean partsNoted;
  private boolean depthNoted;
  private boolean countNoted;

  MimeWalk(MailParser.Limits limits, List<String> problems) {
    this.limits = limits;
    this.problems = problems;
  }

  List<ParsedAttachment> attachments() {
    return attachments;
  }

  /** The disposition notification the message carries, or null. */
  Mdn mdn() {
    return mdn;
  }

  /** The media type of the message itself, lower case. */
  String topType() {
    return topType;
  }

  /** The text found in {@code part} and below; attachments and the MDN are collected on the way. */
  MailBody part(MimePart part, int depth, String parentType) {
    if (++parts > limits.maxParts()) {
      if (!partsNoted) {
        problems.add("more than " + limits.maxParts() + " MIME parts; the rest was not read");
        partsNoted = true;
      }
      return MailBody.EMPTY;
    }
    String rawType = partHeader(part, "Content-Type");
    String type = type(rawType, parentType);
    String rawDisposition = partHeader(part, "Content-Disposition");
    String disposition = rawDisposition == null ? "" : MailHeaders.firstToken(rawDisposition);
    if (depth == 0) {
      topType = type;
    }
    if (type.startsWith("multipart/")) {
      return multipart(part, type, rawType, depth);
    }
    if (type.equals("message/disposition-notification")) {
      mdn = mdn(part);
      return MailBody.EMPTY;
    }
    String name = blankToNull(HeaderParameters.parameter(rawDisposition, "filename"));
    if (name == null) {
      name = blankToNull(HeaderParameters.parameter(rawType, "name"));
    }
    boolean textType = type.equals("text/plain") || type.equals("text/html");
    if (textType && !disposition.equals("attachment") && name == null) {
      String text = text(part, rawType, type + " part");
      return type.equals("text/plain") ? MailBody.plain(text) : MailBody.html(text);
    }
    boolean inline = !disposition.equals("attachment") && (disposition.equals("inline")
        || parentType.equals("multipart/related") || partHeader(part, "Content-ID") != null);
    attachment(part, type, name, inline);
    return MailBody.EMPTY;
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
      problems.add("unreadable Content-Type \"" + MailText.oneLine(rawType) + "\" read as text/plain");
      return "text/plain";
    }
    return t;
  }

  private MailBody multipart(MimePart part, String type, String rawType, int depth) {
    if (depth >= limits.maxDepth()) {
      if (!depthNoted) {
        problems.add("MIME nesting deeper than " + limits.maxDepth() + " levels; deeper parts were not read");
        depthNoted = true;
      }
      return MailBody.EMPTY;
    }
    MimeMultipart multipart;
    int count;
    try {
      multipart = new MimeMultipart(new MimePartDataSource(part));
      count = multipart.getCount();
    } catch (MessagingException | RuntimeException e) {
      problems.add(type + " could not be split into parts (" + MailText.describe(e)
          + "); its content was kept as text");
      return MailBody.plain(text(part, null, type + " content"));
    }
    if (HeaderParameters.parameter(rawType, "boundary") == null) {
      problems.add(type + " has no boundary parameter; the first \"--\" line was taken as one");
    }
    try {
      if (!multipart.isComplete()) {
        problems.add(type + " has no closing boundary; the message may be cut off");
      }
    } catch (MessagingException e) {
      problems.add(type + " could not be checked for completeness (" + MailText.describe(e) + ")");
    }
    if (count == 0) {
      problems.add(type + " has no parts");
    }
    List<MailBody> bodies = new ArrayList<>();
    for (int i = 0; i < count && !partsNoted; i++) {
      try {
        bodies.add(part((MimeBodyPart) multipart.getBodyPart(i), depth + 1, type));
      } catch (MessagingException | RuntimeException e) {
        problems.add("part " + (i + 1) + " of " + type + " could not be read (" + MailText.describe(e) + ")");
      }
    }
    return switch (type) {
      case "multipart/alternative" -> MailBody.best(bodies);
      case "multipart/report" -> bodies.isEmpty() ? MailBody.EMPTY : bodies.get(0);
      default -> MailBody.merge(bodies);
    };
  }

  private String text(MimePart part, String rawType, String what) {
    Copy copy = copy(part, MailParser.MAX_ARRAY, what, 0);
    byte[] bytes = copy.bytes();
    String text = Charsets.decodeText(bytes, HeaderParameters.parameter(rawType, "charset"));
    if (text.indexOf('\uFFFD') >= 0) {
      problems.add(what + " has bytes that are not text in its charset; they show as \uFFFD");
    }
    String cleaned = MailText.clean(text);
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
    String what = "attachment " + index + (name == null ? "" : " \"" + MailText.oneLine(name) + "\"");
    Copy copy = copy(part, overCount ? 0 : limits.maxAttachmentBytes(), what, eml ? EML_HEAD_BYTES : 0);
    String fileName = FileNames.safeName(eml ? FileNames.emlName(copy.head(), name) : name, index, type);
    if (!overCount && copy.overflow) {
      problems.add("attachment \"" + fileName + "\" has " + copy.size + " bytes, over the limit of "
          + limits.maxAttachmentBytes() + "; its data was not kept");
    }
    byte[] data = overCount ? null : copy.bytes();
    attachments.add(new ParsedAttachment(fileName, type, copy.size, data, inline));
  }

  private Mdn mdn(MimePart part) {
    Copy copy = copy(part, MdnParser.MAX_BYTES, "disposition notification", 0);
    byte[] bytes = copy.bytes();
    if (bytes == null) {
      problems.add("disposition notification over " + MdnParser.MAX_BYTES + " bytes was not read");
      bytes = new byte[0];
    }
    return MdnParser.parse(bytes, problems);
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
      problems.add(what + ": transfer encoding could not be fully decoded (" + MailText.describe(e)
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

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
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
