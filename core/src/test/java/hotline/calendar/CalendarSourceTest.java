package hotline.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalendarSourceTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @Test
  void withoutTheDirectoryTheBundledCalendarsAreUsed() {
    CalendarSource source = new CalendarSource(Path.of("no-such-directory"), SHANGHAI, LocalTime.of(17, 30));
    assertEquals(Set.of(2025, 2026), source.get().years());
    Deadline d = source.get().deadline(Instant.parse("2026-02-13T02:00:00Z"), 2);
    assertEquals("2026-02-24T17:30+08:00", d.due().toOffsetDateTime().toString());
    assertFalse(d.provisional());
  }

  @Test
  void reloadPicksUpANewYearAndKeepsTheOldCalendarWhenAFileIsBroken(@TempDir Path dir) throws Exception {
    Files.copy(Path.of("../config/calendar/CN-2026.yaml"), dir.resolve("CN-2026.yaml"));
    CalendarSource source = new CalendarSource(dir, SHANGHAI, LocalTime.of(17, 30));
    assertEquals(Set.of(2026), source.get().years());
    Vertx vertx = Vertx.vertx();
    try {
      Files.writeString(dir.resolve("CN-2027.yaml"), "year: 2027\nsource: test\nholidays: []\nmakeUpWorkdays: []\n");
      assertEquals(Set.of(2026, 2027), source.reload(vertx).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).years());
      Files.writeString(dir.resolve("CN-2028.yaml"), "year: 2028\nholidays: [oops\n");
      ExecutionException failed = assertThrows(ExecutionException.class,
          () -> source.reload(vertx).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertInstanceOf(IllegalArgumentException.class, failed.getCause());
      assertEquals(Set.of(2026, 2027), source.get().years(), "a broken file keeps the calendar in force");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
