package hotline.forms;

import static hotline.forms.FormCases.contact;
import static hotline.forms.FormCases.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** A case view as the form's values by key, and as the plain text of the dispatch mail. */
class RecordFormTest {

  @Test
  void everyKeyHasItsValue() {
    RecordForm f = RecordForm.of(view("complaint", contact(), false, true), null);
    assertEquals("complaint", f.kind());
    assertEquals("客户投诉受理监督记录表", f.title());
    assertEquals("2026-000123", f.value(FormKey.NUMBER));
    assertEquals("投诉", f.value(FormKey.KIND));
    assertEquals("电话", f.value(FormKey.CHANNEL));
    assertEquals("2026-02-12 10:00", f.value(FormKey.RECEIVED_AT));
    assertEquals("受理员甲", f.value(FormKey.OWNER));
    assertEquals("零售客户", f.value(FormKey.PARTY_TYPE));
    assertEquals("张镕", f.value(FormKey.CONTACT_NAME));
    assertEquals("13800138000、0755-12345678", f.value(FormKey.CONTACT_PHONES));
    assertEquals("李喆", f.value(FormKey.RESPONDENT_PERSON));
    assertEquals("堃记烟酒店", f.value(FormKey.RESPONDENT_UNIT));
    assertEquals("第2次派单", f.value(FormKey.DISPATCH_ROUND));
    assertEquals("宝安区局", f.value(FormKey.DISPATCH_UNIT));
    assertEquals("王喆主任", f.value(FormKey.DISPATCH_CONTACT));
    assertEquals("电子邮件", f.value(FormKey.DISPATCH_METHOD));
    assertEquals("2026-02-12 11:00", f.value(FormKey.DISPATCHED_AT));
    assertEquals("2026-02-24 17:30（2个工作日）", f.value(FormKey.DUE_AT));
    assertEquals("整顿办督办", f.value(FormKey.SUPERVISED_BY));
    assertEquals("客户不满意", f.value(FormKey.DISPATCH_REASON));
    assertEquals("2026-02-20 16:05", f.value(FormKey.FEEDBACK_AT));
    assertEquals("满意", f.value(FormKey.SATISFACTION));
    assertEquals("已签收", f.value(FormKey.RECEIPT_RECEIVER));
    assertEquals("2026-02-12 14:20", f.value(FormKey.RECEIPT_AT));
    assertEquals("电话按键确认", f.value(FormKey.RECEIPT_METHOD));
    assertNull(f.value(FormKey.ANSWER), "a complaint answered nothing on the spot");
  }

  @Test
  void theDispatchGivenIsTheOneOnTheForm() {
    JsonObject v = view("complaint", contact(), false, false);
    JsonObject first = new JsonObject().put("round", 1).put("unitName", "福田区局").put("dueAt", "2026-02-14T17:30:00+08:00")
        .put("workingDays", 2).put("provisional", true);
    RecordForm f = RecordForm.of(v, first);
    assertEquals("第1次派单", f.value(FormKey.DISPATCH_ROUND));
    assertEquals("2026-02-14 17:30（2个工作日），暂定", f.value(FormKey.DUE_AT));
    assertTrue(f.text().contains("【签收人】________\n【签收时间】________\n"), f.text());
  }

  @Test
  void aMaskedReporterIsConfidentialInEveryField() {
    RecordForm f = RecordForm.of(view("report", null, false, false), null);
    for (FormKey k : new FormKey[] {FormKey.CONTACT_NAME, FormKey.CONTACT_PHONES, FormKey.CONTACT_EMAIL, FormKey.CONTACT_ADDRESS}) {
      assertEquals("（保密）", f.value(k), k.key());
    }
    assertFalse(f.text().contains("张镕"));
    assertTrue(f.text().contains("【联系人】（保密）\n"), f.text());
    assertTrue(f.text().contains("【被举报人】李喆\n"), f.text());
  }

  @Test
  void anAnonymousCallerIsAnonymous() {
    RecordForm f = RecordForm.of(view("report", null, true, false), null);
    assertEquals("匿名", f.value(FormKey.CONTACT_NAME));
    assertNull(f.value(FormKey.CONTACT_PHONES));
    JsonObject revealed = view("report", new JsonObject().put("name", null).put("phones", new JsonArray()), true, false);
    assertEquals("匿名", RecordForm.of(revealed, null).value(FormKey.CONTACT_NAME));
  }

  @Test
  void anInquirysAnswerIsTheOneGivenOnTheSpotElseTheUnitsFeedback() {
    JsonObject v = view("inquiry", contact(), false, false);
    RecordForm dispatched = RecordForm.of(v, null);
    assertEquals("经核查，该店已被责令整改，涉案卷烟已依法扣押。", dispatched.value(FormKey.ANSWER));
    assertFalse(dispatched.text().contains("【答复】"), "the text says it once, as 办理结果");
    v.getJsonArray("timeline").add(new JsonObject().put("action", "answer").put("note", "零售许可证可在政务网办理。"));
    RecordForm answered = RecordForm.of(v, null);
    assertEquals("零售许可证可在政务网办理。", answered.value(FormKey.ANSWER));
    assertTrue(answered.text().contains("【答复】零售许可证可在政务网办理。\n"), answered.text());
  }

  @Test
  void theTextKeepsItsLabelsAndOrder() {
    String text = RecordForm.of(view("complaint", contact(), false, false), null).text();
    assertTrue(text.startsWith("《客户投诉受理监督记录表》\n\n【受理编号】2026-000123\n【类别】投诉\n【受理渠道】电话\n"
        + "【受理时间】2026-02-12 10:00\n【受理人】受理员甲\n【客户类别】零售客户\n【联系人】张镕\n"), text);
    assertTrue(text.contains("【领导批示】请宝安区局两日内核实处理，结果报整顿办。\n【派单轮次】第2次派单\n"), text);
    assertTrue(text.contains("【内容】\n在某零售店"), text);
    assertTrue(text.endsWith("【签收人】________\n【签收时间】________\n"), text);
  }

  @Test
  void aKeptFormIsTheSameFormWhenReadBack() {
    for (RecordForm f : java.util.List.of(RecordForm.of(view("complaint", contact(), false, true), null),
        RecordForm.of(view("report", null, false, false), null), RecordForm.of(view("inquiry", contact(), false, false), null),
        new RecordForm("受理记录表", "X-1", java.util.List.of(new RecordForm.Field("主题", "测试"))))) {
      JsonObject kept = new JsonObject(f.toJson().encode());
      assertEquals(f, RecordForm.fromJson(kept), kept::encode);
      assertEquals(f.text(), RecordForm.fromJson(kept).text());
    }
    JsonObject later = RecordForm.of(view("complaint", contact(), false, false), null).toJson();
    later.getJsonObject("values").put("someKeyOfALaterRelease", "x");
    assertEquals(RecordForm.of(view("complaint", contact(), false, false), null), RecordForm.fromJson(later));
  }
}
