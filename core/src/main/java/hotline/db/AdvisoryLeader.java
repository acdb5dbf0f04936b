package hotline.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node at a time does a job (holds the AMI link, reads the mailbox): the node holding a PostgreSQL advisory lock
 * on a connection of its own. When that connection drops, the job stops here and another node takes the lock; every
 * node that does not hold it tries again after {@code retry}. Callbacks run on the event loop of whoever started it.
 */
public final class AdvisoryLeader {

  private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLeader.class);

  private final Vertx vertx;
  private final Pool pool;
  private final long key;
  private final String job;
  private final Duration retry;
  private final Runnable onLead;
  private final Runnable onLost;
  private SqlConnection connection;
  private volatile boolean leading;
  private boolean stopped;

  public AdvisoryLeader(Vertx vertx, Pool pool, long key, String job, Duration retry, Runnable onLead, Runnable onLost) {
    this.vertx = vertx;
    this.pool = pool;
    this.key = key;
    this.job = job;
    this.retry = retry;
    this.onLead = onLead;
    this.onLost = onLost;
  }

  public void start() {
    tryLead();
  }

  public boolean leading() {
    return leading;
  }

  /**
   * Gives the job up; no callback runs for it. The lock is released before the connection goes back to the pool: a
   * pooled connection keeps its session, and with it a session lock, open.
   */
  public Future<Void> stop() {
    stopped = true;
    leading = false;
    SqlConnection c = connection;
    connection = null;
    if (c == null) {
      return Future.succeededFuture();
    }
    return c.preparedQuery("SELECT pg_advisory_unlock($1)").execute(Tuple.of(key)).<Void>mapEmpty()
        .eventually(() -> c.close());
  }

  private void tryLead() {
    if (stopped) {
      return;
    }
    pool.getConnection().compose(conn -> conn.preparedQuery("SELECT pg_try_advisory_lock($1)").execute(Tuple.of(key))
            .map(rows -> rows.iterator().next().getBoolean(0))
            .onSuccess(won -> {
              if (!won || stopped) {
                conn.close();
                later();
                return;
              }
              connection = conn;
              conn.closeHandler(v -> lost());
              leading = true;
              LOG.info("this node now does the job: {}", job);
              onLead.run();
            })
            .onFailure(t -> conn.close()))
        .onFailure(t -> {
          LOG.warn("cannot take the lock for {}, next try in {} s: {}", job, retry.toSeconds(), t.toString());
          later();
        });
  }

  private void lost() {
    if (!leading || stopped) {
      return;
    }
    LOG.warn("lost the lock's database connection: this node stops {}", job);
    leading = false;
    connection = null;
    onLost.run();
    later();
  }

  private void later() {
    if (!stopped) {
      vertx.setTimer(retry.toMillis(), id -> tryLead());
    }
  }
}
