package hotline.app;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.config.Config;
import hotline.errors.Messages;
import hotline.testing.CoreFixture;
import hotline.testing.PgTestSupport;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's {@code reset-password} command: on a stopped Hotline's embedded database (refused while a Hotline holds
 * the data dir), and on a configured database while the service runs there; then the user signs in with the temporary
 * password, must change it before anything else, and every earlier token is gone.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ResetPasswordCommandTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern TEMPORARY = Pattern.compile("(?m)^([a-z2-9]{4}(?:-[a-z2-9]{4}){3})$");
  private static final String ADMIN_PASSWORD = CoreFixture.password("admin");

  @TempDir
  Path dataDir;

  /** What a run of the command said and how it ended. */
  private record Run(int status, String out, String err) {
  }

  private static Run command(Config config, String stdin, Locale locale, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = new ResetPasswordCommand(config, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), locale).run(args);
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Config config(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>(Map.of("http.port", "0", "http.host", "127.0.0.1",
        "calendar.dir", "../config/calendar", "admin.password", ADMIN_PASSWORD));
    values.putAll(extra);
    return Config.of(values);
  }

  private static HttpResponse<String> send(int port, String method, String path, String token, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject signIn(int port, String user, String password) throws Exception {
    HttpResponse<String> r = send(port, "POST", "/api/session", null, new JsonObject().put("username", user).put("password", password));
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  private static Hotline start(Vertx vertx, Config config) throws Exception {
    return new Hotline(vertx, config).start().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
  }

  @Test
  void resetsAPasswordOnTheEmbeddedDatabaseOfAStoppedHotline() throws Exception {
    Config config = config(Map.of("data.dir", dataDir.toString()));
    Vertx vertx = Vertx.vertx();
    String before;
    try {
      Hotline running = start(vertx, config);
      before = signIn(running.httpPort(), "admin", ADMIN_PASSWORD).getString("token");
      // While it runs, the command leaves its data dir alone and says which process holds it.
      Run refused = command(config, "", Locale.ENGLISH, "reset-password", "admin");
      assertEquals(1, refused.status(), refused.err());
      assertTrue(refused.err().contains("in use by a running Hotline (process " + ProcessHandle.current().pid() + ")"), refused.err());
      assertTrue(refused.out().isEmpty());
      signIn(running.httpPort(), "admin", ADMIN_PASSWORD);
      await(running.stop());
    } finally {
      await(vertx.close());
    }

    assertEquals(2, command(config, "", Locale.ENGLISH, "reset-password").status(), "no user name: usage");
    Run unknown = command(config, "", Locale.ENGLISH, "reset-password", "nobody");
    assertEquals(1, unknown.status());
    assertEquals("The password was not reset: There is no user \"nobody\".", unknown.err().strip());
    Run weak = command(config, "12345678\n", Messages.CHINESE, "reset-password", "admin", "--password-stdin");
    assertEquals(1, weak.status());
    assertTrue(weak.err().startsWith("密码未重置：“password”：该密码太容易被猜到"), weak.err());

    Run reset = command(config, "", Locale.ENGLISH, "reset-password", "admin");
    assertEquals(0, reset.status(), reset.err());
    Matcher m = TEMPORARY.matcher(reset.out());
    assertTrue(m.find(), reset.out());
    String temporary = m.group(1);
    assertTrue(reset.out().contains("Temporary password for user \"admin\""), reset.out());
    assertTrue(reset.out().contains("Tokens revoked: 2."), "both sessions of the first start: " + reset.out());

    Vertx again = Vertx.vertx();
    try {
      Hotline h = start(again, config);
      int port = h.httpPort();
      assertEquals(401, send(port, "GET", "/api/me", before, null).statusCode(), "tokens from before the reset are revoked");
      assertEquals(401, send(port, "POST", "/api/session", null,
          new JsonObject().put("username", "admin").put("password", ADMIN_PASSWORD)).statusCode(), "the old password is gone");
      JsonObject session = signIn(port, "admin", temporary);
      assertTrue(session.getBoolean("mustChangePassword"));
      String token = session.getString("token");
      assertTrue(new JsonObject(send(port, "GET", "/api/me", token, null).body()).getBoolean("mustChangePassword"));
      assertEquals(403, send(port, "GET", "/api/users", token, null).statusCode(), "nothing else before the change");
      HttpResponse<String> changed = send(port, "PUT", "/api/me/password", token,
          new JsonObject().put("currentPassword", temporary).put("newPassword", "granite meadow falcon 808"));
      assertEquals(200, changed.statusCode(), changed.body());
      assertEquals(200, send(port, "GET", "/api/users", token, null).statusCode());

      HttpResponse<String> audit = send(port, "GET", "/api/audit?action=user.password_reset", token, null);
      JsonObject entry = new JsonObject(audit.body()).getJsonArray("items").getJsonObject(0);
      assertEquals(hotline.users.UserService.CONSOLE_ACTOR, entry.getString("actor"));
      assertEquals("console", entry.getJsonObject("detail").getString("via"));
      assertEquals("admin", entry.getJsonObject("detail").getString("username"));
      await(h.stop());
    } finally {
      await(again.close());
    }
  }

  @Test
  void resetsAPasswordOnTheConfiguredDatabaseWhileTheServiceRunsThere() throws Exception {
    PgConnectOptions db = PgTestSupport.freshDatabase();
    String url = "postgresql://" + db.getUser() + ":" + db.getPassword() + "@" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase();
    Config config = config(Map.of("database.url", url, "data.dir", dataDir.toString()));
    Vertx vertx = Vertx.vertx();
    try {
      Hotline h = start(vertx, config);
      int port = h.httpPort();
      String admin = signIn(port, "admin", ADMIN_PASSWORD).getString("token");
      assertEquals(201, send(port, "POST", "/api/users", admin, new JsonObject().put("username", "zhangsan").put("displayName", "张三")
          .put("password", CoreFixture.password("zhangsan")).put("roles", new JsonArray().add("agent"))).statusCode());
      String agent = signIn(port, "zhangsan", CoreFixture.password("zhangsan")).getString("token");

      // As an operator runs it: the jar's main, in a process of its own, the password on standard input.
      Process p = childJvm(url, "reset-password", "zhangsan", "--password-stdin");
      p.getOutputStream().write("ember lattice quorum 61\n".getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the command ends");
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.contains("zhangsan") && out.contains("Tokens revoked: 1.") || out.contains("已吊销该用户的令牌 1 个"), out);
      assertFalse(out.contains("ember lattice"), "the password is not echoed");
      assertFalse(Files.exists(dataDir.resolve("postgres")), "no embedded server was started");

      // The running service refuses the agent's session at once and takes the new password, to be changed.
      assertEquals(401, send(port, "GET", "/api/me", agent, null).statusCode());
      JsonObject session = signIn(port, "zhangsan", "ember lattice quorum 61");
      assertTrue(session.getBoolean("mustChangePassword"));
      assertEquals(403, send(port, "GET", "/api/cases", session.getString("token"), null).statusCode());
      await(h.stop());
    } finally {
      await(vertx.close());
    }
  }

  private Process childJvm(String databaseUrl, String... args) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath, Main.class.getName()));
    command.addAll(java.util.List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("HOTLINE_"));
    env.put("HOTLINE_CONFIG", new File("../config/hotline.yaml").getAbsolutePath());
    env.put("HOTLINE_DATABASE_URL", databaseUrl);
    env.put("HOTLINE_DATA_DIR", dataDir.toString());
    pb.redirectErrorStream(true);
    return pb.start();
  }
}
