package hotline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML file flattened to dotted keys, with HOTLINE_* environment variables on top. */
class ConfigTest {

  static final String YAML = """
      # a comment
      http:
        port: 9090
        host: 127.0.0.1
        max-body-bytes: 2048
      database:
        url: ""
        pool-size: 4
        nested:
          deeper:
            key: value
      sessions:
        cookie-secure: yes
        ttl-hours: 12
      calendar:
        zone: Asia/Shanghai
        business-day-end: "17:30"
      overdue:
        sweep-seconds: 90
      empty:
      title: 投诉监督热线
      """;

  @TempDir
  Path dir;

  Path write(String text) throws IOException {
    Path file = dir.resolve("hotline.yaml");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void nestedKeysFlattenToDottedForm() throws IOException {
    Config c = Config.load(write(YAML), Map.of());
    Map<String, String> m = c.asMap();
    assertEquals("9090", m.get("http.port"));
    assertEquals("127.0.0.1", m.get("http.host"));
    assertEquals("2048", m.get("http.max-body-bytes"));
    assertEquals("4", m.get("database.pool-size"));
    assertEquals("value", m.get("database.nested.deeper.key"));
    assertEquals("true", m.get("sessions.cookie-secure"), "YAML's yes is a boolean");
    assertEquals("Asia/Shanghai", m.get("calendar.zone"));
    assertEquals("17:30", m.get("calendar.business-day-end"));
    assertEquals("投诉监督热线", m.get("title"));
    assertEquals("", m.get("empty"), "a key without a value is present and empty");
    assertFalse(m.containsKey("http"), "only leaves are keys");
    assertFalse(m.containsKey("database.nested"));

    assertEquals(9090, c.integer("http.port", 8080));
    assertEquals("127.0.0.1", c.string("http.host", "0.0.0.0"));
    assertEquals(2048L, c.longValue("http.max-body-bytes", 16));
    assertEquals(4, c.integer("database.pool-size", 8));
    assertTrue(c.bool("sessions.cookie-secure", false));
    assertEquals(LocalTime.of(17, 30), c.time("calendar.business-day-end", LocalTime.NOON));
    assertEquals(Duration.ofSeconds(90), c.seconds("overdue.sweep-seconds", Duration.ofSeconds(60)));
    assertEquals("postgres-default", c.string("database.url", "postgres-default"), "blank means the default");
    assertEquals("fallback", c.string("empty", "fallback"));
    assertEquals(7, c.integer("not.there", 7));
    assertNull(c.string("not.there", null));
  }

  @Test
  void environmentVariablesOverrideTheKeysTheyName() throws IOException {
    Config c = Config.load(write(YAML), Map.of("HOTLINE_HTTP_PORT", "7070", "HOTLINE_HTTP_MAX_BODY_BYTES", "4096",
        "HOTLINE_SESSIONS_COOKIE_SECURE", "false", "HOTLINE_DATABASE_URL", "postgresql://db:5432/hotline",
        "HOTLINE_OVERDUE_SWEEP_SECONDS", "15", "PATH", "/usr/bin", "HOTLINE_CONFIG", "/etc/hotline.yaml"));
    assertEquals(7070, c.integer("http.port", 8080));
    assertEquals(4096L, c.longValue("http.max-body-bytes", 16));
    assertFalse(c.bool("sessions.cookie-secure", true));
    assertEquals("postgresql://db:5432/hotline", c.string("database.url", null));
    assertEquals(Duration.ofSeconds(15), c.seconds("overdue.sweep-seconds", Duration.ZERO));
    assertEquals("127.0.0.1", c.string("http.host", null), "untouched keys keep the file's value");
    assertFalse(c.asMap().containsKey("http.max.body.bytes"), "the dashed key was overridden, not duplicated");
    assertFalse(c.asMap().containsKey("path"), "only HOTLINE_ variables count");
    assertFalse(c.asMap().containsKey("config"), "HOTLINE_CONFIG names the file, it is no key");
    assertEquals("HOTLINE_HTTP_MAX_BODY_BYTES", Config.envName("http.max-body-bytes"));
    assertEquals("HOTLINE_CALENDAR_BUSINESS_DAY_END", Config.envName("calendar.business-day-end"));
  }

  @Test
  void anEnvironmentVariableForAKeyNotInTheFileIsStillReadable() throws IOException {
    Config c = Config.load(write(YAML), Map.of("HOTLINE_AMI_HOST", "pbx.example.cn", "HOTLINE_AMI_PORT", "5038",
        "HOTLINE_MAIL_IMAP_USER", "hotline@example.cn"));
    assertEquals("pbx.example.cn", c.string("ami.host", null));
    assertEquals(5038, c.integer("ami.port", 0));
    assertEquals("hotline@example.cn", c.string("mail.imap.user", null));
  }

  @Test
  void anEnvironmentVariableForADashedKeyNotInTheFileIsStillReadable() throws IOException {
    Config c = Config.load(write("http:\n  port: 9090\n"), Map.of("HOTLINE_HTTP_MAX_BODY_BYTES", "4096",
        "HOTLINE_SESSIONS_COOKIE_SECURE", "true"));
    assertEquals(4096L, c.longValue("http.max-body-bytes", 16L * 1024 * 1024));
    assertTrue(c.bool("sessions.cookie-secure", false));
  }

  @Test
  void badValuesNameTheEnvironmentVariable() throws IOException {
    Config c = Config.load(write(YAML), Map.of("HOTLINE_HTTP_PORT", "eighty", "HOTLINE_SESSIONS_COOKIE_SECURE", "maybe",
        "HOTLINE_HTTP_MAX_BODY_BYTES", "1MB"));
    IllegalArgumentException port = assertThrows(IllegalArgumentException.class, () -> c.integer("http.port", 8080));
    assertTrue(port.getMessage().contains("HOTLINE_HTTP_PORT"), port.getMessage());
    assertTrue(port.getMessage().contains("eighty"), port.getMessage());
    IllegalArgumentException secure = assertThrows(IllegalArgumentException.class, () -> c.bool("sessions.cookie-secure", false));
    assertTrue(secure.getMessage().contains("HOTLINE_SESSIONS_COOKIE_SECURE"), secure.getMessage());
    assertTrue(secure.getMessage().contains("maybe"), secure.getMessage());
    IllegalArgumentException body = assertThrows(IllegalArgumentException.class, () -> c.longValue("http.max-body-bytes", 1));
    assertTrue(body.getMessage().contains("HOTLINE_HTTP_MAX_BODY_BYTES"), body.getMessage());
    // A bad value in the file itself names the variable that would fix it.
    Config fromFile = Config.load(write("http:\n  port: 80a\n"), Map.of());
    IllegalArgumentException filePort = assertThrows(IllegalArgumentException.class, () -> fromFile.integer("http.port", 8080));
    assertTrue(filePort.getMessage().contains("HOTLINE_HTTP_PORT"), filePort.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Config.load(write("http: [unclosed\n"), Map.of()), "malformed YAML");
  }

  @Test
  void aMissingFileFallsBackToTheClasspathDefaultOrNothing() {
    Path missing = dir.resolve("does-not-exist.yaml");
    Config c = Config.load(missing, Map.of());
    if (Config.class.getResource("/config/hotline.yaml") == null) {
      assertEquals(Map.of(), c.asMap(), "no file and no bundled default: an empty configuration");
    } else {
      assertEquals("8080", c.asMap().get("http.port"));
    }
    assertEquals(8080, c.integer("http.port", 8080));
    assertEquals("Asia/Shanghai", c.string("calendar.zone", "Asia/Shanghai"));
    assertFalse(c.bool("sessions.cookie-secure", false));
    assertEquals(LocalTime.of(17, 30), c.time("calendar.business-day-end", LocalTime.of(17, 30)));
    // The environment still applies.
    Config withEnv = Config.load(missing, Map.of("HOTLINE_HTTP_PORT", "9999"));
    assertEquals(9999, withEnv.integer("http.port", 8080));
  }

  @Test
  void theRealDefaultConfiguration() {
    Config c = Config.load(Path.of("../config/hotline.yaml"), Map.of());
    assertEquals(8080, c.integer("http.port", 0));
    assertEquals("Asia/Shanghai", c.string("calendar.zone", null));
    assertEquals(LocalTime.of(17, 30), c.time("calendar.business-day-end", null));
    assertEquals(16_777_216L, c.longValue("http.max-body-bytes", 0));
    assertEquals("config/calendar", c.string("calendar.dir", null));
    assertEquals(2, c.integer("deadlines.complaint", -1));
    assertEquals(0, c.integer("deadlines.inquiry", -1));
    assertEquals(3, c.integer("deadlines.provincial", -1));
    assertEquals(7, c.integer("deadlines.extension-cap", -1));
    assertEquals("", c.asMap().get("database.url"), "empty database URL: the embedded PostgreSQL");
    assertEquals(12, c.integer("sessions.ttl-hours", -1));
    assertFalse(c.bool("sessions.cookie-secure", true));
    assertEquals("CN", c.string("phone.default-region", null));
    assertEquals(8080 + 1, Config.load(Path.of("../config/hotline.yaml"), Map.of("HOTLINE_HTTP_PORT", "8081")).integer("http.port", 0));
  }
}
