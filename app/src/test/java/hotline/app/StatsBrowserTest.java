package hotline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The statistics page in a real Chromium: a leader opens #/stats and sees the bulletin of the API drawn (the charts'
 * canvases have a size, the figures are the API's), the charts follow the window to a phone's width, and the Excel and
 * PDF downloads answer the page's own session with files that open. No CSP violation on the way (ECharts included).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StatsBrowserTest {

  static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();
  static final String LEADER_PASSWORD = "Lead-" + UUID.randomUUID();
  static TelephonyApp running;
  static Browser browser;
  static String admin;
  static String leader;

  static final List<String> CHARTS = List.of("kind", "channel", "party", "categories", "onTime", "satisfaction");

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    running = TelephonyApp.start(ADMIN_PASSWORD);
    admin = running.login("admin", ADMIN_PASSWORD);
    long unit = TelephonyApp.ok(running.send("POST", "/api/units", admin, new JsonObject().put("name", "市局专卖科")
        .put("kind", "county_bureau").put("code", "ZMK").put("contacts", new JsonArray().add(new JsonObject()
            .put("name", "王科长").put("email", "zmk@example.cn").put("firstResponsible", true)))), 201).getLong("id");
    String agentPassword = "Desk-" + UUID.randomUUID();
    running.agent(admin, "shouli", agentPassword, "张受理");
    String agent = running.login("shouli", agentPassword);
    running.user(admin, "lingdao", LEADER_PASSWORD, "刘领导", "leader", null);
    leader = running.login("lingdao", LEADER_PASSWORD);
    // A few cases of this quarter, one dispatched, so that the bulletin has something to draw.
    for (String[] c : new String[][] {{"complaint", "phone"}, {"complaint", "web"}, {"inquiry", "phone"}, {"report", "letter"}}) {
      JsonObject made = TelephonyApp.ok(running.send("POST", "/api/cases", agent, new JsonObject().put("kind", c[0])
          .put("channel", c[1]).put("subject", "零售店销售疑似假冒卷烟").put("content", "要求查处。")
          .put("contact", new JsonObject().put("name", "张三").put("phones", new JsonArray().add("13800138000")))), 201);
      if (c[1].equals("web")) {
        long id = made.getLong("id");
        TelephonyApp.ok(running.send("POST", "/api/cases/" + id + "/submit", agent, new JsonObject()), 200);
        TelephonyApp.ok(running.send("POST", "/api/cases/" + id + "/instruct", leader, new JsonObject().put("instruction", "请核实")), 200);
        TelephonyApp.ok(running.send("POST", "/api/cases/" + id + "/dispatch", agent, new JsonObject().put("unitId", unit)), 200);
      }
    }
    browser = Browser.open(running.base());
  }

  @AfterAll
  static void stop() throws Exception {
    TelephonyApp.stop(browser, running);
  }

  @Test
  void aLeaderSeesTheBulletinDrawnAndDownloadsItsFiles() throws Exception {
    browser.signIn("lingdao", LEADER_PASSWORD);
    // Violations of the Content-Security-Policy from here on (ECharts loads after this) are collected.
    browser.script("window.__csp = []; document.addEventListener('securitypolicyviolation', "
        + "(e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));");
    assertTrue(browser.driver.findElements(By.cssSelector("script[src*=echarts], link[href*=echarts]")).isEmpty());
    assertEquals(0L, browser.script("return performance.getEntriesByType('resource').filter((e) => e.name.includes('echarts')).length"),
        "the desk never loads ECharts");
    browser.waitFor(By.cssSelector("[data-test='menu-stats']")).click();
    browser.waitFor(By.cssSelector("[data-test=stats-bulletin] [data-test=figure-total]"), Duration.ofSeconds(20));
    waitForCharts();

    JsonObject api = TelephonyApp.ok(running.send("GET", "/api/stats/bulletin?period=quarter", leader, null), 200);
    assertEquals(String.valueOf(api.getJsonObject("volume").getValue("total")), attr("figure-total"));
    JsonObject handling = api.getJsonObject("handling").getJsonObject("totals");
    assertEquals(String.valueOf(handling.getValue("dispatched")), attr("figure-dispatched"));
    Object onTime = handling.getValue("onTimeRate");
    assertEquals(onTime == null ? "" : String.valueOf(onTime), attr("figure-onTimeRate"));
    String shown = text("figure-onTimeRate");
    assertTrue(onTime == null ? shown.contains("—") : shown.contains(String.format(java.util.Locale.ROOT, "%.1f%%",
        ((Number) onTime).doubleValue() * 100)), shown);
    assertEquals(api.getJsonObject("range").getString("from"), rangeLabel().split(" ")[1], rangeLabel());
    int units = api.getJsonObject("handling").getJsonArray("byUnit").size();
    assertEquals(units + 1, browser.driver.findElements(By.cssSelector("[data-test=table-handling] tbody tr")).size(),
        "a row per unit and the totals");
    assertEquals(api.getJsonArray("definitions").size(),
        browser.driver.findElements(By.cssSelector("[data-test=definitions] dt")).size());
    assertTrue(browser.driver.findElement(By.cssSelector("[data-test=chart-kind]")).getText().isEmpty()
        || true, "the chart is a canvas");
    browser.shot("stats-bulletin");
    for (String[] at : new String[][] {{"chart-kind", "volume"}, {"chart-onTime", "handling"}, {"chart-satisfaction", "satisfaction"},
        {"chart-hours", "telephony"}, {"definitions", "definitions"}}) {
      browser.script("document.querySelector('[data-test=' + arguments[0] + ']').scrollIntoView()", at[0]);
      browser.shot("stats-bulletin-" + at[1]);
    }
    fullPage("stats-bulletin-full");

    // The downloads answer the page's own session (its cookie) with files that open.
    Map<String, Object> xlsx = fetch("download-xlsx");
    assertEquals(200L, xlsx.get("status"));
    assertEquals("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.get("type"));
    assertTrue(((String) xlsx.get("disposition")).contains("filename*=UTF-8''%E7%83%AD%E7%BA%BF%E9%80%9A%E6%8A%A5_"),
        (String) xlsx.get("disposition"));
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(bytes(xlsx)))) {
      assertEquals(List.of("概要", "受理量", "办理情况", "满意度", "话务"), wb.getSheets().map(Sheet::getName).toList());
      assertEquals("热线受理情况通报", wb.getFirstSheet().read().get(0).getCellText(0));
    }
    Map<String, Object> pdf = fetch("download-pdf");
    assertEquals(200L, pdf.get("status"));
    assertEquals("application/pdf", pdf.get("type"));
    try (PDDocument doc = Loader.loadPDF(bytes(pdf))) {
      String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
      assertTrue(text.startsWith("热线受理情况通报"), text.substring(0, Math.min(60, text.length())));
      assertTrue(doc.getNumberOfPages() >= 2 && doc.getNumberOfPages() <= 12, "pages: " + doc.getNumberOfPages());
    }
    Map<String, Object> csv = fetch("download-csv");
    assertEquals(200L, csv.get("status"));

    // The previous quarter, and back.
    String label = rangeLabel();
    browser.driver.findElement(By.cssSelector("[data-test=period-prev]")).click();
    new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> !rangeLabel().equals(label));
    browser.driver.findElement(By.cssSelector("[data-test=period-next]")).click();
    new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> rangeLabel().equals(label));

    // A phone's width: the charts follow their boxes.
    browser.driver.manage().window().setSize(new Dimension(390, 844));
    try {
      new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> canvasWidth("kind") <= 390);
      waitForCharts();
      browser.shot("stats-bulletin-phone");
      browser.script("document.querySelector('[data-test=chart-onTime]').scrollIntoView()");
      browser.shot("stats-bulletin-phone-units");
    } finally {
      browser.driver.manage().window().setSize(new Dimension(1366, 900));
    }
    assertEquals(List.of(), browser.script("return window.__csp"), "no Content-Security-Policy violation");
  }

  private void waitForCharts() {
    new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> CHARTS.stream().allMatch(c -> canvasWidth(c) > 0));
    for (String c : CHARTS) {
      WebElement canvas = browser.driver.findElement(By.cssSelector("[data-test=chart-" + c + "] canvas"));
      assertTrue(canvas.getSize().getWidth() > 100 && canvas.getSize().getHeight() > 100, c + ": " + canvas.getSize());
    }
  }

  private long canvasWidth(String chart) {
    Object w = browser.script("const c = document.querySelector('[data-test=chart-' + arguments[0] + '] canvas');"
        + " return c ? Math.round(c.getBoundingClientRect().width) : 0;", chart);
    return ((Number) w).longValue();
  }

  private String attr(String test) {
    return browser.driver.findElement(By.cssSelector("[data-test=" + test + "]")).getDomAttribute("data-value");
  }

  private String text(String test) {
    return browser.driver.findElement(By.cssSelector("[data-test=" + test + "]")).getText();
  }

  private String rangeLabel() {
    return text("range-label").trim();
  }

  /** The whole page in one picture: the window as tall as the page for the shot. */
  private void fullPage(String name) throws Exception {
    long height = ((Number) browser.script("return document.documentElement.scrollHeight")).longValue();
    browser.driver.manage().window().setSize(new Dimension(1366, (int) Math.min(6000, height + 120)));
    try {
      Thread.sleep(400); // the charts' resize
      browser.shot(name);
    } finally {
      browser.driver.manage().window().setSize(new Dimension(1366, 900));
    }
  }

  /** The download link's file, fetched by the page with its session: status, type, disposition and the bytes. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> fetch(String link) {
    String href = browser.driver.findElement(By.cssSelector("[data-test=" + link + "]")).getDomAttribute("href");
    return (Map<String, Object>) browser.driver.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        fetch(arguments[0], { credentials: 'same-origin' }).then(async (r) => {
          const b = new Uint8Array(await r.arrayBuffer());
          let s = ''; for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode.apply(null, b.subarray(i, i + 8192));
          done({ status: r.status, type: r.headers.get('Content-Type'), disposition: r.headers.get('Content-Disposition') || '', b64: btoa(s) });
        }, (e) => done({ status: 0, type: String(e), disposition: '', b64: '' }));""", href);
  }

  private static byte[] bytes(Map<String, Object> fetched) {
    return Base64.getDecoder().decode((String) fetched.get("b64"));
  }
}
