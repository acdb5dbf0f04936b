package hotline.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;

import java.io.ByteArrayInputStream;

/** Attachment file names: safe to store and show, a forwarded message named after its subject. */
final class FileNames {

  private static final int MAX_NAME_CHARS = 200;

  private FileNames() {
  }

  /** A forwarded message is named after its subject; else its own file name. */
  static String emlName(byte[] head, String name) {
    try {
      InternetHeaders headers = new InternetHeaders(new ByteArrayInputStream(head), false);
      String subject = MailText.clean(EncodedWords.decodeHeader(headers.getHeader("Subject", null)));
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
}
