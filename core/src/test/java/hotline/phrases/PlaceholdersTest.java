package hotline.phrases;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hotline.users.Principal;
import hotline.users.Role;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Filling a phrase's placeholders from a case view, as a caller hears it. */
class PlaceholdersTest {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final Principal AGENT = new Principal(7, "gh1024", "王坐席", Set.of(Role.AGENT), null);

  @Test
  void aDeadlineIsSaidInTheCentresZoneWithTheYearOnlyWhenItIsAnotherOne() {
    LocalDate today = LocalDate.of(2026, 12, 2);
    assertEquals("12月4日17:30前", Placeholders.deadline(OffsetDateTime.parse("2026-12-04T09:30Z"), SHANGHAI, today));
    assertEquals("2027年1月5日17:30前", Placeholders.deadline(OffsetDateTime.parse("2027-01-05T17:30+08:00"), SHANGHAI, today));
  }

  @Test
  void aMaskedReporterIsAddressedPolitelyAndMissingValuesStayAsWritten() {
    JsonObject view = new JsonObject().put("number", "2026-000042").put("contact", (Object) null)
        .put("currentDispatch", new JsonObject().put("dueAt", "2026-12-04T17:30+08:00").put("unitName", "福田区局"));
    Map<String, String> v = Placeholders.ofCase(AGENT, view, SHANGHAI, LocalDate.of(2026, 12, 2));
    Placeholders.Filled f = Placeholders.fill("{客户称呼}您好，{工号}号为您服务，工单{工单号}由{责任单位}在{办结时限}答复。", v);
    assertEquals("尊敬的客户您好，gh1024号为您服务，工单2026-000042由福田区局在12月4日17:30前答复。", f.text());
    assertEquals(List.of(), f.missing());

    Placeholders.Filled before = Placeholders.fill("由{责任单位}在{办结时限}答复，{未知}照写。$1\\",
        Placeholders.ofCase(AGENT, new JsonObject().put("number", "2026-000043")
            .put("contact", new JsonObject().put("name", " 张三 ")), SHANGHAI, LocalDate.of(2026, 12, 2)));
    assertEquals("由{责任单位}在{办结时限}答复，{未知}照写。$1\\", before.text());
    assertEquals(List.of("责任单位", "办结时限"), before.missing());
    assertEquals("张三先生", Placeholders.fill("{客户称呼}先生", Placeholders.ofCase(AGENT, new JsonObject().put("number", "x")
        .put("contact", new JsonObject().put("name", " 张三 ")), SHANGHAI, LocalDate.of(2026, 12, 2))).text());
  }
}
