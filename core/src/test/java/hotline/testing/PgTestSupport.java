package hotline.testing;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;

/**
 * One real PostgreSQL (embedded binaries) for the whole test run, migrated once into a template; every caller of
 * {@link #freshDatabase()} gets its own database copied from that template, so test classes never share state.
 */
public final class PgTestSupport {

  private static final String TEMPLATE = "hotline_template";
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private PgTestSupport() {
  }

  /** A new, migrated, empty database. Blocks: call it from test setup, not from an event loop. */
  public static synchronized PgConnectOptions freshDatabase() {
    try {
      if (postgres == null) {
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").setServerConfig("max_connections", "300").start();
        execute("CREATE DATABASE " + TEMPLATE);
        Flyway.configure().dataSource(postgres.getJdbcUrl("postgres", TEMPLATE), "postgres", "postgres")
            .locations("classpath:db/migration").load().migrate();
      }
      String name = "test_" + COUNTER.incrementAndGet();
      execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
      return options(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new database with no schema at all (an upgrade test migrates it step by step). Blocks. */
  public static synchronized PgConnectOptions emptyDatabase() {
    freshDatabase();
    String name = "empty_" + COUNTER.incrementAndGet();
    try {
      execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return options(name);
  }

  /** The connect options for a database of the shared server. */
  public static PgConnectOptions options(String database) {
    return new PgConnectOptions().setHost("localhost").setPort(postgres.getPort()).setDatabase(database)
        .setUser("postgres").setPassword("postgres");
  }

  /** The JDBC URL of the shared server's database, for tests that drive Flyway or psql themselves. */
  public static String jdbcUrl(String database) {
    return postgres.getJdbcUrl("postgres", database);
  }

  private static void execute(String sql) throws SQLException {
    // Bounded: a statement the server never answers fails the test set-up instead of hanging the run.
    try (Connection c = postgres.getDatabase("postgres", "postgres", java.util.Map.of("connectTimeout", "30", "socketTimeout", "120"))
        .getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
