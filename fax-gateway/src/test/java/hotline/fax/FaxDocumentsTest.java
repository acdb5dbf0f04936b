package hotline.fax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageMetadata;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import hotline.config.Config;
import hotline.fax.FaxFixtures.Ccitt;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(120)
class FaxDocumentsTest {

  private final FaxDocuments documents = new FaxDocuments(FaxLimits.DEFAULT);

  // ---- TIFF in

  @Test
  void theFaxAsteriskReceivedConverts() throws Exception {
    byte[] tiff = FaxFixtures.receivedFax();
    FaxDocuments.Converted c = documents.toPdf(tiff, "in-1732790556.42.tif");
    assertEquals(1, c.pages());
    assertTrue(c.imageOnly());
    assertEquals("", c.text());
    assertEquals(1, c.pagesForOcr().size());
    BufferedImage original = decodeTiff(tiff).get(0);
    assertEquals(1728, original.getWidth());
    assertEquals(2324, original.getHeight());
    try (PDDocument pdf = Loader.loadPDF(c.pdf())) {
      assertEquals(1, pdf.getNumberOfPages());
      PDRectangle box = pdf.getPage(0).getMediaBox();
      assertEquals(1728 / 204.0, box.getWidth() / 72, 0.02, "width in inches");
      assertEquals(2324 / 196.0, box.getHeight() / 72, 0.02, "height in inches");
      assertCcitt(pdf.getPage(0));
      assertLooksLike(original, renderAt(pdf, 0, 1728, 2324));
    }
    assertTrue(c.pdf().length < tiff.length * 2 + 8192, "PDF of " + c.pdf().length + " bytes from a TIFF of " + tiff.length);
  }

  @ParameterizedTest(name = "{0} at 204 x {1} dpi")
  @CsvSource({"G3_1D, 98", "G3_1D, 196", "G3_2D, 98", "G3_2D, 196", "G4, 98", "G4, 196"})
  void generatedFaxTiffsConvertAtTheirPhysicalSize(Ccitt ccitt, int yDpi) throws Exception {
    byte[] tiff = FaxFixtures.faxTiff(ccitt, 3, 204, yDpi);
    assertEquals(3, documents.pageCount(tiff));
    FaxDocuments.Converted c = documents.toPdf(tiff, "fax.tif");
    assertEquals(3, c.pages());
    assertTrue(c.imageOnly());
    List<BufferedImage> originals = decodeTiff(tiff);
    int rows = (int) Math.round(11.0 * yDpi);
    try (PDDocument pdf = Loader.loadPDF(c.pdf())) {
      assertEquals(3, pdf.getNumberOfPages());
      for (int i = 0; i < 3; i++) {
        PDRectangle box = pdf.getPage(i).getMediaBox();
        assertEquals(1728 / 204.0, box.getWidth() / 72, 0.01, "page " + (i + 1) + " width in inches");
        assertEquals(11.0, box.getHeight() / 72, 0.01, "page " + (i + 1) + " height in inches, not squashed");
        assertCcitt(pdf.getPage(i));
        assertLooksLike(originals.get(i), renderAt(pdf, i, 1728, rows));
      }
    }
    for (BufferedImage page : c.pagesForOcr()) {
      assertEquals(1728, page.getWidth());
      assertEquals(yDpi == 98 ? 2 * rows : rows, page.getHeight(), "OCR pages have square pixels");
      assertEquals(1, page.getColorModel().getPixelSize());
    }
    assertTrue(c.pdf().length < tiff.length * 2 + 8192, "PDF of " + c.pdf().length + " bytes from a TIFF of " + tiff.length);
  }

  @Test
  void aDecompressionBombIsRefusedBeforeDecoding() {
    byte[] bomb = FaxFixtures.bombTiff(200_000, 200_000);
    assertTrue(bomb.length < 200);
    long start = System.nanoTime();
    FaxDocumentException e = assertThrows(FaxDocumentException.class, () -> documents.toPdf(bomb, "bomb.tif"));
    assertEquals("TIFF page 1 is 200000 x 200000 pixels, more than the limit of 8294400", e.getMessage());
    assertTrue(System.nanoTime() - start < 5_000_000_000L);
  }

  @Test
  void aTiffOverThePageLimitIsRefused() {
    FaxDocuments two = new FaxDocuments(new FaxLimits(2, FaxLimits.DEFAULT.maxPixelsPerPage(), 1L << 20, Duration.ofSeconds(30)));
    FaxDocumentException e = assertThrows(FaxDocumentException.class,
        () -> two.toPdf(FaxFixtures.faxTiff(Ccitt.G4, 3, 204, 98), "fax.tif"));
    assertEquals("the TIFF has 3 pages, more than the limit of 2", e.getMessage());
  }

  @Test
  void aDocumentOverTheByteLimitIsRefused() {
    byte[] tiff = FaxFixtures.faxTiff(Ccitt.G4, 1, 204, 196);
    FaxDocuments small = new FaxDocuments(new FaxLimits(50, FaxLimits.DEFAULT.maxPixelsPerPage(), 1000, Duration.ofSeconds(30)));
    FaxDocumentException e = assertThrows(FaxDocumentException.class, () -> small.toPdf(tiff, "fax.tif"));
    assertEquals("the document is " + tiff.length + " bytes, more than the limit of 1000", e.getMessage());
  }

  @Test
  void aTruncatedTiffIsADocumentException() throws Exception {
    byte[] tiff = FaxFixtures.faxTiff(Ccitt.G4, 2, 204, 196); // TwelveMonkeys writes each directory after its strip
    FaxDocumentException e = assertThrows(FaxDocumentException.class,
        () -> documents.toPdf(FaxFixtures.truncated(tiff, tiff.length - 100), "fax.tif"));
    assertEquals("the TIFF is truncated: the directory of page 2 lies beyond its end (" + (tiff.length - 100) + " bytes)",
        e.getMessage());
    assertThrows(FaxDocumentException.class, () -> documents.pageCount(FaxFixtures.truncated(tiff, tiff.length - 100)));
    assertThrows(FaxDocumentException.class, () -> documents.toPdf(FaxFixtures.truncated(tiff, 6), "fax.tif"));

    byte[] received = FaxFixtures.receivedFax(); // spandsp too writes the strip first
    e = assertThrows(FaxDocumentException.class,
        () -> documents.toPdf(FaxFixtures.truncated(received, received.length / 2), "fax.tif"));
    assertEquals("the TIFF is truncated: the directory of page 1 lies beyond its end (8103 bytes)", e.getMessage());

    byte[] directoryFirst = FaxFixtures.bombTiff(1728, 1100); // directory, then a 16-byte strip
    byte[] cut = FaxFixtures.truncated(directoryFirst, directoryFirst.length - 8);
    e = assertThrows(FaxDocumentException.class, () -> documents.toPdf(cut, "fax.tif"));
    assertEquals("the TIFF is truncated: the image data of page 1 ends at byte " + directoryFirst.length
        + ", beyond its end (" + cut.length + " bytes)", e.getMessage());
  }

  @Test
  void tiffDirectoriesInALoopAreMalformed() {
    byte[] bomb = FaxFixtures.bombTiff(1728, 1100);
    int ifd = 8;
    int next = ifd + 2 + 12 * 9;
    java.nio.ByteBuffer.wrap(bomb).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(next, ifd);
    FaxDocumentException e = assertThrows(FaxDocumentException.class, () -> documents.toPdf(bomb, "loop.tif"));
    assertEquals("malformed TIFF: its page directories form a loop", e.getMessage());
  }

  @Test
  void whatIsNeitherTiffNorPdfIsRefused() {
    FaxDocumentException e = assertThrows(FaxDocumentException.class,
        () -> documents.toPdf(new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0}, "fax.pdf"));
    assertEquals("the document is neither a TIFF nor a PDF (it starts with 50 4B 03 04 14 00 00 00)", e.getMessage());
    assertEquals("the document is empty",
        assertThrows(FaxDocumentException.class, () -> documents.toPdf(new byte[0], "fax.tif")).getMessage());
    assertThrows(FaxDocumentException.class, () -> documents.pageCount(new byte[] {'I', 'I', 42}));
  }

  @Test
  void theTimeLimitHolds() {
    FaxDocuments hasty = new FaxDocuments(new FaxLimits(50, FaxLimits.DEFAULT.maxPixelsPerPage(), 30L << 20,
        Duration.ofMillis(1)));
    byte[] tiff = FaxFixtures.faxTiff(Ccitt.G4, 20, 204, 196);
    FaxDocumentException e = assertThrows(FaxDocumentException.class, () -> hasty.toPdf(tiff, "fax.tif"));
    assertEquals("converting the TIFF took longer than 1 ms", e.getMessage());
    byte[] form = FaxFixtures.formPdf(20);
    e = assertThrows(FaxDocumentException.class, () -> hasty.toFaxTiff(form));
    assertEquals("rasterising the PDF for fax took longer than 1 ms", e.getMessage());
  }

  // ---- PDF in

  @Test
  void aTextPdfIsKeptAsItIsWithItsText() throws Exception {
    byte[] form = FaxFixtures.formPdf(2);
    FaxDocuments.Converted c = documents.toPdf(form, "form.pdf");
    assertEquals(2, c.pages());
    assertFalse(c.imageOnly());
    assertTrue(c.text().contains("HOTLINE DISPATCH FORM 12345"), c.text());
    assertTrue(c.text().contains("Page 2 of 2"), c.text());
    assertArrayEquals(form, c.pdf());
    assertTrue(c.pagesForOcr().isEmpty());
    assertEquals(2, documents.pageCount(form));
  }

  @Test
  void anImageOnlyPdfIsRenderedForOcr() throws Exception {
    byte[] scanned = documents.toPdf(FaxFixtures.faxTiff(Ccitt.G4, 2, 204, 196), "fax.tif").pdf();
    FaxDocuments.Converted c = documents.toPdf(scanned, "scan.pdf");
    assertEquals(2, c.pages());
    assertTrue(c.imageOnly());
    assertTrue(c.text().isBlank());
    assertArrayEquals(scanned, c.pdf());
    assertEquals(2, c.pagesForOcr().size());
    BufferedImage page = c.pagesForOcr().get(0);
    assertEquals(BufferedImage.TYPE_BYTE_GRAY, page.getType());
    assertEquals(1728 / 204.0 * 200, page.getWidth(), 2, "~200 dpi");
    assertEquals(11.0 * 200, page.getHeight(), 2, "~200 dpi");
  }

  @Test
  void aMalformedPdfIsADocumentException() {
    FaxDocumentException e = assertThrows(FaxDocumentException.class,
        () -> documents.toPdf(FaxFixtures.malformedPdf(), "junk.pdf"));
    assertTrue(e.getMessage().contains("PDF"), e.getMessage());
    assertThrows(FaxDocumentException.class, () -> documents.toFaxTiff(FaxFixtures.malformedPdf()));
    byte[] form = FaxFixtures.formPdf(1);
    assertThrows(FaxDocumentException.class, () -> documents.toPdf(FaxFixtures.truncated(form, form.length / 3), "cut.pdf"));
  }

  @Test
  void aPdfWithAHugePageCountIsRefused() throws Exception {
    byte[] pdf = FaxFixtures.blankPdf(500);
    assertEquals(500, documents.pageCount(pdf));
    FaxDocumentException e = assertThrows(FaxDocumentException.class, () -> documents.toPdf(pdf, "many.pdf"));
    assertEquals("the PDF has 500 pages, more than the limit of 50", e.getMessage());
    e = assertThrows(FaxDocumentException.class, () -> documents.toFaxTiff(pdf));
    assertEquals("the PDF has 500 pages, more than the limit of 50", e.getMessage());
  }

  @Test
  void anEncryptedPdfIsRefused() {
    FaxDocumentException e = assertThrows(FaxDocumentException.class,
        () -> documents.toPdf(FaxFixtures.encryptedPdf(), "secret.pdf"));
    assertEquals("the PDF is encrypted with a password", e.getMessage());
  }

  @Test
  void aPdfPageTooLargeToRenderIsRefused() throws Exception {
    byte[] scanned = documents.toPdf(FaxFixtures.faxTiff(Ccitt.G4, 1, 204, 196), "fax.tif").pdf();
    FaxDocuments tight = new FaxDocuments(new FaxLimits(50, 100_000, 30L << 20, Duration.ofSeconds(30)));
    FaxDocumentException e = assertThrows(FaxDocumentException.class, () -> tight.toPdf(scanned, "scan.pdf"));
    assertTrue(e.getMessage().startsWith("PDF page 1 is 8.5 x 11.0 in, too large to render for OCR"), e.getMessage());
    e = assertThrows(FaxDocumentException.class, () -> tight.toFaxTiff(FaxFixtures.formPdf(1)));
    assertTrue(e.getMessage().startsWith("PDF page 1 would be 1728 x 2348 pixels as a fax page"), e.getMessage());
  }

  // ---- fax out, and back

  @Test
  void aFormBecomesAFaxTiffAndBack() throws Exception {
    byte[] form = FaxFixtures.formPdf(3);
    byte[] tiff = documents.toFaxTiff(form);
    ImageReader reader = ImageIO.getImageReadersByFormatName("tiff").next();
    try (ByteArrayImageInputStream in = new ByteArrayImageInputStream(tiff)) {
      reader.setInput(in);
      assertEquals(3, reader.getNumImages(true));
      for (int i = 0; i < 3; i++) {
        TIFFImageMetadata m = (TIFFImageMetadata) reader.getImageMetadata(i);
        assertEquals(4, number(m, 259), "compression T.6");
        assertEquals(1728, number(m, 256));
        assertEquals(2348, number(m, 257), 2, "A4 height at 196 lines per inch, scaled as the width");
        assertEquals(1, number(m, 258), "1 bit");
        assertEquals(0, number(m, 262), "min-is-white");
        assertEquals(204, number(m, 282), 0.01);
        assertEquals(196, number(m, 283), 0.01);
        assertEquals(2, number(m, 296), "inch");
        assertEquals(1, number(m, 266, 1), "FillOrder 1");
        Entry pageNumber = m.getTIFFField(297);
        assertEquals(i + "," + 3, pageNumber.getValueAsString().replaceAll("[\\[\\] ]", ""));
        BufferedImage page = reader.read(i);
        double ink = ink(page);
        assertTrue(ink > 0.01 && ink < 0.2, "page " + (i + 1) + " has " + ink + " black");
      }
    } finally {
      reader.dispose();
    }

    FaxDocuments.Converted back = documents.toPdf(tiff, "out.tif");
    assertEquals(3, back.pages());
    try (PDDocument pdf = Loader.loadPDF(back.pdf())) {
      assertEquals(3, pdf.getNumberOfPages());
      for (PDPage page : pdf.getPages()) {
        PDRectangle box = page.getMediaBox();
        assertEquals(297.0 / 210, box.getHeight() / box.getWidth(), 0.01, "A4 proportions");
        assertEquals(210, box.getWidth() / 72 * 25.4, 10, "about A4 wide (mm)");
        assertEquals(297, box.getHeight() / 72 * 25.4, 12, "about A4 high (mm)");
        assertCcitt(page);
      }
    }
  }

  @Test
  void aLandscapePageIsTurnedToPortrait() throws Exception {
    byte[] landscape;
    try (PDDocument doc = Loader.loadPDF(FaxFixtures.formPdf(1))) {
      doc.getPage(0).setRotation(90);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      doc.save(out);
      landscape = out.toByteArray();
    }
    byte[] tiff = documents.toFaxTiff(landscape);
    List<BufferedImage> pages = decodeTiff(tiff);
    assertEquals(1, pages.size());
    assertEquals(1728, pages.get(0).getWidth());
    assertEquals(2348, pages.get(0).getHeight(), 2);
    assertTrue(ink(pages.get(0)) > 0.01);
  }

  @Test
  void limitsComeFromTheConfiguration() {
    assertEquals(FaxLimits.DEFAULT, FaxLimits.from(Config.of(Map.of())));
    FaxLimits l = FaxLimits.from(Config.of(Map.of("fax.max-pages", "10", "fax.max-pixels-per-page", "5000000",
        "fax.max-bytes", "1048576", "fax.max-seconds", "15")));
    assertEquals(new FaxLimits(10, 5_000_000, 1 << 20, Duration.ofSeconds(15)), l);
    assertThrows(IllegalArgumentException.class, () -> new FaxLimits(0, 1, 1, Duration.ofSeconds(1)));
  }

  // ---- helpers

  static List<BufferedImage> decodeTiff(byte[] tiff) throws IOException {
    ImageReader reader = ImageIO.getImageReadersByFormatName("tiff").next();
    try (ByteArrayImageInputStream in = new ByteArrayImageInputStream(tiff)) {
      reader.setInput(in);
      List<BufferedImage> pages = new ArrayList<>();
      for (int i = 0, n = reader.getNumImages(true); i < n; i++) {
        pages.add(reader.read(i));
      }
      return pages;
    } finally {
      reader.dispose();
    }
  }

  private static double number(TIFFImageMetadata m, int tag) {
    return ((Number) m.getTIFFField(tag).getValue()).doubleValue();
  }

  private static double number(TIFFImageMetadata m, int tag, double absent) {
    return m.getTIFFField(tag) == null ? absent : number(m, tag);
  }

  /** The page's image is CCITT-compressed (kept small, and lossless). */
  private static void assertCcitt(PDPage page) throws IOException {
    var names = page.getResources().getXObjectNames().iterator();
    PDImageXObject image = (PDImageXObject) page.getResources().getXObject(names.next());
    assertEquals(List.of(COSName.CCITTFAX_DECODE), image.getStream().getFilters());
    assertTrue(image.getCOSObject().getDictionaryObject(COSName.DECODE_PARMS) instanceof COSDictionary);
  }

  /** Renders a PDF page into a w × h 1-bit image (separate x and y scales, no antialiasing). */
  static BufferedImage renderAt(PDDocument pdf, int page, int w, int h) throws IOException {
    PDRectangle box = pdf.getPage(page).getMediaBox();
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY);
    Graphics2D g = image.createGraphics();
    try {
      g.setBackground(java.awt.Color.WHITE);
      g.clearRect(0, 0, w, h);
      PDFRenderer renderer = new PDFRenderer(pdf);
      RenderingHints hints = new RenderingHints(RenderingHints.KEY_INTERPOLATION,
          RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      hints.put(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
      renderer.setRenderingHints(hints);
      renderer.renderPageToGraphics(page, g, w / box.getWidth(), h / box.getHeight());
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Same size and at most 1% of the pixels differ (black/white inverted would be ~all of them). */
  private static void assertLooksLike(BufferedImage expected, BufferedImage actual) {
    assertEquals(expected.getWidth(), actual.getWidth());
    assertEquals(expected.getHeight(), actual.getHeight());
    long differ = 0;
    long black = 0;
    for (int y = 0; y < expected.getHeight(); y++) {
      for (int x = 0; x < expected.getWidth(); x++) {
        boolean e = (expected.getRGB(x, y) & 0xFF) < 128;
        boolean a = (actual.getRGB(x, y) & 0xFF) < 128;
        black += e ? 1 : 0;
        differ += e != a ? 1 : 0;
      }
    }
    assertTrue(black > 10_000, "the page has ink: " + black);
    assertTrue(differ < black / 20 + 1, differ + " pixels differ of " + black + " black ones");
  }

  /** Fraction of black pixels. */
  static double ink(BufferedImage image) {
    Raster r = image.getRaster();
    long black = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        black += (image.getColorModel().getRGB(r.getSample(x, y, 0)) & 0xFF) < 128 ? 1 : 0;
      }
    }
    return (double) black / ((long) image.getWidth() * image.getHeight());
  }
}
