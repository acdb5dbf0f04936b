package hotline.web;

import static hotline.testing.Waiting.await;
import hotline.testing.CoreFixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code openapi.json} true to the router: every route is documented, every documented operation exists, and
 * the document holds together (responses, references, path parameters). Needs no database: the pool is lazy and
 * never connects here.
 */
class OpenApiTest {

  private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final Pattern VERTX_PARAM = Pattern.compile(":([A-Za-z0-9_]+)");
  private static final Pattern TEMPLATE_PARAM = Pattern.compile("\\{([^}/]+)}");

  private static CoreFixture fixture;
  private static Router router;
  private static JsonObject doc;

  @BeforeAll
  static void setUp() throws Exception {
    fixture = CoreFixture.builder().unreachableDatabase().poolSize(1).start();
    router = ApiRouter.create(fixture.vertx, fixture.core, new WebSettings("127.0.0.1", 0, 1 << 20, false, 30_000));
    doc = new JsonObject(ApiRouter.openApiDocument());
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void documentIsOpenApi3() {
    String version = doc.getString("openapi");
    assertTrue(version != null && version.startsWith("3."), "openapi must be 3.x, was " + version);
    assertTrue(doc.getJsonObject("info") != null && doc.getJsonObject("info").getString("title") != null, "info.title is required");
    assertFalse(paths().isEmpty(), "the document describes no paths");
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedRouteExists() {
    Set<String> routed = routerOperations();
    Set<String> documented = documentedOperations();

    Set<String> undocumented = new TreeSet<>(routed);
    undocumented.removeAll(documented);
    Set<String> missing = new TreeSet<>(documented);
    missing.removeAll(routed);

    StringBuilder msg = new StringBuilder();
    if (!undocumented.isEmpty()) {
      msg.append("Routes the router has but openapi.json does not describe:\n");
      undocumented.forEach(r -> msg.append("  ").append(r).append('\n'));
    }
    if (!missing.isEmpty()) {
      msg.append("Operations openapi.json describes but the router does not have:\n");
      missing.forEach(r -> msg.append("  ").append(r).append('\n'));
    }
    if (msg.length() > 0) {
      fail(msg.toString());
    }
    assertFalse(routed.isEmpty(), "the router has no routes with a path and a method");
  }

  @Test
  void everyOperationHasResponses() {
    List<String> without = new ArrayList<>();
    forEachOperation((key, op) -> {
      JsonObject responses = op.getJsonObject("responses");
      if (responses == null || responses.isEmpty()) {
        without.add(key);
      }
    });
    assertTrue(without.isEmpty(), "Operations without any response: " + without);
  }

  @Test
  void operationIdsAreUnique() {
    Map<String, String> seen = new LinkedHashMap<>();
    List<String> duplicates = new ArrayList<>();
    forEachOperation((key, op) -> {
      String id = op.getString("operationId");
      if (id != null) {
        String before = seen.put(id, key);
        if (before != null) {
          duplicates.add(id + " (" + before + ", " + key + ")");
        }
      }
    });
    assertTrue(duplicates.isEmpty(), "Duplicate operationIds: " + duplicates);
  }

  @Test
  void everyReferenceResolves() {
    List<String> broken = new ArrayList<>();
    collectRefs(doc, "#", broken);
    assertTrue(broken.isEmpty(), "References that do not resolve:\n  " + String.join("\n  ", broken));
  }

  @Test
  void pathParametersAreDeclared() {
    List<String> problems = new ArrayList<>();
    for (String path : paths().fieldNames()) {
      Set<String> inTemplate = new TreeSet<>();
      Matcher m = TEMPLATE_PARAM.matcher(path);
      while (m.find()) {
        inTemplate.add(m.group(1));
      }
      JsonObject item = paths().getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!HTTP_METHODS.contains(method)) {
          continue;
        }
        Map<String, JsonObject> declared = new LinkedHashMap<>();
        for (JsonObject p : parameters(item.getJsonArray("parameters"))) {
          declared.put(p.getString("in") + ":" + p.getString("name"), p);
        }
        for (JsonObject p : parameters(item.getJsonObject(method).getJsonArray("parameters"))) {
          declared.put(p.getString("in") + ":" + p.getString("name"), p);
        }
        String key = method.toUpperCase(Locale.ROOT) + " " + path;
        Set<String> declaredPath = new TreeSet<>();
        declared.forEach((k, p) -> {
          if ("path".equals(p.getString("in"))) {
            declaredPath.add(p.getString("name"));
            if (!Boolean.TRUE.equals(p.getBoolean("required"))) {
              problems.add(key + ": path parameter '" + p.getString("name") + "' must be required: true");
            }
          }
        });
        for (String name : inTemplate) {
          if (!declaredPath.contains(name)) {
            problems.add(key + ": path parameter '" + name + "' is not declared");
          }
        }
        for (String name : declaredPath) {
          if (!inTemplate.contains(name)) {
            problems.add(key + ": declares path parameter '" + name + "' that is not in the path");
          }
        }
      }
    }
    assertTrue(problems.isEmpty(), "Path parameter problems:\n  " + String.join("\n  ", problems));
  }

  /** The served document is this one, and operations that need a user refuse an anonymous caller as documented. */
  @Test
  void servedDocumentAndAnonymousCallersMatchTheDocument() throws Exception {
    HttpServer server = await(fixture.vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    WebClient client = WebClient.create(fixture.vertx);
    try {
      int port = server.actualPort();
      HttpResponse<Buffer> served = await(client.request(HttpMethod.GET, port, "127.0.0.1", "/api/openapi.json").send());
      assertEquals(200, served.statusCode());
      assertEquals(doc, new JsonObject(served.body()), "GET /api/openapi.json serves another document");

      boolean globalSecurity = doc.getJsonArray("security") != null && !doc.getJsonArray("security").isEmpty();
      List<String> problems = new ArrayList<>();
      for (String path : paths().fieldNames()) {
        JsonObject item = paths().getJsonObject(path);
        for (String method : item.fieldNames()) {
          if (!HTTP_METHODS.contains(method)) {
            continue;
          }
          JsonObject op = item.getJsonObject(method);
          JsonArray security = op.getJsonArray("security");
          boolean needsUser = security == null ? globalSecurity : !security.isEmpty();
          if (!needsUser) {
            continue;
          }
          String key = method.toUpperCase(Locale.ROOT) + " " + path;
          if (!op.getJsonObject("responses", new JsonObject()).containsKey("401")) {
            problems.add(key + ": needs a user but documents no 401");
          }
          String uri = TEMPLATE_PARAM.matcher(path).replaceAll("1");
          HttpResponse<Buffer> r = await(client.request(HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)), port, "127.0.0.1", uri)
              .putHeader("Accept-Language", "en").send());
          if (r.statusCode() != 401) {
            problems.add(key + ": an anonymous caller got " + r.statusCode() + " instead of 401");
          } else {
            JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
            if (error == null || !"unauthorized".equals(error.getString("code")) || error.getString("message") == null) {
              problems.add(key + ": the 401 body is not the documented error shape: " + r.bodyAsString());
            }
          }
        }
      }
      assertTrue(problems.isEmpty(), "Security does not match the document:\n  " + String.join("\n  ", problems));
    } finally {
      client.close();
      await(server.close());
    }
  }

  // ---- helpers

  private static JsonObject paths() {
    JsonObject p = doc.getJsonObject("paths");
    return p == null ? new JsonObject() : p;
  }

  /** "GET /api/cases/{caseId}" for every route with a path and explicit methods. */
  private static Set<String> routerOperations() {
    Set<String> out = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      Set<HttpMethod> methods = route.methods();
      if (path == null || methods == null || methods.isEmpty()) {
        continue; // body, auth, timeout, failure and fallback handlers, and the /api/* prefix
      }
      String template = VERTX_PARAM.matcher(path).replaceAll("{$1}");
      for (HttpMethod m : methods) {
        out.add(m.name().toUpperCase(Locale.ROOT) + " " + template);
      }
    }
    return out;
  }

  private static Set<String> documentedOperations() {
    Set<String> out = new TreeSet<>();
    forEachOperation((key, op) -> out.add(key));
    return out;
  }

  private interface OperationVisitor {
    void visit(String key, JsonObject operation);
  }

  private static void forEachOperation(OperationVisitor visitor) {
    for (String path : paths().fieldNames()) {
      JsonObject item = paths().getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (HTTP_METHODS.contains(method)) {
          visitor.visit(method.toUpperCase(Locale.ROOT) + " " + path, item.getJsonObject(method));
        }
      }
    }
  }

  /** Parameters with their $refs resolved. */
  private static List<JsonObject> parameters(JsonArray raw) {
    List<JsonObject> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    for (Object o : raw) {
      JsonObject p = (JsonObject) o;
      String ref = p.getString("$ref");
      Object resolved = ref == null ? p : resolve(ref);
      if (resolved instanceof JsonObject rp) {
        out.add(rp);
      }
    }
    return out;
  }

  private static void collectRefs(Object node, String where, List<String> broken) {
    if (node instanceof JsonObject o) {
      for (String k : o.fieldNames()) {
        Object v = o.getValue(k);
        if ("$ref".equals(k)) {
          if (!(v instanceof String ref) || resolve(ref) == null) {
            broken.add(where + ": " + v);
          } else if (!ref.startsWith("#/components/")) {
            broken.add(where + ": " + ref + " (not a component)");
          }
        } else {
          collectRefs(v, where + "/" + k, broken);
        }
      }
    } else if (node instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        collectRefs(a.getValue(i), where + "/" + i, broken);
      }
    }
  }

  /** The value a local JSON pointer ({@code #/components/schemas/Case}) names, or null. */
  private static Object resolve(String ref) {
    if (!ref.startsWith("#/")) {
      return null;
    }
    Object node = doc;
    for (String token : ref.substring(2).split("/", -1)) {
      String key = token.replace("~1", "/").replace("~0", "~");
      if (node instanceof JsonObject o && o.containsKey(key)) {
        node = o.getValue(key);
      } else {
        return null;
      }
    }
    return node;
  }

}
