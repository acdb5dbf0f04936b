package hotline.web;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hotline.forms.FormLayouts;
import hotline.forms.FormPdf;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/cases/{caseId}/record-form}: the record form as PDF for whoever may read the case, masked as they may
 * see it (the PDF's own text, read back with PDFBox).
 */
class RecordFormApiTest extends ApiTestBase {

  static final String REPORTER = "赵六";
  static final String REPORTER_PHONE = "13712345678";
  static final String CALLER_PHONE = "13800138000";

  static long countyA;
  static User owner;
  static User agent2;
  static User leader;
  static User responderA;
  static User responderB;
  static JsonObject complaint;
  static JsonObject report;

  @BeforeAll
  static void fileAndDispatch() throws Exception {
    assumeTrue(new FormPdf(Path.of(FormPdf.DEFAULT_FONT)).available(),
        "the CJK font " + FormPdf.DEFAULT_FONT + " is missing (Debian: fonts-wqy-zenhei); skipped");
    long city = unit("市局", "city_bureau", null);
    countyA = unit("宝安区局", "county_bureau", city);
    long countyB = unit("龙岗区局", "county_bureau", city);
    owner = user("owner", null, "agent");
    agent2 = user("agent2", null, "agent");
    leader = user("boss", null, "leader");
    responderA = user("ra", String.valueOf(countyA), "unit_responder");
    responderB = user("rb", String.valueOf(countyB), "unit_responder");

    JsonObject c = complaint("假烟投诉（记录表）");
    c.getJsonObject("contact").put("phones", new JsonArray().add(CALLER_PHONE));
    complaint = dispatched(c);
    report = dispatched(new JsonObject().put("kind", "report").put("channel", "phone").put("partyType", "employee")
        .put("subject", "举报某所工作人员收受好处").put("content", "宝安区局某稽查员长期收受零售户好处费。")
        .put("contact", new JsonObject().put("name", REPORTER).put("phones", new JsonArray().add(REPORTER_PHONE))
            .put("email", "zhao6@example.cn").put("address", "深圳市宝安区某街道"))
        .put("respondent", new JsonObject().put("person", "钱七").put("unitId", countyA)));
  }

  /** Filed by the owner, instructed and dispatched to county A: answers the case. */
  static JsonObject dispatched(JsonObject intake) throws Exception {
    JsonObject c = post(owner.token(), "/api/cases", intake).expect(201).json();
    long id = c.getLong("id");
    post(owner.token(), "/api/cases/" + id + "/submit", new JsonObject()).expect(200);
    post(leader.token(), "/api/cases/" + id + "/instruct", new JsonObject().put("instruction", "请核实处理")).expect(200);
    return post(owner.token(), "/api/cases/" + id + "/dispatch", new JsonObject().put("unitId", countyA)).expect(200).json();
  }

  static String path(JsonObject c) {
    return "/api/cases/" + c.getLong("id") + "/record-form";
  }

  /** The PDF's text, without the spaces and line breaks the layout puts between a value's pieces. */
  static String pdfText(Res r) throws Exception {
    assertEquals("application/pdf", r.contentType());
    try (PDDocument doc = Loader.loadPDF(r.raw().body())) {
      return new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
    }
  }

  static String header(Res r, String name) {
    return r.raw().headers().firstValue(name).orElse("");
  }

  @Test
  void theOwnerGetsTheFormWithTheCallerOnIt() throws Exception {
    Res r = get(owner.token(), path(complaint)).expect(200);
    String number = complaint.getString("number");
    assertEquals("no-store", header(r, "Cache-Control"));
    assertEquals("nosniff", header(r, "X-Content-Type-Options"));
    String disposition = header(r, "Content-Disposition");
    assertTrue(disposition.startsWith("inline; filename=\"record-form-" + number + ".pdf\""), disposition);
    assertTrue(disposition.contains("filename*=UTF-8''" + number + "-"), disposition);
    String text = pdfText(r);
    assertTrue(text.contains("客户投诉受理监督记录表"), text);
    assertTrue(text.contains("受理编号：" + number), text);
    assertTrue(text.contains(CALLER_PHONE), text);
    assertTrue(text.contains("张三"), text);
    assertTrue(text.contains("宝安区局"), "the current dispatch is on it: " + text);

    // By the case number too, as the case itself.
    assertTrue(pdfText(get(owner.token(), "/api/cases/" + number + "/record-form").expect(200)).contains("受理编号：" + number));
  }

  @Test
  void aReportsReporterIsOnTheFormOnlyForThoseWhoMaySeeThem() throws Exception {
    String number = report.getString("number");
    long leaderViews = identityViews("boss");
    for (User u : List.of(owner, leader)) {
      String text = pdfText(get(u.token(), path(report)).expect(200));
      assertTrue(text.contains("客户举报受理监督记录表"), text);
      assertTrue(text.contains(number), text);
      assertTrue(text.contains(REPORTER) && text.contains(REPORTER_PHONE), "user " + u.id() + ": " + text);
    }
    assertEquals(leaderViews + 1, identityViews("boss"), "an unmasked form is an identity view, audited");

    // Another agent reads any case, a report masked; the unit it went to reads it masked too.
    for (User u : List.of(agent2, responderA)) {
      String text = pdfText(get(u.token(), path(report)).expect(200));
      assertTrue(text.contains(number) && text.contains("举报某所工作人员收受好处"), text);
      assertTrue(text.contains("（保密）"), text);
      for (String secret : List.of(REPORTER, REPORTER_PHONE, "zhao6@", "某街道")) {
        assertFalse(text.contains(secret), () -> "user " + u.id() + " sees " + secret + " on the form: " + text);
      }
    }
    assertEquals(0, identityViews("agent2"));
  }

  @Test
  void anotherUnitsResponderFindsNoFormAndNobodySignedInGetsNone() throws Exception {
    Res other = get(responderB.token(), path(report)).expect(404);
    assertEquals("not_found", other.error().getString("code"));
    assertTrue(other.contentType().startsWith("application/json"), other.contentType());
    assertEquals(404, get(responderB.token(), "/api/cases/" + complaint.getString("number") + "/record-form").status());
    assertEquals(404, get(owner.token(), "/api/cases/999999/record-form").status());
    Res anonymous = get(null, path(complaint)).expect(401);
    assertEquals("unauthorized", anonymous.error().getString("code"));
  }

  /** Without the Chinese font there is no form to give: 503, said in the caller's language. */
  @Test
  void withoutTheFontTheFormIsUnavailable() throws Exception {
    FormPdf noFont = new FormPdf(Path.of("/nonexistent/wqy-zenhei.ttc"), FormLayouts.bundled());
    HttpServer server = await(vertx.createHttpServer()
        .requestHandler(ApiRouter.create(vertx, core, new WebSettings("127.0.0.1", 0, 1 << 20, false, 30_000), noFont))
        .listen(0, "127.0.0.1"));
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + server.actualPort() + path(complaint)))
          .header("Authorization", "Bearer " + owner.token()).header("Accept-Language", "en")
          .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(503, r.statusCode(), r.body());
      JsonObject error = new JsonObject(r.body()).getJsonObject("error");
      assertEquals("unavailable", error.getString("code"));
      assertTrue(error.getString("message").contains("font"), error.getString("message"));
    } finally {
      await(server.close());
    }
  }

  static long identityViews(String actor) throws Exception {
    JsonArray items = get(adminToken, "/api/audit?caseId=" + report.getLong("id") + "&action=report.identity.view&size=200")
        .expect(200).json().getJsonArray("items");
    return items.stream().filter(o -> actor.equals(((JsonObject) o).getString("actor"))).count();
  }
}
