package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.Addresses;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What the server compresses and what browsers may keep: text is gzipped for a client that accepts it, a record-form
 * PDF is sent as it is (with its length), the event stream is never compressed (each event must arrive at once); the
 * console's files are kept but checked each time (a 304 when unchanged), a WebJar's versioned files for a year; and
 * every file the shell preloads is there.
 */
class CompressionAndCachingTest extends ApiTestBase {

  static final Map<String, String> GZIP = Map.of("Accept-Encoding", "gzip");

  @Test
  void textIsCompressedForAClientThatAcceptsItAndReadsBackTheSame() throws Exception {
    Res plain = get(null, "/app.js");
    Res zipped = call("GET", "/app.js", null, null, GZIP);
    assertEquals(200, zipped.status());
    assertEquals("gzip", header(zipped, "Content-Encoding"));
    assertTrue(header(zipped, "Vary").toLowerCase().contains("accept-encoding"), "caches keep one copy per encoding");
    byte[] wire = zipped.raw().body();
    assertTrue(wire.length < plain.body().getBytes(StandardCharsets.UTF_8).length, "smaller on the wire");
    assertEquals(plain.body(), new String(new GZIPInputStream(new ByteArrayInputStream(wire)).readAllBytes(), StandardCharsets.UTF_8));
    assertEquals("", header(plain, "Content-Encoding"), "and plain for a client that does not");
    // Again on the same connection, after answers of both kinds: each as it says (HTTP/1.1; see WebVerticle on h2c).
    Res zippedAgain = call("GET", "/app.js", null, null, GZIP);
    assertEquals(HttpClient.Version.HTTP_1_1, zippedAgain.raw().version());
    assertEquals(plain.body(), new String(new GZIPInputStream(new ByteArrayInputStream(zippedAgain.raw().body())).readAllBytes(),
        StandardCharsets.UTF_8));
    // The API's JSON too.
    Res doc = call("GET", "/api/openapi.json", null, null, GZIP);
    assertEquals("gzip", header(doc, "Content-Encoding"));
  }

  @Test
  void aRecordFormPdfIsSentAsItIsWithItsLength() throws Exception {
    User agent = user("gz-agent", null, "agent");
    long id = post(agent.token(), "/api/cases", complaint("卷烟疑似假冒")).expect(201).json().getLong("id");
    Res pdf = call("GET", "/api/cases/" + id + "/record-form", agent.token(), null, GZIP);
    Assumptions.assumeTrue(pdf.status() != 503, "no CJK font on this machine: no record form to send");
    assertEquals(200, pdf.status(), pdf.body());
    assertTrue(pdf.contentType().startsWith("application/pdf"), pdf.contentType());
    assertEquals("", header(pdf, "Content-Encoding"), "a PDF is compressed inside already");
    assertEquals(String.valueOf(pdf.raw().body().length), header(pdf, "Content-Length"));
    assertEquals("%PDF", new String(pdf.raw().body(), 0, 4, StandardCharsets.US_ASCII));
  }

  @Test
  void theEventStreamIsNeverCompressedSoEachEventArrivesAtOnce() throws Exception {
    User agent = user("gz-sse", null, "agent");
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events"))
        .header("Authorization", "Bearer " + agent.token()).header("Accept", "text/event-stream")
        .header("Accept-Encoding", "gzip").build();
    HttpResponse<Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Encoding").orElse("identity").equals("identity"),
        "no compression on the stream: " + response.headers().map());
    Iterator<String> lines = response.body().iterator();
    CompletableFuture<String> pop = CompletableFuture.supplyAsync(() -> {
      while (lines.hasNext()) {
        String line = lines.next();
        if (line.startsWith("data: ") && line.contains("gz.1")) {
          return line;
        }
      }
      return null;
    });
    // Once the stream is open (its retry line is out), one small event: it arrives by itself, not when a block fills.
    Thread.sleep(300);
    vertx.eventBus().publish(Addresses.screenPop(agent.id()), new JsonObject().put("phase", "ringing").put("linkedid", "gz.1"));
    String data = pop.get(5, TimeUnit.SECONDS);
    assertTrue(data.contains("\"linkedid\":\"gz.1\""), data);
    response.body().close();
  }

  @Test
  void theConsolesFilesAreCheckedEachTimeAndTheWebJarsKeptForAYear() throws Exception {
    Res app = get(null, "/app.js");
    assertEquals("no-cache", header(app, "Cache-Control"), "a new release is picked up at the next load");
    String lastModified = header(app, "Last-Modified");
    assertFalse(lastModified.isEmpty(), "a validator");
    Res again = call("GET", "/app.js", null, null, Map.of("If-Modified-Since", lastModified));
    assertEquals(304, again.status());
    assertEquals("", again.body());
    Res shell = get(null, "/");
    assertEquals("no-cache", header(shell, "Cache-Control"));
    Res vue = get(null, "/webjars/vue/3.5.13/dist/vue.runtime.esm-browser.prod.js");
    assertEquals(200, vue.status());
    assertTrue(header(vue, "Cache-Control").contains("max-age=31536000"), header(vue, "Cache-Control"));
    // ECharts from its mvnpm jar, for the statistics page.
    Res echarts = get(null, "/_static/echarts/5.6.0/dist/echarts.esm.min.js");
    assertEquals(200, echarts.status());
    assertTrue(header(echarts, "Content-Type").contains("javascript"), header(echarts, "Content-Type"));
    assertTrue(header(echarts, "Cache-Control").contains("max-age=31536000"), header(echarts, "Cache-Control"));
    // The API's answers are one person's view: never kept.
    assertEquals("no-store", header(get(adminToken, "/api/me"), "Cache-Control"));
  }

  @Test
  void everyFileTheShellPreloadsIsThere() throws Exception {
    Matcher m = Pattern.compile("<link rel=\"(?:modulepreload|preload)\" href=\"([^\"]+)\"").matcher(get(null, "/").body());
    List<String> preloaded = new ArrayList<>();
    while (m.find()) {
      preloaded.add(m.group(1));
    }
    assertTrue(preloaded.size() >= 5, "the shell preloads the sign-in page's and the desk's modules: " + preloaded);
    for (String href : preloaded) {
      assertEquals(200, get(null, href).status(), href);
    }
    // ECharts (a megabyte) is for the statistics page only: the desk never loads it.
    assertTrue(preloaded.stream().noneMatch(href -> href.contains("echarts") || href.contains("/pages/stats/")),
        "the statistics page and its charts load when opened: " + preloaded);
  }

  private static String header(Res r, String name) {
    return r.raw().headers().firstValue(name).orElse("");
  }
}
