package hotline.forms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Record forms rendered per second on two threads (the mail gateway's worker pool), all four kinds mixed, with and
 * without the reporter's identity, signed and unsigned, content from two lines to two pages. Run:
 * {@code mvn -pl core verify -Dtest=FormBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false
 * [-Dbench.forms=2000] [-Dbench.threads=2]}; the line is in
 * {@code core/target/surefire-reports/hotline.forms.FormBenchmark-output.txt}.
 */
@Tag("benchmark")
class FormBenchmark {

  @Test
  void formsPerSecond() throws Exception {
    FormPdf pdf = new FormPdf(Path.of(FormPdf.DEFAULT_FONT), FormLayouts.load(Path.of("../config/forms")));
    assumeTrue(pdf.available(), "the CJK font is missing; skipped");
    int n = Integer.getInteger("bench.forms", 2000);
    int threads = Integer.getInteger("bench.threads", 2);
    List<RecordForm> forms = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      String kind = FormLayouts.KINDS.get(i % 4);
      JsonObject v = FormCases.view(kind, i % 8 < 4 ? FormCases.contact() : null, i % 8 == 7, i % 3 == 0);
      v.put("number", String.format("2026-%06d", i)).put("content", ("香烟疑似假冒，要求查处，第" + i + "号。").repeat(1 + (i * 7) % 60));
      forms.add(RecordForm.of(v, null));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      run(pdf, forms, pool, Math.max(200, n / 5), threads); // warm-up: JIT, and a font copy parsed per thread
      long[] nanos = new long[n];
      AtomicLong bytes = new AtomicLong();
      long start = System.nanoTime();
      AtomicInteger next = new AtomicInteger();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            long t0 = System.nanoTime();
            bytes.addAndGet(pdf.render(forms.get(i % forms.size())).length);
            nanos[i] = System.nanoTime() - t0;
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Arrays.sort(nanos);
      System.out.printf("FORMS BENCHMARK: %d forms on %d threads in %.2f s = %.0f forms/s (p50 %.1f ms, p99 %.1f ms per form,"
              + " avg %d bytes)%n", n, threads, seconds, n / seconds, nanos[n / 2] / 1e6, nanos[(int) (n * 0.99)] / 1e6,
          bytes.get() / n);
      assertEquals(n, next.get() - threads);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void run(FormPdf pdf, List<RecordForm> forms, ExecutorService pool, int n, int threads) throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
          pdf.render(forms.get(i % forms.size()));
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
  }
}
