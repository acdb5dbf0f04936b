package hotline.cases;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the search documents (V19) of the cases that have none: those of before the migration, and any whose
 * searched fields a writer other than intake changed (the trigger {@code cases_search_stale} cleared them). Until then
 * the search still finds such a case, through the SQL functions on its fields, only more slowly. Every
 * {@code every}, batches of {@link #BATCH} until none is left; a case changed while its batch was made keeps its new
 * state ({@code xmin} differs, the row is left for the next round), and a document written twice is the same, so any
 * number of nodes may run it.
 */
public final class CaseSearchIndexer extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(CaseSearchIndexer.class);
  static final int BATCH = 500;

  static final String PENDING = "SELECT id, xmin::text AS version, number, subject, content, respondent_person, "
      + "respondent_unit_name, contact_name, contact_phones, contact_email, contact_address FROM cases "
      + "WHERE search_doc IS NULL ORDER BY id LIMIT $1";
  static final String WRITE = "UPDATE cases SET search_doc = $2, search_title = $3, search_identity = $4, "
      + "search_text_grams = $5, search_title_grams = $6, search_identity_grams = $7 "
      + "WHERE id = $1 AND xmin::text = $8 AND search_doc IS NULL";

  private final Pool pool;
  private final Duration every;
  private boolean running;

  public CaseSearchIndexer(Pool pool, Duration every) {
    this.pool = pool;
    this.every = every;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(1000, every.toMillis(), id -> round());
    return Future.succeededFuture();
  }

  private void round() {
    if (running) {
      return;
    }
    running = true;
    long t0 = System.nanoTime();
    drain(0).onSuccess(n -> {
      if (n > 0) {
        LOG.info("search documents written [cases: {}, ms: {}]", n, (System.nanoTime() - t0) / 1_000_000);
      }
    }).onFailure(t -> LOG.warn("search indexing failed, next round in {}s: {}", every.toSeconds(), t.getMessage()))
        .onComplete(ar -> running = false);
  }

  private Future<Integer> drain(int done) {
    return indexBatch(pool, BATCH).compose(n -> n < BATCH ? Future.succeededFuture(done + n) : drain(done + n));
  }

  /**
   * Writes the documents of up to {@code limit} cases without them, oldest first; answers how many it wrote (the
   * documents are made on a worker: a letter's text may be long). Fewer than {@code limit}: none is left but those
   * changed meanwhile.
   */
  public static Future<Integer> indexBatch(Pool pool, int limit) {
    io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
    return pool.preparedQuery(PENDING).execute(Tuple.of(limit)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(0);
      }
      List<Row> read = new ArrayList<>();
      rows.forEach(read::add);
      Future<List<Tuple>> made = context == null
          ? Future.succeededFuture(tuples(read))
          : context.owner().executeBlocking(() -> tuples(read), false);
      return made.compose(batch -> pool.withTransaction(tx -> tx.preparedQuery(WRITE).executeBatch(batch)))
          .map(rs -> {
            int written = 0;
            for (io.vertx.sqlclient.RowSet<Row> r = rs; r != null; r = r.next()) {
              written += r.rowCount();
            }
            return written;
          });
    });
  }

  private static List<Tuple> tuples(List<Row> rows) {
    List<Tuple> batch = new ArrayList<>(rows.size());
    for (Row r : rows) {
      String[] phones = r.getArrayOfStrings("contact_phones");
      CaseSearchDocs d = CaseSearchDocs.of(r.getString("number"), r.getString("subject"), r.getString("content"),
          r.getString("respondent_person"), r.getString("respondent_unit_name"), r.getString("contact_name"),
          phones == null ? List.of() : java.util.Arrays.asList(phones), r.getString("contact_email"), r.getString("contact_address"));
      batch.add(Tuple.from(new Object[] {r.getLong("id"), d.doc(), d.title(), d.identity(), d.textGrams(), d.titleGrams(),
          d.identityGrams(), r.getString("version")}));
    }
    return batch;
  }
}
