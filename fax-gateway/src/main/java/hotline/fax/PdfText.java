package hotline.fax;

import static hotline.fax.DocumentGuard.checkpoint;
import static hotline.fax.DocumentGuard.message;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * A received PDF, kept as it is, with its text; an image-only PDF (a scan) has its pages rendered for OCR instead,
 * at ~200 dpi gray within the pixel limit. Blocking, and to be run by the {@link DocumentGuard}.
 */
final class PdfText {

  /** Resolution a PDF page is rendered at for OCR (lowered to fit the pixel limit, but not below {@link #MIN_OCR_DPI}). */
  private static final float OCR_DPI = 200;
  private static final float MIN_OCR_DPI = 72;
  /** Bytes of 8-bit gray OCR images one document may hold; further pages are rendered 1-bit (an eighth of that). */
  private static final long OCR_GRAY_BUDGET = 64L << 20;
  /** Characters of extracted PDF text kept per document. */
  private static final int MAX_TEXT_CHARS = 1_000_000;

  private final FaxLimits limits;
  private final PdfInput input;

  PdfText(FaxLimits limits, PdfInput input) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.input = Objects.requireNonNull(input, "input");
  }

  FaxDocuments.Converted read(byte[] data) throws Exception {
    try (PDDocument doc = PdfInput.load(data)) {
      int n = input.checkedPageCount(doc);
      String text = extractText(doc, n);
      boolean imageOnly = text.isBlank();
      List<BufferedImage> forOcr = imageOnly ? renderForOcr(doc, n) : List.of();
      return new FaxDocuments.Converted(data, n, text, imageOnly, forOcr, null);
    }
  }

  private static String extractText(PDDocument doc, int pages) throws Exception {
    PDFTextStripper stripper = new PDFTextStripper();
    StringBuilder text = new StringBuilder();
    Writer bounded = new Writer() {
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
      input.checkImages(page.getResources(), i + 1);
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
}
