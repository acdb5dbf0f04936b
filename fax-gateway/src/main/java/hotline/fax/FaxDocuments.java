package hotline.fax;

import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageMetadata;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageWriterSpi;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.MultiPixelPackedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.IIOImage;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.spi.IIORegistry;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.CCITTFactory;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.RenderDestination;
import org.apache.pdfbox.text.PDFTextStripper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fax gateway's document work: a received fax TIFF or PDF becomes a PDF plus its text (or the pages to OCR),
 * and a form PDF becomes a fax TIFF to send.
 * <p>
 * Pure and blocking: call it from a worker, never from an event loop. Every public operation is bounded by the
 * {@link FaxLimits}: the input size, the page count and each page's pixels are checked before anything is decoded or
 * rendered, and the work runs on a private daemon thread that the caller waits for at most {@code maxTime}. On
 * timeout the caller gets a {@link FaxDocumentException} at once and the abandoned thread is interrupted; it stops at
 * its next check, which comes between pages (so one slow page still runs to its end in the background, bounded by
 * the per-page pixel limit). Nothing but {@link FaxDocumentException} comes out of these methods: a malformed
 * document, an exception inside PDFBox or ImageIO, even an {@link OutOfMemoryError} while decoding, becomes one with
 * an English reason for the case's note.
 */
final class FaxDocuments {

  private static final Logger LOG = LoggerFactory.getLogger(FaxDocuments.class);

  /** Width of a fax page in pixels (ITU-T T.4, A4/Letter, 215 mm). */
  static final int FAX_WIDTH = 1728;
  /** Nominal resolution written in the fax TIFF: 204 × 196 dpi ("fine"). */
  static final int FAX_X_DPI = 204;
  static final int FAX_Y_DPI = 196;

  /** Resolution a PDF page is rendered at for OCR (lowered to fit the pixel limit, but not below {@link #MIN_OCR_DPI}). */
  private static final float OCR_DPI = 200;
  private static final float MIN_OCR_DPI = 72;
  /** Bytes of 8-bit gray OCR images one document may hold; further pages are rendered 1-bit (an eighth of that). */
  private static final long OCR_GRAY_BUDGET = 64L << 20;
  /** An image inside a PDF page may have this many times the page pixel limit (it is subsampled when rendered). */
  private static final int IMAGE_PIXELS_PER_PAGE_PIXELS = 16;
  /** Characters of extracted PDF text kept per document. */
  private static final int MAX_TEXT_CHARS = 1_000_000;
  private static final String TIFF_NATIVE_FORMAT = "com_sun_media_imageio_plugins_tiff_image_1.0";
  /** 1-bit palette 0 = white, 1 = black: what TIFF calls PhotometricInterpretation 0 (min-is-white), as faxes are. */
  private static final IndexColorModel MIN_IS_WHITE =
      new IndexColorModel(1, 2, new byte[] {-1, 0}, new byte[] {-1, 0}, new byte[] {-1, 0});
  /** Fax pages are black and white: no antialiasing (it would only be thresholded away), plain interpolation. */
  private static final RenderingHints FAX_HINTS = new RenderingHints(RenderingHints.KEY_ANTIALIASING,
      RenderingHints.VALUE_ANTIALIAS_OFF);

  static {
    FAX_HINTS.put(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
    FAX_HINTS.put(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_SPEED);
    FAX_HINTS.put(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
  }

  private static final AtomicInteger THREADS = new AtomicInteger();
  /** Daemon threads so that a document abandoned at its time limit never keeps the JVM alive. */
  private static final ExecutorService WORKERS = Executors.newCachedThreadPool(task -> {
    Thread t = new Thread(task, "fax-documents-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  private final FaxLimits limits;

  FaxDocuments(FaxLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * What a received document is, ready for a case.
   *
   * @param pdf         the PDF to attach: a received PDF's own bytes, or the TIFF's pages as PDF
   * @param pages       page count
   * @param text        extracted text ("" for a TIFF)
   * @param imageOnly   no text to extract: the pages need OCR
   * @param pagesForOcr empty unless {@code imageOnly}: the pages as 1-bit (fax pages, with square pixels) or gray
   *                    (rendered PDF pages, ~200 dpi) images
   * @param stationId   a TIFF's ImageDescription (spandsp puts the sender's station id there), or null
   */
  record Converted(byte[] pdf, int pages, String text, boolean imageOnly, List<BufferedImage> pagesForOcr,
      String stationId) {
    Converted {
      pagesForOcr = List.copyOf(pagesForOcr);
    }
  }

  private enum Kind { TIFF, PDF }

  /** A received TIFF or PDF (told apart by magic bytes, not by name) as a PDF and its text. */
  Converted toPdf(byte[] document, String nameHint) throws FaxDocumentException {
    Kind kind = kindOf(document);
    Converted c = kind == Kind.TIFF
        ? bounded("converting the TIFF", () -> tiffToPdf(document))
        : bounded("reading the PDF", () -> pdfToPdf(document));
    LOG.debug("fax document converted [name: {}, kind: {}, pages: {}, imageOnly: {}]", nameHint, kind, c.pages(),
        c.imageOnly());
    return c;
  }

  /**
   * A PDF (a record form) as a fax TIFF: 1 bit, CCITT T.6 (G4), 1728 px wide, 204 × 196 dpi, min-is-white, FillOrder
   * 1 (the default, so not written), one TIFF page per PDF page with PageNumber. Each page is scaled so that its width
   * fills the 1728 pixels, keeping its proportions as printed at 204 × 196 dpi; a landscape page is turned to portrait.
   */
  byte[] toFaxTiff(byte[] pdf) throws FaxDocumentException {
    if (kindOf(pdf) != Kind.PDF) {
      throw new FaxDocumentException("a fax is sent from a PDF, and this is a TIFF");
    }
    return bounded("rasterising the PDF for fax", () -> rasterise(pdf));
  }

  /** Pages of a TIFF or PDF. Bytes and time are bounded; the page limit is not (this is how one learns the count). */
  int pageCount(byte[] document) throws FaxDocumentException {
    Kind kind = kindOf(document);
    return bounded("counting the pages", () -> {
      if (kind == Kind.PDF) {
        try (PDDocument doc = loadPdf(document)) {
          return doc.getNumberOfPages();
        }
      }
      checkTiffChain(document);
      ImageReader reader = tiffReader();
      try (ImageInputStream in = new ByteArrayImageInputStream(document)) {
        reader.setInput(in, false, false);
        return tiffPageCount(reader);
      } finally {
        reader.dispose();
      }
    });
  }

  // ---- kinds, limits, time

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

  private Kind kindOf(byte[] d) throws FaxDocumentException {
    if (d == null || d.length == 0) {
      throw new FaxDocumentException("the document is empty");
    }
    if (d.length > limits.maxBytes()) {
      throw new FaxDocumentException("the document is " + d.length + " bytes, more than the limit of " + limits.maxBytes());
    }
    String type = mediaType(d);
    if ("image/tiff".equals(type)) {
      return Kind.TIFF;
    }
    if (d.length >= 8 && (d[0] == 'I' && d[1] == 'I' && d[2] == 43 || d[0] == 'M' && d[1] == 'M' && d[3] == 43)) {
      throw new FaxDocumentException("the document is a BigTIFF, which fax documents never are");
    }
    if ("application/pdf".equals(type)) {
      return Kind.PDF;
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

  /** Runs the work on a daemon thread, waiting at most maxTime; anything it throws becomes a FaxDocumentException. */
  private <T> T bounded(String what, Callable<T> work) throws FaxDocumentException {
    Future<T> future = WORKERS.submit(work);
    try {
      return future.get(nanos(limits.maxTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true); // the thread stops at its next checkpoint
      throw new FaxDocumentException(what + " took longer than " + human(limits.maxTime()));
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new FaxDocumentException(what + " was interrupted", e);
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    }
  }

  private static FaxDocumentException failure(Throwable t) {
    if (t instanceof FaxDocumentException e) {
      return e;
    }
    if (t instanceof OutOfMemoryError) {
      return new FaxDocumentException("the document needs more memory than this server has free", t);
    }
    if (t instanceof StackOverflowError) {
      return new FaxDocumentException("the document is nested too deeply to read", t);
    }
    return new FaxDocumentException("the document cannot be read: " + message(t), t);
  }

  /** Between pages: an abandoned conversion ends here. */
  private static void checkpoint() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("fax document work abandoned at its time limit");
    }
  }

  static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4; // centuries; room left to add System.nanoTime()
    }
  }

  static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static String message(Throwable t) {
    String m = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage().strip();
    return m.length() > 300 ? m.substring(0, 300) + "…" : m;
  }

  // ---- TIFF in

  /** One TIFF page, as its directory describes it (nothing decoded). */
  /** {@code description}: the ImageDescription tag, where spandsp (Asterisk's ReceiveFAX) writes the sender's station id. */
  private record TiffPage(int index, int width, int height, double xDpi, double yDpi, boolean ccittAsIs, String description) {
  }

  private Converted tiffToPdf(byte[] data) throws Exception {
    ImageReader reader = tiffReader();
    try (ImageInputStream in = new ByteArrayImageInputStream(data)) {
      reader.setInput(in, false, false);
      checkTiffChain(data);
      List<TiffPage> pages = inspectTiff(reader, data.length);
      try (PDDocument pdf = new PDDocument()) {
        List<BufferedImage> forOcr = new ArrayList<>(pages.size());
        for (TiffPage p : pages) {
          checkpoint();
          BufferedImage image;
          try {
            image = reader.read(p.index());
          } catch (IOException | RuntimeException e) {
            throw new FaxDocumentException("TIFF page " + (p.index() + 1) + " cannot be decoded: " + message(e), e);
          }
          float w = (float) (p.width() * 72 / p.xDpi());
          float h = (float) (p.height() * 72 / p.yDpi());
          PDPage page = new PDPage(new PDRectangle(w, h));
          pdf.addPage(page);
          try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
            content.drawImage(embed(pdf, data, p, image), 0, 0, w, h);
          }
          forOcr.add(forOcr(image, p));
        }
        checkpoint();
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 4096);
        pdf.save(out);
        return new Converted(out.toByteArray(), pages.size(), "", true, forOcr, pages.get(0).description());
      }
    } finally {
      reader.dispose();
    }
  }

  private int tiffPageCount(ImageReader reader) throws FaxDocumentException {
    try {
      return reader.getNumImages(true);
    } catch (IOException | RuntimeException e) {
      throw new FaxDocumentException("malformed TIFF: " + message(e), e);
    }
  }

  /**
   * Walks the chain of page directories, which TwelveMonkeys ends quietly at a pointer beyond the end of the file: a
   * cut file would lose its last pages without a word.
   */
  private void checkTiffChain(byte[] d) throws FaxDocumentException {
    ByteBuffer b = ByteBuffer.wrap(d).order(d[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    long offset = b.getInt(4) & 0xFFFFFFFFL;
    Set<Long> seen = new HashSet<>();
    for (int page = 1; offset != 0 && page <= limits.maxPages() + 1; page++) {
      if (!seen.add(offset)) {
        throw new FaxDocumentException("malformed TIFF: its page directories form a loop");
      }
      if (offset + 2 > d.length || offset + 2 + 12L * (b.getShort((int) offset) & 0xFFFF) + 4 > d.length) {
        throw new FaxDocumentException("the TIFF is truncated: the directory of page " + page + " lies beyond its end ("
            + d.length + " bytes)");
      }
      offset = b.getInt((int) (offset + 2 + 12L * (b.getShort((int) offset) & 0xFFFF))) & 0xFFFFFFFFL;
    }
  }

  /** Page count, sizes and tags, checked against the limits before any page is decoded. */
  private List<TiffPage> inspectTiff(ImageReader reader, long length) throws Exception {
    int n = tiffPageCount(reader);
    if (n < 1) {
      throw new FaxDocumentException("the TIFF has no pages");
    }
    if (n > limits.maxPages()) {
      throw new FaxDocumentException("the TIFF has " + n + " pages, more than the limit of " + limits.maxPages());
    }
    List<TiffPage> pages = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      checkpoint();
      int w;
      int h;
      IIOMetadata metadata;
      try {
        w = reader.getWidth(i);
        h = reader.getHeight(i);
        metadata = reader.getImageMetadata(i);
      } catch (IOException | RuntimeException e) {
        throw new FaxDocumentException("malformed TIFF: page " + (i + 1) + ": " + message(e), e);
      }
      if (w < 1 || h < 1) {
        throw new FaxDocumentException("malformed TIFF: page " + (i + 1) + " is " + w + " x " + h + " pixels");
      }
      if ((long) w * h > limits.maxPixelsPerPage()) {
        throw new FaxDocumentException("TIFF page " + (i + 1) + " is " + w + " x " + h + " pixels, more than the limit of "
            + limits.maxPixelsPerPage());
      }
      Tags tags = new Tags(metadata instanceof TIFFImageMetadata t ? t : null);
      if (tags.endOfData() > length) {
        throw new FaxDocumentException("the TIFF is truncated: the image data of page " + (i + 1) + " ends at byte "
            + tags.endOfData() + ", beyond its end (" + length + " bytes)");
      }
      double[] dpi = resolution(tags, w);
      pages.add(new TiffPage(i, w, h, dpi[0], dpi[1], tags.ccittAsIs(), tags.text(270)));
    }
    return pages;
  }

  /** The tags of one TIFF page (TwelveMonkeys' metadata: read from the directory, nothing decoded). */
  private record Tags(TIFFImageMetadata metadata) {

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
  }

  /** X and Y resolution in dpi from the tags; a fax's 204 × 196 (or 200 dpi) when they are missing or absurd. */
  private static double[] resolution(Tags tags, int width) {
    double perInch = tags.integer(296, 2) == 3 ? 2.54 : 1;
    double x = tags.number(282) * perInch;
    double y = tags.number(283) * perInch;
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
    return faxWidth ? new double[] {FAX_X_DPI, FAX_Y_DPI} : new double[] {200, 200};
  }

  /** The page as a PDF image: its CCITT strip as it is when possible, else re-encoded G4, else lossless (Flate). */
  private static PDImageXObject embed(PDDocument pdf, byte[] tiff, TiffPage p, BufferedImage image) throws IOException {
    if (p.ccittAsIs()) {
      try {
        PDImageXObject x = CCITTFactory.createFromByteArray(pdf, tiff, p.index());
        if (x != null && x.getWidth() == p.width() && x.getHeight() == p.height()) {
          return x;
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("TIFF page {} not embedded as it is, re-encoding: {}", p.index() + 1, message(e));
      }
    }
    if (isBilevel(image)) {
      return CCITTFactory.createFromByteArray(pdf, g4Tiff(blackAndWhite(image)));
    }
    return LosslessFactory.createFromImage(pdf, image);
  }

  /** For OCR: 1-bit pages with square pixels (a 204 × 98 page's rows doubled), other pages as gray. */
  private static BufferedImage forOcr(BufferedImage image, TiffPage p) {
    if (isBilevel(image)) {
      int factor = (int) Math.round(p.xDpi() / p.yDpi());
      return factor >= 2 && factor <= 4 ? repeatRows(image, factor) : image;
    }
    if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      return image;
    }
    BufferedImage gray = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = gray.createGraphics();
    try {
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return gray;
  }

  private static BufferedImage repeatRows(BufferedImage image, int factor) {
    int w = image.getWidth();
    int h = image.getHeight();
    IndexColorModel cm = (IndexColorModel) image.getColorModel();
    WritableRaster target = cm.createCompatibleWritableRaster(w, h * factor);
    Raster source = image.getRaster();
    Object row = null;
    for (int y = 0; y < h; y++) {
      row = source.getDataElements(0, y, w, 1, row);
      for (int k = 0; k < factor; k++) {
        target.setDataElements(0, y * factor + k, w, 1, row);
      }
    }
    return new BufferedImage(cm, target, false, null);
  }

  private static boolean isBilevel(BufferedImage image) {
    return image.getColorModel() instanceof IndexColorModel cm && cm.getPixelSize() == 1 && cm.getMapSize() == 2
        && image.getSampleModel() instanceof MultiPixelPackedSampleModel;
  }

  /** A 1-bit image whose two colours are black and white (either way round) as it is; any other palette mapped. */
  private static BufferedImage blackAndWhite(BufferedImage image) {
    IndexColorModel cm = (IndexColorModel) image.getColorModel();
    int c0 = cm.getRGB(0) & 0xFFFFFF;
    int c1 = cm.getRGB(1) & 0xFFFFFF;
    if (c0 == 0xFFFFFF && c1 == 0 || c0 == 0 && c1 == 0xFFFFFF) {
      return image;
    }
    BufferedImage bw = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_BINARY, MIN_IS_WHITE);
    Graphics2D g = bw.createGraphics();
    try {
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return bw;
  }

  // ---- PDF in

  private Converted pdfToPdf(byte[] data) throws Exception {
    try (PDDocument doc = loadPdf(data)) {
      int n = checkedPageCount(doc);
      String text = extractText(doc, n);
      boolean imageOnly = text.isBlank();
      List<BufferedImage> forOcr = imageOnly ? renderForOcr(doc, n) : List.of();
      return new Converted(data, n, text, imageOnly, forOcr, null);
    }
  }

  /** Loads with a temp-file-only stream cache, so that the heap holds the bytes and the object tree, not the streams. */
  private static PDDocument loadPdf(byte[] data) throws FaxDocumentException {
    try {
      return Loader.loadPDF(data, "", null, null, IOUtils.createTempFileOnlyStreamCache());
    } catch (InvalidPasswordException e) {
      throw new FaxDocumentException("the PDF is encrypted with a password", e);
    } catch (IOException | RuntimeException e) {
      throw new FaxDocumentException("malformed PDF: " + message(e), e);
    }
  }

  private int checkedPageCount(PDDocument doc) throws FaxDocumentException {
    int n = doc.getNumberOfPages();
    if (n < 1) {
      throw new FaxDocumentException("the PDF has no pages");
    }
    if (n > limits.maxPages()) {
      throw new FaxDocumentException("the PDF has " + n + " pages, more than the limit of " + limits.maxPages());
    }
    return n;
  }

  private static String extractText(PDDocument doc, int pages) throws Exception {
    PDFTextStripper stripper = new PDFTextStripper();
    StringBuilder text = new StringBuilder();
    java.io.Writer bounded = new java.io.Writer() {
      @Override
      public void write(char[] cbuf, int off, int len) {
        text.append(cbuf, off, Math.max(0, Math.min(len, MAX_TEXT_CHARS - text.length())));
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    for (int i = 1; i <= pages && text.length() < MAX_TEXT_CHARS; i++) {
      checkpoint();
      stripper.setStartPage(i);
      stripper.setEndPage(i);
      try {
        stripper.writeText(doc, bounded);
      } catch (IOException e) {
        throw new FaxDocumentException("the text of PDF page " + i + " cannot be read: " + message(e), e);
      }
    }
    return text.toString();
  }

  /** Image-only PDF pages rendered for OCR, ~200 dpi gray, the pixel limit checked from the page box first. */
  private List<BufferedImage> renderForOcr(PDDocument doc, int pages) throws Exception {
    PDFRenderer renderer = new PDFRenderer(doc);
    renderer.setSubsamplingAllowed(true);
    List<BufferedImage> images = new ArrayList<>(pages);
    long grayBytes = 0;
    for (int i = 0; i < pages; i++) {
      checkpoint();
      PDPage page = doc.getPage(i);
      PDRectangle box = page.getCropBox();
      double w = box.getWidth();
      double h = box.getHeight();
      if (!(w >= 1 && h >= 1 && w < 1e6 && h < 1e6)) {
        throw new FaxDocumentException("malformed PDF: page " + (i + 1) + " has a page box of " + w + " x " + h + " pt");
      }
      float dpi = OCR_DPI;
      long pixels = renderedPixels(w, h, dpi);
      if (pixels > limits.maxPixelsPerPage()) {
        dpi = (float) Math.floor(72 * Math.sqrt(limits.maxPixelsPerPage() / (w * h)));
        pixels = renderedPixels(w, h, dpi);
        if (dpi < MIN_OCR_DPI || pixels > limits.maxPixelsPerPage()) {
          throw new FaxDocumentException(String.format(Locale.ROOT,
              "PDF page %d is %.1f x %.1f in, too large to render for OCR within the limit of %d pixels", i + 1, w / 72,
              h / 72, limits.maxPixelsPerPage()));
        }
      }
      checkImages(page.getResources(), i + 1, 0);
      boolean gray = grayBytes + pixels <= OCR_GRAY_BUDGET;
      BufferedImage image = renderer.renderImage(i, dpi / 72, gray ? ImageType.GRAY : ImageType.BINARY);
      grayBytes += gray ? pixels : 0;
      images.add(image);
    }
    return images;
  }

  private static long renderedPixels(double wPt, double hPt, float dpi) {
    return (long) Math.max(Math.floor(wPt * dpi / 72), 1) * (long) Math.max(Math.floor(hPt * dpi / 72), 1);
  }

  /** Refuses a page whose images (also inside forms, a few levels deep) are too big to decode, before rendering. */
  private void checkImages(PDResources resources, int pageNumber, int depth) throws IOException, FaxDocumentException {
    if (resources == null || depth > 4) {
      return;
    }
    long limit = limits.maxPixelsPerPage() * IMAGE_PIXELS_PER_PAGE_PIXELS;
    for (var name : resources.getXObjectNames()) {
      PDXObject x = resources.getXObject(name);
      if (x instanceof PDImageXObject image && (long) image.getWidth() * image.getHeight() > limit) {
        throw new FaxDocumentException("PDF page " + pageNumber + " has an image of " + image.getWidth() + " x "
            + image.getHeight() + " pixels, more than the limit of " + limit);
      }
      if (x instanceof PDFormXObject form) {
        checkImages(form.getResources(), pageNumber, depth + 1);
      }
    }
  }

  // ---- fax out

  /** How one PDF page becomes a fax page: px per pt across and along the page, rows, and whether it is turned. */
  private record FaxPage(int index, double across, double along, int rows, boolean turned) {
  }

  private FaxPage faxPage(PDPage page, int index) throws FaxDocumentException {
    PDRectangle box = page.getCropBox();
    boolean sideways = page.getRotation() == 90 || page.getRotation() == 270;
    double w = sideways ? box.getHeight() : box.getWidth(); // as displayed
    double h = sideways ? box.getWidth() : box.getHeight();
    if (!(w >= 1 && h >= 1 && w < 1e6 && h < 1e6)) {
      throw new FaxDocumentException("malformed PDF: page " + (index + 1) + " has a page box of " + w + " x " + h + " pt");
    }
    boolean turned = w > h * 1.05; // landscape: fax pages are portrait
    double across = FAX_WIDTH / (turned ? h : w);
    double along = across * FAX_Y_DPI / FAX_X_DPI;
    long rows = Math.round((turned ? w : h) * along);
    if (rows * FAX_WIDTH > limits.maxPixelsPerPage()) {
      throw new FaxDocumentException("PDF page " + (index + 1) + " would be " + FAX_WIDTH + " x " + rows
          + " pixels as a fax page, more than the limit of " + limits.maxPixelsPerPage());
    }
    return new FaxPage(index, across, along, (int) Math.max(rows, 1), turned);
  }

  private byte[] rasterise(byte[] data) throws Exception {
    try (PDDocument doc = loadPdf(data)) {
      int n = checkedPageCount(doc);
      List<FaxPage> plan = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        plan.add(faxPage(doc.getPage(i), i));
      }
      PDFRenderer renderer = new PDFRenderer(doc);
      renderer.setSubsamplingAllowed(true);
      renderer.setRenderingHints(FAX_HINTS);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(n * 48 * 1024);
      ImageWriter writer = tiffWriter();
      try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        ImageWriteParam param = g4Param(writer);
        writer.prepareWriteSequence(null);
        for (FaxPage p : plan) {
          checkpoint();
          checkImages(doc.getPage(p.index()).getResources(), p.index() + 1, 0);
          BufferedImage image = renderFaxPage(renderer, p);
          writer.writeToSequence(new IIOImage(image, null, faxMetadata(writer, image, param, p.index(), n)), param);
        }
        writer.endWriteSequence();
      } finally {
        writer.dispose();
      }
      return bytes.toByteArray();
    }
  }

  /** Renders straight into a 1-bit min-is-white image, with separate horizontal and vertical scales. */
  private static BufferedImage renderFaxPage(PDFRenderer renderer, FaxPage p) throws IOException {
    BufferedImage image = new BufferedImage(FAX_WIDTH, p.rows(), BufferedImage.TYPE_BYTE_BINARY, MIN_IS_WHITE);
    Graphics2D g = image.createGraphics(); // all pixels 0: white
    try {
      g.setBackground(java.awt.Color.WHITE);
      if (p.turned()) {
        // the page's top edge along the right-hand side of the fax page
        g.translate(FAX_WIDTH, 0);
        g.rotate(Math.PI / 2);
        renderer.renderPageToGraphics(p.index(), g, (float) p.along(), (float) p.across(), RenderDestination.PRINT);
      } else {
        renderer.renderPageToGraphics(p.index(), g, (float) p.across(), (float) p.along(), RenderDestination.PRINT);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  /** XResolution 204, YResolution 196, ResolutionUnit inch, PageNumber, Software, as TIFF Class F has them. */
  private static IIOMetadata faxMetadata(ImageWriter writer, BufferedImage image, ImageWriteParam param, int page,
      int pages) throws IIOInvalidTreeException {
    IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
    IIOMetadataNode ifd = new IIOMetadataNode("TIFFIFD");
    ifd.appendChild(field(282, "Rational", FAX_X_DPI + "/1"));
    ifd.appendChild(field(283, "Rational", FAX_Y_DPI + "/1"));
    ifd.appendChild(field(296, "Short", "2"));
    ifd.appendChild(field(297, "Short", Integer.toString(page), Integer.toString(pages)));
    ifd.appendChild(field(305, "Ascii", "Hotline fax gateway"));
    IIOMetadataNode root = new IIOMetadataNode(TIFF_NATIVE_FORMAT);
    root.appendChild(ifd);
    metadata.mergeTree(TIFF_NATIVE_FORMAT, root);
    return metadata;
  }

  private static IIOMetadataNode field(int tag, String type, String... values) {
    IIOMetadataNode field = new IIOMetadataNode("TIFFField");
    field.setAttribute("number", Integer.toString(tag));
    IIOMetadataNode list = new IIOMetadataNode("TIFF" + type + "s");
    for (String v : values) {
      IIOMetadataNode value = new IIOMetadataNode("TIFF" + type);
      value.setAttribute("value", v);
      list.appendChild(value);
    }
    field.appendChild(list);
    return field;
  }

  /** One page as a single-strip G4 TIFF, for CCITTFactory. */
  private static byte[] g4Tiff(BufferedImage bilevel) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    ImageWriter writer = tiffWriter();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(bilevel, null, null), g4Param(writer));
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static ImageWriteParam g4Param(ImageWriter writer) {
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionType("CCITT T.6");
    return param;
  }

  // ---- TwelveMonkeys, from the ImageIO registry or (in a jar whose service files were not merged) directly

  private static ImageReader tiffReader() throws IOException {
    TIFFImageReaderSpi spi = IIORegistry.getDefaultInstance().getServiceProviderByClass(TIFFImageReaderSpi.class);
    return (spi != null ? spi : new TIFFImageReaderSpi()).createReaderInstance();
  }

  private static ImageWriter tiffWriter() throws IOException {
    TIFFImageWriterSpi spi = IIORegistry.getDefaultInstance().getServiceProviderByClass(TIFFImageWriterSpi.class);
    return (spi != null ? spi : new TIFFImageWriterSpi()).createWriterInstance();
  }
}
