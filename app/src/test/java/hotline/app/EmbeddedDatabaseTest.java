package hotline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL a small centre runs on is a production server: it commits durably, asks every connection
 * for its password, and one Hotline at a time owns its data dir.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EmbeddedDatabaseTest {

  @TempDir
  Path dataDir;

  private static String url(int port) {
    return "jdbc:postgresql://localhost:" + port + "/" + EmbeddedDatabase.DATABASE;
  }

  private String password() throws Exception {
    return Files.readString(dataDir.resolve(DatabasePassword.FILE), StandardCharsets.UTF_8).strip();
  }

  private static String show(Connection c, String setting) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void assertRefused(int port, String password) {
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url(port), "postgres", password).close());
    // The server refuses a wrong password (28P01); for none at all the driver stops once the server asks for SCRAM.
    boolean refused = e.getSQLState() != null && (e.getSQLState().startsWith("28")
        || ("08004".equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("SCRAM")));
    assertTrue(refused, "refused as authentication: " + e.getSQLState() + " " + e);
  }

  @Test
  void commitsDurablyAndAsksEveryConnectionForThePassword() throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
      try (Connection c = DriverManager.getConnection(url(db.port()), "postgres", password())) {
        assertEquals("on", show(c, "fsync"));
        assertEquals("on", show(c, "synchronous_commit"));
        assertEquals("on", show(c, "full_page_writes"));
        assertEquals("scram-sha-256", show(c, "password_encryption"));
      }
      assertRefused(db.port(), "");
      assertRefused(db.port(), "postgres");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(DatabasePassword.FILE))));
      assertTrue(password().length() >= 40, "256 random bits");
      List<String> hba = Files.readAllLines(dataDir.resolve("postgres/pg_hba.conf"));
      assertFalse(PgHba.weakerThanPasswords(hba), String.join("\n", hba));
    }
  }

  @Test
  void aClusterThatTrustedLocalConnectionsIsGivenThePassword() throws Exception {
    // As an earlier release (the library's defaults) made it: every local connection trusted as superuser.
    Path dir = dataDir.resolve("postgres");
    try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).start()) {
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + old.getPort() + "/postgres", "postgres", "")) {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE DATABASE hotline");
        }
      }
    }
    assertTrue(PgHba.weakerThanPasswords(Files.readAllLines(dir.resolve("pg_hba.conf"))), "the old cluster trusts");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
      assertRefused(db.port(), "");
      try (Connection c = DriverManager.getConnection(url(db.port()), "postgres", password())) {
        assertEquals("on", show(c, "fsync"));
      }
    }
    // And it stays so across a restart.
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
      assertRefused(db.port(), "");
      try (Connection c = DriverManager.getConnection(url(db.port()), "postgres", password())) {
        assertEquals("on", show(c, "synchronous_commit"));
      }
    }
  }

  @Test
  void aSecondHotlineOnTheSameDataDirIsRefusedInOneSentence() throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
      StartupRefused refused = assertThrows(StartupRefused.class, () -> EmbeddedDatabase.start(dataDir, 0));
      assertTrue(refused.getMessage().startsWith("The data directory " + dataDir.toAbsolutePath() + " is in use by another running Hotline"),
          refused.getMessage());
      assertEquals(0, refused.getStackTrace().length, "said without a stack trace");
      try (Connection c = DriverManager.getConnection(url(db.port()), "postgres", password())) {
        assertEquals("on", show(c, "fsync"), "the first one is untouched");
      }
    }
    // Once the first has stopped, the data dir is free again.
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
      assertTrue(db.port() > 0);
    }
  }

  @Test
  void aMissingPasswordFileIsSaidInOneSentence() throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
      assertTrue(db.port() > 0);
    }
    Files.delete(dataDir.resolve(DatabasePassword.FILE));
    StartupRefused refused = assertThrows(StartupRefused.class, () -> EmbeddedDatabase.start(dataDir, 0));
    assertTrue(refused.getMessage().contains("is missing"), refused.getMessage());
    // And the data dir is not left locked: the second try is refused for the same reason, not as "in use".
    StartupRefused again = assertThrows(StartupRefused.class, () -> EmbeddedDatabase.start(dataDir, 0));
    assertTrue(again.getMessage().contains("is missing"), again.getMessage());
  }
}
