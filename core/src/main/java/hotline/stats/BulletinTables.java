package hotline.stats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bulletin's JSON ({@code hotline.stats.Bulletin}) as the tables its files show: the headline figures, the volume
 * by each dimension, handling, satisfaction and telephony by unit or hour, each with its totals, and the texts of the
 * headers in the reader's language (zh-CN, or English). The Excel workbook and the PDF bulletin both lay out these
 * tables, so that the two files say the same.
 */
final class BulletinTables {

  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  /** How a column's numbers read: counts, rates (fractions 0..1), working days (2 decimals), seconds (1 decimal). */
  enum Kind { TEXT, COUNT, RATE, DAYS, SECONDS }

  record Column(String field, String header, Kind kind) {
  }

  /** A table: its title, columns, rows (a cell is a String, a Number or null) and how many of its last rows are totals. */
  record Table(String title, List<Column> columns, List<List<Object>> rows, int totalRows) {
  }

  /** A headline figure: its label, its value (null: no denominator) and how it reads. */
  record Figure(String label, Number value, Kind kind) {
  }

  private final JsonObject b;
  private final boolean english;

  BulletinTables(JsonObject bulletin, Locale locale) {
    this.b = bulletin;
    this.english = locale != null && "en".equals(locale.getLanguage());
  }

  boolean english() {
    return english;
  }

  /** The text of a key in the reader's language. */
  String t(String key) {
    String[] pair = TEXTS.get(key);
    if (pair == null) {
      return key;
    }
    return english ? pair[1] : pair[0];
  }

  String title() {
    return t("title");
  }

  JsonObject range() {
    return b.getJsonObject("range", new JsonObject());
  }

  /** "2026年第三季度（2026-07-01 至 2026-09-30）". */
  String rangeText() {
    JsonObject r = range();
    String span = r.getString("from", "") + t("to") + r.getString("to", "");
    String label = r.getString("label");
    return label == null || label.isBlank() ? span : label + (english ? " (" + span + ")" : "（" + span + "）");
  }

  /** When it was generated, in the hotline's zone: "2026-10-08 17:00". */
  String generatedText() {
    String at = b.getString("generatedAt");
    if (at == null) {
      return "";
    }
    try {
      return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(Instant.parse(at).atZone(ZONE));
    } catch (RuntimeException e) {
      return at;
    }
  }

  boolean telephonyAvailable() {
    return b.getJsonObject("telephony", new JsonObject()).getBoolean("available", false);
  }

  JsonObject volume() {
    return b.getJsonObject("volume", new JsonObject());
  }

  JsonArray handlingByUnit() {
    return b.getJsonObject("handling", new JsonObject()).getJsonArray("byUnit", new JsonArray());
  }

  JsonArray telephonyByHour() {
    return b.getJsonObject("telephony", new JsonObject()).getJsonArray("byHour", new JsonArray());
  }

  List<Figure> headline() {
    JsonObject h = totals("handling");
    JsonObject s = totals("satisfaction");
    List<Figure> out = new ArrayList<>();
    out.add(new Figure(t("fig.total"), volume().getNumber("total"), Kind.COUNT));
    out.add(new Figure(t("fig.dispatched"), h.getNumber("dispatched"), Kind.COUNT));
    out.add(new Figure(t("fig.receiptRate"), h.getNumber("receiptWithinDayRate"), Kind.RATE));
    out.add(new Figure(t("fig.onTimeRate"), h.getNumber("onTimeRate"), Kind.RATE));
    out.add(new Figure(t("fig.overdue"), h.getNumber("overdue"), Kind.COUNT));
    out.add(new Figure(t("fig.reachRate"), s.getNumber("reachRate"), Kind.RATE));
    out.add(new Figure(t("fig.satisfiedRate"), satisfiedRate(s), Kind.RATE));
    if (telephonyAvailable()) {
      JsonObject c = totals("telephony");
      out.add(new Figure(t("fig.offered"), c.getNumber("offered"), Kind.COUNT));
      out.add(new Figure(t("fig.answerRate"), c.getNumber("answerRate"), Kind.RATE));
      out.add(new Figure(t("fig.within15sRate"), c.getNumber("within15sRate"), Kind.RATE));
    }
    return out;
  }

  /** Very satisfied plus satisfied, over those reached (null when nobody was reached). */
  static Number satisfiedRate(JsonObject s) {
    Number v = s.getNumber("verySatisfiedShare");
    Number w = s.getNumber("satisfiedShare");
    if (v == null || w == null) {
      return null;
    }
    return Math.round((v.doubleValue() + w.doubleValue()) * 10_000) / 10_000.0;
  }

  private JsonObject totals(String section) {
    return b.getJsonObject(section, new JsonObject()).getJsonObject("totals", new JsonObject());
  }

  /** The definitions, each as {label, text}. */
  List<String[]> definitions() {
    List<String[]> out = new ArrayList<>();
    for (Object o : b.getJsonArray("definitions", new JsonArray())) {
      if (o instanceof JsonObject d) {
        out.add(new String[] {d.getString("label", d.getString("key", "")), d.getString("text", "")});
      }
    }
    return out;
  }

  /** The volume as one table: dimension, item, count, share of all cases. */
  Table volumeTable() {
    JsonObject v = volume();
    long total = v.getLong("total", 0L);
    List<List<Object>> rows = new ArrayList<>();
    for (String[] dim : new String[][] {{"byKind", "dim.kind"}, {"byChannel", "dim.channel"},
        {"byPartyType", "dim.partyType"}, {"topCategories", "dim.category"},
        {"byResponsibleUnit", "dim.responsibleUnit"}, {"byRespondentUnit", "dim.respondentUnit"}}) {
      for (Object o : v.getJsonArray(dim[0], new JsonArray())) {
        if (o instanceof JsonObject e) {
          long n = e.getLong("count", 0L);
          rows.add(row(t(dim[1]), itemLabel(e), n, share(n, total)));
        }
      }
      long uncategorised = v.getLong("uncategorised", 0L);
      if (dim[0].equals("topCategories") && uncategorised > 0) { // cases filed without a category
        rows.add(row(t(dim[1]), t("uncategorised"), uncategorised, share(uncategorised, total)));
      }
    }
    JsonObject rep = v.getJsonObject("repeat");
    if (rep != null) {
      rows.add(row(t("dim.repeat"), t("repeat.callers"), rep.getNumber("callers"), null));
      rows.add(row(t("dim.repeat"), t("repeat.callerCases"), rep.getNumber("callerCases"), null));
      rows.add(row(t("dim.repeat"), t("repeat.cases"), rep.getNumber("cases"), null));
    }
    rows.add(row(t("total"), t("total.cases"), total, total == 0 ? null : 1.0));
    return new Table(t("sheet.volume"), List.of(new Column("dimension", t("col.dimension"), Kind.TEXT),
        new Column("item", t("col.item"), Kind.TEXT), new Column("count", t("col.count"), Kind.COUNT),
        new Column("share", t("col.share"), Kind.RATE)), rows, 1);
  }

  private static Double share(long n, long total) {
    return total == 0 ? null : Math.round(n * 10_000.0 / total) / 10_000.0;
  }

  /** One dimension of the volume (for a chart): its items and counts. */
  List<Object[]> counts(String dimension) {
    List<Object[]> out = new ArrayList<>();
    for (Object o : volume().getJsonArray(dimension, new JsonArray())) {
      if (o instanceof JsonObject e) {
        out.add(new Object[] {itemLabel(e), e.getLong("count", 0L)});
      }
    }
    return out;
  }

  private String itemLabel(JsonObject e) {
    String label = e.getString("label", e.getString("name"));
    if (label == null || label.isBlank()) {
      Object key = e.getValue("key");
      label = key == null ? t("unfilled") : String.valueOf(key);
    }
    return label;
  }

  static final List<String[]> HANDLING = List.of(new String[] {"dispatched", "COUNT"},
      new String[] {"receiptWithinDay", "COUNT"}, new String[] {"receiptWithinDayRate", "RATE"},
      new String[] {"due", "COUNT"}, new String[] {"handled", "COUNT"}, new String[] {"onTime", "COUNT"},
      new String[] {"onTimeRate", "RATE"}, new String[] {"overdue", "COUNT"},
      new String[] {"overdueDaysLate", "COUNT"}, new String[] {"extensions", "COUNT"},
      new String[] {"secondRound", "COUNT"}, new String[] {"thirdRound", "COUNT"},
      new String[] {"handlingDaysMean", "DAYS"}, new String[] {"handlingDaysP90", "DAYS"});

  static final List<String[]> SATISFACTION = List.of(new String[] {"followUps", "COUNT"},
      new String[] {"reached", "COUNT"}, new String[] {"reachRate", "RATE"},
      new String[] {"verySatisfied", "COUNT"}, new String[] {"satisfied", "COUNT"},
      new String[] {"unsatisfied", "COUNT"}, new String[] {"verySatisfiedShare", "RATE"},
      new String[] {"satisfiedShare", "RATE"}, new String[] {"unsatisfiedShare", "RATE"});

  static final List<String[]> TELEPHONY = List.of(new String[] {"offered", "COUNT"},
      new String[] {"answered", "COUNT"}, new String[] {"abandoned", "COUNT"},
      new String[] {"answeredWithin15s", "COUNT"}, new String[] {"answerRate", "RATE"},
      new String[] {"within15sRate", "RATE"}, new String[] {"waitSecondsMean", "SECONDS"},
      new String[] {"talkSecondsMean", "SECONDS"});

  Table handlingTable() {
    return byUnit("handling", "sheet.handling", HANDLING);
  }

  Table satisfactionTable() {
    return byUnit("satisfaction", "sheet.satisfaction", SATISFACTION);
  }

  private Table byUnit(String section, String title, List<String[]> fields) {
    List<Column> columns = new ArrayList<>();
    columns.add(new Column("name", t("col.unit"), Kind.TEXT));
    for (String[] f : fields) {
      columns.add(new Column(f[0], t("col." + f[0]), Kind.valueOf(f[1])));
    }
    List<List<Object>> rows = new ArrayList<>();
    JsonObject s = b.getJsonObject(section, new JsonObject());
    for (Object o : s.getJsonArray("byUnit", new JsonArray())) {
      if (o instanceof JsonObject u) {
        rows.add(values(u, u.getString("name", String.valueOf(u.getValue("unitId"))), fields));
      }
    }
    rows.add(values(s.getJsonObject("totals", new JsonObject()), t("total"), fields));
    return new Table(t(title), columns, rows, 1);
  }

  /** Telephony by hour with the totals, or null when the telephony module did not answer. */
  Table telephonyTable() {
    if (!telephonyAvailable()) {
      return null;
    }
    List<Column> columns = new ArrayList<>();
    columns.add(new Column("hour", t("col.hour"), Kind.TEXT));
    for (String[] f : TELEPHONY) {
      columns.add(new Column(f[0], t("col." + f[0]), Kind.valueOf(f[1])));
    }
    List<List<Object>> rows = new ArrayList<>();
    for (Object o : telephonyByHour()) {
      if (o instanceof JsonObject h) {
        int hour = h.getInteger("hour", 0);
        rows.add(values(h, String.format(Locale.ROOT, "%02d:00–%02d:00", hour, (hour + 1) % 24 == 0 ? 24 : hour + 1),
            TELEPHONY));
      }
    }
    rows.add(values(totals("telephony"), t("total"), TELEPHONY));
    return new Table(t("sheet.telephony"), columns, rows, 1);
  }

  private static List<Object> values(JsonObject o, String first, List<String[]> fields) {
    List<Object> row = new ArrayList<>();
    row.add(first);
    for (String[] f : fields) {
      row.add(o.getNumber(f[0]));
    }
    return row;
  }

  private static List<Object> row(Object... cells) {
    List<Object> r = new ArrayList<>(cells.length);
    java.util.Collections.addAll(r, cells);
    return r;
  }

  /** A value as the files print it where no cell format applies (the PDF): "90.6%", "1.42", "—" for none. */
  String format(Object v, Kind kind) {
    if (v == null) {
      return kind == Kind.TEXT ? "" : "—";
    }
    if (!(v instanceof Number n)) {
      return String.valueOf(v);
    }
    return switch (kind) {
      case RATE -> String.format(Locale.ROOT, "%.1f%%", n.doubleValue() * 100);
      case DAYS -> String.format(Locale.ROOT, "%.2f", n.doubleValue());
      case SECONDS -> String.format(Locale.ROOT, "%.1f", n.doubleValue());
      default -> n instanceof Double || n instanceof Float ? String.format(Locale.ROOT, "%.2f", n.doubleValue())
          : Long.toString(n.longValue());
    };
  }

  /** Texts: zh-CN, English. */
  private static final Map<String, String[]> TEXTS = Map.ofEntries(
      Map.entry("title", new String[] {"热线受理情况通报", "Hotline bulletin"}),
      Map.entry("to", new String[] {" 至 ", " to "}),
      Map.entry("range", new String[] {"统计期间", "Period"}),
      Map.entry("generated", new String[] {"生成时间", "Generated"}),
      Map.entry("generatedNote", new String[] {"（北京时间）", " (Beijing time)"}),
      Map.entry("headline", new String[] {"主要指标", "Headline figures"}),
      Map.entry("definitions", new String[] {"统计口径", "Definitions"}),
      Map.entry("telephonyOff", new String[] {"话务模块未部署或未应答，本期无话务数据。",
          "The telephony module is not deployed or did not answer: no telephony figures this time."}),
      Map.entry("fig.total", new String[] {"受理总量", "Cases received"}),
      Map.entry("fig.dispatched", new String[] {"派单数", "Dispatched"}),
      Map.entry("fig.receiptRate", new String[] {"一个工作日内签收率", "Receipt within a working day"}),
      Map.entry("fig.onTimeRate", new String[] {"按时办结率", "On-time rate"}),
      Map.entry("fig.overdue", new String[] {"逾期件数", "Overdue"}),
      Map.entry("fig.reachRate", new String[] {"回访成功率", "Follow-up reach rate"}),
      Map.entry("fig.satisfiedRate", new String[] {"满意率（非常满意＋满意）", "Satisfied (very + satisfied)"}),
      Map.entry("fig.offered", new String[] {"呼入总量", "Calls offered"}),
      Map.entry("fig.answerRate", new String[] {"接通率", "Answer rate"}),
      Map.entry("fig.within15sRate", new String[] {"15秒接通率", "Answered within 15 s"}),
      Map.entry("sheet.summary", new String[] {"概要", "Summary"}),
      Map.entry("sheet.volume", new String[] {"受理量", "Volume"}),
      Map.entry("sheet.handling", new String[] {"办理情况", "Handling"}),
      Map.entry("sheet.satisfaction", new String[] {"满意度", "Satisfaction"}),
      Map.entry("sheet.telephony", new String[] {"话务", "Telephony"}),
      Map.entry("chart.kind", new String[] {"按类型", "By kind"}),
      Map.entry("chart.channel", new String[] {"按渠道", "By channel"}),
      Map.entry("chart.onTime", new String[] {"各单位按时办结率", "On-time rate by unit"}),
      Map.entry("chart.hours", new String[] {"各时段呼入（接通 / 放弃）", "Calls by hour (answered / abandoned)"}),
      Map.entry("chart.answered", new String[] {"接通", "Answered"}),
      Map.entry("chart.abandoned", new String[] {"放弃", "Abandoned"}),
      Map.entry("chart.more", new String[] {"（只列派单最多的 {0} 个单位）", " (the {0} units with most dispatches)"}),
      Map.entry("dim.kind", new String[] {"类型", "Kind"}),
      Map.entry("dim.channel", new String[] {"渠道", "Channel"}),
      Map.entry("dim.partyType", new String[] {"来电人类型", "Party type"}),
      Map.entry("dim.category", new String[] {"主要事项", "Top subjects"}),
      Map.entry("dim.responsibleUnit", new String[] {"受诉单位", "Responsible unit"}),
      Map.entry("dim.respondentUnit", new String[] {"被反映单位", "Respondent"}),
      Map.entry("dim.repeat", new String[] {"重复来电", "Repeats"}),
      Map.entry("repeat.callers", new String[] {"重复来电人数", "Repeat callers"}),
      Map.entry("repeat.callerCases", new String[] {"重复来电人的案件数", "Their cases"}),
      Map.entry("repeat.cases", new String[] {"重复案件数", "Repeat cases"}),
      Map.entry("total", new String[] {"合计", "Total"}),
      Map.entry("total.cases", new String[] {"受理总量", "All cases"}),
      Map.entry("unfilled", new String[] {"未填", "Not given"}),
      Map.entry("uncategorised", new String[] {"未分类", "No category"}),
      Map.entry("col.dimension", new String[] {"维度", "Dimension"}),
      Map.entry("col.item", new String[] {"项目", "Item"}),
      Map.entry("col.count", new String[] {"件数", "Count"}),
      Map.entry("col.share", new String[] {"占比", "Share"}),
      Map.entry("col.unit", new String[] {"单位", "Unit"}),
      Map.entry("col.hour", new String[] {"时段", "Hour"}),
      Map.entry("col.dispatched", new String[] {"派单", "Dispatched"}),
      Map.entry("col.receiptWithinDay", new String[] {"一日内签收", "Receipt ≤ 1 day"}),
      Map.entry("col.receiptWithinDayRate", new String[] {"签收及时率", "Receipt rate"}),
      Map.entry("col.due", new String[] {"应办结", "Due"}),
      Map.entry("col.handled", new String[] {"已反馈", "Handled"}),
      Map.entry("col.onTime", new String[] {"按时办结", "On time"}),
      Map.entry("col.onTimeRate", new String[] {"按时办结率", "On-time rate"}),
      Map.entry("col.overdue", new String[] {"逾期", "Overdue"}),
      Map.entry("col.overdueDaysLate", new String[] {"逾期工作日", "Working days late"}),
      Map.entry("col.extensions", new String[] {"延期", "Extensions"}),
      Map.entry("col.secondRound", new String[] {"二次派单", "Round 2"}),
      Map.entry("col.thirdRound", new String[] {"三次派单", "Round 3"}),
      Map.entry("col.handlingDaysMean", new String[] {"平均办理（工作日）", "Handling days, mean"}),
      Map.entry("col.handlingDaysP90", new String[] {"办理P90（工作日）", "Handling days, p90"}),
      Map.entry("col.followUps", new String[] {"回访", "Follow-ups"}),
      Map.entry("col.reached", new String[] {"回访成功", "Reached"}),
      Map.entry("col.reachRate", new String[] {"回访成功率", "Reach rate"}),
      Map.entry("col.verySatisfied", new String[] {"非常满意", "Very satisfied"}),
      Map.entry("col.satisfied", new String[] {"满意", "Satisfied"}),
      Map.entry("col.unsatisfied", new String[] {"不满意", "Unsatisfied"}),
      Map.entry("col.verySatisfiedShare", new String[] {"非常满意占比", "Very satisfied share"}),
      Map.entry("col.satisfiedShare", new String[] {"满意占比", "Satisfied share"}),
      Map.entry("col.unsatisfiedShare", new String[] {"不满意占比", "Unsatisfied share"}),
      Map.entry("col.offered", new String[] {"呼入", "Offered"}),
      Map.entry("col.answered", new String[] {"接通", "Answered"}),
      Map.entry("col.abandoned", new String[] {"放弃", "Abandoned"}),
      Map.entry("col.answeredWithin15s", new String[] {"15秒内接通", "Answered ≤ 15 s"}),
      Map.entry("col.answerRate", new String[] {"接通率", "Answer rate"}),
      Map.entry("col.within15sRate", new String[] {"15秒接通率", "Within 15 s rate"}),
      Map.entry("col.waitSecondsMean", new String[] {"平均等待（秒）", "Wait, mean (s)"}),
      Map.entry("col.talkSecondsMean", new String[] {"平均通话（秒）", "Talk, mean (s)"}));
}
