package hotline.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may connect to the embedded server: nobody without the password. A cluster made by an earlier release (or by
 * the library's defaults) trusted every local connection as superuser; it is given the password and its
 * {@code pg_hba.conf} is replaced, once.
 */
final class PgHba {

  private static final Logger LOG = LoggerFactory.getLogger(PgHba.class);

  static final String PASSWORDS_ONLY = String.join("\n",
      "# Written by Hotline: every connection needs the password (" + DatabasePassword.FILE + " in the data dir).",
      "# TYPE  DATABASE  USER  ADDRESS       METHOD",
      "local   all       all                 scram-sha-256",
      "host    all       all   127.0.0.1/32  scram-sha-256",
      "host    all       all   ::1/128       scram-sha-256",
      "");

  private PgHba() {
  }

  /** Whether any rule of the file lets a connection in other than by a scram-sha-256 password (trust, peer, md5…). */
  static boolean weakerThanPasswords(List<String> lines) {
    return lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .anyMatch(l -> !List.of(l.split("\\s+")).contains("scram-sha-256"));
  }

  static void requirePasswords(Connection superuser, Path pgdata, String password) throws IOException, SQLException {
    Path hba = pgdata.resolve("pg_hba.conf");
    if (!weakerThanPasswords(Files.readAllLines(hba, StandardCharsets.UTF_8))) {
      return;
    }
    try (Statement s = superuser.createStatement()) {
      // The password is of base64url characters only (DatabasePassword checks): safe inside the quotes.
      s.execute("SET password_encryption = 'scram-sha-256'");
      s.execute("ALTER ROLE " + EmbeddedDatabase.SUPERUSER + " PASSWORD '" + password + "'");
      Path next = pgdata.resolve("pg_hba.conf.new");
      Files.writeString(next, PASSWORDS_ONLY, StandardCharsets.UTF_8);
      Files.move(next, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      s.execute("SELECT pg_reload_conf()");
    }
    LOG.warn("the embedded PostgreSQL trusted local connections; it now requires the password (scram-sha-256) [data: {}]", pgdata);
  }
}
