package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hotline.forms.FormPdf;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/stats/bulletin?format=xlsx|pdf} over HTTP: the workbook and the PDF of the same bulletin as the JSON,
 * as attachments with a Chinese name, for those who may read the bulletin only, and never a reporter in them.
 */
class StatsFilesApiTest extends ApiTestBase {

  static User agent;
  static User leader;

  @BeforeAll
  static void cases() throws Exception {
    agent = user("sf-agent", null, "agent");
    leader = user("sf-leader", null, "leader");
    post(agent.token(), "/api/cases", complaint("假烟")).expect(201);
    post(agent.token(), "/api/cases", new JsonObject().put("kind", "report").put("channel", "phone").put("partyType", "employee")
        .put("content", "举报某单位违规。").put("contact", new JsonObject().put("name", "王举报").put("phones",
            new JsonArray().add("13912345678")))).expect(201);
  }

  @Test
  void theWorkbookHoldsTheBulletinsFigures() throws Exception {
    JsonObject b = get(leader.token(), "/api/stats/bulletin?period=month&date=2026-02-12").expect(200).json();
    Res r = get(leader.token(), "/api/stats/bulletin?period=month&date=2026-02-12&format=xlsx").expect(200);
    assertEquals("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", r.contentType());
    String disposition = r.raw().headers().firstValue("Content-Disposition").orElseThrow();
    assertTrue(disposition.startsWith("attachment; filename=\"hotline-bulletin-2026-02.xlsx\"; filename*=UTF-8''"), disposition);
    assertTrue(disposition.endsWith(URLEncoder.encode("热线通报_2026-02.xlsx", StandardCharsets.UTF_8)), disposition);
    byte[] bytes = r.raw().body();
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(bytes))) {
      assertEquals(List.of("概要", "受理量", "办理情况", "满意度", "话务"), wb.getSheets().map(Sheet::getName).toList());
      List<Row> summary = wb.getFirstSheet().read();
      Row total = summary.stream().filter(x -> "受理总量".equals(x.getCellText(0))).findFirst().orElseThrow();
      assertEquals(b.getJsonObject("volume").getLong("total").longValue(), total.getCell(1).asNumber().longValue());
      String all = String.join("\n", summary.stream().map(x -> x.getCellText(0) + " " + x.getCellText(1)).toList());
      assertTrue(all.contains(b.getJsonObject("range").getString("label")), all);
    }
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    assertFalse(text.contains("13912345678"), "never a reporter's number (the sheets are zipped: checked in them too)");
    Res en = get(leader.token(), "/api/stats/bulletin?period=month&date=2026-02-12&format=xlsx&lang=en").expect(200);
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(en.raw().body()))) {
      assertEquals("Summary", wb.getFirstSheet().getName());
      for (Sheet s : wb.getSheets().toList()) {
        for (Row row : s.read()) {
          for (int c = 0; c < row.getCellCount(); c++) {
            String v = row.getCellText(c);
            assertFalse(v.contains("王举报") || v.contains("13912345678"), s.getName() + ": " + v);
          }
        }
      }
    }
  }

  @Test
  void thePdfBulletinInChinese() throws Exception {
    assumeTrue(Files.isRegularFile(Path.of(FormPdf.DEFAULT_FONT)), "the CJK font is missing; skipped");
    Res r = get(leader.token(), "/api/stats/bulletin?period=quarter&date=2026-02-12&format=pdf").expect(200);
    assertEquals("application/pdf", r.contentType());
    String disposition = r.raw().headers().firstValue("Content-Disposition").orElseThrow();
    assertTrue(disposition.endsWith(URLEncoder.encode("热线通报_2026Q1.pdf", StandardCharsets.UTF_8)), disposition);
    try (PDDocument doc = Loader.loadPDF(r.raw().body())) {
      String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
      assertTrue(text.startsWith("热线受理情况通报"), text.substring(0, 40));
      assertTrue(text.contains("2026年第一季度"), text);
      assertFalse(text.contains("王举报") || text.contains("13912345678"), "never a reporter");
      assertTrue(doc.getNumberOfPages() >= 2 && doc.getNumberOfPages() <= 8, "pages: " + doc.getNumberOfPages());
    }
  }

  @Test
  void onlyThoseWhoReadTheBulletinGetItsFiles() throws Exception {
    assertEquals(403, get(agent.token(), "/api/stats/bulletin?format=xlsx").status());
    assertEquals(403, get(agent.token(), "/api/stats/bulletin?format=pdf").status());
    assertEquals(403, get(adminToken, "/api/stats/bulletin?format=pdf").status());
    assertEquals(401, get(null, "/api/stats/bulletin?format=xlsx").status());
    assertEquals("from", get(leader.token(), "/api/stats/bulletin?from=2020-01-01&to=2026-01-01&format=pdf").expect(400)
        .error().getString("field"));
  }
}
