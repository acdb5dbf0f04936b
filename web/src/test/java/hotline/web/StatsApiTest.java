package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/stats/bulletin} over HTTP: who may read it, its periods, its CSV, and no reporter in either. */
class StatsApiTest extends ApiTestBase {

  static User agent;
  static User leader;
  static User supervisor;
  static User responder;

  @BeforeAll
  static void cases() throws Exception {
    long unit = unit("宝安区局统计", "county_bureau", null);
    agent = user("st-agent", null, "agent");
    leader = user("st-leader", null, "leader");
    supervisor = user("st-super", null, "supervisor");
    responder = user("st-unit", String.valueOf(unit), "unit_responder");
    post(agent.token(), "/api/cases", complaint("假烟")).expect(201);
    post(agent.token(), "/api/cases", new JsonObject().put("kind", "report").put("channel", "phone").put("partyType", "employee")
        .put("content", "举报某单位违规。").put("contact", new JsonObject().put("name", "王举报").put("phones",
            new io.vertx.core.json.JsonArray().add("13912345678")))).expect(201);
  }

  @Test
  void leadersAndTheSupervisionOfficeReadItOthersAreRefused() throws Exception {
    JsonObject b = get(leader.token(), "/api/stats/bulletin").expect(200).json();
    assertEquals("2026年第一季度", b.getJsonObject("range").getString("label"));
    assertEquals("2026-01-01", b.getJsonObject("range").getString("from"));
    assertEquals(2, b.getJsonObject("volume").getLong("total"));
    assertEquals(false, b.getJsonObject("telephony").getBoolean("available"));
    get(supervisor.token(), "/api/stats/bulletin?period=week&date=2026-02-12").expect(200);
    for (User u : new User[] {agent, responder}) {
      assertEquals(403, get(u.token(), "/api/stats/bulletin").status());
    }
    assertEquals(403, get(adminToken, "/api/stats/bulletin").status());
    assertEquals(401, get(null, "/api/stats/bulletin").status());
  }

  @Test
  void badPeriodsAreRefusedNamingTheField() throws Exception {
    Res r = get(leader.token(), "/api/stats/bulletin?from=2020-01-01&to=2026-01-01").expect(400);
    assertEquals("from", r.error().getString("field"));
    assertEquals("统计范围最长3年。", r.error().getString("message"));
    assertEquals("to", get(leader.token(), "/api/stats/bulletin?from=2026-02-01&to=2026-01-01").expect(400).error().getString("field"));
    assertEquals("period", get(leader.token(), "/api/stats/bulletin?period=decade").expect(400).error().getString("field"));
    assertEquals("date", get(leader.token(), "/api/stats/bulletin?period=week&date=2026-13-01").expect(400).error().getString("field"));
    assertEquals("format", get(leader.token(), "/api/stats/bulletin?format=docx").expect(400).error().getString("field"));
    assertEquals("period", get(leader.token(), "/api/stats/bulletin?period=week&period=month").expect(400).error().getString("field"));
    Res en = call("GET", "/api/stats/bulletin?from=2026-02-01&to=2026-01-01", leader.token(), null, Map.of("Accept-Language", "en"));
    assertEquals("The end date is before the start date.", en.error().getString("message"));
  }

  @Test
  void csvForExcelWithAChineseFileName() throws Exception {
    Res r = get(leader.token(), "/api/stats/bulletin?period=month&date=2026-02-12&format=csv").expect(200);
    assertEquals("text/csv; charset=utf-8", r.contentType());
    String disposition = r.raw().headers().firstValue("Content-Disposition").orElseThrow();
    assertTrue(disposition.startsWith("attachment; filename=\"hotline-bulletin-2026-02.csv\"; filename*=UTF-8''"), disposition);
    assertTrue(disposition.endsWith(java.net.URLEncoder.encode("热线通报_2026-02.csv", java.nio.charset.StandardCharsets.UTF_8)), disposition);
    byte[] bytes = r.raw().body();
    assertEquals(0xEF, bytes[0] & 0xFF);
    assertEquals(0xBB, bytes[1] & 0xFF);
    assertEquals(0xBF, bytes[2] & 0xFF);
    assertTrue(r.body().contains("\r\n受理总量\r\n受理总量,未分类\r\n2,2\r\n"), r.body());
    Res en = get(leader.token(), "/api/stats/bulletin?period=month&date=2026-02-12&format=csv&lang=en").expect(200);
    assertTrue(en.body().startsWith("\uFEFFHotline bulletin,February 2026\r\n"), en.body().substring(0, 40));
    assertTrue(en.raw().headers().firstValue("Content-Disposition").orElseThrow().contains("Hotline%20bulletin_2026-02.csv"));
  }

  @Test
  void noReporterInTheJsonOrTheCsv() throws Exception {
    for (String q : new String[] {"", "?format=csv", "?lang=en", "?format=csv&lang=en"}) {
      String body = get(leader.token(), "/api/stats/bulletin" + q).expect(200).body();
      assertFalse(body.contains("王举报") || body.contains("13912345678") || body.contains("张三"), body);
    }
  }
}
