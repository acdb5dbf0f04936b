package hotline.fax;

import java.util.Locale;

/** What a fax document is, told by its bytes (magic numbers), never by its name. */
enum DocumentKind {
  TIFF, PDF;

  /** By the bytes, not the name: {@code image/tiff}, {@code application/pdf} (its header within the first KiB), or null. */
  static String mediaType(byte[] d) {
    if (d == null) {
      return null;
    }
    if (d.length >= 8 && (d[0] == 'I' && d[1] == 'I' && d[2] == 42 && d[3] == 0
        || d[0] == 'M' && d[1] == 'M' && d[2] == 0 && d[3] == 42)) {
      return "image/tiff";
    }
    for (int i = 0, end = Math.min(d.length - 5, 1024); i <= end; i++) {
      if (d[i] == '%' && d[i + 1] == 'P' && d[i + 2] == 'D' && d[i + 3] == 'F' && d[i + 4] == '-') {
        return "application/pdf";
      }
    }
    return null;
  }

  /** The kind of a non-empty document, or why it is neither a (classic) TIFF nor a PDF. */
  static DocumentKind of(byte[] d) throws FaxDocumentException {
    String type = mediaType(d);
    if ("image/tiff".equals(type)) {
      return TIFF;
    }
    if (d.length >= 8 && (d[0] == 'I' && d[1] == 'I' && d[2] == 43 || d[0] == 'M' && d[1] == 'M' && d[3] == 43)) {
      throw new FaxDocumentException("the document is a BigTIFF, which fax documents never are");
    }
    if ("application/pdf".equals(type)) {
      return PDF;
    }
    if (d.length < 8 && (d[0] == 'I' || d[0] == 'M' || d[0] == '%')) {
      throw new FaxDocumentException("the document is truncated (" + d.length + " bytes)");
    }
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(8, d.length); i++) {
      hex.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02X", d[i] & 0xff));
    }
    throw new FaxDocumentException("the document is neither a TIFF nor a PDF (it starts with " + hex + ")");
  }
}
