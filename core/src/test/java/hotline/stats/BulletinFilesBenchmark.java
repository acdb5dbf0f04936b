package hotline.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hotline.calendar.WorkingCalendar;
import hotline.cases.Categories;
import hotline.config.Config;
import hotline.forms.FormPdf;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The PDF and Excel bulletin of a quarter end to end on the generated data set of 1,000,000 cases: the bulletin's
 * query ({@link Bulletin#build}) then the render, as {@code GET /api/stats/bulletin?format=pdf} does them. The data set
 * is the bulletin benchmark's ({@link DataSetGenerator#persistent}), in {@code -Dhotline.bench.dir} (default: a copy
 * of it in /tmp/hotline-bench-1m, generated there when missing). No telephony module here: the bulletin's
 * request for the call figures finds no handler and the section says "not available" at once. Not part of
 * {@code mvn verify}: {@code mvn -pl core -am verify -Dtest=BulletinFilesBenchmark -DexcludedGroups=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class BulletinFilesBenchmark {

  @Test
  void aQuartersPdfAndWorkbookOnAMillionCases() throws Exception {
    BulletinPdf pdf = new BulletinPdf(Path.of(FormPdf.DEFAULT_FONT));
    assumeTrue(pdf.available(), "the CJK font is missing; skipped");
    Path dir = DataSetGenerator.benchDir();
    int cases = Integer.getInteger("bench.cases", 1_000_000);
    ZoneId zone = ZoneId.of("Asia/Shanghai");
    WorkingCalendar calendar = WorkingCalendar.load(Path.of("../config/calendar"), zone, LocalTime.of(17, 30));
    Vertx vertx = Vertx.vertx();
    try (EmbeddedPostgres pg = DataSetGenerator.persistent(dir, cases, calendar)) {
      Pool pool = DataSetGenerator.pool(vertx, pg);
      Bulletin bulletin = new Bulletin(vertx, pool, Clock.systemUTC(), () -> calendar,
          Categories.from(Config.of(Map.of())));
      // The last full quarter before today.
      LocalDate today = LocalDate.now(zone);
      Period quarter = Period.parse("quarter", today.minusMonths(3).toString(), null, null, today);
      bulletin.build(quarter, Locale.SIMPLIFIED_CHINESE).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      pdf.render(new JsonObject().put("range", new JsonObject()), Locale.SIMPLIFIED_CHINESE); // the font parsed
      long[] query = new long[3];
      long[] render = new long[3];
      long[] xlsx = new long[3];
      int pages = 0;
      for (int i = 0; i < 3; i++) {
        long t0 = System.nanoTime();
        JsonObject b = bulletin.build(quarter, Locale.SIMPLIFIED_CHINESE).toCompletionStage().toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
        long t1 = System.nanoTime();
        byte[] file = pdf.render(b, Locale.SIMPLIFIED_CHINESE);
        long t2 = System.nanoTime();
        BulletinXlsx.render(b, Locale.SIMPLIFIED_CHINESE);
        long t3 = System.nanoTime();
        query[i] = (t1 - t0) / 1_000_000;
        render[i] = (t2 - t1) / 1_000_000;
        xlsx[i] = (t3 - t2) / 1_000_000;
        try (var doc = org.apache.pdfbox.Loader.loadPDF(file)) {
          pages = doc.getNumberOfPages();
        }
        if (i == 0) {
          Files.write(Path.of("target/bulletin-1m-quarter.pdf"), file);
        }
      }
      System.out.printf("[bulletin files, %d cases, %s] query %s ms, pdf render %s ms (%d pages), xlsx %s ms%n", cases,
          quarter.label(Locale.SIMPLIFIED_CHINESE), java.util.Arrays.toString(query), java.util.Arrays.toString(render), pages,
          java.util.Arrays.toString(xlsx));
      long best = Long.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        best = Math.min(best, query[i] + render[i]);
      }
      assertTrue(best <= 5_000, "query and PDF together: " + best + " ms");
      pool.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
