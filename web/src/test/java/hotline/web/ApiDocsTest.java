package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The OpenAPI document browsable at /api/docs (Swagger UI): public, no inline script, its files served as such. */
class ApiDocsTest extends ApiTestBase {

  private static final Pattern SCRIPT = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL);

  private static String csp(Res r) {
    return r.raw().headers().firstValue("Content-Security-Policy").orElse("");
  }

  @Test
  void pageNeedsNoSignInAndHasNoInlineScript() throws Exception {
    Res page = get(null, "/api/docs").expect(200);
    assertTrue(page.contentType().startsWith("text/html"), page.contentType());
    assertTrue(page.body().contains("src=\"/api/docs/swagger-ui-bundle.js\""), page.body());
    assertTrue(page.body().contains("src=\"/api/docs/api-docs.js\""), page.body());
    assertTrue(page.body().contains("href=\"/api/docs/swagger-ui.css\""), page.body());
    Matcher m = SCRIPT.matcher(page.body());
    int scripts = 0;
    while (m.find()) {
      scripts++;
      assertTrue(m.group(1).contains("src="), "a script without src: " + m.group());
      assertTrue(m.group(2).isBlank(), "inline script: " + m.group());
    }
    assertEquals(2, scripts);
    String policy = csp(page);
    assertTrue(policy.contains("script-src 'self'"), policy);
    String scriptSrc = policy.replaceAll(".*script-src ([^;]*).*", "$1");
    assertFalse(scriptSrc.contains("unsafe"), policy);
    assertEquals("nosniff", page.raw().headers().firstValue("X-Content-Type-Options").orElse(""));
    // Public like /api/openapi.json: a stale token does not stand in the way.
    assertEquals(200, call("GET", "/api/docs", null, null, Map.of("Authorization", "Bearer no-such-token")).status());
    assertEquals(200, get(adminToken, "/api/docs").status());
  }

  @Test
  void bundleStylesAndInitializerAreServedWithTheirTypes() throws Exception {
    Res bundle = get(null, "/api/docs/swagger-ui-bundle.js").expect(200);
    assertTrue(bundle.contentType().startsWith("text/javascript"), bundle.contentType());
    assertTrue(bundle.raw().body().length > 1_000_000, "the whole bundle: " + bundle.raw().body().length);
    assertTrue(bundle.body().contains("SwaggerUIBundle"));
    assertFalse(csp(bundle).isEmpty());
    assertTrue(bundle.raw().headers().firstValue("Cache-Control").orElse("").startsWith("public"));

    Res init = get(null, "/api/docs/api-docs.js").expect(200);
    assertTrue(init.contentType().startsWith("text/javascript"), init.contentType());
    assertTrue(init.body().contains("'/api/openapi.json'"), init.body());

    Res css = get(null, "/api/docs/swagger-ui.css").expect(200);
    assertTrue(css.contentType().startsWith("text/css"), css.contentType());
    assertTrue(get(null, "/api/docs/favicon-32x32.png").expect(200).contentType().startsWith("image/png"));
  }

  @Test
  void onlyTheListedFilesAreServed() throws Exception {
    for (String path : new String[] {"/api/docs/index.css", "/api/docs/swagger-initializer.js", "/api/docs/pom.properties",
        "/api/docs/..%2Fopenapi.json"}) {
      Res r = get(null, path);
      assertEquals(404, r.status(), path + ": " + r.body());
      assertEquals("not_found", r.error().getString("code"), path);
    }
  }
}
