package hotline.mail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What names an inbound message: in the mail log (its Message-ID), and for filing it once (its Message-ID and its
 * content). The Message-ID alone does not tell one message from another: broken mailers, and scanners and
 * fax-to-mail boxes that write a fixed one, reuse it for different messages. So a case is filed from
 * {@code mail:<id>#<digest>}, where the digest (SHA-256) covers what one message keeps however often it is read
 * and whichever way it was delivered: the From, To, Cc, Date and Subject fields and the bytes of the body. The
 * fields a server adds on delivery (Received, Return-Path, Delivered-To, X-…) stay out, so the same message
 * delivered twice is filed once.
 */
final class MessageKeys {

  /** The fields the digest covers, in this order. */
  private static final List<String> FIELDS = List.of("From", "To", "Cc", "Date", "Subject");
  /** A longer Message-ID is hashed in the message key (as it always was). */
  private static final int MAX_KEY_ID = 250;
  /** A longer Message-ID is hashed in the source key, which keeps within the case core's 300 characters. */
  private static final int MAX_SOURCE_ID = 200;

  private MessageKeys() {
  }

  /**
   * The message in the mail log: {@code mail:<id>}, or {@code mail-sha256:} and the SHA-256 of the id when it is
   * long, or of the raw bytes when there is none. Cases filed before the content counted carry it as their source
   * reference.
   */
  static String messageKey(String messageId, byte[] raw) {
    if (messageId == null) {
      return "mail-sha256:" + hex(sha256().digest(raw));
    }
    return messageId.length() > MAX_KEY_ID
        ? "mail-sha256:" + hex(sha256().digest(messageId.getBytes(StandardCharsets.UTF_8)))
        : "mail:" + messageId;
  }

  /**
   * What a case is filed from: {@link #prefix} and the content digest; without a Message-ID, the message key (a
   * digest of the raw bytes already).
   *
   * @param notRead bytes of the message the server holds beyond {@code raw} (one over the size limit is read as its
   *                header only): counted in the digest, so two such messages with the same header fields still differ
   */
  static String sourceKey(String messageId, MailHeaders headers, byte[] raw, long notRead) {
    if (messageId == null) {
      return messageKey(null, raw);
    }
    MessageDigest digest = sha256();
    for (String field : FIELDS) {
      String value = headers.get(field, ",");
      String line = field.toLowerCase(Locale.ROOT) + ":" + (value == null ? "" : value.replaceAll("\\s+", " ").strip()) + "\n";
      digest.update(line.getBytes(StandardCharsets.UTF_8));
    }
    digest.update((byte) 0);
    int body = bodyStart(raw);
    digest.update(raw, body, raw.length - body);
    if (notRead > 0) {
      digest.update(("\0" + notRead).getBytes(StandardCharsets.US_ASCII));
    }
    return prefix(messageId) + hex(digest.digest());
  }

  /**
   * What the source keys of one Message-ID begin with: {@code mail:<id>#}. A Message-ID never holds '<' or '>'
   * ({@link MailHeaders#ids}), so no other id's keys begin the same way.
   */
  static String prefix(String messageId) {
    String id = messageId.length() > MAX_SOURCE_ID
        ? "sha256:" + hex(sha256().digest(messageId.getBytes(StandardCharsets.UTF_8)))
        : messageId;
    return "mail:<" + id + ">#";
  }

  /** Where the body begins: after the first empty line; the end when there is none (a header read alone). */
  static int bodyStart(byte[] raw) {
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '\n') {
        int next = i + 1;
        if (next < raw.length && raw[next] == '\r') {
          next++;
        }
        if (next < raw.length && raw[next] == '\n') {
          return next + 1;
        }
      }
    }
    return raw.length;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
