package hotline.calendar;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The working-day clock: which dates are working days, and when a "within N working days" time limit expires.
 *
 * <p>A working day is a weekday (Monday to Friday) that is not a statutory holiday, or a weekend day declared a
 * make-up working day (调休上班). Holidays come from one calendar file per year; a date in a year without a
 * file is judged by the day of the week alone and is marked provisional.
 *
 * <p>Instances are immutable and thread-safe. Everything is precomputed at construction, so queries do no I/O.
 */
public final class WorkingCalendar {

  private static final Logger LOG = LoggerFactory.getLogger(WorkingCalendar.class);

  /** Calendar file names: a two-letter region code and a year, e.g. CN-2026.yaml. */
  private static final Pattern FILE_NAME = Pattern.compile("[A-Z]{2}-(\\d{4})\\.yaml");

  /** Longest span {@link #days} accepts, counted as days between its two dates. */
  static final int MAX_DAYS_SPAN = 366;

  /** Largest number of working days {@link #deadline} accepts. */
  static final int MAX_WORKING_DAYS = 60;

  private final ZoneId zone;
  private final LocalTime businessDayEnd;
  private final Set<Integer> years;
  /** Precomputed days of the years with a file, indexed by {@code year - firstYear}, then day of year - 1. */
  private final Day[][] daysByYear;
  private final int firstYear;

  private WorkingCalendar(Collection<YearCalendar> calendars, ZoneId zone, LocalTime businessDayEnd) {
    this.zone = Objects.requireNonNull(zone, "zone");
    this.businessDayEnd = Objects.requireNonNull(businessDayEnd, "businessDayEnd");
    Objects.requireNonNull(calendars, "years");
    TreeMap<Integer, YearCalendar> byYear = new TreeMap<>();
    for (YearCalendar calendar : calendars) {
      Objects.requireNonNull(calendar, "year calendar");
      if (byYear.putIfAbsent(calendar.year(), calendar) != null) {
        throw new IllegalArgumentException("two calendars for the year " + calendar.year());
      }
    }
    this.years = Collections.unmodifiableSet(new TreeSet<>(byYear.keySet()));
    if (byYear.isEmpty()) {
      this.firstYear = 0;
      this.daysByYear = new Day[0][];
    } else {
      int first = byYear.firstKey();
      int last = byYear.lastKey();
      this.firstYear = first;
      this.daysByYear = new Day[last - first + 1][];
      for (YearCalendar calendar : byYear.values()) {
        daysByYear[calendar.year() - first] = precompute(calendar);
      }
    }
  }

  private static Day[] precompute(YearCalendar calendar) {
    LocalDate start = LocalDate.of(calendar.year(), 1, 1);
    Day[] days = new Day[start.lengthOfYear()];
    for (int i = 0; i < days.length; i++) {
      LocalDate date = start.plusDays(i);
      days[i] = new Day(date, isWeekday(date), null, null, false, false);
    }
    for (Holiday holiday : calendar.holidays()) {
      for (LocalDate d = holiday.from(); !d.isAfter(holiday.to()); d = d.plusDays(1)) {
        days[d.getDayOfYear() - 1] = new Day(d, false, holiday.name(), holiday.nameEn(), false, false);
      }
    }
    for (MakeUpWorkday makeUp : calendar.makeUpWorkdays()) {
      LocalDate d = makeUp.date();
      days[d.getDayOfYear() - 1] = new Day(d, true, makeUp.name(), makeUp.nameEn(), true, false);
    }
    return days;
  }

  /**
   * Loads every calendar file (name matching {@code [A-Z]{2}-\d{4}\.yaml}, e.g. CN-2026.yaml) in {@code dir}.
   * A missing directory means no years: every date is then provisional.
   *
   * @throws IllegalArgumentException if a file is malformed (the message names the file and the problem), if
   *                                  a file's year differs from the year in its name, if two files describe
   *                                  the same year, or if {@code dir} exists but is not a directory
   * @throws UncheckedIOException     if the directory or a file cannot be read
   */
  public static WorkingCalendar load(Path dir, ZoneId zone, LocalTime businessDayEnd) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(businessDayEnd, "businessDayEnd");
    WorkingCalendar result = new WorkingCalendar(read(dir).values(), zone, businessDayEnd);
    if (Files.exists(dir)) {
      LOG.info("Loaded working-day calendars for years {} from {}", result.years(), dir.toAbsolutePath());
    }
    return result;
  }

  /**
   * The calendar files of {@code dir} (as {@link #load} reads them), by file name in name order; none for a missing
   * directory.
   */
  static Map<String, YearCalendar> read(Path dir) {
    if (!Files.exists(dir)) {
      LOG.warn("Calendar directory {} does not exist: every deadline will be provisional (weekdays only)",
          dir.toAbsolutePath());
      return Map.of();
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("calendar directory " + dir + " is not a directory");
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing
          .filter(p -> FILE_NAME.matcher(p.getFileName().toString()).matches())
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list calendar directory " + dir, e);
    }
    Map<Integer, String> fileByYear = new TreeMap<>();
    Map<String, YearCalendar> calendars = new java.util.LinkedHashMap<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      YearCalendar calendar;
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        calendar = YearCalendar.parse(reader, name);
      } catch (CharacterCodingException e) {
        throw new IllegalArgumentException(name + ": not valid UTF-8 text", e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read calendar file " + file, e);
      }
      Matcher m = FILE_NAME.matcher(name);
      if (!m.matches() || Integer.parseInt(m.group(1)) != calendar.year()) {
        throw new IllegalArgumentException(name + ": the file name does not match the year " + calendar.year()
            + " it describes");
      }
      String other = fileByYear.putIfAbsent(calendar.year(), name);
      if (other != null) {
        throw new IllegalArgumentException(name + ": the year " + calendar.year() + " is already described by "
            + other);
      }
      calendars.put(name, calendar);
    }
    return calendars;
  }

  /** The year a calendar file's name says ({@code CN-2027.yaml}: 2027), or null for a name of another form. */
  static Integer yearOfFileName(String name) {
    Matcher m = name == null ? null : FILE_NAME.matcher(name);
    return m != null && m.matches() ? Integer.valueOf(m.group(1)) : null;
  }

  /**
   * Builds a calendar from already-parsed years (for tests and reloads).
   *
   * @throws IllegalArgumentException if two entries describe the same year
   */
  public static WorkingCalendar of(Collection<YearCalendar> years, ZoneId zone, LocalTime businessDayEnd) {
    return new WorkingCalendar(years, zone, businessDayEnd);
  }

  /** The time zone in which receipt times are turned into dates and deadlines are expressed. */
  public ZoneId zone() {
    return zone;
  }

  /** The local time at which a business day ends, e.g. 17:30. */
  public LocalTime businessDayEnd() {
    return businessDayEnd;
  }

  /** The years that have a calendar file, in ascending order (unmodifiable). */
  public Set<Integer> years() {
    return years;
  }

  /** True if {@code date} is a working day. */
  public boolean isWorkingDay(LocalDate date) {
    Day[] known = knownYear(date.getYear());
    return known != null ? known[date.getDayOfYear() - 1].working() : isWeekday(date);
  }

  /** Everything the calendar knows about {@code date}. */
  public Day day(LocalDate date) {
    Objects.requireNonNull(date, "date");
    Day[] known = knownYear(date.getYear());
    if (known != null) {
      return known[date.getDayOfYear() - 1];
    }
    return new Day(date, isWeekday(date), null, null, false, true);
  }

  /**
   * How many working days are left from {@code today} until {@code due}: 0 when due today, N when due on the Nth
   * working day after today (days off between do not count), -N when the due day was N working days ago. Counted
   * over at most {@link #MAX_DAYS_SPAN} days (beyond, the count stops there).
   */
  public int workingDaysLeft(LocalDate today, LocalDate due) {
    Objects.requireNonNull(today, "today");
    Objects.requireNonNull(due, "due");
    int sign = due.isBefore(today) ? -1 : 1;
    LocalDate from = sign > 0 ? today : due;
    LocalDate to = sign > 0 ? due : today;
    int n = 0;
    LocalDate last = from.plusDays(MAX_DAYS_SPAN);
    for (LocalDate d = from.plusDays(1); !d.isAfter(to) && !d.isAfter(last); d = d.plusDays(1)) {
      if (isWorkingDay(d)) {
        n++;
      }
    }
    return sign * n;
  }

  /**
   * The days from {@code from} through {@code to}, both inclusive.
   *
   * @throws IllegalArgumentException if {@code to} is before {@code from} or the two are more than 366 days
   *                                  apart
   */
  public List<Day> days(LocalDate from, LocalDate to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("to " + to + " is before from " + from);
    }
    long span = ChronoUnit.DAYS.between(from, to);
    if (span > MAX_DAYS_SPAN) {
      throw new IllegalArgumentException("span from " + from + " to " + to + " is " + span
          + " days, more than " + MAX_DAYS_SPAN);
    }
    List<Day> result = new ArrayList<>((int) span + 1);
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      result.add(day(d));
    }
    return Collections.unmodifiableList(result);
  }

  /**
   * When a "within {@code workingDays} working days of receipt" time limit expires.
   *
   * <p>The deadline is the end of the business day ({@link #businessDayEnd()} in {@link #zone()}) of the Nth
   * working day after the date of receipt (the receipt's local date in the zone), whatever the hour of
   * receipt. After a receipt on a day off, the first working day after it is day 1. For N = 0 the deadline is
   * the end of the receipt day's business day if the receipt day is a working day and the receipt is at or
   * before the end of the business day; otherwise it is the end of the next working day's business day.
   *
   * <p>The deadline is provisional if any date from the receipt date through the due date lies in a year
   * without a calendar file.
   *
   * @throws IllegalArgumentException if {@code workingDays} is negative or more than 60
   */
  public Deadline deadline(Instant receivedAt, int workingDays) {
    Objects.requireNonNull(receivedAt, "receivedAt");
    if (workingDays < 0 || workingDays > MAX_WORKING_DAYS) {
      throw new IllegalArgumentException("workingDays must be between 0 and " + MAX_WORKING_DAYS + ", was "
          + workingDays);
    }
    ZonedDateTime received = receivedAt.atZone(zone);
    LocalDate receivedOn = received.toLocalDate();
    LocalDate due;
    if (workingDays == 0) {
      boolean sameDay = isWorkingDay(receivedOn) && !received.toLocalTime().isAfter(businessDayEnd);
      due = sameDay ? receivedOn : nextWorkingDay(receivedOn);
    } else {
      due = receivedOn;
      for (int i = 0; i < workingDays; i++) {
        due = nextWorkingDay(due);
      }
    }
    boolean provisional = false;
    for (int y = receivedOn.getYear(); y <= due.getYear() && !provisional; y++) {
      provisional = knownYear(y) == null;
    }
    return new Deadline(ZonedDateTime.of(due, businessDayEnd, zone), provisional);
  }

  private LocalDate nextWorkingDay(LocalDate date) {
    LocalDate d = date.plusDays(1);
    while (!isWorkingDay(d)) {
      d = d.plusDays(1);
    }
    return d;
  }

  private Day[] knownYear(int year) {
    int index = year - firstYear;
    return index >= 0 && index < daysByYear.length ? daysByYear[index] : null;
  }

  private static boolean isWeekday(LocalDate date) {
    DayOfWeek dow = date.getDayOfWeek();
    return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY;
  }

  @Override
  public String toString() {
    return "WorkingCalendar[years=" + years + ", zone=" + zone + ", businessDayEnd=" + businessDayEnd + "]";
  }
}
