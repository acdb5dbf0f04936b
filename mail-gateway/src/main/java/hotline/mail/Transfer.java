package hotline.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Lenient transfer decoders for damaged parts: take what decodes (Angus skips bad characters silently). */
final class Transfer {

  private static final int[] BASE64 = new int[256];

  static {
    java.util.Arrays.fill(BASE64, -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      BASE64[alphabet.charAt(i)] = i;
    }
  }

  private Transfer() {
  }

  /**
   * Whether base64 content holds bytes outside the alphabet (other than whitespace and padding) or a
   * dangling sextet, or quoted-printable content a '=' that is neither an escape nor a soft break. Closes
   * the stream.
   */
  static boolean damaged(InputStream raw, String encoding) throws IOException {
    boolean base64 = encoding.equals("base64");
    if (!base64 && !encoding.equals("quoted-printable")) {
      raw.close();
      return false;
    }
    try (InputStream in = new java.io.BufferedInputStream(raw)) {
      long sextets = 0;
      int b;
      while ((b = in.read()) >= 0) {
        if (base64) {
          if (BASE64[b] >= 0) {
            sextets++;
          } else if (b == '=') {
            if (sextets % 4 == 1) {
              return true;
            }
            sextets = 0;
          } else if (b != '\r' && b != '\n' && b != ' ' && b != '\t') {
            return true;
          }
        } else if (b == '=') {
          in.mark(2);
          int h1 = in.read();
          int h2 = in.read();
          boolean escape = Character.digit(h1, 16) >= 0 && Character.digit(h2, 16) >= 0;
          boolean soft = h1 == '\n' || (h1 == '\r' && h2 == '\n') || h1 < 0;
          if (!escape && !soft && !trailingSpaceBreak(h1, h2)) {
            return true;
          }
          if (!escape) {
            in.reset();
          }
        }
      }
      return base64 && sextets % 4 == 1;
    }
  }

  /** "=" followed by spaces up to the line end: a soft break with trailing whitespace, still readable. */
  private static boolean trailingSpaceBreak(int h1, int h2) {
    return (h1 == ' ' || h1 == '\t') && (h2 == ' ' || h2 == '\t' || h2 == '\r' || h2 == '\n' || h2 < 0);
  }

  /** Base64 skipping anything outside the alphabet; '=' ends a quantum; a trailing partial one is kept. */
  static byte[] base64(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * 3 / 4 + 3);
    int acc = 0;
    int n = 0;
    for (byte b : in) {
      if (b == '=') {
        partial(out, acc, n);
        acc = 0;
        n = 0;
        continue;
      }
      int v = BASE64[b & 0xFF];
      if (v < 0) {
        continue;
      }
      acc = acc << 6 | v;
      if (++n == 4) {
        out.write(acc >> 16 & 0xFF);
        out.write(acc >> 8 & 0xFF);
        out.write(acc & 0xFF);
        acc = 0;
        n = 0;
      }
    }
    partial(out, acc, n);
    return out.toByteArray();
  }

  private static void partial(ByteArrayOutputStream out, int acc, int n) {
    if (n == 2) {
      out.write(acc >> 4 & 0xFF);
    } else if (n == 3) {
      out.write(acc >> 10 & 0xFF);
      out.write(acc >> 2 & 0xFF);
    }
  }

  /** Quoted-printable; a '=' that starts neither an escape nor a soft break is kept as it is. */
  static byte[] quotedPrintable(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    for (int i = 0; i < in.length; i++) {
      byte b = in[i];
      if (b != '=') {
        out.write(b);
      } else if (i + 2 < in.length && in[i + 1] == '\r' && in[i + 2] == '\n') {
        i += 2;
      } else if (i + 1 < in.length && in[i + 1] == '\n') {
        i += 1;
      } else if (i + 2 < in.length && Character.digit(in[i + 1], 16) >= 0
          && Character.digit(in[i + 2], 16) >= 0) {
        out.write(Character.digit(in[i + 1], 16) * 16 + Character.digit(in[i + 2], 16));
        i += 2;
      } else {
        out.write(b);
      }
    }
    return out.toByteArray();
  }
}
