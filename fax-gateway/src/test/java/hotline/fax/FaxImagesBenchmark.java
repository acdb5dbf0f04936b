package hotline.fax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hotline.fax.FaxFixtures.Ccitt;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fax pages rasterised per second (form PDF → G4 fax TIFF) on two threads, and fax pages converted per second
 * (G4 TIFF → PDF). Target: 50 pages/s rasterised on the 2-core machine. Not a test: run with
 * {@code mvn -pl fax-gateway verify -Dtest=FaxImagesBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false};
 * the figures are in {@code target/surefire-reports/hotline.fax.FaxImagesBenchmark-output.txt}.
 */
@Tag("benchmark")
class FaxImagesBenchmark {

  private static final int THREADS = 2;
  private static final int PAGES = 10;

  @Test
  void rasteriseAndConvert() throws Exception {
    FaxDocuments documents = new FaxDocuments(FaxLimits.DEFAULT);
    byte[] form = FaxFixtures.formPdf(PAGES);
    AtomicLong tiffBytes = new AtomicLong();
    Callable<Integer> rasterise = () -> {
      byte[] tiff = documents.toFaxTiff(form);
      tiffBytes.addAndGet(tiff.length);
      return PAGES;
    };
    run("rasterised", rasterise, 3, 0, null);
    tiffBytes.set(0);
    run("rasterised", rasterise, 20, PAGES, tiffBytes);

    byte[] tiff = documents.toFaxTiff(form);
    byte[] generated = FaxFixtures.faxTiff(Ccitt.G4, PAGES, 204, 196);
    assertEquals(PAGES, documents.pageCount(tiff));
    Callable<Integer> convert = () -> documents.toPdf(tiff, "out.tif").pages() + documents.toPdf(generated, "in.tif").pages();
    run("converted", convert, 3, 0, null);
    run("converted", convert, 20, 2 * PAGES, null);
  }

  /** Runs the job {@code rounds} times on each of the threads; prints the rate when {@code pagesPerJob > 0}. */
  private static void run(String verb, Callable<Integer> job, int rounds, int pagesPerJob, AtomicLong bytes)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      long start = System.nanoTime();
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        results.add(pool.submit(() -> {
          int pages = 0;
          for (int r = 0; r < rounds; r++) {
            pages += job.call();
          }
          return pages;
        }));
      }
      long pages = 0;
      for (Future<Integer> f : results) {
        pages += f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (pagesPerJob > 0) {
        String perPage = bytes == null ? "" : String.format(Locale.ROOT, ", %d bytes per page", bytes.get() / pages);
        System.out.printf(Locale.ROOT, "FAX BENCHMARK: %d pages %s in %.2f s = %.1f pages/s (%.1f ms per page on %d threads%s)%n",
            pages, verb, seconds, pages / seconds, seconds * 1000 * THREADS / pages, THREADS, perPage);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
