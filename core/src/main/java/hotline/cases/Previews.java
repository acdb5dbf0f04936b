package hotline.cases;

import java.util.Locale;

/**
 * Which attachments a browser may show inside the case page instead of downloading them: a PDF (a letter's scan, a
 * fax's pages) or a picture, and only when the bytes are what the declared type says. The type comes from whoever
 * filed the case, so it alone decides nothing: an HTML page labelled {@code application/pdf} stays a download, and
 * so does every other type (HTML, SVG, scripts, office files, TIFF faxes the browser cannot draw).
 */
public final class Previews {

  /** The case page draws it in a frame (the browser's PDF viewer). */
  public static final String PDF = "pdf";
  /** The case page draws it as an image. */
  public static final String IMAGE = "image";

  /** How many leading bytes {@link #of} needs. */
  public static final int HEAD_BYTES = 12;

  private Previews() {
  }

  /** An inline attachment: the kind of preview and the exact type to serve it as. */
  public record Inline(String kind, String contentType) {
  }

  /**
   * The preview for a file of this declared type whose first bytes are {@code head} (at least {@link #HEAD_BYTES}
   * when the file is that long); null when it must be downloaded.
   */
  public static Inline of(String contentType, byte[] head) {
    if (contentType == null || head == null) {
      return null;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return switch (type) {
      case "application/pdf" -> starts(head, '%', 'P', 'D', 'F', '-') ? new Inline(PDF, type) : null;
      case "image/png" -> starts(head, 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n') ? new Inline(IMAGE, type) : null;
      case "image/jpeg" -> starts(head, 0xff, 0xd8, 0xff) ? new Inline(IMAGE, type) : null;
      case "image/gif" -> starts(head, 'G', 'I', 'F', '8') ? new Inline(IMAGE, type) : null;
      case "image/webp" -> starts(head, 'R', 'I', 'F', 'F') && head.length >= 12 && head[8] == 'W' && head[9] == 'E'
          && head[10] == 'B' && head[11] == 'P' ? new Inline(IMAGE, type) : null;
      default -> null;
    };
  }

  /** The preview kind ({@link #PDF}, {@link #IMAGE}) or null, as a case view shows it. */
  static String kind(String contentType, byte[] head) {
    Inline inline = of(contentType, head);
    return inline == null ? null : inline.kind();
  }

  private static boolean starts(byte[] data, int... prefix) {
    if (data.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((data[i] & 0xff) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
