package hotline.forms;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fields a record form can show, each by the key a layout file names it with ({@code contact.phones}) and the
 * label the form's plain text uses. The set is fixed: a layout naming any other key does not load.
 */
public enum FormKey {
  NUMBER("number", "受理编号"),
  KIND("kind", "类别"),
  CHANNEL("channel", "受理渠道"),
  RECEIVED_AT("receivedAt", "受理时间"),
  OWNER("owner", "受理人"),
  PARTY_TYPE("partyType", "客户类别"),
  /** The caller; for a report whose receiver may not see the reporter: （保密）; anonymous: 匿名. */
  CONTACT_NAME("contact.name", "联系人"),
  CONTACT_PHONES("contact.phones", "联系电话"),
  CONTACT_EMAIL("contact.email", "电子邮箱"),
  CONTACT_ADDRESS("contact.address", "联系地址"),
  RESPONDENT_PERSON("respondent.person", "被投诉人"),
  RESPONDENT_UNIT("respondent.unitName", "被投诉单位"),
  SUBJECT("subject", "主题"),
  CONTENT("content", "内容"),
  INSTRUCTION("instruction", "领导批示"),
  /** An inquiry's answer: the one given on the spot, else the unit's feedback. */
  ANSWER("answer", "答复"),
  DISPATCH_ROUND("dispatch.round", "派单轮次"),
  DISPATCH_UNIT("dispatch.unitName", "责任单位"),
  DISPATCH_CONTACT("dispatch.contactName", "第一责任人"),
  DISPATCH_METHOD("dispatch.method", "派单方式"),
  DISPATCHED_AT("dispatch.dispatchedAt", "派单时间"),
  /** The deadline with its working days: {@code 2026-02-24 17:30（2个工作日）}. */
  DUE_AT("dispatch.dueAt", "办理期限"),
  SUPERVISED_BY("dispatch.supervisedBy", "督办"),
  /** Why a further round went out (不满意, 办理不当…). */
  DISPATCH_REASON("dispatch.reason", "派单原因"),
  FEEDBACK("feedback", "办理结果"),
  FEEDBACK_AT("feedbackAt", "反馈时间"),
  SATISFACTION("satisfaction", "回访满意度"),
  RECEIPT_RECEIVER("receipt.receiver", "签收人"),
  RECEIPT_AT("receipt.receivedAt", "签收时间"),
  RECEIPT_METHOD("receipt.method", "签收方式");

  private static final Map<String, FormKey> BY_KEY = Arrays.stream(values())
      .collect(Collectors.toUnmodifiableMap(FormKey::key, Function.identity()));

  private final String key;
  private final String label;

  FormKey(String key, String label) {
    this.key = key;
    this.label = label;
  }

  /** The name layout files use: {@code dispatch.dueAt}. */
  public String key() {
    return key;
  }

  /** The label of the form's plain text (the mail body); layouts print their own. */
  public String label() {
    return label;
  }

  /** The label for a case kind: a report names 被举报人 where a complaint names 被投诉人. */
  public String label(String kind) {
    if ("report".equals(kind) && (this == RESPONDENT_PERSON || this == RESPONDENT_UNIT)) {
      return label.replace("被投诉", "被举报");
    }
    return label;
  }

  /** The key of that name, or null. */
  public static FormKey of(String key) {
    return BY_KEY.get(key);
  }

  /** The receipt's own fields: blank on the form until the unit has signed for it. */
  public boolean receipt() {
    return this == RECEIPT_RECEIVER || this == RECEIPT_AT || this == RECEIPT_METHOD;
  }
}
