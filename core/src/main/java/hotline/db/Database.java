package hotline.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Schema migrations (Flyway, on a worker thread) and the reactive connection pool. */
public final class Database {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private Database() {
  }

  /** Brings the schema up to date; Flyway and JDBC block, so this runs on a worker. */
  public static Future<Integer> migrate(Vertx vertx, PgConnectOptions target) {
    return vertx.executeBlocking(() -> {
      Flyway flyway = Flyway.configure()
          .dataSource(DatabaseSettings.jdbcUrl(target), target.getUser(), target.getPassword())
          .locations("classpath:db/migration")
          // Each module numbers its own migrations (core 1–99, telephony 100–199, mail 200–299, fax 300–399): a new
          // one of a module is applied on a database that already has a later module's, in the order of versions.
          .outOfOrder(true)
          .load();
      MigrateResult result = flyway.migrate();
      LOG.info("database schema up to date [version: {}, applied now: {}]", flyway.info().current().getVersion(),
          result.migrationsExecuted);
      return result.migrationsExecuted;
    }, false);
  }

  public static Pool pool(Vertx vertx, PgConnectOptions target, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName("hotline"))
        .connectingTo(target)
        .using(vertx)
        .build();
  }
}
