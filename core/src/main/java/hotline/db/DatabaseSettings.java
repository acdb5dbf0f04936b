package hotline.db;

import hotline.config.Config;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Where the database is: a {@code postgresql://user:password@host:port/db} URL, or none for the embedded server.
 */
public record DatabaseSettings(String url, int poolSize) {

  public static DatabaseSettings from(Config config) {
    return new DatabaseSettings(config.string("database.url", null), config.integer("database.pool-size", 12));
  }

  public boolean embedded() {
    return url == null || url.isBlank();
  }

  /** Connect options for the reactive client, from the URL ({@code postgres://} and {@code postgresql://}). */
  public static PgConnectOptions connectOptions(String url) {
    String u = url.startsWith("jdbc:") ? url.substring(5) : url;
    return PgConnectOptions.fromUri(u)
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(512);
  }

  /** The same target as a JDBC URL, for Flyway. */
  public static String jdbcUrl(PgConnectOptions o) {
    return "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
  }
}
