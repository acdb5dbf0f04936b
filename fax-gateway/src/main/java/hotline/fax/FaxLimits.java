package hotline.fax;

import hotline.config.Config;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-document bounds for {@link FaxDocuments}: a received TIFF or PDF (or a form to rasterise) that breaks one of
 * them is refused with a {@link FaxDocumentException} naming the limit, before the expensive work starts.
 *
 * @param maxPages         pages per document
 * @param maxPixelsPerPage pixels of one decoded or rendered page (width × height)
 * @param maxBytes         size of the document as received
 * @param maxTime          wall-clock time for one conversion
 */
record FaxLimits(int maxPages, long maxPixelsPerPage, long maxBytes, Duration maxTime) {

  /** 50 pages, two fine-resolution fax pages' worth of pixels (~8.3 MP) per page, 30 MB, 60 s. */
  static final FaxLimits DEFAULT = new FaxLimits(50, 1728L * 2400 * 2, 30L << 20, Duration.ofSeconds(60));

  FaxLimits {
    Objects.requireNonNull(maxTime, "maxTime");
    if (maxPages < 1 || maxPixelsPerPage < 1 || maxBytes < 1 || maxTime.isNegative() || maxTime.isZero()) {
      throw new IllegalArgumentException("fax limits must be positive: " + maxPages + " pages, " + maxPixelsPerPage
          + " pixels per page, " + maxBytes + " bytes, " + maxTime);
    }
  }

  /** Keys {@code fax.max-pages}, {@code fax.max-pixels-per-page}, {@code fax.max-bytes}, {@code fax.max-seconds}. */
  static FaxLimits from(Config c) {
    return new FaxLimits(c.integer("fax.max-pages", DEFAULT.maxPages),
        c.longValue("fax.max-pixels-per-page", DEFAULT.maxPixelsPerPage), c.longValue("fax.max-bytes", DEFAULT.maxBytes),
        c.seconds("fax.max-seconds", DEFAULT.maxTime));
  }
}
