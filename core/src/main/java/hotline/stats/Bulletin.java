package hotline.stats;

import hotline.Addresses;
import hotline.calendar.WorkingCalendar;
import hotline.cases.CaseKind;
import hotline.cases.Categories;
import hotline.cases.Channel;
import hotline.directory.PartyType;
import hotline.errors.Messages;
import hotline.validation.Input;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The statistics bulletin (通报) of a period: volume, handling, satisfaction and telephony, with the definitions that
 * make two readers agree (see {@link DispatchFacts}). Aggregates in SQL; the working-day facts in Java over one compact
 * row per dispatch. Counts only: no name, number or text of a case is in it, and nothing matches on a report's
 * reporter. The telephony section comes from the telephony module over the event bus ({@link Addresses#STATS_CALLS}),
 * or says {@code available: false}. The JSON is the contract the exports (CSV here; XLSX and PDF elsewhere) are made from.
 */
public final class Bulletin {

  /** How long the telephony module has to answer. */
  public static final long TELEPHONY_TIMEOUT_MS = 5000;
  /** A repeat: within this many days of the same customer's previous case. */
  public static final int REPEAT_WINDOW_DAYS = 30;
  static final int TOP_RESPONDENTS = 20;
  static final int TOP_CATEGORIES = 10;

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final Supplier<WorkingCalendar> calendar;
  private final Categories categories;

  public Bulletin(Vertx vertx, Pool pool, Clock clock, Supplier<WorkingCalendar> calendar, Categories categories) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.calendar = calendar;
    this.categories = categories;
  }

  /** Today in the hotline's zone (the default period is the quarter containing it). */
  public LocalDate today() {
    return clock.instant().atZone(calendar.get().zone()).toLocalDate();
  }

  /** The bulletin of a period, in a language (zh-CN default, English). */
  public Future<JsonObject> build(Period period, Locale locale) {
    WorkingCalendar cal = calendar.get();
    ZoneId zone = cal.zone();
    Instant now = clock.instant();
    OffsetDateTime from = period.start(zone).atOffset(ZoneOffset.UTC);
    OffsetDateTime to = period.end(zone).atOffset(ZoneOffset.UTC);
    Tuple range = Tuple.of(from, to);
    Future<JsonObject> volume = volume(range, locale);
    Future<JsonObject> handling = handling(range, period, cal, now);
    Future<JsonObject> satisfaction = satisfaction(range);
    Future<JsonObject> telephony = telephony(from.toInstant(), to.toInstant(), zone);
    return Future.all(volume, handling, satisfaction, telephony).map(all -> new JsonObject()
        .put("range", new JsonObject().put("from", period.from().toString()).put("to", period.to().toString())
            .put("period", period.kind()).put("label", period.label(locale)))
        .put("generatedAt", now.truncatedTo(ChronoUnit.SECONDS).toString())
        .put("definitions", definitions(locale))
        .put("volume", volume.result())
        .put("handling", handling.result())
        .put("satisfaction", satisfaction.result())
        .put("telephony", telephony.result()));
  }

  // ------------------------------------------------------------------------------------------------ volume

  private Future<JsonObject> volume(Tuple range, Locale locale) {
    Future<RowSet<Row>> counts = pool.preparedQuery(BulletinQueries.VOLUME).execute(range);
    Future<RowSet<Row>> responsible = pool.preparedQuery(BulletinQueries.RESPONSIBLE).execute(range);
    Future<RowSet<Row>> respondent = pool.preparedQuery(BulletinQueries.RESPONDENT).execute(range);
    Future<RowSet<Row>> repeat = pool.preparedQuery(BulletinQueries.REPEAT)
        .execute(Tuple.of(range.getValue(0), range.getValue(1), REPEAT_WINDOW_DAYS));
    return Future.all(counts, responsible, respondent, repeat).map(v -> {
      long total = 0;
      Map<String, Long> kinds = new HashMap<>();
      Map<String, Long> channels = new HashMap<>();
      Map<String, Long> parties = new HashMap<>();
      Map<String, Long> cats = new HashMap<>();
      for (Row r : counts.result()) {
        long n = r.getLong("n");
        if (r.getInteger("gk") == 0) {
          kinds.put(r.getString("kind"), n);
        } else if (r.getInteger("gc") == 0) {
          channels.put(r.getString("channel"), n);
        } else if (r.getInteger("gp") == 0) {
          parties.put(r.getString("party_type"), n);
        } else if (r.getInteger("gt") == 0) {
          cats.put(r.getString("category"), n);
        } else {
          total = n;
        }
      }
      JsonArray byKind = new JsonArray();
      for (CaseKind k : CaseKind.values()) {
        byKind.add(entry(Input.id(k), label(locale, "stats.kind." + Input.id(k)), kinds.getOrDefault(Input.id(k), 0L)));
      }
      JsonArray byChannel = new JsonArray();
      for (Channel c : Channel.values()) {
        byChannel.add(entry(Input.id(c), label(locale, "stats.channel." + Input.id(c)), channels.getOrDefault(Input.id(c), 0L)));
      }
      JsonArray byParty = new JsonArray();
      for (PartyType p : PartyType.values()) {
        byParty.add(entry(Input.id(p), label(locale, "stats.party." + Input.id(p)), parties.getOrDefault(Input.id(p), 0L)));
      }
      byParty.add(entry(null, label(locale, "stats.party.none"), parties.getOrDefault(null, 0L)));

      JsonArray byResponsible = new JsonArray();
      for (Row r : responsible.result()) {
        byResponsible.add(new JsonObject().put("unitId", r.getLong("unit_id")).put("name", r.getString("name")).put("count", r.getLong("n")));
      }
      JsonArray byRespondent = new JsonArray();
      long otherRespondents = 0;
      int i = 0;
      for (Row r : respondent.result()) {
        if (i++ < TOP_RESPONDENTS) {
          byRespondent.add(new JsonObject().put("unitId", r.getLong("unit_id")).put("name", r.getString("name")).put("count", r.getLong("n")));
        } else {
          otherRespondents += r.getLong("n");
        }
      }
      if (otherRespondents > 0) {
        byRespondent.add(new JsonObject().put("unitId", null).put("name", label(locale, "stats.other")).put("count", otherRespondents)
            .put("other", true));
      }

      long uncategorised = cats.getOrDefault(null, 0L);
      List<Map.Entry<String, Long>> ranked = cats.entrySet().stream().filter(e -> e.getKey() != null)
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey())).toList();
      JsonArray top = new JsonArray();
      long rest = 0;
      for (int j = 0; j < ranked.size(); j++) {
        Map.Entry<String, Long> e = ranked.get(j);
        if (j < TOP_CATEGORIES) {
          Categories.Category c = categories.get(e.getKey());
          top.add(entry(e.getKey(), c == null ? e.getKey() : c.label(locale.getLanguage()), e.getValue()));
        } else {
          rest += e.getValue();
        }
      }
      if (rest > 0) {
        top.add(entry("_other", label(locale, "stats.other"), rest));
      }
      Row rep = repeat.result().iterator().next();
      return new JsonObject().put("total", total).put("byKind", byKind).put("byChannel", byChannel).put("byPartyType", byParty)
          .put("byResponsibleUnit", byResponsible).put("byRespondentUnit", byRespondent).put("topCategories", top)
          .put("uncategorised", uncategorised)
          .put("repeat", new JsonObject().put("callers", rep.getLong("callers")).put("callerCases", rep.getLong("caller_cases"))
              .put("cases", rep.getLong("cases")).put("windowDays", REPEAT_WINDOW_DAYS));
    });
  }

  private static JsonObject entry(String key, String label, long count) {
    return new JsonObject().put("key", key).put("label", label).put("count", count);
  }

  // ------------------------------------------------------------------------------------------------ handling

  /** One unit's (or all units') handling figures. */
  private static final class Handling {
    long dispatched;
    long receiptWithinDay;
    long due;
    long handled;
    long onTime;
    long overdue;
    long daysLate;
    long extensions;
    long secondRound;
    long thirdRound;
    int[] days = new int[64];
    int dayCount;

    void day(int d) {
      if (dayCount == days.length) {
        days = Arrays.copyOf(days, days.length * 2);
      }
      days[dayCount++] = d;
    }

    JsonObject toJson() {
      int[] sorted = Arrays.copyOf(days, dayCount);
      Arrays.sort(sorted);
      long sum = 0;
      for (int d : sorted) {
        sum += d;
      }
      return new JsonObject().put("dispatched", dispatched).put("receiptWithinDay", receiptWithinDay)
          .put("receiptWithinDayRate", rate(receiptWithinDay, dispatched)).put("due", due).put("handled", handled)
          .put("onTime", onTime).put("onTimeRate", rate(onTime, due)).put("overdue", overdue).put("overdueDaysLate", daysLate)
          .put("extensions", extensions).put("secondRound", secondRound).put("thirdRound", thirdRound)
          .put("handlingDaysMean", dayCount == 0 ? null : round(sum / (double) dayCount, 2))
          .put("handlingDaysP90", dayCount == 0 ? null : (double) sorted[(int) Math.ceil(0.9 * dayCount) - 1]);
    }
  }

  private Future<JsonObject> handling(Tuple range, Period period, WorkingCalendar cal, Instant now) {
    Instant from = ((OffsetDateTime) range.getValue(0)).toInstant();
    Instant to = ((OffsetDateTime) range.getValue(1)).toInstant();
    Future<RowSet<Row>> dispatches = pool.preparedQuery(BulletinQueries.DISPATCHES).execute(range);
    Future<RowSet<Row>> extensions = pool.preparedQuery(BulletinQueries.EXTENSIONS).execute(range);
    // The working-day facts of some ten thousand dispatches a quarter: on a worker, not the event loop.
    return Future.all(dispatches, extensions).compose(v -> vertx.executeBlocking(() -> {
      LocalDate today = now.atZone(cal.zone()).toLocalDate();
      DispatchFacts facts = DispatchFacts.over(cal, period.from().minusDays(90), today.isAfter(period.to()) ? today : period.to());
      Handling total = new Handling();
      Map<Long, Handling> units = new LinkedHashMap<>();
      for (Row r : dispatches.result()) {
        DispatchFacts.Times t = new DispatchFacts.Times(instant(r, "dispatched_at"), instant(r, "received_at"), instant(r, "due_at"),
            instant(r, "feedback_at"), instant(r, "superseded_at"));
        Handling u = units.computeIfAbsent(r.getLong("unit_id"), id -> new Handling());
        if (within(t.dispatchedAt(), from, to)) {
          boolean inDay = facts.receiptWithinDay(t);
          int round = r.getInteger("round");
          for (Handling h : List.of(total, u)) {
            h.dispatched++;
            h.receiptWithinDay += inDay ? 1 : 0;
            h.secondRound += round == 2 ? 1 : 0;
            h.thirdRound += round == 3 ? 1 : 0;
          }
        }
        boolean due = (within(t.dueAt(), from, to) && !t.dueAt().isAfter(now)) || within(t.feedbackAt(), from, to);
        if (due) {
          boolean onTime = DispatchFacts.onTime(t);
          boolean overdue = DispatchFacts.overdue(t, now);
          int late = facts.workingDaysLate(t, now);
          int days = facts.handlingDays(t);
          for (Handling h : List.of(total, u)) {
            h.due++;
            h.onTime += onTime ? 1 : 0;
            h.overdue += overdue ? 1 : 0;
            h.daysLate += late;
            if (days >= 0) {
              h.handled++;
              h.day(days);
            }
          }
        }
      }
      for (Row r : extensions.result()) {
        long n = r.getLong("n");
        total.extensions += n;
        units.computeIfAbsent(r.getLong("unit_id"), id -> new Handling()).extensions += n;
      }
      return Map.entry(total, units);
    }, false)).compose(counted -> {
      Handling total = counted.getKey();
      Map<Long, Handling> units = counted.getValue();
      return unitNames(units.keySet()).map(names -> {
        JsonArray byUnit = new JsonArray();
        units.entrySet().stream()
            .sorted(Comparator.comparingLong((Map.Entry<Long, Handling> e) -> -e.getValue().dispatched)
                .thenComparing(e -> names.getOrDefault(e.getKey(), "")))
            .forEach(e -> byUnit.add(new JsonObject().put("unitId", e.getKey()).put("name", names.get(e.getKey()))
                .mergeIn(e.getValue().toJson())));
        return new JsonObject().put("totals", total.toJson()).put("byUnit", byUnit);
      });
    });
  }

  private Future<Map<Long, String>> unitNames(java.util.Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery(BulletinQueries.UNIT_NAMES).execute(Tuple.of(ids.toArray(Long[]::new))).map(rows -> {
      Map<Long, String> m = new HashMap<>();
      rows.forEach(r -> m.put(r.getLong("id"), r.getString("name")));
      return m;
    });
  }

  private static boolean within(Instant t, Instant from, Instant to) {
    return t != null && !t.isBefore(from) && t.isBefore(to);
  }

  private static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  // ------------------------------------------------------------------------------------------------ satisfaction

  private static final class Satisfaction {
    long followUps;
    long notReached;
    long verySatisfied;
    long satisfied;
    long unsatisfied;

    void add(String s, long n) {
      followUps += n;
      switch (s == null ? "" : s) {
        case "very_satisfied" -> verySatisfied += n;
        case "satisfied" -> satisfied += n;
        case "unsatisfied" -> unsatisfied += n;
        default -> notReached += n;
      }
    }

    JsonObject toJson() {
      long reached = followUps - notReached;
      return new JsonObject().put("followUps", followUps).put("reached", reached).put("reachRate", rate(reached, followUps))
          .put("verySatisfied", verySatisfied).put("satisfied", satisfied).put("unsatisfied", unsatisfied)
          .put("verySatisfiedShare", rate(verySatisfied, reached)).put("satisfiedShare", rate(satisfied, reached))
          .put("unsatisfiedShare", rate(unsatisfied, reached));
    }
  }

  private Future<JsonObject> satisfaction(Tuple range) {
    return pool.preparedQuery(BulletinQueries.FOLLOW_UPS).execute(range).compose(rows -> {
      Satisfaction total = new Satisfaction();
      Map<Long, Satisfaction> units = new HashMap<>();
      for (Row r : rows) {
        total.add(r.getString("satisfaction"), r.getLong("n"));
        Long unit = r.getLong("unit_id");
        if (unit != null) {
          units.computeIfAbsent(unit, id -> new Satisfaction()).add(r.getString("satisfaction"), r.getLong("n"));
        }
      }
      return unitNames(units.keySet()).map(names -> {
        JsonArray byUnit = new JsonArray();
        units.entrySet().stream()
            .sorted(Comparator.comparingLong((Map.Entry<Long, Satisfaction> e) -> -e.getValue().followUps)
                .thenComparing(e -> names.getOrDefault(e.getKey(), "")))
            .forEach(e -> byUnit.add(new JsonObject().put("unitId", e.getKey()).put("name", names.get(e.getKey()))
                .mergeIn(e.getValue().toJson())));
        return new JsonObject().put("totals", total.toJson()).put("byUnit", byUnit);
      });
    });
  }

  // ------------------------------------------------------------------------------------------------ telephony

  private Future<JsonObject> telephony(Instant from, Instant to, ZoneId zone) {
    JsonObject ask = new JsonObject().put("from", from.toString()).put("to", to.toString()).put("zone", zone.getId());
    return vertx.eventBus().<JsonObject>request(Addresses.STATS_CALLS, ask, new DeliveryOptions().setSendTimeout(TELEPHONY_TIMEOUT_MS))
        .map(reply -> new JsonObject().put("available", true).mergeIn(reply.body()))
        .otherwise(new JsonObject().put("available", false));
  }

  // ------------------------------------------------------------------------------------------------ definitions

  /** The measures a reader could read two ways, in the bulletin's words. */
  static final List<String> DEFINED = List.of("range", "responsibleUnit", "respondentUnit", "categories", "repeat",
      "receiptWithinDay", "due", "onTime", "overdue", "daysLate", "extensions", "rounds", "handlingDays", "followUps",
      "satisfactionShares", "offered", "answerRate", "within15s", "waitTalk");

  private static JsonArray definitions(Locale locale) {
    JsonArray a = new JsonArray();
    for (String k : DEFINED) {
      a.add(new JsonObject().put("key", k).put("label", label(locale, "stats.def." + k))
          .put("text", Messages.format(locale, "stats.def." + k + ".text", REPEAT_WINDOW_DAYS)));
    }
    return a;
  }

  static String label(Locale locale, String key) {
    return Messages.format(locale, key);
  }

  /** A fraction with 4 decimals, or null when there is nothing to divide by. */
  static Double rate(long part, long whole) {
    return whole == 0 ? null : round(part / (double) whole, 4);
  }

  static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }

  /** What the telephony module answers for a range, from rows it counted: used by it and by tests. */
  public static JsonObject callFigures(long offered, long answered, long within15s, Double waitMean, Double talkMean) {
    return new JsonObject().put("offered", offered).put("answered", answered).put("abandoned", offered - answered)
        .put("answeredWithin15s", within15s).put("answerRate", rate(answered, offered)).put("within15sRate", rate(within15s, offered))
        .put("waitSecondsMean", waitMean == null ? null : round(waitMean, 1))
        .put("talkSecondsMean", talkMean == null ? null : round(talkMean, 1));
  }

  /** The labels the CSV and other exports use for a section's fields. */
  public static String fieldLabel(Locale locale, String field) {
    return label(locale, "stats.field." + field);
  }
}
