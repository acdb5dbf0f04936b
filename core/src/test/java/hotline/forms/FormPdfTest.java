package hotline.forms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The plain record form: every field in the PDF, extracted back as the same Chinese text; a reporter never in it. */
class FormPdfTest {

  static final FormPdf PDF = new FormPdf(Path.of(FormPdf.DEFAULT_FONT));

  static JsonObject view(String kind, JsonObject contact) {
    return new JsonObject().put("number", "2026-000123").put("kind", kind).put("channel", "email")
        .put("receivedAt", "2026-02-12T10:00:00+08:00").put("owner", new JsonObject().put("name", "受理员甲"))
        .put("partyType", "consumer").put("subject", "假烟投诉")
        .put("content", "在某零售店购买的香烟疑似假冒，要求查处。".repeat(30) + "\n第二段：镕喆堃。")
        .put("instruction", "请宝安区局两日内核实处理").put("contact", contact).put("identityMasked", contact == null)
        .put("respondent", new JsonObject().put("person", "李四").put("unitName", "某零售店"))
        .put("currentDispatch", new JsonObject().put("round", 1).put("unitName", "宝安区局")
            .put("contact", new JsonObject().put("name", "王主任")).put("dispatchedAt", "2026-02-12T11:00:00+08:00")
            .put("dueAt", "2026-02-24T17:30:00+08:00").put("workingDays", 2).put("provisional", false));
  }

  static String text(byte[] pdf) throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
    }
  }

  @Test
  void everyFieldExtractsBackAsWritten() throws Exception {
    assumeTrue(PDF.available(), "the CJK font " + FormPdf.DEFAULT_FONT + " is missing (Debian: fonts-wqy-zenhei); skipped");
    RecordForm form = RecordForm.of(view("complaint", new JsonObject().put("name", "张三")
        .put("phones", new JsonArray().add("13800138000")).put("email", "zhang@example.cn")), null);
    assertEquals("客户投诉受理监督记录表", form.title());
    String text = text(PDF.render(form));
    assertTrue(text.contains("客户投诉受理监督记录表"), text);
    // The table prints the layout's labels (投诉人 where the plain text says 联系人) and leaves an unsigned
    // receipt's boxes blank where the plain text has a line to fill in.
    for (FormLayout.Section s : PDF.layouts().get("complaint").sections()) {
      for (FormLayout.Row r : s.rows()) {
        for (FormLayout.Cell c : r.cells()) {
          if (c.label() != null) {
            assertTrue(text.contains(c.label() + "："), "label " + c.label());
          }
        }
      }
    }
    for (RecordForm.Field f : form.fields()) {
      if (!f.value().equals(RecordForm.BLANK)) {
        assertTrue(text.contains(f.value().replaceAll("\\s+", "")), "value of " + f.label() + ": " + f.value());
      }
    }
    assertTrue(text.contains("镕喆堃"));
    assertTrue(text.contains("办理期限：2026-02-2417:30（2个工作日）"), text);
  }

  @Test
  void aReportsFormForTheUnitSaysConfidentialAndNamesNoReporter() throws Exception {
    assumeTrue(PDF.available(), "the CJK font is missing; skipped");
    RecordForm form = RecordForm.of(view("report", null), null);
    assertEquals("客户举报受理监督记录表", form.title());
    String text = text(PDF.render(form));
    assertTrue(text.contains("举报人：（保密）"), text); // the report layout says 举报人 where the plain text said 联系人
    assertTrue(text.contains("被举报人：李四"));
    assertFalse(text.contains("张三"));
  }

  @Test
  void aCharacterTheFontLacksIsAQuestionMarkNotAMissingGlyph() throws Exception {
    assumeTrue(PDF.available(), "the CJK font is missing; skipped");
    JsonObject v = view("suggestion", new JsonObject().put("name", "赵六")).put("subject", "建议\u0001增加 \uD83D\uDE00 服务");
    String text = text(PDF.render(RecordForm.of(v, null)));
    assertTrue(text.contains("主题：建议增加?服务"), text);
  }
}
