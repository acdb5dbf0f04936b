package hotline.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hotline.forms.FormPdf;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The PDF bulletin: its Chinese text extracts back, long tables go on over pages, and how long a render takes. */
class BulletinPdfTest {

  static final BulletinPdf PDF = new BulletinPdf(Path.of(FormPdf.DEFAULT_FONT));

  @Test
  void aQuartersBulletinInChinese() throws Exception {
    assumeTrue(PDF.available(), "the CJK font " + FormPdf.DEFAULT_FONT + " is missing (Debian: fonts-wqy-zenhei); skipped");
    JsonObject b = BulletinSample.quarter();
    byte[] pdf = PDF.render(b, Locale.SIMPLIFIED_CHINESE);
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
      assertTrue(text.startsWith("热线受理情况通报"), text.substring(0, 40));
      for (String s : new String[] {"2026年第三季度（2026-07-01至2026-09-30）", "市局专卖科", "东山县局", "按时办结率", "90.6%",
          "一、主要指标", "二、受理量", "三、办理情况", "四、满意度", "五、话务", "六、统计口径", "反馈时间不晚于办理期限", "省客户投", "假冒卷烟",
          "各时段呼入（接通/放弃）", "09:00–10:00", "5720", "第1页共"}) {
        assertTrue(text.contains(s), s);
      }
      int pages = doc.getNumberOfPages();
      assertTrue(pages >= 3 && pages <= 8, "pages: " + pages);
      assertEquals("zh-CN", doc.getDocumentCatalog().getLanguage());
      shoot(doc, "stats-bulletin-pdf");
    }
  }

  @Test
  void longTablesGoOnOverPagesWithTheirHeader() throws Exception {
    assumeTrue(PDF.available(), "the CJK font is missing; skipped");
    JsonObject b = BulletinSample.manyUnits(120);
    byte[] pdf = PDF.render(b, Locale.SIMPLIFIED_CHINESE);
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      int pages = doc.getNumberOfPages();
      assertTrue(pages >= 8 && pages <= 20, "pages: " + pages);
      PDFTextStripper stripper = new PDFTextStripper();
      int headed = 0;
      for (int p = 1; p <= pages; p++) {
        stripper.setStartPage(p);
        stripper.setEndPage(p);
        String page = stripper.getText(doc).replaceAll("\\s+", "");
        assertTrue(page.contains("第" + p + "页共" + pages + "页"), "the footer of page " + p);
        if (page.contains("按时办结率") && page.contains("派单")) {
          headed++;
        }
      }
      assertTrue(headed >= 3, "the handling table's header on each of its pages: " + headed);
      String all = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
      assertTrue(all.contains("客户服务科第12所"), "the last unit");
      assertTrue(all.contains("只列派单最多的30个单位"), "the chart says it shows some");
    }
  }

  @Test
  void englishAndWithoutTelephony() throws Exception {
    assumeTrue(PDF.available(), "the CJK font is missing; skipped");
    JsonObject b = BulletinSample.quarter();
    b.put("telephony", new JsonObject().put("available", false));
    try (PDDocument doc = Loader.loadPDF(PDF.render(b, Locale.ENGLISH))) {
      String text = new PDFTextStripper().getText(doc);
      assertTrue(text.startsWith("Hotline bulletin"), text.substring(0, 40));
      assertTrue(text.contains("5. Telephony"));
      assertTrue(text.contains("The telephony module is not deployed"));
      assertTrue(text.contains("市局专卖科"), "unit names as they are");
    }
  }

  /** Rendering time of the quarter's bulletin (the render alone; the query is the bulletin's own figure). */
  @Test
  void renderTime() throws Exception {
    assumeTrue(PDF.available(), "the CJK font is missing; skipped");
    JsonObject b = BulletinSample.quarter();
    PDF.render(b, Locale.SIMPLIFIED_CHINESE); // warm: the font parsed, classes loaded
    long[] ms = new long[7];
    for (int i = 0; i < ms.length; i++) {
      long t0 = System.nanoTime();
      PDF.render(b, Locale.SIMPLIFIED_CHINESE);
      ms[i] = (System.nanoTime() - t0) / 1_000_000;
    }
    java.util.Arrays.sort(ms);
    long t0 = System.nanoTime();
    PDF.render(BulletinSample.manyUnits(120), Locale.SIMPLIFIED_CHINESE);
    long many = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("[bulletin pdf] quarter render median %d ms (min %d, max %d); 120 units %d ms%n", ms[3], ms[0],
        ms[6], many);
    assertTrue(ms[3] < 2_000, "a render takes " + ms[3] + " ms");
  }

  static void shoot(PDDocument doc, String name) throws Exception {
    Path dir = Path.of("target/screenshots");
    Files.createDirectories(dir);
    PDFRenderer r = new PDFRenderer(doc);
    for (int p = 0; p < doc.getNumberOfPages(); p++) {
      BufferedImage img = r.renderImageWithDPI(p, 80);
      ImageIO.write(img, "png", dir.resolve(name + "-" + (p + 1) + ".png").toFile());
    }
  }
}
