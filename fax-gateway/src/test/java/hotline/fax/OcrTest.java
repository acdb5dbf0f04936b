package hotline.fax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.config.Config;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class OcrTest {

  private static Ocr tesseract() {
    Ocr ocr = new Ocr("tesseract", "chi_sim+eng", Duration.ofSeconds(120));
    Assumptions.assumeTrue(ocr.available(), "tesseract-ocr with chi_sim not installed; skipped");
    return ocr;
  }

  @Test
  void aMissingCommandIsNotAvailableAndFailsWithAnIOException() {
    Ocr ocr = new Ocr("/nonexistent/tesseract-" + System.nanoTime(), "chi_sim+eng", Duration.ofSeconds(5));
    assertFalse(ocr.available());
    assertFalse(ocr.available(), "cached");
    IOException e = assertThrows(IOException.class, () -> ocr.recognize(List.of(textPage("HOTLINE 12345"))));
    assertTrue(e.getMessage().startsWith("cannot run OCR command"), e.getMessage());
  }

  @Test
  void aCommandWithoutTheLanguagesIsNotAvailable(@TempDir Path dir) throws IOException {
    Path fake = script(dir, "fake-tesseract", """
        #!/bin/sh
        case "$1" in
          --version) echo "tesseract 5.3.0"; exit 0;;
          --list-langs) echo 'List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (2):'; echo eng; echo osd; exit 0;;
        esac
        exit 1
        """);
    assertFalse(new Ocr(fake.toString(), "chi_sim+eng", Duration.ofSeconds(5)).available());
    assertTrue(new Ocr(fake.toString(), "eng", Duration.ofSeconds(5)).available());
  }

  @Test
  void aHangingCommandIsKilledAtTheTimeout(@TempDir Path dir) throws IOException {
    Path slow = script(dir, "slow-tesseract", """
        #!/bin/sh
        cat > /dev/null
        exec sleep 30
        """);
    Ocr ocr = new Ocr(slow.toString(), "eng", Duration.ofMillis(500));
    long start = System.nanoTime();
    IOException e = assertThrows(IOException.class, () -> ocr.recognize(List.of(textPage("HOTLINE 12345"))));
    assertTrue(e.getMessage().startsWith("OCR timed out after 500 ms"), e.getMessage());
    assertTrue(System.nanoTime() - start < 10_000_000_000L);
  }

  @Test
  void aFailingCommandReportsItsFirstErrorLine(@TempDir Path dir) throws IOException {
    Path failing = script(dir, "failing-tesseract", """
        #!/bin/sh
        cat > /dev/null
        echo "Estimating resolution as 300" >&2
        echo "Error opening data file /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata" >&2
        echo "Failed loading language 'chi_sim'" >&2
        exit 1
        """);
    IOException e = assertThrows(IOException.class,
        () -> new Ocr(failing.toString(), "chi_sim", Duration.ofSeconds(10)).recognize(List.of(textPage("X"))));
    assertEquals("OCR failed with exit code 1: Error opening data file /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata",
        e.getMessage());
  }

  @Test
  void pagesAreJoinedWithFormFeeds(@TempDir Path dir) throws IOException {
    Path echo = script(dir, "echo-tesseract", """
        #!/bin/sh
        n=$(wc -c)
        printf 'page of %s bytes\\n\\f' "$n"
        """);
    String text = new Ocr(echo.toString(), "eng", Duration.ofSeconds(10))
        .recognize(List.of(textPage("ONE"), textPage("TWO")));
    assertTrue(text.matches("page of \\d+ bytes\f\npage of \\d+ bytes"), text);
  }

  @Test
  void settingsComeFromTheConfiguration() {
    assertFalse(Ocr.from(Config.of(Map.of("fax.ocr-command", "/nonexistent/ocr", "fax.ocr-seconds", "3"))).available());
  }

  @Test
  void tesseractReadsAFaxPage() throws IOException {
    Ocr ocr = tesseract();
    String text = ocr.recognize(List.of(textPage("HOTLINE 12345")));
    assertTrue(text.contains("12345"), text);
  }

  @Test
  void tesseractReadsTheFaxAsteriskReceived() throws Exception {
    Ocr ocr = tesseract();
    FaxDocuments.Converted c = new FaxDocuments(FaxLimits.DEFAULT).toPdf(FaxFixtures.receivedFax(), "received.tif");
    String text = ocr.recognize(c.pagesForOcr());
    assertTrue(text.contains("Hotline"), text);
  }

  /** A fax-like 1-bit page with big Latin text. */
  static BufferedImage textPage(String text) {
    BufferedImage page = new BufferedImage(1728, 1100, BufferedImage.TYPE_BYTE_BINARY);
    Graphics2D g = page.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, page.getWidth(), page.getHeight());
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 96));
      g.drawString(text, 120, 400);
    } finally {
      g.dispose();
    }
    return page;
  }

  private static Path script(Path dir, String name, String body) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }
}
