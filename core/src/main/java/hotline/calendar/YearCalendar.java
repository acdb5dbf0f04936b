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
   * @throws IllegalArgumentException if the text is not valid YAML or does not describe a consistent year;
   *                                  the message starts with {@code fileNameForErrors}
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
      throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage(), e);
    }
    if (root == null) {
      throw new IllegalArgumentException(file + ": the file is empty");
    }
    try {
      return fromTree(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
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
      throw new IllegalArgumentException("year '" + yearText + "' is not a number" + at(yearNode));
    }
    String source = scalar(required(top, "source", root), "source");

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
        throw new IllegalArgumentException(where + " (" + name + "): from " + from + " is after to " + to
            + at(node));
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
        throw new IllegalArgumentException(where + ": date " + date + " is already listed as makeUpWorkdays["
            + earlier + "]" + at(node));
      }
      makeUps.add(new MakeUpWorkday(date, name, nameEn));
    }
    // The constructor checks the rest (overlaps, holiday versus make-up day, weekend).
    return new YearCalendar(year, source, holidays, makeUps);
  }

  private static Map<String, Node> mapping(Node node, String what, Set<String> allowedKeys) {
    if (!(node instanceof MappingNode mappingNode)) {
      throw new IllegalArgumentException(what + " must be a mapping" + at(node));
    }
    Map<String, Node> result = new LinkedHashMap<>();
    for (NodeTuple tuple : mappingNode.getValue()) {
      String key = scalar(tuple.getKeyNode(), "a key of " + what);
      if (!allowedKeys.contains(key)) {
        throw new IllegalArgumentException("unknown key '" + key + "' in " + what + " (expected one of "
            + allowedKeys.stream().sorted().toList() + ")" + at(tuple.getKeyNode()));
      }
      if (result.put(key, tuple.getValueNode()) != null) {
        throw new IllegalArgumentException("duplicate key '" + key + "' in " + what + at(tuple.getKeyNode()));
      }
    }
    return result;
  }

  private static List<Node> sequence(Node node, String what) {
    if (node == null || (node instanceof ScalarNode s && s.getValue().isEmpty())) {
      return List.of();
    }
    if (!(node instanceof SequenceNode sequenceNode)) {
      throw new IllegalArgumentException(what + " must be a list" + at(node));
    }
    return sequenceNode.getValue();
  }

  private static Node required(Map<String, Node> fields, String key, Node owner) {
    Node node = fields.get(key);
    if (node == null) {
      throw new IllegalArgumentException("missing '" + key + "'" + at(owner));
    }
    return node;
  }

  private static String scalar(Node node, String what) {
    if (!(node instanceof ScalarNode scalarNode)) {
      throw new IllegalArgumentException(what + " must be a plain value" + at(node));
    }
    return scalarNode.getValue();
  }

  private static String text(Map<String, Node> fields, String key, String where, Node owner) {
    Node node = fields.get(key);
    if (node == null) {
      throw new IllegalArgumentException(where + ": missing '" + key + "'" + at(owner));
    }
    String value = scalar(node, where + "." + key);
    if (value.isBlank()) {
      throw new IllegalArgumentException(where + "." + key + " must not be blank" + at(node));
    }
    return value.strip();
  }

  private static LocalDate date(Map<String, Node> fields, String key, String where, Node owner, int year) {
    Node node = fields.get(key);
    if (node == null) {
      throw new IllegalArgumentException(where + ": missing '" + key + "'" + at(owner));
    }
    String value = scalar(node, where + "." + key).strip();
    LocalDate date;
    try {
      date = LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(where + "." + key + " '" + value + "' is not a date (YYYY-MM-DD)"
          + at(node));
    }
    if (date.getYear() != year) {
      throw new IllegalArgumentException(where + "." + key + " " + date + " is outside the file's year "
          + year + at(node));
    }
    return date;
  }

  private static String at(Node node) {
    if (node == null) {
      return "";
    }
    Mark mark = node.getStartMark();
    return mark == null ? "" : " (line " + (mark.getLine() + 1) + ")";
  }
}
