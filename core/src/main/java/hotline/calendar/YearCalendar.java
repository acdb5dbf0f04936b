package hotline.calendar;

import java.io.Reader;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The official holiday arrangement of one year: its statutory holidays and its make-up working days.
 *
 * <p>The constructor checks consistency: every date lies in {@code year}, holidays do not overlap, make-up
 * working days are distinct weekend days outside every holiday. The lists are stored sorted and immutable.
 *
 * @param year           the year, e.g. 2026
 * @param source         where the arrangement comes from, e.g. 国务院办公厅关于2026年部分节假日安排的通知
 * @param holidays       holiday periods
 * @param makeUpWorkdays make-up working days
 */
public record YearCalendar(int year, String source, List<Holiday> holidays, List<MakeUpWorkday> makeUpWorkdays) {

  private static final Set<String> ROOT_KEYS = Set.of("year", "source", "holidays", "makeUpWorkdays");
  private static final Set<String> HOLIDAY_KEYS = Set.of("name", "nameEn", "from", "to");
  private static final Set<String> MAKE_UP_KEYS = Set.of("date", "name", "nameEn");

  public YearCalendar {
    if (year < 1000 || year > 9999) {
      throw new IllegalArgumentException("year " + year + " is not a four-digit year");
    }
    Holiday.requireText(source, "source");
    Objects.requireNonNull(holidays, "holidays");
    Objects.requireNonNull(makeUpWorkdays, "makeUpWorkdays");
    List<Holiday> sortedHolidays = new ArrayList<>(holidays);
    sortedHolidays.forEach(h -> Objects.requireNonNull(h, "holiday"));
    sortedHolidays.sort(Comparator.comparing(Holiday::from));
    List<MakeUpWorkday> sortedMakeUps = new ArrayList<>(makeUpWorkdays);
    sortedMakeUps.forEach(m -> Objects.requireNonNull(m, "make-up working day"));
    sortedMakeUps.sort(Comparator.comparing(MakeUpWorkday::date));

    Holiday previous = null;
    for (Holiday h : sortedHolidays) {
      if (h.from().getYear() != year || h.to().getYear() != year) {
        throw new IllegalArgumentException("holiday " + h.name() + " (" + h.from() + " to " + h.to()
            + ") lies outside the year " + year);
      }
      if (previous != null && !h.from().isAfter(previous.to())) {
        throw new IllegalArgumentException("holiday " + h.name() + " (" + h.from() + " to " + h.to()
            + ") overlaps holiday " + previous.name() + " (" + previous.from() + " to " + previous.to() + ")");
      }
      previous = h;
    }
    LocalDate previousMakeUp = null;
    for (MakeUpWorkday m : sortedMakeUps) {
      LocalDate d = m.date();
      if (d.getYear() != year) {
        throw new IllegalArgumentException("make-up working day " + d + " (" + m.name()
            + ") lies outside the year " + year);
      }
      if (d.equals(previousMakeUp)) {
        throw new IllegalArgumentException("make-up working day " + d + " is listed twice");
      }
      if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
        throw new IllegalArgumentException("make-up working day " + d + " (" + m.name() + ") is a "
            + d.getDayOfWeek() + ", not a weekend day");
      }
      for (Holiday h : sortedHolidays) {
        if (h.contains(d)) {
          throw new IllegalArgumentException("date " + d + " is both a make-up working day (" + m.name()
              + ") and a holiday (" + h.name() + ")");
        }
      }
      previousMakeUp = d;
    }
    holidays = List.copyOf(sortedHolidays);
    makeUpWorkdays = List.copyOf(sortedMakeUps);
  }

  /**
   * Parses one calendar file.
   *
   * @param yaml              the YAML text
   * @param fileNameForErrors the file name to put at the start of every error message
   * @return the year's calendar
   * @throws CalendarFileException if the text is not valid YAML or does not describe a consistent year; the message
   *                               starts with {@code fileNameForErrors} and names the line where it can
   */
  public static YearCalendar parse(Reader yaml, String fileNameForErrors) {
    Objects.requireNonNull(yaml, "yaml");
    String file = fileNameForErrors == null ? "<calendar>" : fileNameForErrors;
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setAllowRecursiveKeys(false);
      options.setMaxAliasesForCollections(10);
      // Compose only: we read the raw scalars ourselves, so dates stay text and are parsed strictly.
      root = new Yaml(options).compose(yaml);
    } catch (YAMLException e) {
      Integer line = e instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null
          ? m.getProblemMark().getLine() + 1 : null;
      String why = e instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblem() != null ? m.getProblem()
          : e.getMessage();
      throw new CalendarFileException(file, line, "calendar.file.yaml", why);
    }
    if (root == null) {
      throw new CalendarFileException(file, null, "calendar.file.empty");
    }
    try {
      return fromTree(root);
    } catch (CalendarFileException e) {
      throw e.in(file);
    }
  }

  private static YearCalendar fromTree(Node root) {
    Map<String, Node> top = mapping(root, "the document", ROOT_KEYS);
    Node yearNode = required(top, "year", root);
    String yearText = scalar(yearNode, "year");
    int year;
    try {
      year = Integer.parseInt(yearText.trim());
    } catch (NumberFormatException e) {
      throw problem(yearNode, "calendar.file.yearNotNumber", yearText);
    }
    if (year < 1000 || year > 9999) {
      throw problem(yearNode, "calendar.file.yearNotNumber", yearText);
    }
    Node sourceNode = required(top, "source", root);
    String source = scalar(sourceNode, "source");
    if (source.isBlank()) {
      throw problem(sourceNode, "calendar.file.blank", "source");
    }

    List<Holiday> holidays = new ArrayList<>();
    List<Node> holidayNodes = sequence(top.get("holidays"), "holidays");
    for (int i = 0; i < holidayNodes.size(); i++) {
      Node node = holidayNodes.get(i);
      String where = "holidays[" + i + "]";
      Map<String, Node> fields = mapping(node, where, HOLIDAY_KEYS);
      String name = text(fields, "name", where, node);
      String nameEn = text(fields, "nameEn", where, node);
      LocalDate from = date(fields, "from", where, node, year);
      LocalDate to = date(fields, "to", where, node, year);
      if (from.isAfter(to)) {
        throw problem(node, "calendar.file.fromAfterTo", where, name, from.toString(), to.toString());
      }
      for (int j = 0; j < holidays.size(); j++) {
        Holiday other = holidays.get(j);
        if (!from.isAfter(other.to()) && !other.from().isAfter(to)) {
          throw problem(node, "calendar.file.overlap", where, name, from.toString(), to.toString(), other.name(),
              other.from().toString(), other.to().toString());
        }
      }
      holidays.add(new Holiday(name, nameEn, from, to));
    }

    List<MakeUpWorkday> makeUps = new ArrayList<>();
    List<Node> makeUpNodes = sequence(top.get("makeUpWorkdays"), "makeUpWorkdays");
    Map<LocalDate, Integer> seen = new HashMap<>();
    for (int i = 0; i < makeUpNodes.size(); i++) {
      Node node = makeUpNodes.get(i);
      String where = "makeUpWorkdays[" + i + "]";
      Map<String, Node> fields = mapping(node, where, MAKE_UP_KEYS);
      LocalDate date = date(fields, "date", where, node, year);
      String name = text(fields, "name", where, node);
      String nameEn = text(fields, "nameEn", where, node);
      Integer earlier = seen.putIfAbsent(date, i);
      if (earlier != null) {
        throw problem(node, "calendar.file.makeUpTwice", where, date.toString(), "makeUpWorkdays[" + earlier + "]");
      }
      if (date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY) {
        throw problem(fields.get("date"), "calendar.file.makeUpNotWeekend", where, date.toString(), name,
            new hotline.errors.Messages.Key("weekday." + date.getDayOfWeek().name().toLowerCase(java.util.Locale.ROOT)));
      }
      for (Holiday h : holidays) {
        if (h.contains(date)) {
          throw problem(fields.get("date"), "calendar.file.bothHolidayAndMakeUp", date.toString(), name, h.name());
        }
      }
      makeUps.add(new MakeUpWorkday(date, name, nameEn));
    }
    // The constructor checks all of it again, for calendars built in code.
    return new YearCalendar(year, source, holidays, makeUps);
  }

  private static CalendarFileException problem(Node node, String key, Object... args) {
    return new CalendarFileException(null, line(node), key, args);
  }

  private static Map<String, Node> mapping(Node node, String what, Set<String> allowedKeys) {
    if (!(node instanceof MappingNode mappingNode)) {
      throw problem(node, "calendar.file.notMapping", what);
    }
    Map<String, Node> result = new LinkedHashMap<>();
    for (NodeTuple tuple : mappingNode.getValue()) {
      String key = scalar(tuple.getKeyNode(), "a key of " + what);
      if (!allowedKeys.contains(key)) {
        throw problem(tuple.getKeyNode(), "calendar.file.unknownKey", key, what,
            String.join(", ", allowedKeys.stream().sorted().toList()));
      }
      if (result.put(key, tuple.getValueNode()) != null) {
        throw problem(tuple.getKeyNode(), "calendar.file.duplicateKey", key, what);
      }
    }
    return result;
  }

  private static List<Node> sequence(Node node, String what) {
    if (node == null || (node instanceof ScalarNode s && s.getValue().isEmpty())) {
      return List.of();
    }
    if (!(node instanceof SequenceNode sequenceNode)) {
      throw problem(node, "calendar.file.notList", what);
    }
    return sequenceNode.getValue();
  }

  private static Node required(Map<String, Node> fields, String key, Node owner) {
    Node node = fields.get(key);
    if (node == null) {
      throw problem(owner, "calendar.file.missing", key, "the document");
    }
    return node;
  }

  private static String scalar(Node node, String what) {
    if (!(node instanceof ScalarNode scalarNode)) {
      throw problem(node, "calendar.file.notPlain", what);
    }
    return scalarNode.getValue();
  }

  private static String text(Map<String, Node> fields, String key, String where, Node owner) {
    Node node = fields.get(key);
    if (node == null) {
      throw problem(owner, "calendar.file.missing", key, where);
    }
    String value = scalar(node, where + "." + key);
    if (value.isBlank()) {
      throw problem(node, "calendar.file.blank", where + "." + key);
    }
    return value.strip();
  }

  private static LocalDate date(Map<String, Node> fields, String key, String where, Node owner, int year) {
    Node node = fields.get(key);
    if (node == null) {
      throw problem(owner, "calendar.file.missing", key, where);
    }
    String value = scalar(node, where + "." + key).strip();
    LocalDate date;
    try {
      date = LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw problem(node, "calendar.file.notDate", where + "." + key, value);
    }
    if (date.getYear() != year) {
      throw problem(node, "calendar.file.outsideYear", where + "." + key, date.toString(), year);
    }
    return date;
  }

  private static Integer line(Node node) {
    if (node == null) {
      return null;
    }
    Mark mark = node.getStartMark();
    return mark == null ? null : mark.getLine() + 1;
  }
}
