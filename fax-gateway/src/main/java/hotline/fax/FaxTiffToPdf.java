package hotline.fax;

import static hotline.fax.DocumentGuard.checkpoint;
import static hotline.fax.DocumentGuard.message;

import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageMetadata;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.MultiPixelPackedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.CCITTFactory;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A received TIFF as a PDF: every page at its physical size (by its resolution tags), its CCITT strip embedded as it
 * is when PDFBox can take it, else a bilevel page re-encoded as G4 (a G3 page with EOL fill bits or FillOrder 2, as
 * spandsp writes them), else lossless; and the pages as images for OCR. The page count, sizes and directory chain
 * are checked against the {@link FaxLimits} before any page is decoded. Blocking, and to be run by the
 * {@link DocumentGuard}.
 */
final class FaxTiffToPdf {

  private static final Logger LOG = LoggerFactory.getLogger(FaxTiffToPdf.class);

  private final FaxLimits limits;

  FaxTiffToPdf(FaxLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * One TIFF page, as its directory describes it (nothing decoded). {@code description}: the ImageDescription tag,
   * where spandsp (Asterisk's ReceiveFAX) writes the sender's station id.
   */
  private record TiffPage(int index, int width, int height, double xDpi, double yDpi, boolean ccittAsIs, String description) {
  }

  FaxDocuments.Converted convert(byte[] data) throws Exception {
    ImageReader reader = FaxTiff.reader();
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
        return new FaxDocuments.Converted(out.toByteArray(), pages.size(), "", true, forOcr, pages.get(0).description());
      }
    } finally {
      reader.dispose();
    }
  }

  /** Pages of a TIFF, its directory chain checked first; the page limit is not applied. */
  int pageCount(byte[] document) throws Exception {
    checkTiffChain(document);
    ImageReader reader = FaxTiff.reader();
    try (ImageInputStream in = new ByteArrayImageInputStream(document)) {
      reader.setInput(in, false, false);
      return tiffPageCount(reader);
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
      TiffTags tags = new TiffTags(metadata instanceof TIFFImageMetadata t ? t : null);
      if (tags.endOfData() > length) {
        throw new FaxDocumentException("the TIFF is truncated: the image data of page " + (i + 1) + " ends at byte "
            + tags.endOfData() + ", beyond its end (" + length + " bytes)");
      }
      double[] dpi = tags.resolution(w);
      pages.add(new TiffPage(i, w, h, dpi[0], dpi[1], tags.ccittAsIs(), tags.text(270)));
    }
    return pages;
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
      return CCITTFactory.createFromByteArray(pdf, FaxTiff.g4Tiff(blackAndWhite(image)));
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
    BufferedImage bw = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_BINARY,
        FaxTiff.MIN_IS_WHITE);
    Graphics2D g = bw.createGraphics();
    try {
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return bw;
  }
}
