package hotline.fax;

import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageWriterSpi;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.spi.IIORegistry;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** What fax pages are (ITU-T T.4 geometry, 1 bit min-is-white) and the TwelveMonkeys TIFF codec with its G4 setting. */
final class FaxTiff {

  /** Width of a fax page in pixels (ITU-T T.4, A4/Letter, 215 mm). */
  static final int FAX_WIDTH = 1728;
  /** Nominal resolution written in the fax TIFF: 204 × 196 dpi ("fine"). */
  static final int FAX_X_DPI = 204;
  static final int FAX_Y_DPI = 196;
  /** 1-bit palette 0 = white, 1 = black: what TIFF calls PhotometricInterpretation 0 (min-is-white), as faxes are. */
  static final IndexColorModel MIN_IS_WHITE =
      new IndexColorModel(1, 2, new byte[] {-1, 0}, new byte[] {-1, 0}, new byte[] {-1, 0});

  private FaxTiff() {
  }

  /** One page as a single-strip G4 TIFF, for CCITTFactory. */
  static byte[] g4Tiff(BufferedImage bilevel) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    ImageWriter writer = writer();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(bilevel, null, null), g4Param(writer));
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  static ImageWriteParam g4Param(ImageWriter writer) {
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionType("CCITT T.6");
    return param;
  }

  // ---- TwelveMonkeys, from the ImageIO registry or (in a jar whose service files were not merged) directly

  static ImageReader reader() throws IOException {
    TIFFImageReaderSpi spi = IIORegistry.getDefaultInstance().getServiceProviderByClass(TIFFImageReaderSpi.class);
    return (spi != null ? spi : new TIFFImageReaderSpi()).createReaderInstance();
  }

  static ImageWriter writer() throws IOException {
    TIFFImageWriterSpi spi = IIORegistry.getDefaultInstance().getServiceProviderByClass(TIFFImageWriterSpi.class);
    return (spi != null ? spi : new TIFFImageWriterSpi()).createWriterInstance();
  }
}
