package hotline.forms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** Case views as {@code CaseViews.detail} gives them, filled in every field, and the text of rendered forms. */
final class FormCases {

  static final String NUMBER = "2026-000123";
  /** GBK (not GB2312) characters in names: a font without them would lose them. */
  static final String REPORTER = "张镕";
  static final String PHONE = "13800138000";

  private FormCases() {
  }

  /** The reporter's or caller's identity as the owning agent sees it. */
  static JsonObject contact() {
    return new JsonObject().put("name", REPORTER).put("phones", new JsonArray().add(PHONE).add("0755-12345678"))
        .put("email", "zhang.zhenhua.customer@example-mail.cn").put("address", "深圳市宝安区新安街道堃华路88号");
  }

  /**
   * A case of every field: long content (wraps, and pushes the form onto a second page), a second-round dispatch with
   * its instruction, deadline and reason, feedback, satisfaction; {@code received}: the unit has signed for it.
   * {@code contact} null makes a view without identity: masked unless {@code anonymous}.
   */
  static JsonObject view(String kind, JsonObject contact, boolean anonymous, boolean received) {
    JsonObject dispatch = new JsonObject().put("id", 7L).put("round", 2).put("unitName", "宝安区局")
        .put("contact", new JsonObject().put("name", "王喆主任")).put("method", "email").put("reason", "dissatisfied")
        .put("supervisedBy", "supervision_office").put("dispatchedAt", "2026-02-12T11:00:00+08:00")
        .put("workingDays", 2).put("dueAt", "2026-02-24T17:30:00+08:00").put("provisional", false)
        .put("feedback", "经核查，该店已被责令整改，涉案卷烟已依法扣押。").put("feedbackAt", "2026-02-20T16:05:00+08:00");
    if (received) {
      dispatch.put("receivedAt", "2026-02-12T14:20:00+08:00").put("receiptMethod", "callback");
    }
    return new JsonObject().put("id", 1L).put("number", NUMBER).put("kind", kind).put("channel", "phone")
        .put("status", "dispatched").put("receivedAt", "2026-02-12T10:00:00+08:00")
        .put("owner", new JsonObject().put("id", 3L).put("name", "受理员甲")).put("partyType", "retailer")
        .put("subject", "某零售店销售假冒卷烟").put("anonymous", anonymous)
        .put("content", ("在某零售店购买的香烟疑似假冒，包装印刷模糊，要求查处。购买时间 2026-02-10 19:30，"
            + "票据号 INV-20260210-0042。").repeat(18) + "\n第二段：店主李喆称货源来自堃记批发。")
        .put("instruction", "请宝安区局两日内核实处理，结果报整顿办。")
        .put("respondent", new JsonObject().put("person", "李喆").put("unitName", "堃记烟酒店"))
        .put("satisfaction", "satisfied")
        .put("contact", contact).put("identityMasked", contact == null && !anonymous)
        .put("currentDispatch", dispatch).put("dispatches", new JsonArray().add(dispatch))
        .put("timeline", new JsonArray().add(new JsonObject().put("action", "submit").put("note", "转领导批示")));
  }

  /** The PDF's text, all whitespace removed. */
  static String text(byte[] pdf) throws Exception {
    return String.join("", pages(pdf)).replaceAll("\\s+", "");
  }

  /** Each page's text as PDFBox extracts it. */
  static List<String> pages(byte[] pdf) throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      List<String> out = new ArrayList<>();
      PDFTextStripper s = new PDFTextStripper();
      for (int p = 1; p <= doc.getNumberOfPages(); p++) {
        s.setStartPage(p);
        s.setEndPage(p);
        out.add(s.getText(doc));
      }
      return out;
    }
  }

  static String squeeze(String s) {
    return s.replaceAll("\\s+", "");
  }
}
