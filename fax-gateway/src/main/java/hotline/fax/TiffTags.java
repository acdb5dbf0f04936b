package hotline.fax;

import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageMetadata;
import java.lang.reflect.Array;

/** The tags of one TIFF page (TwelveMonkeys' metadata: read from the directory, nothing decoded). */
record TiffTags(TIFFImageMetadata metadata) {

  /** The tag's single numeric value, or {@code NaN} when absent, an array or unreadable. */
  double number(int tag) {
    Entry e = metadata == null ? null : metadata.getTIFFField(tag);
    return e != null && e.getValue() instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  int integer(int tag, int absent) {
    double v = number(tag);
    return Double.isNaN(v) ? absent : (int) v;
  }

  /** The tag's text (ASCII), trimmed and at most 100 characters, or {@code null}. */
  String text(int tag) {
    Entry e = metadata == null ? null : metadata.getTIFFField(tag);
    Object v = e == null ? null : e.getValue();
    String s = v instanceof String str ? str : v instanceof String[] arr && arr.length > 0 ? arr[0] : null;
    if (s == null || s.isBlank()) {
      return null;
    }
    s = s.replaceAll("\\p{Cntrl}", "").strip();
    return s.length() > 100 ? s.substring(0, 100) : s;
  }

  /** The tag's values (one or many), or {@code null} when absent or unreadable. */
  long[] longs(int tag) {
    Entry e = metadata == null ? null : metadata.getTIFFField(tag);
    Object v = e == null ? null : e.getValue();
    if (v instanceof Number n) {
      return new long[] {n.longValue()};
    }
    if (v == null || !v.getClass().isArray() || !(Array.getLength(v) == 0 || Array.get(v, 0) instanceof Number)) {
      return null;
    }
    long[] values = new long[Array.getLength(v)];
    for (int i = 0; i < values.length; i++) {
      values[i] = ((Number) Array.get(v, i)).longValue();
    }
    return values;
  }

  /** Where the page's last strip or tile ends, by its offsets and byte counts; 0 when they do not say. */
  long endOfData() {
    long end = 0;
    for (int[] tags : new int[][] {{273, 279}, {324, 325}}) {
      long[] offsets = longs(tags[0]);
      long[] counts = longs(tags[1]);
      if (offsets != null && counts != null && offsets.length == counts.length) {
        for (int i = 0; i < offsets.length; i++) {
          end = Math.max(end, offsets[i] + counts[i]);
        }
      }
    }
    return end;
  }

  /** How many values the tag has: 0 when absent, -1 when unreadable. */
  int count(int tag) {
    Entry e = metadata == null ? null : metadata.getTIFFField(tag);
    if (e == null) {
      return 0;
    }
    Object v = e.getValue();
    return v instanceof Number ? 1 : v != null && v.getClass().isArray() ? Array.getLength(v) : -1;
  }

  /**
   * Whether PDFBox's CCITTFactory can take the page's compressed strip as it is: one strip of CCITT G3 (without
   * uncompressed mode or EOL fill bits) or G4, 1 bit, FillOrder 1, upright, black-and-white photometric.
   */
  boolean ccittAsIs() {
    if (metadata == null) {
      return false;
    }
    int compression = integer(259, 1);
    boolean codec = compression == 3 && (integer(292, 0) & 6) == 0 || compression == 4 && (integer(293, 0) & 2) == 0;
    int photometric = integer(262, -1);
    return codec && integer(258, 1) == 1 && integer(277, 1) == 1 && integer(266, 1) == 1 && integer(274, 1) == 1
        && (photometric == 0 || photometric == 1) && count(273) == 1 && count(279) == 1 && count(324) == 0;
  }

  /** X and Y resolution in dpi from the tags; a fax's 204 × 196 (or 200 dpi) when they are missing or absurd. */
  double[] resolution(int width) {
    double perInch = integer(296, 2) == 3 ? 2.54 : 1;
    double x = number(282) * perInch;
    double y = number(283) * perInch;
    boolean xOk = x >= 20 && x <= 4800;
    boolean yOk = y >= 20 && y <= 4800;
    if (xOk && yOk) {
      return new double[] {x, y};
    }
    if (xOk || yOk) {
      double v = xOk ? x : y;
      return new double[] {v, v};
    }
    boolean faxWidth = width == 1728 || width == 2048 || width == 2432 || width == 3456;
    return faxWidth ? new double[] {FaxTiff.FAX_X_DPI, FaxTiff.FAX_Y_DPI} : new double[] {200, 200};
  }
}
