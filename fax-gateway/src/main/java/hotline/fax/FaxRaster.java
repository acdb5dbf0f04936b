package hotline.fax;

import static hotline.fax.DocumentGuard.checkpoint;
import static hotline.fax.FaxTiff.FAX_WIDTH;
import static hotline.fax.FaxTiff.FAX_X_DPI;
import static hotline.fax.FaxTiff.FAX_Y_DPI;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.RenderDestination;

/**
 * A PDF (a record form) rasterised as a fax TIFF: 1 bit, CCITT T.6 (G4), 1728 px wide, 204 × 196 dpi, min-is-white,
 * FillOrder 1 (the default, so not written), one TIFF page per PDF page with PageNumber. Each page is scaled so that
 * its width fills the 1728 pixels, keeping its proportions as printed at 204 × 196 dpi; a landscape page is turned to
 * portrait. Every page's size is checked against the pixel limit before the first is rendered. Blocking, and to be
 * run by the {@link DocumentGuard}.
 */
final class FaxRaster {

  private static final String TIFF_NATIVE_FORMAT = "com_sun_media_imageio_plugins_tiff_image_1.0";
  /** Fax pages are black and white: no antialiasing (it would only be thresholded away), plain interpolation. */
  private static final RenderingHints FAX_HINTS = new RenderingHints(RenderingHints.KEY_ANTIALIASING,
      RenderingHints.VALUE_ANTIALIAS_OFF);

  static {
    FAX_HINTS.put(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
    FAX_HINTS.put(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_SPEED);
    FAX_HINTS.put(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
  }

  private final FaxLimits limits;
  private final PdfInput input;

  FaxRaster(FaxLimits limits, PdfInput input) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.input = Objects.requireNonNull(input, "input");
  }

  /** How one PDF page becomes a fax page: px per pt across and along the page, rows, and whether it is turned. */
  private record FaxPage(int index, double across, double along, int rows, boolean turned) {
  }

  byte[] rasterise(byte[] data) throws Exception {
    try (PDDocument doc = PdfInput.load(data)) {
      int n = input.checkedPageCount(doc);
      List<FaxPage> plan = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        plan.add(faxPage(doc.getPage(i), i));
      }
      PDFRenderer renderer = new PDFRenderer(doc);
      renderer.setSubsamplingAllowed(true);
      renderer.setRenderingHints(FAX_HINTS);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(n * 48 * 1024);
      ImageWriter writer = FaxTiff.writer();
      try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        ImageWriteParam param = FaxTiff.g4Param(writer);
        writer.prepareWriteSequence(null);
        for (FaxPage p : plan) {
          checkpoint();
          input.checkImages(doc.getPage(p.index()).getResources(), p.index() + 1);
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

  /** Renders straight into a 1-bit min-is-white image, with separate horizontal and vertical scales. */
  private static BufferedImage renderFaxPage(PDFRenderer renderer, FaxPage p) throws IOException {
    BufferedImage image = new BufferedImage(FAX_WIDTH, p.rows(), BufferedImage.TYPE_BYTE_BINARY, FaxTiff.MIN_IS_WHITE);
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
}
