package hotline.forms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A case's record form: its kind, title and number, and the value of each {@link FormKey}, from the case as its
 * receiver may see it (a unit never gets a reporter's identity: the view it is built from has none). The dispatch
 * mail's text ({@link #text()}) and its PDF (a {@link FormLayout} picking values by key) are both made from this,
 * so they always say the same.
 *
 * @param kind complaint, inquiry, suggestion or report; null for a form made from fields only
 * @param fields the labelled, non-blank values in the order of the plain text
 * @param values the value of each key that has one (display text, never blank)
 */
public record RecordForm(String kind, String title, String number, List<Field> fields, Map<FormKey, String> values) {

  public record Field(String label, String value) {
  }

  /** What the plain text shows for a receipt not yet signed: a line to fill in. */
  static final String BLANK = "________";

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
  private static final Map<String, String> METHODS = Map.of("email", "电子邮件", "fax", "传真", "hand", "专人送达");
  private static final Map<String, String> REASONS = Map.of(
      "dissatisfied", "客户不满意", "improper", "办理不当", "false_report", "反馈不实", "overdue", "逾期未办结",
      "leader_review", "领导审核退回");
  private static final Map<String, String> SATISFACTION = Map.of(
      "very_satisfied", "非常满意", "satisfied", "满意", "unsatisfied", "不满意", "not_reached", "未联系上");
  private static final Map<String, String> RECEIPTS = Map.of(
      "mail", "邮件回执", "reply", "回复邮件", "callback", "电话按键确认", "by_hand", "当面签收", "feedback", "随反馈确认");
  private static final String CONFIDENTIAL = "（保密）";
  private static final String ANONYMOUS = "匿名";

  public RecordForm {
    fields = List.copyOf(fields);
    values = values.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(values));
  }

  /** A form of labelled fields only, without a kind or keyed values: it renders as a plain table. */
  public RecordForm(String title, String number, List<Field> fields) {
    this(null, title, number, fields, Map.of());
  }

  /** The form of a case view and one of its dispatches (the view's current one when {@code dispatch} is null). */
  public static RecordForm of(JsonObject view, JsonObject dispatch) {
    JsonObject d = dispatch != null ? dispatch : view.getJsonObject("currentDispatch");
    String kind = view.getString("kind");
    Map<FormKey, String> v = new EnumMap<>(FormKey.class);
    put(v, FormKey.NUMBER, view.getString("number"));
    put(v, FormKey.KIND, label(KINDS, kind));
    put(v, FormKey.CHANNEL, label(CHANNELS, view.getString("channel")));
    put(v, FormKey.RECEIVED_AT, dateTime(view.getString("receivedAt")));
    put(v, FormKey.OWNER, view.getJsonObject("owner", new JsonObject()).getString("name"));
    put(v, FormKey.PARTY_TYPE, label(PARTIES, view.getString("partyType")));
    contact(view, v);
    JsonObject respondent = view.getJsonObject("respondent");
    if (respondent != null) {
      put(v, FormKey.RESPONDENT_PERSON, respondent.getString("person"));
      put(v, FormKey.RESPONDENT_UNIT, respondent.getString("unitName"));
    }
    put(v, FormKey.SUBJECT, view.getString("subject"));
    put(v, FormKey.CONTENT, view.getString("content"));
    put(v, FormKey.INSTRUCTION, view.getString("instruction"));
    put(v, FormKey.SATISFACTION, label(SATISFACTION, view.getString("satisfaction")));
    if (d != null) {
      put(v, FormKey.DISPATCH_ROUND, d.getInteger("round") == null ? null : "第" + d.getInteger("round") + "次派单");
      put(v, FormKey.DISPATCH_UNIT, d.getString("unitName"));
      JsonObject dc = d.getJsonObject("contact");
      put(v, FormKey.DISPATCH_CONTACT, dc == null ? null : dc.getString("name"));
      put(v, FormKey.DISPATCH_METHOD, label(METHODS, d.getString("method")));
      put(v, FormKey.DISPATCHED_AT, dateTime(d.getString("dispatchedAt")));
      if (d.getString("dueAt") != null) {
        put(v, FormKey.DUE_AT, dateTime(d.getString("dueAt"))
            + (d.getInteger("workingDays") == null ? "" : "（" + d.getInteger("workingDays") + "个工作日）")
            + (Boolean.TRUE.equals(d.getBoolean("provisional")) ? "，暂定" : ""));
      }
      put(v, FormKey.SUPERVISED_BY, supervision(d.getString("supervisedBy")));
      put(v, FormKey.DISPATCH_REASON, label(REASONS, d.getString("reason")));
      put(v, FormKey.FEEDBACK, d.getString("feedback"));
      put(v, FormKey.FEEDBACK_AT, dateTime(d.getString("feedbackAt")));
      if (d.getString("receivedAt") != null) {
        put(v, FormKey.RECEIPT_RECEIVER, "已签收");
        put(v, FormKey.RECEIPT_AT, dateTime(d.getString("receivedAt")));
        put(v, FormKey.RECEIPT_METHOD, label(RECEIPTS, d.getString("receiptMethod")));
      }
    }
    String answer = answer(view);
    put(v, FormKey.ANSWER, answer != null || !"inquiry".equals(kind) ? answer : v.get(FormKey.FEEDBACK));
    String title = kind != null && TITLES.containsKey(kind) ? TITLES.get(kind) : "受理记录表";
    return new RecordForm(kind, title, view.getString("number"), fields(kind, v), v);
  }

  /**
   * The form as data, to be kept: the form a dispatch sent is taken in the dispatch's own transaction and stored so
   * (on {@code dispatches.form}), and the mail or fax is made from it however late it goes out. Values by their layout
   * key ({@code dispatch.dueAt}); the plain text's fields are made again from them, so only a form of fields alone
   * keeps its fields.
   */
  public JsonObject toJson() {
    JsonObject v = new JsonObject();
    values.forEach((k, value) -> v.put(k.key(), value));
    JsonObject json = new JsonObject().put("kind", kind).put("title", title).put("number", number).put("values", v);
    if (values.isEmpty() && !fields.isEmpty()) {
      JsonArray f = new JsonArray();
      fields.forEach(x -> f.add(new JsonObject().put("label", x.label()).put("value", x.value())));
      json.put("fields", f);
    }
    return json;
  }

  /** A form kept by {@link #toJson()}. A key this release does not know is left out, as a layout would leave it. */
  public static RecordForm fromJson(JsonObject json) {
    Map<FormKey, String> v = new EnumMap<>(FormKey.class);
    json.getJsonObject("values", new JsonObject()).forEach(e -> {
      FormKey k = FormKey.of(e.getKey());
      if (k != null && e.getValue() instanceof String s) {
        put(v, k, s);
      }
    });
    String kind = json.getString("kind");
    List<Field> fields;
    if (v.isEmpty() && json.getJsonArray("fields") != null) {
      fields = json.getJsonArray("fields").stream().map(JsonObject.class::cast)
          .map(f -> new Field(f.getString("label"), f.getString("value"))).toList();
    } else {
      fields = fields(kind, v);
    }
    return new RecordForm(kind, json.getString("title"), json.getString("number"), fields, v);
  }

  /**
   * The caller's identity as the receiver may see it: a masked report's reporter is （保密） in every field, an
   * anonymous caller 匿名 by name.
   */
  private static void contact(JsonObject view, Map<FormKey, String> v) {
    JsonObject contact = view.getJsonObject("contact");
    boolean anonymous = Boolean.TRUE.equals(view.getBoolean("anonymous"));
    if (contact == null && !anonymous && Boolean.TRUE.equals(view.getBoolean("identityMasked"))) {
      for (FormKey k : List.of(FormKey.CONTACT_NAME, FormKey.CONTACT_PHONES, FormKey.CONTACT_EMAIL, FormKey.CONTACT_ADDRESS)) {
        v.put(k, CONFIDENTIAL);
      }
      return;
    }
    put(v, FormKey.CONTACT_NAME, anonymous ? ANONYMOUS : contact == null ? null : contact.getString("name"));
    if (contact != null) {
      JsonArray phones = contact.getJsonArray("phones", new JsonArray());
      put(v, FormKey.CONTACT_PHONES, String.join("、", phones.stream().filter(p -> p != null).map(String::valueOf).toList()));
      put(v, FormKey.CONTACT_EMAIL, contact.getString("email"));
      put(v, FormKey.CONTACT_ADDRESS, contact.getString("address"));
    }
  }

  /** The answer given on the spot: the timeline's last {@code answer} entry. */
  private static String answer(JsonObject view) {
    JsonArray timeline = view.getJsonArray("timeline");
    String answer = null;
    if (timeline != null) {
      for (Object o : timeline) {
        if (o instanceof JsonObject e && "answer".equals(e.getString("action")) && e.getString("note") != null) {
          answer = e.getString("note");
        }
      }
    }
    return answer;
  }

  /** The plain text's fields: every key with a value, the receipt's signer and time as lines to fill in when unsigned. */
  private static List<Field> fields(String kind, Map<FormKey, String> v) {
    List<Field> f = new ArrayList<>();
    for (FormKey k : FormKey.values()) {
      String value = v.get(k);
      if (k == FormKey.ANSWER && value != null && value.equals(v.get(FormKey.FEEDBACK))) {
        continue;
      }
      if (value == null && (k == FormKey.RECEIPT_RECEIVER || k == FormKey.RECEIPT_AT)) {
        value = BLANK;
      }
      if (value != null) {
        f.add(new Field(k.label(kind), value));
      }
    }
    return f;
  }

  private static void put(Map<FormKey, String> v, FormKey k, String value) {
    if (value != null && !value.isBlank()) {
      v.put(k, value);
    }
  }

  /** The value of a key, or null when the case has none. */
  public String value(FormKey key) {
    return values.get(key);
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
