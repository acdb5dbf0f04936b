package hotline.forms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A case's record form as labelled fields, from the case as its receiver may see it (a unit never gets a reporter's
 * identity: the view it is built from has none). The dispatch mail's text and its PDF are both made from this, so
 * they always say the same.
 */
public record RecordForm(String title, String number, List<Field> fields) {

  public record Field(String label, String value) {
  }

  private static final Map<String, String> TITLES = Map.of(
      "complaint", "客户投诉受理监督记录表",
      "inquiry", "客户咨询受理监督记录表",
      "suggestion", "客户建议受理记录表",
      "report", "客户举报受理监督记录表");
  private static final Map<String, String> KINDS = Map.of(
      "complaint", "投诉", "inquiry", "咨询", "suggestion", "建议", "report", "举报");
  private static final Map<String, String> CHANNELS = Map.of(
      "phone", "电话", "fax", "传真", "web", "网站", "letter", "信函", "walk_in", "来访", "email", "电子邮件",
      "provincial", "省客户投诉中心转办");
  private static final Map<String, String> PARTIES = Map.of(
      "enterprise", "工业企业", "retailer", "零售客户", "consumer", "消费者", "employee", "内部员工");

  /** The form of a case view and one of its dispatches (the view's current one when {@code dispatch} is null). */
  public static RecordForm of(JsonObject view, JsonObject dispatch) {
    JsonObject d = dispatch != null ? dispatch : view.getJsonObject("currentDispatch");
    String kind = view.getString("kind");
    List<Field> f = new ArrayList<>();
    f.add(new Field("受理编号", view.getString("number")));
    f.add(new Field("类别", label(KINDS, kind)));
    f.add(new Field("受理渠道", label(CHANNELS, view.getString("channel"))));
    f.add(new Field("受理时间", dateTime(view.getString("receivedAt"))));
    f.add(new Field("受理人", view.getJsonObject("owner", new JsonObject()).getString("name")));
    f.add(new Field("客户类别", label(PARTIES, view.getString("partyType"))));
    JsonObject contact = view.getJsonObject("contact");
    if (contact != null) {
      f.add(new Field("联系人", contact.getString("name")));
      JsonArray phones = contact.getJsonArray("phones", new JsonArray());
      f.add(new Field("联系电话", phones.isEmpty() ? null : String.join("、", phones.stream().map(String::valueOf).toList())));
      f.add(new Field("电子邮箱", contact.getString("email")));
      f.add(new Field("联系地址", contact.getString("address")));
    } else if (Boolean.TRUE.equals(view.getBoolean("anonymous"))) {
      f.add(new Field("联系人", "匿名"));
    } else if (Boolean.TRUE.equals(view.getBoolean("identityMasked"))) {
      f.add(new Field("联系人", "（保密）"));
    }
    JsonObject respondent = view.getJsonObject("respondent");
    if (respondent != null) {
      String who = "report".equals(kind) ? "被举报" : "被投诉";
      f.add(new Field(who + "人", respondent.getString("person")));
      f.add(new Field(who + "单位", respondent.getString("unitName")));
    }
    f.add(new Field("主题", view.getString("subject")));
    f.add(new Field("内容", view.getString("content")));
    f.add(new Field("领导批示", view.getString("instruction")));
    if (d != null) {
      f.add(new Field("派单轮次", "第" + d.getInteger("round") + "次派单"));
      f.add(new Field("责任单位", d.getString("unitName")));
      JsonObject dc = d.getJsonObject("contact");
      f.add(new Field("第一责任人", dc == null ? null : dc.getString("name")));
      f.add(new Field("派单时间", dateTime(d.getString("dispatchedAt"))));
      f.add(new Field("办理期限", dateTime(d.getString("dueAt")) + "（" + d.getInteger("workingDays") + "个工作日）"
          + (Boolean.TRUE.equals(d.getBoolean("provisional")) ? "，暂定" : "")));
      f.add(new Field("督办", supervision(d.getString("supervisedBy"))));
    }
    // The receipt section: filled in by the unit (or by the centre when it confirms receipt).
    f.add(new Field("签收人", d != null && d.getString("receivedAt") != null ? "已签收" : "________"));
    f.add(new Field("签收时间", d != null && d.getString("receivedAt") != null ? dateTime(d.getString("receivedAt")) : "________"));
    List<Field> present = f.stream().filter(x -> x.value() != null && !x.value().isBlank()).toList();
    return new RecordForm(kind != null && TITLES.containsKey(kind) ? TITLES.get(kind) : "受理记录表", view.getString("number"), present);
  }

  /** The Chinese word for a code; the code itself when there is none, null for null (immutable maps refuse null keys). */
  private static String label(Map<String, String> words, String code) {
    return code == null ? null : words.getOrDefault(code, code);
  }

  private static String supervision(String by) {
    if (by == null) {
      return null;
    }
    return switch (by) {
      case "supervision_office" -> "整顿办督办";
      case "leadership" -> "领导督办";
      default -> by;
    };
  }

  /** {@code 2026-02-14T17:30:00+08:00} → {@code 2026-02-14 17:30}: the centre's own time, as the view gives it. */
  static String dateTime(String iso) {
    if (iso == null || iso.length() < 16) {
      return iso;
    }
    return iso.substring(0, 10) + " " + iso.substring(11, 16);
  }

  /** The form as plain text: the dispatch mail's body carries it, for readers that do not open the PDF. */
  public String text() {
    StringBuilder b = new StringBuilder("《").append(title).append("》\n\n");
    for (Field x : fields) {
      b.append("【").append(x.label()).append("】").append(x.value().contains("\n") ? "\n" : "").append(x.value()).append('\n');
    }
    return b.toString();
  }
}
