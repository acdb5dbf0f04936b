package hotline.mail;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One inbound mail as the gateway needs it: who, what, the body as plain text, the attachments, threading
 * ids, whether a machine sent it, and what could not be read.
 *
 * @param messageId   Message-ID without angle brackets, trimmed; null when missing or blank
 * @param messageKey  the message in the mail log: "mail:" + messageId, or "mail-sha256:" + hex SHA-256 of the id
 *                    when it is longer than 250 characters, or of the raw bytes when there is no Message-ID; what
 *                    cases filed before the content counted carry as their source reference
 * @param sourceKey   what a case is filed from: the Message-ID and a digest of the content, "mail:<id>#…"
 *                    ({@link MessageKeys}); the message key when there is no Message-ID
 * @param from        first mailbox of From, or null
 * @param replyTo     first mailbox of Reply-To, or null
 * @param to          To and Cc addresses, lower-cased, without duplicates
 * @param subject     decoded Subject, or null
 * @param date        Date header, null when missing or unparseable
 * @param text        the body as plain text, never null, at most the configured number of characters
 * @param textTruncated whether {@code text} was cut at that limit
 * @param attachments attachments in MIME order
 * @param inReplyTo   first id of In-Reply-To without angle brackets, or null
 * @param references  ids of References without angle brackets
 * @param automatic   null when a person sent it, otherwise why it counts as automatic
 * @param mdn         non-null when the message is a disposition notification
 * @param problems    what could not be read, in English; empty when the message is clean
 */
record ParsedMail(String messageId,
                  String messageKey,
                  String sourceKey,
                  Mailboxes.Address from,
                  Mailboxes.Address replyTo,
                  List<String> to,
                  String subject,
                  Instant date,
                  String text,
                  boolean textTruncated,
                  List<ParsedAttachment> attachments,
                  String inReplyTo,
                  List<String> references,
                  Automatic automatic,
                  Mdn mdn,
                  List<String> problems) {

  ParsedMail {
    Objects.requireNonNull(messageKey, "messageKey");
    Objects.requireNonNull(sourceKey, "sourceKey");
    to = List.copyOf(to);
    text = text == null ? "" : text;
    attachments = List.copyOf(attachments);
    references = List.copyOf(references);
    problems = List.copyOf(problems);
  }

  /** The From address, lower-cased; null when there is none. */
  String sender() {
    return from == null || from.email() == null ? null : from.email().toLowerCase(Locale.ROOT);
  }

  /**
   * An attachment. {@code size} is the full decoded size; {@code data} is null when the attachment was over
   * the size limit or past the count limit. Arrays are copied in and out, so the record stays immutable.
   */
  record ParsedAttachment(String name, String contentType, long size, byte[] data, boolean inline) {

    ParsedAttachment {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(contentType, "contentType");
      data = data == null ? null : data.clone();
    }

    @Override
    public byte[] data() {
      return data == null ? null : data.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ParsedAttachment a && a.name.equals(name) && a.contentType.equals(contentType)
          && a.size == size && Arrays.equals(a.data, data) && a.inline == inline;
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, contentType, size, Arrays.hashCode(data), inline);
    }

    @Override
    public String toString() {
      return "ParsedAttachment[name=" + name + ", contentType=" + contentType + ", size=" + size
          + ", stored=" + (data != null) + ", inline=" + inline + "]";
    }
  }

  /**
   * A message disposition notification (RFC 8098).
   *
   * @param originalMessageId Original-Message-ID without angle brackets, or null
   * @param disposition       the Disposition field, e.g. "manual-action/MDN-sent-manually; displayed"
   * @param dispositionType   its type in lower case: displayed, deleted, dispatched, processed, failed …
   * @param finalRecipient    the address of Final-Recipient ("rfc822; addr" gives addr), or null
   */
  record Mdn(String originalMessageId, String disposition, String dispositionType, String finalRecipient) {
  }

  /** Why a message counts as machine-sent, e.g. "Auto-Submitted: auto-replied". */
  record Automatic(String reason) {

    Automatic {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
