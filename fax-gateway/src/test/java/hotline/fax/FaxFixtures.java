package hotline.fax;

import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.tiff.Rational;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageMetadata;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Assertions;

/** Fax documents made in memory for the tests: form PDFs, CCITT TIFFs, and broken or hostile ones. */
final class FaxFixtures {

  /** A real fax Asterisk (spandsp) received: Class F, G3 2-D with EOL fill bits, FillOrder 2, 1728 × 2324, 204 × 196 dpi. */
  static final Path RECEIVED_FAX = Path.of("../../shared/asterisk/fax/received-g3-fine.tif");

  private static final IndexColorModel MIN_IS_WHITE =
      new IndexColorModel(1, 2, new byte[] {-1, 0}, new byte[] {-1, 0}, new byte[] {-1, 0});

  private FaxFixtures() {
  }

  static byte[] receivedFax() throws IOException {
    return Files.readAllBytes(shared(RECEIVED_FAX));
  }

  /**
   * A file or folder from {@code shared/asterisk} beside the repository (the recorded fax, the AMI transcripts). CI
   * always has it, so its absence fails the test loudly, naming the path, instead of skipping it.
   */
  static Path shared(Path path) {
    if (!Files.exists(path)) {
      Assertions.fail("missing " + path.toAbsolutePath().normalize()
          + ": the fax tests need the recordings in shared/asterisk beside the repository");
    }
    return path;
  }

  // ---- PDFs

  /** A record form: A4 pages with Latin text, a table and a crossed box. */
  static byte[] formPdf(int pages) {
    try (PDDocument doc = new PDDocument()) {
      PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
      PDType1Font plain = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (int i = 1; i <= pages; i++) {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        try (PDPageContentStream c = new PDPageContentStream(doc, page)) {
          text(c, bold, 22, 60, 780, "HOTLINE DISPATCH FORM 12345");
          text(c, plain, 11, 60, 750, "Case 2026-000123   Responsible unit: Water Supply Office   Page " + i + " of " + pages);
          c.setLineWidth(1.5f);
          c.moveTo(60, 735);
          c.lineTo(535, 735);
          c.stroke();
          c.setLineWidth(0.75f);
          for (int row = 0; row <= 12; row++) {
            c.moveTo(60, 700 - row * 30);
            c.lineTo(535, 700 - row * 30);
          }
          for (float x : new float[] {60, 200, 535}) {
            c.moveTo(x, 700);
            c.lineTo(x, 340);
          }
          c.stroke();
          for (int row = 0; row < 12; row++) {
            text(c, plain, 10, 66, 680 - row * 30, "Field " + (row + 1));
            text(c, plain, 10, 206, 680 - row * 30, "The caller reports low water pressure since Monday, item " + row);
          }
          c.addRect(60, 80, 475, 230);
          c.moveTo(60, 80);
          c.lineTo(535, 310);
          c.moveTo(60, 310);
          c.lineTo(535, 80);
          c.stroke();
        }
      }
      return save(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void text(PDPageContentStream c, PDType1Font font, float size, float x, float y, String s) throws IOException {
    c.beginText();
    c.setFont(font, size);
    c.newLineAtOffset(x, y);
    c.showText(s);
    c.endText();
  }

  /** Empty pages: a cheap PDF with a huge page count. */
  static byte[] blankPdf(int pages) {
    try (PDDocument doc = new PDDocument()) {
      for (int i = 0; i < pages; i++) {
        doc.addPage(new PDPage(PDRectangle.A4));
      }
      return save(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A form protected with a user password (AES-128). */
  static byte[] encryptedPdf() {
    try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(formPdf(1))) {
      StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
      policy.setEncryptionKeyLength(128);
      doc.protect(policy);
      return save(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PDF header followed by random bytes. */
  static byte[] malformedPdf() {
    byte[] junk = new byte[8192];
    new Random(42).nextBytes(junk);
    byte[] header = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
    byte[] pdf = Arrays.copyOf(header, header.length + junk.length);
    System.arraycopy(junk, 0, pdf, header.length, junk.length);
    return pdf;
  }

  private static byte[] save(PDDocument doc) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    doc.save(out);
    return out.toByteArray();
  }

  // ---- TIFFs

  /** TIFF compressions as TwelveMonkeys' writer names them. */
  enum Ccitt {
    G3_1D("CCITT T.4", 0L), G3_2D("CCITT T.4", 1L), G4("CCITT T.6", null);

    final String compression;
    final Long t4Options;

    Ccitt(String compression, Long t4Options) {
      this.compression = compression;
      this.t4Options = t4Options;
    }
  }

  /** A fax page drawn with Java2D: 1728 wide, letter-sized at the resolution, text and shapes, min-is-white. */
  static BufferedImage faxPage(int page, int xDpi, int yDpi) {
    int height = (int) Math.round(11.0 * yDpi);
    BufferedImage image = new BufferedImage(1728, height, BufferedImage.TYPE_BYTE_BINARY, MIN_IS_WHITE);
    Graphics2D g = image.createGraphics();
    try {
      g.scale(xDpi / 204.0, yDpi / 196.0); // draw in fine-resolution coordinates
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 90));
      g.drawString("HOTLINE 12345", 150, 300);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 40));
      g.drawString("Fax page " + page + ": complaint about the water supply", 150, 420);
      g.setStroke(new BasicStroke(6));
      g.drawRect(150, 600, 1400, 1000);
      g.drawLine(150, 600, 1550, 1600);
      g.drawLine(150, 1600, 1550, 600);
      g.fillOval(700 + page * 20, 1800, 200, 200);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** A multi-page CCITT TIFF of {@link #faxPage} pages, with resolution tags. */
  static byte[] faxTiff(Ccitt ccitt, int pages, int xDpi, int yDpi) {
    List<BufferedImage> images = new ArrayList<>();
    for (int i = 1; i <= pages; i++) {
      images.add(faxPage(i, xDpi, yDpi));
    }
    return tiff(ccitt, images, xDpi, yDpi);
  }

  static byte[] tiff(Ccitt ccitt, List<BufferedImage> images, int xDpi, int yDpi) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionType(ccitt.compression);
      List<Entry> tags = new ArrayList<>(List.of(new Tag(282, "RATIONAL", new Rational(xDpi, 1)),
          new Tag(283, "RATIONAL", new Rational(yDpi, 1)), new Tag(296, "SHORT", 2)));
      if (ccitt.t4Options != null) {
        tags.add(new Tag(292, "LONG", ccitt.t4Options)); // the writer wants a Long here
      }
      writer.prepareWriteSequence(null);
      for (BufferedImage image : images) {
        writer.writeToSequence(new IIOImage(image, null, new TIFFImageMetadata(tags)), param);
      }
      writer.endWriteSequence();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** A TIFF tag for TwelveMonkeys' writer. */
  private record Tag(int id, String type, Object value) implements Entry {
    @Override
    public Object getIdentifier() {
      return id;
    }

    @Override
    public String getFieldName() {
      return null;
    }

    @Override
    public Object getValue() {
      return value;
    }

    @Override
    public String getValueAsString() {
      return String.valueOf(value);
    }

    @Override
    public String getTypeName() {
      return type;
    }

    @Override
    public int valueCount() {
      return 1;
    }
  }

  /**
   * A decompression bomb: a hand-made little-endian TIFF of a few hundred bytes whose only page declares
   * {@code width × height} 1-bit pixels, G4, with a 16-byte strip.
   */
  static byte[] bombTiff(int width, int height) {
    int[][] entries = {
        {256, 4, width}, {257, 4, height}, {258, 3, 1}, {259, 3, 4}, {262, 3, 0}, {273, 4, 0 /* strip offset */},
        {277, 3, 1}, {278, 4, height}, {279, 4, 16},
    };
    int ifdSize = 2 + entries.length * 12 + 4;
    int stripOffset = 8 + ifdSize;
    ByteBuffer b = ByteBuffer.allocate(stripOffset + 16).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
    b.putShort((short) entries.length);
    for (int[] e : entries) {
      b.putShort((short) e[0]).putShort((short) e[1]).putInt(1);
      int value = e[0] == 273 ? stripOffset : e[2];
      if (e[1] == 3) {
        b.putShort((short) value).putShort((short) 0);
      } else {
        b.putInt(value);
      }
    }
    b.putInt(0); // no next page
    b.put(new byte[16]); // the "strip": zeros
    return b.array();
  }

  static byte[] truncated(byte[] document, int length) {
    return Arrays.copyOf(document, length);
  }
}
