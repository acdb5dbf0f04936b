package hotline.forms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * How one kind's record form looks on paper, as an office writes it in {@code config/forms/<kind>.yaml}: a title, a
 * subtitle line (left and right parts, {@code {number}}-style placeholders), then sections, each a boxed table whose
 * rows have one or two cells. A cell prints its label (followed by "：") in a shaded column and, beside it, the
 * case's value of its field key, or a fixed text, or nothing (a box to fill by hand); {@code lines} is its least
 * height in lines. A section marked {@code receipt: true} is the unit's receipt: kept on one page.
 * A key outside {@link FormKey}, or any property this format does not have, fails the load naming file and key.
 *
 * @param source where the layout was read from, for messages
 */
public record FormLayout(String kind, String title, Subtitle subtitle, List<Section> sections, String source) {

  /** The line under the title: {@code left} flush left, {@code right} flush right; either may be null. */
  public record Subtitle(String left, String right) {
  }

  /** A boxed table; {@code heading} (optional) is its shaded first row. */
  public record Section(String heading, boolean receipt, List<Row> rows) {
    public Section {
      rows = List.copyOf(rows);
    }
  }

  /** One or two cells side by side. */
  public record Row(List<Cell> cells) {
    public Row {
      cells = List.copyOf(cells);
    }
  }

  /**
   * A label and what stands beside it: the value of {@code key}, or the fixed {@code text}, or a blank (both null).
   * Without a label the value takes the whole cell.
   */
  public record Cell(String label, FormKey key, String text, int lines) {
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
  private static final Set<String> TOP = Set.of("title", "subtitle", "sections");
  private static final Set<String> SUBTITLE = Set.of("left", "right");
  private static final Set<String> SECTION = Set.of("heading", "receipt", "rows");
  private static final Set<String> CELL = Set.of("label", "key", "text", "lines");
  static final int MAX_LINES = 40;

  public FormLayout {
    sections = List.copyOf(sections);
  }

  /** Reads and checks a layout file. */
  public static FormLayout read(String kind, Path file) {
    try {
      return parse(kind, Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read form layout " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses and checks a layout; {@code source} names it in messages. */
  public static FormLayout parse(String kind, String yaml, String source) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed form layout " + source + ": " + e.getMessage(), e);
    }
    Parser p = new Parser(source);
    Map<?, ?> top = p.map(root, "the file", TOP);
    String title = p.text(top.get("title"), "title", true);
    Subtitle subtitle = null;
    if (top.get("subtitle") != null) {
      Map<?, ?> s = p.map(top.get("subtitle"), "subtitle", SUBTITLE);
      subtitle = new Subtitle(p.template(s.get("left"), "subtitle.left"), p.template(s.get("right"), "subtitle.right"));
    }
    List<Section> sections = new ArrayList<>();
    List<?> list = p.list(top.get("sections"), "sections");
    for (int i = 0; i < list.size(); i++) {
      String where = "sections[" + (i + 1) + "]";
      Map<?, ?> s = p.map(list.get(i), where, SECTION);
      Object receipt = s.get("receipt");
      if (receipt != null && !(receipt instanceof Boolean)) {
        throw p.fail(where + ".receipt must be true or false, not '" + receipt + "'");
      }
      List<Row> rows = new ArrayList<>();
      List<?> rs = p.list(s.get("rows"), where + ".rows");
      for (int r = 0; r < rs.size(); r++) {
        rows.add(p.row(rs.get(r), where + ".rows[" + (r + 1) + "]"));
      }
      sections.add(new Section(p.text(s.get("heading"), where + ".heading", false), Boolean.TRUE.equals(receipt), rows));
    }
    return new FormLayout(kind, title, subtitle, sections, source);
  }

  /** A layout for a form without one: its fields one per row, under its own title. */
  static FormLayout plain(RecordForm form) {
    List<Row> rows = new ArrayList<>();
    for (RecordForm.Field f : form.fields()) {
      rows.add(new Row(List.of(new Cell(f.label(), null, f.value(), 1))));
    }
    return new FormLayout(form.kind(), form.title(), new Subtitle(null, "受理编号：{number}"),
        List.of(new Section(null, false, rows)), "plain");
  }

  /** A subtitle template with the form's values in its placeholders (blank for a key without a value). */
  static String fill(String template, RecordForm form) {
    if (template == null) {
      return null;
    }
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      FormKey k = FormKey.of(m.group(1).trim());
      String v = k == null ? "" : form.value(k);
      if (v == null && k == FormKey.NUMBER) {
        v = form.number();
      }
      m.appendReplacement(b, Matcher.quoteReplacement(v == null ? "" : v));
    }
    m.appendTail(b);
    return b.toString();
  }

  /** The YAML walker: every complaint names the file and where in it. */
  private record Parser(String source) {

    IllegalArgumentException fail(String what) {
      return new IllegalArgumentException("form layout " + source + ": " + what);
    }

    Map<?, ?> map(Object node, String where, Set<String> allowed) {
      if (!(node instanceof Map<?, ?> m)) {
        throw fail(where + " must be a mapping");
      }
      for (Object k : m.keySet()) {
        if (!allowed.contains(String.valueOf(k))) {
          throw fail("unknown property '" + k + "' in " + where + " (known: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
        }
      }
      return m;
    }

    List<?> list(Object node, String where) {
      if (!(node instanceof List<?> l) || l.isEmpty()) {
        throw fail(where + " must be a non-empty list");
      }
      return l;
    }

    String text(Object node, String where, boolean required) {
      if (node == null || String.valueOf(node).isBlank()) {
        if (required) {
          throw fail(where + " is missing");
        }
        return null;
      }
      if (node instanceof Map || node instanceof List) {
        throw fail(where + " must be text");
      }
      return String.valueOf(node);
    }

    String template(Object node, String where) {
      String t = text(node, where, false);
      if (t != null) {
        Matcher m = PLACEHOLDER.matcher(t);
        while (m.find()) {
          key(m.group(1).trim(), where);
        }
      }
      return t;
    }

    FormKey key(String key, String where) {
      FormKey k = FormKey.of(key);
      if (k == null) {
        throw fail("unknown field key '" + key + "' in " + where + " (known: "
            + String.join(", ", java.util.Arrays.stream(FormKey.values()).map(FormKey::key).toList()) + ")");
      }
      return k;
    }

    Row row(Object node, String where) {
      List<?> cells = node instanceof Map ? List.of(node) : list(node, where);
      if (cells.size() > 2) {
        throw fail(where + " has " + cells.size() + " cells; a row has one or two");
      }
      List<Cell> out = new ArrayList<>();
      for (int c = 0; c < cells.size(); c++) {
        out.add(cell(cells.get(c), cells.size() == 1 ? where : where + "[" + (c + 1) + "]"));
      }
      return new Row(out);
    }

    Cell cell(Object node, String where) {
      Map<?, ?> m = map(node, where, CELL);
      String label = text(m.get("label"), where + ".label", false);
      FormKey key = m.get("key") == null ? null : key(text(m.get("key"), where + ".key", true).trim(), where);
      String fixed = text(m.get("text"), where + ".text", false);
      if (key != null && fixed != null) {
        throw fail(where + " has both a key and a text");
      }
      if (label == null && key == null && fixed == null) {
        throw fail(where + " has neither a label, a key nor a text");
      }
      int lines = 1;
      Object l = m.get("lines");
      if (l != null) {
        if (!(l instanceof Integer n) || n < 1 || n > MAX_LINES) {
          throw fail(where + ".lines must be a whole number from 1 to " + MAX_LINES + ", not '" + l + "'");
        }
        lines = n;
      }
      return new Cell(label, key, fixed, lines);
    }
  }
}
