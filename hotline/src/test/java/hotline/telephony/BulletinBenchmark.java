package hotline.telephony;

import hotline.calendar.WorkingCalendar;
import hotline.stats.DataSetGenerator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bulletin on the generated data set of 1,000,000 cases (-Dbench.cases), kept in a persistent embedded PostgreSQL
 * (-Dhotline.bench.dir, default /tmp/hotline-bench-stats-bulletin) and generated only when it is not there yet. Not part
 * of `mvn verify`: {@code mvn -pl hotline -am verify -Dtest=BulletinBenchmark -DexcludedGroups=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class BulletinBenchmark {

  @Test
  void dataSet() throws Exception {
    int cases = Integer.getInteger("bench.cases", 1_000_000);
    WorkingCalendar calendar = WorkingCalendar.load(Path.of("../config/calendar"), ZoneId.of("Asia/Shanghai"), LocalTime.of(17, 30));
    try (EmbeddedPostgres pg = DataSetGenerator.persistent(DataSetGenerator.benchDir(), cases, calendar)) {
      System.out.println("data set in " + DataSetGenerator.benchDir());
    }
  }
}
