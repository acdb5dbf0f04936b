package hotline.fax;

import java.awt.image.BufferedImage;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fax gateway's document work: a received fax TIFF or PDF becomes a PDF plus its text (or the pages to OCR),
 * and a form PDF becomes a fax TIFF to send. This class picks the converter by the document's {@link DocumentKind}
 * and runs it under the {@link DocumentGuard}; the work itself is {@link FaxTiffToPdf}, {@link PdfText} and
 * {@link FaxRaster}.
 * <p>
 * Pure and blocking: call it from a worker, never from an event loop. Every operation is bounded by the
 * {@link FaxLimits}: the input size, the page count and each page's pixels are checked before anything is decoded or
 * rendered, and the work runs on a private daemon thread that the caller waits for at most {@code maxTime}. Nothing
 * but {@link FaxDocumentException} comes out of these methods: a malformed document, an exception inside PDFBox or
 * ImageIO, even an {@link OutOfMemoryError} while decoding, becomes one with an English reason for the case's note.
 */
final class FaxDocuments {

  private static final Logger LOG = LoggerFactory.getLogger(FaxDocuments.class);

  private final DocumentGuard guard;
  private final FaxTiffToPdf tiffToPdf;
  private final PdfText pdfText;
  private final FaxRaster raster;

  FaxDocuments(FaxLimits limits) {
    this.guard = new DocumentGuard(limits);
    PdfInput pdfInput = new PdfInput(limits);
    this.tiffToPdf = new FaxTiffToPdf(limits);
    this.pdfText = new PdfText(limits, pdfInput);
    this.raster = new FaxRaster(limits, pdfInput);
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

  /** A received TIFF or PDF (told apart by magic bytes, not by name) as a PDF and its text. */
  Converted toPdf(byte[] document, String nameHint) throws FaxDocumentException {
    DocumentKind kind = guard.admit(document);
    Converted c = kind == DocumentKind.TIFF
        ? guard.bounded("converting the TIFF", () -> tiffToPdf.convert(document))
        : guard.bounded("reading the PDF", () -> pdfText.read(document));
    LOG.debug("fax document converted [name: {}, kind: {}, pages: {}, imageOnly: {}]", nameHint, kind, c.pages(),
        c.imageOnly());
    return c;
  }

  /** A PDF (a record form) as a fax TIFF, as {@link FaxRaster} draws it. */
  byte[] toFaxTiff(byte[] pdf) throws FaxDocumentException {
    if (guard.admit(pdf) != DocumentKind.PDF) {
      throw new FaxDocumentException("a fax is sent from a PDF, and this is a TIFF");
    }
    return guard.bounded("rasterising the PDF for fax", () -> raster.rasterise(pdf));
  }

  /** Pages of a TIFF or PDF. Bytes and time are bounded; the page limit is not (this is how one learns the count). */
  int pageCount(byte[] document) throws FaxDocumentException {
    DocumentKind kind = guard.admit(document);
    return guard.bounded("counting the pages", () -> {
      if (kind == DocumentKind.PDF) {
        try (PDDocument doc = PdfInput.load(document)) {
          return doc.getNumberOfPages();
        }
      }
      return tiffToPdf.pageCount(document);
    });
  }
}
