package hotline.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedByteArrayInputStream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * Raw RFC 5322 bytes to {@link ParsedMail}. Jakarta Mail splits the MIME structure; {@link MimeWalk} walks it,
 * {@link MailHeaders}, {@link AutomaticMail} and {@link MailBody} read what the gateway keeps, and text bytes,
 * header values and parameters are decoded by {@link Charsets}, {@link EncodedWords}, {@link HeaderParameters}
 * and {@link Mailboxes}. Blocking-free and pure, but CPU-bound: call it off the event loop for big messages.
 * Never throws on bad input: whatever cannot be read becomes a problem note.
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

  /** The most bytes one array holds. */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 16;

  private static final Session SESSION = Session.getInstance(sessionProperties());

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

  /** Parses one message read whole. Throws only when {@code raw} is null. */
  ParsedMail parse(byte[] raw) {
    return parse(raw, 0);
  }

  /**
   * Parses one message; {@code notRead}: bytes of it that were not read (a message over the size limit comes as its
   * header only). Throws only when {@code raw} is null.
   */
  ParsedMail parse(byte[] raw, long notRead) {
    Objects.requireNonNull(raw, "raw");
    List<String> problems = new ArrayList<>();
    MimeMessage message = null;
    MailHeaders headers;
    try {
      message = new MimeMessage(SESSION, new SharedByteArrayInputStream(raw));
      headers = MailHeaders.of(message);
    } catch (MessagingException | RuntimeException e) {
      problems.add("message is not readable MIME (" + MailText.describe(e) + "); only headers were read");
      headers = MailHeaders.fallback(raw, problems);
    }

    MimeWalk walk = new MimeWalk(limits, problems);
    MailBody body = MailBody.EMPTY;
    if (message != null) {
      try {
        body = walk.part(message, 0, "");
      } catch (RuntimeException e) {
        problems.add("message body could not be read (" + MailText.describe(e) + ")");
      }
    }

    String messageId = MailHeaders.first(MailHeaders.ids(headers.get("Message-ID")));
    Mailboxes.Address from = Mailboxes.address(headers.get("From"));
    if (from == null) {
      problems.add("no readable From address");
    }
    Mailboxes.Address replyTo = Mailboxes.address(headers.get("Reply-To"));
    Set<String> to = new LinkedHashSet<>(Mailboxes.addresses(headers.get("To", ",")));
    to.addAll(Mailboxes.addresses(headers.get("Cc", ",")));
    String subject = MailText.clean(EncodedWords.decodeHeader(headers.get("Subject")));
    Instant date = MailHeaders.date(headers.get("Date"), problems);
    MailBody.Text text = body.text(limits.maxTextChars(), problems);

    return new ParsedMail(messageId, MessageKeys.messageKey(messageId, raw),
        MessageKeys.sourceKey(messageId, headers, raw, notRead), from, replyTo, List.copyOf(to),
        subject == null || subject.isBlank() ? null : subject.strip(), date, text.text(), text.truncated(),
        walk.attachments(), MailHeaders.first(MailHeaders.ids(headers.get("In-Reply-To"))),
        MailHeaders.ids(headers.get("References")), AutomaticMail.detect(headers, walk.topType(), walk.mdn(), from),
        walk.mdn(), problems);
  }
}
