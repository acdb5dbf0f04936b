package hotline.fax;

import static hotline.fax.DocumentGuard.message;

import java.io.IOException;
import java.util.Objects;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * A PDF loaded for the fax gateway (a received one, or a form to send) and checked against the {@link FaxLimits}:
 * its page count, and the images of a page before it is rendered.
 */
final class PdfInput {

  /** An image inside a PDF page may have this many times the page pixel limit (it is subsampled when rendered). */
  private static final int IMAGE_PIXELS_PER_PAGE_PIXELS = 16;

  private final FaxLimits limits;

  PdfInput(FaxLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** Loads with a temp-file-only stream cache, so that the heap holds the bytes and the object tree, not the streams. */
  static PDDocument load(byte[] data) throws FaxDocumentException {
    try {
      return Loader.loadPDF(data, "", null, null, IOUtils.createTempFileOnlyStreamCache());
    } catch (InvalidPasswordException e) {
      throw new FaxDocumentException("the PDF is encrypted with a password", e);
    } catch (IOException | RuntimeException e) {
      throw new FaxDocumentException("malformed PDF: " + message(e), e);
    }
  }

  /** The page count, refused when there are none or more than the limit. */
  int checkedPageCount(PDDocument doc) throws FaxDocumentException {
    int n = doc.getNumberOfPages();
    if (n < 1) {
      throw new FaxDocumentException("the PDF has no pages");
    }
    if (n > limits.maxPages()) {
      throw new FaxDocumentException("the PDF has " + n + " pages, more than the limit of " + limits.maxPages());
    }
    return n;
  }

  /** Refuses a page whose images (also inside forms, a few levels deep) are too big to decode, before rendering. */
  void checkImages(PDResources resources, int pageNumber) throws IOException, FaxDocumentException {
    checkImages(resources, pageNumber, 0);
  }

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
}
