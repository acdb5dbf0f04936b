package hotline.stats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * A bulletin as CSV, the way Excel in China opens it right: UTF-8 with a byte-order mark, CRLF lines, one block per
 * section (its title, a header line, its rows, a blank line). A cell that a spreadsheet would run as a formula (starting
 * with = + - @) is written with a leading apostrophe.
 */
public final class BulletinCsv {

  /** The byte-order mark that tells Excel the file is UTF-8. */
  public static final String BOM = "\uFEFF";

  static final List<String> HANDLING = List.of("dispatched", "receiptWithinDay", "receiptWithinDayRate", "due", "handled", "onTime",
      "onTimeRate", "overdue", "overdueDaysLate", "extensions", "secondRound", "thirdRound", "handlingDaysMean", "handlingDaysP90");
  static final List<String> SATISFACTION = List.of("followUps", "reached", "reachRate", "verySatisfied", "satisfied", "unsatisfied",
      "verySatisfiedShare", "satisfiedShare", "unsatisfiedShare");
  static final List<String> CALLS = List.of("offered", "answered", "abandoned", "answeredWithin15s", "answerRate", "within15sRate",
      "waitSecondsMean", "talkSecondsMean");

  private final StringBuilder out = new StringBuilder(BOM);
  private final Locale locale;

  private BulletinCsv(Locale locale) {
    this.locale = locale;
  }

  public static String of(JsonObject b, Locale locale) {
    BulletinCsv c = new BulletinCsv(locale);
    JsonObject range = b.getJsonObject("range");
    c.line(Bulletin.label(locale, "stats.title"), range.getString("label"));
    c.line(Bulletin.label(locale, "stats.generatedAt"), b.getString("generatedAt"));
    c.blank();
    c.block("range", List.of("from", "to", "period", "label"), List.of(range));
    c.block("definitions", List.of("key", "label", "text"), objects(b.getJsonArray("definitions")));
    JsonObject v = b.getJsonObject("volume");
    c.block("total", List.of("total", "uncategorised"), List.of(v));
    for (String s : List.of("byKind", "byChannel", "byPartyType", "topCategories")) {
      c.block(s, List.of("key", "label", "count"), objects(v.getJsonArray(s)));
    }
    for (String s : List.of("byResponsibleUnit", "byRespondentUnit")) {
      c.block(s, List.of("unitId", "name", "count"), objects(v.getJsonArray(s)));
    }
    c.block("repeat", List.of("callers", "callerCases", "cases", "windowDays"), List.of(v.getJsonObject("repeat")));
    JsonObject h = b.getJsonObject("handling");
    c.block("handlingTotals", HANDLING, List.of(h.getJsonObject("totals")));
    c.block("handlingByUnit", concat(List.of("unitId", "name"), HANDLING), objects(h.getJsonArray("byUnit")));
    JsonObject s = b.getJsonObject("satisfaction");
    c.block("satisfactionTotals", SATISFACTION, List.of(s.getJsonObject("totals")));
    c.block("satisfactionByUnit", concat(List.of("unitId", "name"), SATISFACTION), objects(s.getJsonArray("byUnit")));
    JsonObject t = b.getJsonObject("telephony");
    if (t.getBoolean("available", false)) {
      c.block("telephonyTotals", CALLS, List.of(t.getJsonObject("totals")));
      c.block("telephonyByHour", concat(List.of("hour"), CALLS), objects(t.getJsonArray("byHour")));
    } else {
      c.line(Bulletin.label(locale, "stats.section.telephonyTotals"));
      c.line(Bulletin.label(locale, "stats.notAvailable"));
      c.blank();
    }
    return c.out.toString();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  private static List<JsonObject> objects(JsonArray a) {
    return a.stream().map(JsonObject.class::cast).toList();
  }

  private void block(String section, List<String> fields, List<JsonObject> rows) {
    line(Bulletin.label(locale, "stats.section." + section));
    line(fields.stream().map(f -> Bulletin.fieldLabel(locale, f)).toArray(String[]::new));
    for (JsonObject r : rows) {
      line(fields.stream().map(f -> {
        Object value = r.getValue(f);
        return value == null ? "" : value.toString();
      }).toArray(String[]::new));
    }
    blank();
  }

  private void blank() {
    out.append("\r\n");
  }

  private void line(String... cells) {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(cell(cells[i]));
    }
    out.append("\r\n");
  }

  static String cell(String v) {
    if (v == null || v.isEmpty()) {
      return "";
    }
    String s = v;
    char first = s.charAt(0);
    // A number of ours may start with '-' only as a negative figure, and we have none: any such text is guarded.
    if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
      s = "'" + s;
    }
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      s = '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
