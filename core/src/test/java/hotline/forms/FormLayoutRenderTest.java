package hotline.forms;

import static hotline.forms.FormCases.NUMBER;
import static hotline.forms.FormCases.PHONE;
import static hotline.forms.FormCases.REPORTER;
import static hotline.forms.FormCases.contact;
import static hotline.forms.FormCases.pages;
import static hotline.forms.FormCases.squeeze;
import static hotline.forms.FormCases.text;
import static hotline.forms.FormCases.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The four seed forms in their table layouts: every label and every value extracted back from the PDF as written
 * (so no glyph is missing), page breaks with the title repeated and "第 n 页 共 m 页", the receipt blank or filled,
 * and a reporter's identity only where the receiver may see it.
 */
class FormLayoutRenderTest {

  static final FormPdf PDF = new FormPdf(Path.of(FormPdf.DEFAULT_FONT), FormLayouts.load(Path.of("../config/forms")));

  @BeforeEach
  void font() {
    assumeTrue(PDF.available(), "the CJK font " + FormPdf.DEFAULT_FONT + " is missing (Debian: fonts-wqy-zenhei); skipped");
  }

  static Stream<Arguments> kinds() {
    return FormLayouts.KINDS.stream().flatMap(k -> Stream.of(Arguments.of(k, false), Arguments.of(k, true)));
  }

  @ParameterizedTest(name = "{0}, received: {1}")
  @MethodSource("kinds")
  void everyLabelAndEveryValueExtractsBack(String kind, boolean received) throws Exception {
    RecordForm form = RecordForm.of(view(kind, contact(), false, received), null);
    FormLayout layout = PDF.layouts().get(kind);
    byte[] pdf = PDF.render(form);
    List<String> pages = pages(pdf);
    String text = text(pdf);

    assertTrue(pages.size() >= 2, "the long content pushes the form onto a second page");
    for (int p = 1; p <= pages.size(); p++) {
      String page = squeeze(pages.get(p - 1));
      assertTrue(page.startsWith(form.title() + "受理单位：监控中心受理编号：" + NUMBER), "title on page " + p + ": " + page);
      assertTrue(page.endsWith("第" + p + "页共" + pages.size() + "页"), "footer of page " + p + ": " + page);
    }
    for (FormLayout.Section s : layout.sections()) {
      if (s.heading() != null) {
        assertTrue(text.contains(s.heading()), "heading " + s.heading());
      }
      for (FormLayout.Row r : s.rows()) {
        for (FormLayout.Cell c : r.cells()) {
          String label = c.label() == null ? "" : c.label() + "：";
          String value = c.text() != null ? c.text() : c.key() == null ? null : form.value(c.key());
          assertTrue(text.contains(label), kind + ": label " + label);
          if (value != null) {
            assertTrue(text.contains(label + squeeze(value)), kind + ": " + label + " " + value + " in " + text);
          }
        }
      }
    }
    List<String> expected = new ArrayList<>(List.of("张镕", "王喆主任", "2026-02-2417:30（2个工作日）", "第2次派单",
        "请宝安区局两日内核实处理，结果报整顿办。", "经核查，该店已被责令整改，涉案卷烟已依法扣押。"));
    if (kind.equals("complaint") || kind.equals("report")) {
      expected.addAll(List.of("人：李喆", "单位：堃记烟酒店", "派单原因：客户不满意"));
    }
    for (String v : expected) {
      assertTrue(text.contains(v), kind + ": " + v);
    }
    assertTrue(text.contains(squeeze(form.value(FormKey.CONTENT))), "the content whole, in order");
    if (received) {
      assertTrue(text.contains("签收人：已签收签收时间：2026-02-1214:20"), text);
      assertTrue(text.contains("签收方式：电话按键确认"), text);
    } else {
      assertTrue(text.contains("签收人：签收时间："), "blank boxes to sign by hand: " + text);
      assertFalse(text.contains("已签收"));
    }
  }

  @Test
  void theUnitsFormOfAReportSaysConfidentialAndNamesNoReporter() throws Exception {
    String agent = text(PDF.render(RecordForm.of(view("report", contact(), false, false), null)));
    assertTrue(agent.contains("举报人：" + REPORTER), "the owning agent's form names the reporter");
    assertTrue(agent.contains(PHONE));

    String unit = text(PDF.render(RecordForm.of(view("report", null, false, false), null)));
    assertTrue(unit.contains("举报人：（保密）联系电话：（保密）"), unit);
    assertTrue(unit.contains("电子邮箱：（保密）联系地址：（保密）"), unit);
    assertFalse(unit.contains(REPORTER), "no reporter name");
    assertFalse(unit.contains(PHONE), "no reporter phone");
    assertFalse(unit.contains("example-mail.cn"), "no reporter e-mail");
    assertFalse(unit.contains("堃华路"), "no reporter address");
    assertTrue(unit.contains("被举报人：李喆被举报单位：堃记烟酒店"), unit);
  }

  @Test
  void anAnonymousReportSaysAnonymous() throws Exception {
    String text = text(PDF.render(RecordForm.of(view("report", null, true, false), null)));
    assertTrue(text.contains("举报人：匿名联系电话："), text);
    assertFalse(text.contains("（保密）"), text);
    assertFalse(text.contains(REPORTER));
  }

  /** Page furniture: the repeated title and subtitle, a continued section's heading, the footer. */
  static String withoutFurniture(String text, RecordForm form) {
    String t = text.replace(form.title() + "受理单位：监控中心受理编号：" + NUMBER, "").replaceAll("第\\d+页共\\d+页", "");
    for (FormLayout.Section s : PDF.layouts().get(form.kind()).sections()) {
      t = s.heading() == null ? t : t.replace(s.heading() + "（续）", "");
    }
    return t;
  }

  @Test
  void aRowTallerThanAPageIsSplitBetweenLinesAndReadsOnAcrossThePageBreak() throws Exception {
    JsonObject v = view("complaint", contact(), false, true);
    String content = "投诉内容第一句，香烟疑似假冒。".repeat(180) + "最后一句。";
    v.put("content", content);
    RecordForm form = RecordForm.of(v, null);
    byte[] pdf = PDF.render(form);
    List<String> pages = pages(pdf);
    assertTrue(pages.size() >= 3, "pages: " + pages.size());
    assertTrue(squeeze(pages.get(1)).contains("投诉事项（续）"), "the continued section's heading: " + pages.get(1));
    assertTrue(withoutFurniture(text(pdf), form).contains("投诉内容：" + content), "the content reads on across the breaks");
    assertTrue(Pattern.compile("投诉事项（续）[^：]{20}").matcher(squeeze(pages.get(1))).find(),
        "page 2 goes on with the content's lines, no label repeated: " + pages.get(1));
  }

  @Test
  void aLatinWordStaysOnOneLine() throws Exception {
    RecordForm form = RecordForm.of(view("complaint", contact(), false, false), null);
    String raw = String.join("\n", pages(PDF.render(form)));
    assertEquals(18, count(raw, "INV-20260210-0042"), "every invoice number whole on its line: " + raw);
    assertEquals(18, count(raw, "2026-02-10"));
  }

  @Test
  void aFormRendersInALayoutGivenByTheCaller() throws Exception {
    FormLayout layout = FormLayout.parse("complaint", """
        title: 派单通知
        subtitle: {right: "编号：{number}（{dispatch.round}）"}
        sections:
          - rows:
              - {label: 责任单位, key: dispatch.unitName}
              - [{label: 办理期限, key: dispatch.dueAt}, {label: 签字, lines: 3}]
        """, "test");
    String text = text(PDF.render(RecordForm.of(view("complaint", contact(), false, false), null), layout));
    assertTrue(text.startsWith("派单通知编号：" + NUMBER + "（第2次派单）责任单位：宝安区局办理期限：2026-02-2417:30"), text);
    assertTrue(text.endsWith("签字：第1页共1页"), text);
  }

  @Test
  void aFormWithoutAKindRendersItsFieldsInAPlainTable() throws Exception {
    RecordForm form = new RecordForm("受理记录表", NUMBER, List.of(new RecordForm.Field("主题", "测试"), new RecordForm.Field("内容", "镕喆堃")));
    String text = text(PDF.render(form));
    assertEquals("受理记录表受理编号：" + NUMBER + "主题：测试内容：镕喆堃第1页共1页", text);
  }

  @Test
  void twoThreadsRenderWhatOneDoes() throws Exception {
    List<RecordForm> forms = new ArrayList<>();
    for (String kind : FormLayouts.KINDS) {
      forms.add(RecordForm.of(view(kind, contact(), false, kind.length() % 2 == 0), null));
    }
    List<byte[]> serial = new ArrayList<>();
    for (RecordForm f : forms) {
      serial.add(PDF.render(f));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<byte[]>> parallel = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        RecordForm f = forms.get(i % forms.size());
        parallel.add(pool.submit(() -> PDF.render(f)));
      }
      for (int i = 0; i < parallel.size(); i++) {
        assertEquals(withoutId(serial.get(i % forms.size())), withoutId(parallel.get(i).get()), "form " + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The file as text, without its /ID (made from the time of saving). */
  static String withoutId(byte[] pdf) {
    return new String(pdf, StandardCharsets.ISO_8859_1).replaceAll("/ID \\[<[0-9A-F]+> <[0-9A-F]+>]", "");
  }

  static int count(String s, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
