package hotline.search;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Latency of search statements as the services run them: each in its own transaction planned for its own parameters
 * ({@code plan_cache_mode = force_custom_plan}, no JIT), one after another on one connection's worth of pool. A
 * workload is a label and its runs, each run one statement (SQL and parameters) or any call answering a Future (the
 * service, the HTTP API); {@link #measure} prints p50/p95/p99 per label. Another table's search (articles, phrases)
 * joins a benchmark by adding its {@link Workload}s: {@code Workload.sql("articles 2-char", sql, tuples)}.
 */
public final class SearchHarness {

  /** What one measured call does. */
  public record Workload(String label, List<Supplier<Future<?>>> runs) {

    /** Runs of one SQL statement (a search's), one per parameter tuple, as the services run it. */
    public static Workload sql(Pool pool, String label, List<Statement> statements) {
      List<Supplier<Future<?>>> runs = new ArrayList<>();
      for (Statement s : statements) {
        runs.add(() -> run(pool, s));
      }
      return new Workload(label, runs);
    }
  }

  /** One statement with its parameters. */
  public record Statement(String sql, Tuple args) {
  }

  /** The figures of one workload, in milliseconds. */
  public record Figures(String label, int runs, double p50, double p95, double p99, double max) {

    @Override
    public String toString() {
      return String.format("BENCHMARK search %-28s %4d queries: p50 %6.1f ms, p95 %6.1f ms, p99 %6.1f ms, max %7.1f ms",
          label, runs, p50, p95, p99, max);
    }
  }

  /** As {@code CaseSearch.SETTINGS}: planned for its own parameters, exact bitmaps, no JIT, no parallel workers. */
  public static final String SETTINGS = "SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL jit = off; "
      + "SET LOCAL work_mem = '64MB'; SET LOCAL max_parallel_workers_per_gather = 0";

  private SearchHarness() {
  }

  /** A search statement as CaseService runs it. */
  public static Future<?> run(Pool pool, Statement s) {
    return pool.withTransaction(tx -> tx.query(SETTINGS).execute()
        .compose(x -> tx.preparedQuery(s.sql()).execute(s.args())));
  }

  /** Runs every workload once unmeasured (the first {@code warmUp} runs of each), then measured, and prints each. */
  public static List<Figures> measure(List<Workload> workloads, int warmUp) throws Exception {
    for (Workload w : workloads) {
      for (int i = 0; i < Math.min(warmUp, w.runs().size()); i++) {
        await(w.runs().get(i).get());
      }
    }
    List<Figures> all = new ArrayList<>();
    for (Workload w : workloads) {
      List<Double> ms = new ArrayList<>();
      for (Supplier<Future<?>> run : w.runs()) {
        long t0 = System.nanoTime();
        await(run.get());
        ms.add((System.nanoTime() - t0) / 1e6);
      }
      Collections.sort(ms);
      Figures f = new Figures(w.label(), ms.size(), pct(ms, 0.50), pct(ms, 0.95), pct(ms, 0.99), ms.get(ms.size() - 1));
      System.out.println(f);
      all.add(f);
    }
    return all;
  }

  static double pct(List<Double> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
  }
}
