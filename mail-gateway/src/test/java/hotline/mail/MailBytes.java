package hotline.mail;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** How the decoding tests write encoded words, raw 8-bit header text and RFC 2231 values. */
final class MailBytes {

  private MailBytes() {
  }

  static String b64(String text, Charset charset) {
    return b64(text.getBytes(charset));
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Raw 8-bit bytes as a header string carries them: one ISO-8859-1 char per byte. */
  static String latin1(String text, Charset charset) {
    return new String(text.getBytes(charset), StandardCharsets.ISO_8859_1);
  }

  static String pct(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(String.format("%%%02X", b & 0xFF));
    }
    return out.toString();
  }
}
