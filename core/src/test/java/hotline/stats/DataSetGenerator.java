package hotline.stats;

import hotline.calendar.WorkingCalendar;
import hotline.cases.Categories;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;

/**
 * A realistic data set of a hotline's last three years, written set-based ({@code INSERT … SELECT … FROM
 * generate_series}, {@code random()}), never row by row: reference data (20 units with their first responsible persons
 * and a responder each, 30 agents, a leader, two supervisors), customers with phones (some call again and again), and
 * {@code n} cases with the timeline the real transitions write (intake, answer on the spot, submit, instruct, dispatch
 * rounds 1–3, receipt, extension, the overdue sweep's entries, feedback, follow-up, reopen, review, close), their
 * dispatches, and — when the telephony module's {@code calls} table is there — about 1.5 inbound calls a case.
 *
 * <p>Proportions: kinds complaint 45 %, inquiry 35 %, suggestion 10 %, report 10 % (a third anonymous); channels phone
 * 62 %, web 12 %, e-mail 7 %, letter 5 %, walk-in 5 %, provincial 5 %, fax 4 %; most inquiries and about half of the
 * suggestions answered on the spot; of the dispatched, 89 % take one round, 9.5 % two, 1.5 % three; 93 % of receipts
 * come within a day (10 % only implied by the feedback), 11 % of feedback is late, 0.4 % never comes; 5 % of
 * dispatches are extended; follow-ups: 5 % not reached. Cases near {@code now} are where their steps had got to by
 * then: nothing is dated after it.
 *
 * <p>It respects the schema's rules: the timeline is only appended to, case numbers are the real {@code YYYY-nnnnnn}
 * of their year of receipt, taken from each year's sequence and the sequence moved past them, deadlines come from the
 * working-day calendar given. Case ids, dispatch ids and customer ids come from their sequences.
 *
 * <p>Run it alone: {@code mvn -pl core -am test-compile exec:java}… is not set up; use {@link #main} from the IDE or
 * the benchmark ({@code BulletinBenchmark} in the telephony module), which keeps the data set in a persistent
 * embedded PostgreSQL ({@code -Dhotline.bench.dir}).
 */
public final class DataSetGenerator {

  /** What was made. */
  public record Summary(int cases, long dispatches, long events, long calls, double seconds) {
  }

  private final WorkingCalendar calendar;
  private final Instant now;
  private final int n;

  private DataSetGenerator(WorkingCalendar calendar, Instant now, int n) {
    this.calendar = calendar;
    this.now = now;
    this.n = n;
  }

  /**
   * Generates {@code cases} cases received over the three years up to {@code now} into the pool's (migrated) database,
   * on one connection, in order. Blocks the calling thread (a test's), not an event loop.
   */
  public static Summary generate(Pool pool, WorkingCalendar calendar, Instant now, int cases) throws Exception {
    long t0 = System.nanoTime();
    DataSetGenerator g = new DataSetGenerator(calendar, now, cases);
    SqlConnection c = await(pool.getConnection());
    try {
      await(c.query("SELECT setseed(0.4242)").execute());
      await(c.query("SET work_mem = '256MB'").execute());
      await(c.query("SET maintenance_work_mem = '512MB'").execute());
      // A bulk load: the generator's own commits need not wait for the disk (the set is made again if a crash cuts it).
      await(c.query("SET synchronous_commit = off").execute());
      g.days(c);
      // The big tables' secondary indexes (the trigram index on case text above all) are dropped for the load and
      // built again after it, in one pass each: many times faster than keeping them up row by row.
      List<String> rebuild = new ArrayList<>();
      for (Row r : await(c.query("SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class x ON x.relname = i.indexname "
          + "JOIN pg_index p ON p.indexrelid = x.oid WHERE i.schemaname = current_schema() AND NOT p.indisunique "
          + "AND i.tablename IN ('cases', 'case_events', 'dispatches', 'calls', 'customers', 'customer_phones')").execute())) {
        rebuild.add(r.getString("indexdef"));
        await(c.query("DROP INDEX " + r.getString("indexname")).execute());
      }
      List<String> statements = new ArrayList<>(g.statements(hasCalls(c)));
      statements.addAll(rebuild);
      for (String sql : statements) {
        try {
          long t = System.nanoTime();
          await(c.query(sql).execute());
          double secs = (System.nanoTime() - t) / 1e9;
          if (secs > 5) {
            System.out.printf("generator: %.1f s for %s%n", secs, sql.substring(0, Math.min(90, sql.length())));
          }
        } catch (Exception e) {
          throw new IllegalStateException("generating failed at: " + sql, e);
        }
      }
      long dispatches = count(c, "SELECT count(*) FROM gen_round WHERE dispatched_at <= " + g.nowLit());
      long events = count(c, "SELECT count(*) FROM gen_event");
      long calls = hasCalls(c) ? count(c, "SELECT count(*) FROM calls WHERE linkedid LIKE 'gen-%'") : 0;
      for (String t : List.of("gen_event", "gen_round", "gen_case", "gen_years", "gen_cust", "gen_units", "gen_people",
          "gen_wd", "gen_days")) {
        await(c.query("DROP TABLE IF EXISTS " + t).execute());
      }
      await(c.query("ANALYZE").execute());
      await(c.query("SET synchronous_commit = on").execute());
      return new Summary(cases, dispatches, events, calls, (System.nanoTime() - t0) / 1e9);
    } finally {
      await(c.close());
    }
  }

  /** Waits long: one statement of a million cases takes minutes on a small machine. */
  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.MINUTES);
  }

  /** The size of the database on disk, as PostgreSQL counts it. */
  public static long databaseSize(Pool pool) throws Exception {
    return await(pool.query("SELECT pg_database_size(current_database())").execute()).iterator().next().getLong(0);
  }

  private static boolean hasCalls(SqlConnection c) throws Exception {
    return await(c.query("SELECT to_regclass('calls') IS NOT NULL").execute()).iterator().next().getBoolean(0);
  }

  private static long count(SqlConnection c, String sql) throws Exception {
    return await(c.query(sql).execute()).iterator().next().getLong(0);
  }

  private LocalDate today() {
    return now.atZone(calendar.zone()).toLocalDate();
  }

  private LocalDate firstDay() {
    return today().minusYears(3).plusDays(1);
  }

  private String nowLit() {
    return "timestamptz '" + now + "'";
  }

  private String zone() {
    return "'" + calendar.zone().getId() + "'";
  }

  /** The working days from before the first case to well after the last deadline, numbered: the SQL deadline's table. */
  private void days(SqlConnection c) throws Exception {
    await(c.query("CREATE UNLOGGED TABLE gen_days (day date PRIMARY KEY, working boolean NOT NULL, ord int NOT NULL)").execute());
    List<Tuple> rows = new ArrayList<>();
    int ord = 0;
    for (LocalDate d = firstDay().minusDays(10); !d.isAfter(today().plusDays(200)); d = d.plusDays(1)) {
      boolean working = calendar.isWorkingDay(d);
      if (working) {
        ord++;
      }
      rows.add(Tuple.of(d, working, ord));
    }
    await(c.preparedQuery("INSERT INTO gen_days VALUES ($1, $2, $3)").executeBatch(rows));
    await(c.query("CREATE UNLOGGED TABLE gen_wd AS SELECT ord, day FROM gen_days WHERE working").execute());
    await(c.query("ALTER TABLE gen_wd ADD PRIMARY KEY (ord)").execute());
  }

  /** A time as the real code writes it in a timeline's detail: {@code 2026-02-14T17:30+08:00}. */
  private String iso(String t) {
    return "to_char((" + t + ") AT TIME ZONE " + zone() + ", 'YYYY-MM-DD\"T\"HH24:MI') || '+08:00'";
  }

  /** Whether a deadline from {@code a} to {@code b} (at most a year apart) touches a year without a calendar file. */
  private String provisional(String a, String b) {
    String years = calendar.years().stream().map(String::valueOf).collect(Collectors.joining(",", "ARRAY[", "]::int[]"));
    if (calendar.years().isEmpty()) {
      return "true";
    }
    return "NOT (extract(year FROM (" + a + ") AT TIME ZONE " + zone() + ")::int = ANY(" + years + ") AND extract(year FROM (" + b
        + ") AT TIME ZONE " + zone() + ")::int = ANY(" + years + "))";
  }

  private static String array(List<String> values) {
    return values.stream().map(v -> "'" + v.replace("'", "''") + "'").collect(Collectors.joining(",", "ARRAY[", "]"));
  }

  private static final String SURNAMES = "ARRAY['王','李','张','刘','陈','杨','黄','赵','吴','周','徐','孙','马','朱','胡','郭','何','林','罗','高']";
  private static final String GIVEN = "ARRAY['敏','静','丽','强','磊','军','洋','勇','艳','杰','娟','涛','明','超','秀英','华','平','刚','桂英','芳']";

  private List<String> statements(boolean calls) {
    List<String> s = new ArrayList<>();
    String now = nowLit();
    String z = zone();
    String end = calendar.businessDayEnd().toString();
    long customers = Math.max(50, n * 6L / 10);
    int ndays = (int) ChronoUnit.DAYS.between(firstDay(), today()) + 1;

    // ------------------------------------------------------------------ units, their people, agents
    s.add("INSERT INTO units (code, name, kind) SELECT 'gen-u' || lpad(i::text, 2, '0'), name, kind FROM unnest("
        + array(List.of("宝安区局", "龙岗区局", "福田区局", "南山区局", "龙华区局", "罗湖区局", "市局专卖科", "市局营销中心",
            "光明区局", "坪山区局", "市局物流中心", "盐田区局", "大鹏区局", "市局稽查支队", "市局办公室", "市局人事科",
            "市局法规科", "市局财务科", "市局纪检组", "市局信息中心")) + ", "
        + array(List.of("county_bureau", "county_bureau", "county_bureau", "county_bureau", "county_bureau", "county_bureau",
            "department", "department", "county_bureau", "county_bureau", "department", "county_bureau", "county_bureau",
            "department", "department", "department", "department", "department", "department", "department"))
        + ") WITH ORDINALITY AS u(name, kind, i)");
    s.add("INSERT INTO unit_contacts (unit_id, name, title, phone, phone_normalized, email, fax, fax_normalized) "
        + "SELECT id, name || '负责人', '第一责任人', '0755-8' || lpad(id::text, 7, '0'), '+867558' || lpad(id::text, 7, '0'), "
        + "'unit' || id || '@units.example.cn', '0755-6' || lpad(id::text, 7, '0'), '+867556' || lpad(id::text, 7, '0') "
        + "FROM units WHERE code LIKE 'gen-u%'");
    s.add("CREATE UNLOGGED TABLE gen_units AS SELECT row_number() OVER (ORDER BY u.code)::int AS idx, u.id AS unit_id, u.name, "
        + "(SELECT min(id) FROM unit_contacts uc WHERE uc.unit_id = u.id) AS contact_id FROM units u WHERE u.code LIKE 'gen-u%'");
    String hash = "(SELECT coalesce((SELECT password_hash FROM users ORDER BY id LIMIT 1), '!'))";
    s.add("INSERT INTO users (username, display_name, password_hash, roles) SELECT 'gen-agent-' || lpad(i::text, 2, '0'), "
        + "(" + SURNAMES + ")[1 + (i * 7) % 20] || (" + GIVEN + ")[1 + (i * 3) % 20], " + hash + ", ARRAY['agent'] "
        + "FROM generate_series(1, 30) i");
    s.add("INSERT INTO users (username, display_name, password_hash, roles) VALUES ('gen-leader', '分管领导', " + hash
        + ", ARRAY['leader']), ('gen-supervisor', '整顿办主任', " + hash + ", ARRAY['supervisor'])");
    s.add("INSERT INTO users (username, display_name, password_hash, roles, unit_id) SELECT 'gen-resp-' || lpad(idx::text, 2, '0'), "
        + "name || '联络员', " + hash + ", ARRAY['unit_responder'], unit_id FROM gen_units");
    s.add("CREATE UNLOGGED TABLE gen_people AS SELECT u.id, u.display_name, u.username, "
        + "CASE WHEN u.username LIKE 'gen-agent-%' THEN substr(u.username, 11)::int END AS agent_idx, "
        + "CASE WHEN u.username LIKE 'gen-resp-%' THEN u.unit_id END AS unit_id FROM users u WHERE u.username LIKE 'gen-%'");

    // ------------------------------------------------------------------ customers: a few call again and again
    s.add("CREATE UNLOGGED TABLE gen_cust AS SELECT i AS idx, nextval('customers_id_seq') AS customer_id, "
        + "CASE WHEN r1 < .45 THEN 'retailer' WHEN r1 < .85 THEN 'consumer' WHEN r1 < .93 THEN 'enterprise' ELSE 'employee' END AS party_type, "
        + "(" + SURNAMES + ")[1 + floor(r2 * 20)::int] || (" + GIVEN + ")[1 + floor(r3 * 20)::int] AS name, "
        + "'139' || lpad(i::text, 8, '0') AS phone, '+86139' || lpad(i::text, 8, '0') AS normalized "
        + "FROM (SELECT i, random() r1, random() r2, random() r3 FROM generate_series(1, " + customers + ") i) x");
    s.add("ALTER TABLE gen_cust ADD PRIMARY KEY (idx)");
    s.add("INSERT INTO customers (id, name, party_type, created_at) SELECT customer_id, name, party_type, timestamptz '"
        + firstDay() + "T00:00:00+08:00' FROM gen_cust");
    s.add("INSERT INTO customer_phones (customer_id, raw, normalized) SELECT customer_id, phone, normalized FROM gen_cust");

    // ------------------------------------------------------------------ the cases' plan
    String hour = "CASE WHEN rh < .85 THEN time '08:30' + rm * interval '9 hours' ELSE time '17:30' + rm * interval '15 hours' END";
    String cats = "CASE kind WHEN 'complaint' THEN " + array(List.of("service", "price", "supply", "logistics", "ordering",
        "counterfeit", "licence", "internal", "other")) + " WHEN 'inquiry' THEN " + array(List.of("licence", "ordering", "supply",
        "price", "logistics", "online", "other")) + " WHEN 'suggestion' THEN " + array(List.of("service", "ordering", "logistics",
        "internal", "supply", "other")) + " ELSE " + array(List.of("counterfeit", "smuggled", "unlicensed", "online", "minors",
        "integrity", "internal", "other")) + " END";
    for (String k : List.of("service", "price", "supply", "logistics", "ordering", "counterfeit", "licence", "internal", "other",
        "online", "smuggled", "unlicensed", "minors", "integrity")) {
      if (Categories.DEFAULTS.stream().noneMatch(c -> c.key().equals(k))) {
        throw new IllegalStateException("category " + k + " is not a default");
      }
    }
    s.add("CREATE UNLOGGED TABLE gen_case AS "
        + "WITH x AS (SELECT g, random() rk, random() rc, random() rcu, random() ru, random() rd, random() rh, random() rm, "
        + "  random() rw, random() rpath, random() rr, random() rcat, random() rresp, random() rresp2, random() ranon, random() ra, "
        + "  random() rt1, random() rt2, random() rt3 FROM generate_series(1, " + n + ") g), "
        + "y AS (SELECT x.*, "
        + "  CASE WHEN rk < .45 THEN 'complaint' WHEN rk < .80 THEN 'inquiry' WHEN rk < .90 THEN 'suggestion' ELSE 'report' END AS kind, "
        + "  CASE WHEN rc < .62 THEN 'phone' WHEN rc < .74 THEN 'web' WHEN rc < .78 THEN 'fax' WHEN rc < .83 THEN 'letter' "
        + "    WHEN rc < .88 THEN 'walk_in' WHEN rc < .95 THEN 'email' ELSE 'provincial' END AS channel, "
        + "  date '" + firstDay() + "' + floor(rd * " + ndays + ")::int AS day0 FROM x), "
        + "w AS (SELECT y.*, CASE WHEN extract(isodow FROM day0) IN (6, 7) AND rw < .6 THEN day0 - (extract(isodow FROM day0)::int - 5) "
        + "  ELSE day0 END AS day, kind = 'report' AND ranon < .35 AS anonymous FROM y), "
        + "v AS (SELECT w.*, least((day + " + hour + ") AT TIME ZONE " + z + ", " + now + " - (1 + rm * 300) * interval '1 minute') AS received_at, "
        + "  CASE WHEN anonymous OR rcu >= .88 THEN NULL ELSE 1 + floor(" + customers + " * power(ru, 1.3))::int END AS cust_idx FROM w) "
        + "SELECT g, kind, channel, anonymous, received_at, cust_idx, 1 + floor(ra * 30)::int AS agent_idx, "
        + "  extract(year FROM received_at AT TIME ZONE " + z + ")::int AS year, "
        + "  CASE WHEN rcat < .03 THEN NULL ELSE (" + cats + ")[1 + floor(power((rcat - .03) / .97, 1.5) * array_length(" + cats + ", 1))::int] END AS category, "
        + "  CASE WHEN channel <> 'provincial' AND ((kind = 'inquiry' AND rpath < .82) OR (kind = 'suggestion' AND rpath < .45) "
        + "    OR (kind = 'complaint' AND rpath < .06)) THEN 'answer' ELSE 'dispatch' END AS path, "
        + "  CASE WHEN rr < .89 THEN 1 WHEN rr < .985 THEN 2 ELSE 3 END AS rounds, "
        + "  CASE WHEN kind IN ('complaint', 'report') AND rresp < .35 THEN 1 + floor(rresp2 * 20)::int END AS resp_unit_idx, "
        + "  CASE WHEN kind IN ('complaint', 'report') AND rresp >= .35 AND rresp < .85 THEN "
        + "    (ARRAY['福田','罗湖','南山','宝安','龙岗','龙华'])[1 + floor(rresp2 * 300)::int / 50] "
        + "    || (ARRAY['鸿发','金叶','永盛','华润','福满','兴隆','万家','好又多','天天','益民'])[1 + floor(rresp2 * 300)::int % 10] "
        + "    || (ARRAY['烟酒商行','便利店','超市','烟酒店','士多店'])[1 + (floor(rresp2 * 300)::int / 10) % 5] END AS resp_name, "
        + "  received_at + (3 + rt1 * 25) * interval '1 minute' AS t_answer, "
        + "  received_at + (2 + rt1 * 60) * interval '1 minute' AS t_submit, "
        + "  received_at + (2 + rt1 * 60) * interval '1 minute' + (15 + rt2 * 600) * interval '1 minute' AS t_instruct, "
        + "  received_at + (2 + rt1 * 60) * interval '1 minute' + (15 + rt2 * 600) * interval '1 minute' + (5 + rt3 * 180) * interval '1 minute' AS t_dispatch1 "
        + "FROM v");
    s.add("CREATE UNLOGGED TABLE gen_years AS SELECT year, count(*) AS cnt, NULL::bigint AS first FROM gen_case GROUP BY year");
    // Each year's numbers: a block taken from that year's sequence (made on first use, as intake does), the sequence
    // moved past it, so that the next real intake of the year numbers on from there.
    s.add("UPDATE gen_years SET first = split_part(next_case_number(year), '-', 2)::bigint + 1");
    s.add("SELECT setval(('case_number_' || year)::regclass, first + cnt - 1) FROM gen_years");
    s.add("CREATE UNLOGGED TABLE gen_case2 AS SELECT nextval('cases_id_seq') AS case_id, c.*, "
        + "c.year || '-' || CASE WHEN v < 1000000 THEN lpad(v::text, 6, '0') ELSE v::text END AS number "
        + "FROM (SELECT c.*, y.first + row_number() OVER (PARTITION BY c.year ORDER BY c.received_at, c.g) - 1 AS v "
        + "  FROM gen_case c JOIN gen_years y USING (year) ORDER BY c.received_at, c.g) c ORDER BY c.received_at, c.g");
    s.add("DROP TABLE gen_case");
    s.add("ALTER TABLE gen_case2 RENAME TO gen_case");
    s.add("ALTER TABLE gen_case ADD PRIMARY KEY (case_id)");

    // ------------------------------------------------------------------ dispatch rounds, one after the other
    s.add("CREATE UNLOGGED TABLE gen_round (case_id bigint, round int, dispatch_id bigint, unit_idx int, method text, "
        + "dispatched_at timestamptz, wd int, due0 timestamptz, ext_days int, ext_at timestamptz, due_at timestamptz, "
        + "receipt_at timestamptz, receipt_method text, feedback_at timestamptz, trig text, reopen_at timestamptz, "
        + "followup_at timestamptz, sat text, end_at timestamptz, last boolean, reason text)");
    for (int round = 1; round <= 3; round++) {
      String source = round == 1
          ? "SELECT c.case_id, c.t_dispatch1 AS dispatched_at, NULL::int AS prev_unit, NULL::text AS reason, c.kind, c.channel, c.rounds "
              + "FROM gen_case c WHERE c.path = 'dispatch'"
          : "SELECT r.case_id, coalesce(r.followup_at, r.reopen_at) + (30 + random() * 600) * interval '1 minute' AS dispatched_at, "
              + "r.unit_idx AS prev_unit, r.trig AS reason, c.kind, c.channel, c.rounds FROM gen_round r JOIN gen_case c USING (case_id) "
              + "WHERE r.round = " + (round - 1) + " AND r.trig IS NOT NULL";
      s.add("INSERT INTO gen_round (case_id, round, dispatch_id, unit_idx, method, dispatched_at, wd, due0, ext_days, ext_at, due_at, "
          + "receipt_at, receipt_method, feedback_at, trig, reopen_at, followup_at, sat, end_at, last, reason) "
          + "WITH s AS (" + source + "), "
          + "a AS (SELECT s.*, random() ru, random() rm, random() rx, random() rx2, random() rx3, random() rc, random() rc2, random() rf, "
          + "  random() rf2, random() rt, random() rt2, random() rs, random() rs2, random() re, "
          + "  CASE WHEN channel = 'provincial' THEN 3 WHEN kind = 'inquiry' THEN 0 ELSE 2 END AS wd, " + round + " = rounds AS last FROM s), "
          // WorkingCalendar.deadline as joins: the end of the business day of the n-th working day after the day of
          // sending; n = 0 is that day when sent on a working day by its end, else the next working day.
          + "a2 AS (SELECT a.*, dd.ord AS dord, dd.working AND (dispatched_at AT TIME ZONE " + z + ")::time <= time '" + end + "' AS by_end "
          + "  FROM a JOIN gen_days dd ON dd.day = (a.dispatched_at AT TIME ZONE " + z + ")::date), "
          + "a3 AS (SELECT a2.*, (w0.day + time '" + end + "') AT TIME ZONE " + z + " AS due0 FROM a2 JOIN gen_wd w0 "
          + "  ON w0.ord = a2.dord + CASE WHEN wd > 0 THEN wd WHEN by_end THEN 0 ELSE 1 END), "
          + "b AS (SELECT a3.*, "
          + "  CASE WHEN rx < .05 THEN wd + 1 + floor(rx2 * (7 - wd))::int END AS ext_days, "
          + "  CASE WHEN rc < .10 THEN NULL WHEN rc < .93 THEN dispatched_at + (5 + rc2 * 400) * interval '1 minute' "
          + "    ELSE dispatched_at + (1500 + rc2 * 5000) * interval '1 minute' END AS receipt_at, "
          + "  CASE WHEN NOT last AND rt < .2 THEN 'overdue' WHEN NOT last THEN 'dissatisfied' END AS trig FROM a3), "
          + "c AS (SELECT b.*, CASE WHEN ext_days IS NOT NULL THEN dispatched_at + (due0 - dispatched_at) * (.3 + .5 * rx3) END AS ext_at, "
          + "  CASE WHEN ext_days IS NOT NULL THEN (w1.day + time '" + end + "') AT TIME ZONE " + z + " ELSE due0 END AS due_at "
          + "  FROM b LEFT JOIN gen_wd w1 ON w1.ord = b.dord + b.ext_days), "
          + "d0 AS (SELECT c.*, CASE WHEN trig = 'overdue' OR (last AND rf < .004) THEN NULL "
          + "    WHEN rf < .11 THEN due_at + (60 + rf2 * 8000) * interval '1 minute' "
          + "    ELSE dispatched_at + (due_at - dispatched_at) * (.1 + .88 * rf2) END AS feedback0 FROM c), "
          + "d AS (SELECT d0.*, CASE WHEN feedback0 IS NOT NULL THEN greatest(feedback0, receipt_at + interval '20 minutes', ext_at + interval '30 minutes') END AS feedback_at FROM d0) "
          + "SELECT case_id, " + round + ", nextval('dispatches_id_seq'), "
          + (round == 1 ? "1 + floor(power(ru, 1.4) * 20)::int" : "CASE WHEN ru < .85 THEN prev_unit ELSE 1 + floor(power(rm, 1.4) * 20)::int END")
          + ", CASE WHEN rm < .80 THEN 'email' WHEN rm < .92 THEN 'fax' ELSE 'hand' END, dispatched_at, wd, due0, ext_days, ext_at, due_at, "
          + "receipt_at, CASE WHEN receipt_at IS NULL THEN NULL WHEN rc2 < .5 THEN 'mail' WHEN rc2 < .75 THEN 'callback' "
          + "  WHEN rc2 < .9 THEN 'reply' ELSE 'by_hand' END, feedback_at, trig, "
          + "CASE WHEN trig = 'overdue' THEN greatest(due_at + (60 + rt2 * 3000) * interval '1 minute', "
          + "  receipt_at + interval '30 minutes') END, "
          + "CASE WHEN feedback_at IS NOT NULL THEN feedback_at + (20 + rs * 1500) * interval '1 minute' END, "
          + "CASE WHEN feedback_at IS NULL THEN NULL WHEN trig = 'dissatisfied' THEN 'unsatisfied' WHEN rs2 < .05 THEN 'not_reached' "
          + "  WHEN " + round + " = 3 AND rs2 < .63 THEN 'very_satisfied' WHEN " + round + " = 3 AND rs2 < .92 THEN 'satisfied' "
          + "  WHEN " + round + " = 3 THEN 'unsatisfied' WHEN rs2 < .66 THEN 'very_satisfied' ELSE 'satisfied' END, "
          + "CASE WHEN last AND feedback_at IS NOT NULL THEN feedback_at + (20 + rs * 1500) * interval '1 minute' "
          + "  + (30 + re * 3000) * interval '1 minute' END, last, reason FROM d");
    }
    s.add("CREATE INDEX ON gen_round (case_id, round)");

    // ------------------------------------------------------------------ the timeline, as the transitions write it
    String agent = "(SELECT id FROM gen_people p WHERE p.agent_idx = c.agent_idx)";
    String agentName = "(SELECT display_name FROM gen_people p WHERE p.agent_idx = c.agent_idx)";
    String leader = "(SELECT id FROM gen_people WHERE username = 'gen-leader')";
    String supervisor = "(SELECT id FROM gen_people WHERE username = 'gen-supervisor')";
    String unit = "(SELECT unit_id FROM gen_units WHERE idx = r.unit_idx)";
    String unitName = "(SELECT name FROM gen_units WHERE idx = r.unit_idx)";
    String resp = "(SELECT id FROM gen_people p WHERE p.unit_id = " + unit + ")";
    String statusAt = "CASE WHEN r.receipt_at < %s THEN 'receipt_confirmed' ELSE 'dispatched' END";
    s.add("CREATE UNLOGGED TABLE gen_event (case_id bigint, at timestamptz, actor_id bigint, actor_name text, action text, "
        + "channel text, from_status text, to_status text, note text, detail jsonb)");
    s.add("INSERT INTO gen_event SELECT c.case_id, c.received_at, " + agent + ", " + agentName + ", 'intake', c.channel, NULL, "
        + "'received', NULL, jsonb_build_object('kind', c.kind, 'attachments', 0) FROM gen_case c");
    s.add("INSERT INTO gen_event SELECT c.case_id, c.t_answer, " + agent + ", " + agentName + ", 'answer', NULL, 'received', "
        + "'closed', '已当场答复：' || coalesce(c.category, '其他') || '相关政策已向来电人解释清楚。', '{}'::jsonb FROM gen_case c WHERE c.path = 'answer'");
    s.add("INSERT INTO gen_event SELECT c.case_id, c.t_submit, " + agent + ", " + agentName + ", 'submit', NULL, 'received', "
        + "'awaiting_instruction', NULL, '{}'::jsonb FROM gen_case c WHERE c.path = 'dispatch'");
    s.add("INSERT INTO gen_event SELECT c.case_id, c.t_instruct, " + leader + ", '分管领导', 'instruct', NULL, 'awaiting_instruction', "
        + "'instructed', '请相关单位按时限核实处理并反馈。', '{}'::jsonb FROM gen_case c WHERE c.path = 'dispatch'");
    s.add("INSERT INTO gen_event SELECT r.case_id, r.dispatched_at, CASE WHEN r.round = 1 THEN " + leader + " ELSE " + supervisor
        + " END, CASE WHEN r.round = 1 THEN '分管领导' ELSE '整顿办主任' END, 'dispatch', r.method, "
        + "CASE WHEN r.round = 1 THEN 'instructed' ELSE 'reopened' END, 'dispatched', NULL, jsonb_build_object('dispatchId', r.dispatch_id, "
        + "'round', r.round, 'unitId', " + unit + ", 'unitName', " + unitName + ", 'contactId', (SELECT contact_id FROM gen_units "
        + "WHERE idx = r.unit_idx), 'contactName', " + unitName + " || '负责人', 'method', r.method, 'workingDays', r.wd, "
        + "'dueAt', " + iso("r.due0") + ", 'provisional', " + provisional("r.dispatched_at", "r.due0") + ", 'reason', r.reason, "
        + "'supervisedBy', CASE WHEN r.round = 1 THEN NULL WHEN r.reason = 'overdue' OR r.round = 3 THEN 'leadership' "
        + "ELSE 'supervision_office' END) FROM gen_round r");
    s.add("INSERT INTO gen_event SELECT r.case_id, r.receipt_at, " + resp + ", " + unitName + " || '联络员', 'receipt', r.receipt_method, "
        + "'dispatched', 'receipt_confirmed', NULL, jsonb_build_object('dispatchId', r.dispatch_id, 'round', r.round) "
        + "FROM gen_round r WHERE r.receipt_at IS NOT NULL");
    s.add("INSERT INTO gen_event SELECT r.case_id, r.ext_at, " + supervisor + ", '整顿办主任', 'extend', NULL, "
        + String.format(statusAt, "r.ext_at") + ", " + String.format(statusAt, "r.ext_at") + ", '单位申请延期：情况复杂，需进一步核查。', "
        + "jsonb_build_object('dispatchId', r.dispatch_id, 'fromWorkingDays', r.wd, 'workingDays', r.ext_days, 'dueAt', "
        + iso("r.due_at") + ", 'provisional', " + provisional("r.dispatched_at", "r.due_at") + ") FROM gen_round r WHERE r.ext_at IS NOT NULL");
    String overdueAt = "r.due_at + interval '1 minute'";
    String isOverdue = "(r.feedback_at IS NULL OR r.feedback_at > " + overdueAt + ")";
    s.add("INSERT INTO gen_event SELECT r.case_id, " + overdueAt + ", NULL, 'system', 'overdue', NULL, " + String.format(statusAt, overdueAt)
        + ", " + String.format(statusAt, overdueAt) + ", NULL, jsonb_build_object('dispatchId', r.dispatch_id, 'caseId', r.case_id, "
        + "'number', (SELECT number FROM gen_case c WHERE c.case_id = r.case_id), 'round', r.round, 'unitId', " + unit + ", 'dueAt', "
        + iso("r.due_at") + ") FROM gen_round r WHERE " + isOverdue);
    s.add("INSERT INTO gen_event SELECT r.case_id, r.feedback_at, " + resp + ", " + unitName + " || '联络员', 'feedback', "
        + "CASE WHEN r.method = 'hand' THEN NULL ELSE 'email' END, " + String.format(statusAt, "r.feedback_at") + ", 'handled', "
        + "'经核查，已按规定处理，并向当事人说明情况。', jsonb_build_object('dispatchId', r.dispatch_id, 'round', r.round, "
        + "'receiptImplied', r.receipt_at IS NULL) FROM gen_round r WHERE r.feedback_at IS NOT NULL");
    s.add("INSERT INTO gen_event SELECT r.case_id, r.reopen_at, " + supervisor + ", '整顿办主任', 'reopen', NULL, "
        + String.format(statusAt, "r.reopen_at") + ", 'reopened', '逾期未反馈，重新派单督办。', jsonb_build_object('reason', 'overdue', "
        + "'nextRound', r.round + 1) FROM gen_round r WHERE r.trig = 'overdue'");
    s.add("INSERT INTO gen_event SELECT r.case_id, r.followup_at, " + agent + ", " + agentName + ", 'follow_up', 'phone', 'handled', "
        + "CASE WHEN r.sat = 'not_reached' THEN 'handled' WHEN r.sat = 'unsatisfied' AND r.round < 3 THEN 'reopened' ELSE 'followed_up' END, "
        + "NULL, CASE WHEN r.sat = 'not_reached' OR (r.sat = 'unsatisfied' AND r.round < 3) THEN jsonb_build_object('satisfaction', r.sat) "
        + "ELSE jsonb_build_object('satisfaction', r.sat, 'roundLimitReached', r.sat = 'unsatisfied') END "
        + "FROM gen_round r JOIN gen_case c USING (case_id) WHERE r.followup_at IS NOT NULL");
    s.add("INSERT INTO gen_event SELECT r.case_id, r.end_at, CASE WHEN r.sat = 'not_reached' THEN " + agent + " ELSE " + leader + " END, "
        + "CASE WHEN r.sat = 'not_reached' THEN " + agentName + " ELSE '分管领导' END, CASE WHEN r.sat = 'not_reached' THEN 'close' "
        + "ELSE 'review' END, NULL, CASE WHEN r.sat = 'not_reached' THEN 'handled' ELSE 'followed_up' END, 'closed', "
        + "CASE WHEN r.sat = 'not_reached' THEN '多次回访未接通，结案。' END, CASE WHEN r.sat = 'not_reached' THEN '{}'::jsonb "
        + "ELSE jsonb_build_object('decision', 'close') END FROM gen_round r JOIN gen_case c USING (case_id) WHERE r.end_at IS NOT NULL");
    // Nothing after now: each case is where its steps had got to.
    s.add("DELETE FROM gen_event WHERE at > " + now);
    s.add("CREATE INDEX ON gen_event (case_id, at)");

    // ------------------------------------------------------------------ cases and dispatches, one statement (the
    // case's current dispatch and the dispatch's case reference each other; the foreign keys are checked at its end)
    String last = "(SELECT e.to_status FROM gen_event e WHERE e.case_id = c.case_id ORDER BY e.at DESC LIMIT 1)";
    String cur = "(SELECT r.dispatch_id FROM gen_round r WHERE r.case_id = c.case_id AND r.dispatched_at <= " + now + " ORDER BY r.round DESC LIMIT 1)";
    String rounds = "(SELECT count(*) FROM gen_round r WHERE r.case_id = c.case_id AND r.dispatched_at <= " + now + ")::int";
    String closedAt = "(SELECT max(e.at) FROM gen_event e WHERE e.case_id = c.case_id AND e.to_status = 'closed')";
    String sat = "(SELECT e.detail ->> 'satisfaction' FROM gen_event e WHERE e.case_id = c.case_id AND e.action = 'follow_up' "
        + "AND e.detail ->> 'satisfaction' <> 'not_reached' ORDER BY e.at DESC LIMIT 1)";
    String reopenReason = "(SELECT CASE WHEN e.action = 'reopen' THEN 'overdue' ELSE 'dissatisfied' END FROM gen_event e "
        + "WHERE e.case_id = c.case_id AND e.to_status = 'reopened' ORDER BY e.at DESC LIMIT 1)";
    String cust = "(SELECT %s FROM gen_cust k WHERE k.idx = c.cust_idx)";
    s.add("WITH ins_cases AS (INSERT INTO cases (id, number, kind, channel, party_type, status, subject, content, contact_name, "
        + "contact_phones, anonymous, respondent_unit_id, respondent_unit_name, customer_id, received_at, created_at, owner_id, "
        + "instruction, round, current_dispatch_id, reopen_reason, satisfaction, closed_at, filed_by, category) "
        + "SELECT c.case_id, c.number, c.kind, c.channel, "
        + "CASE WHEN c.cust_idx IS NOT NULL THEN " + String.format(cust, "party_type") + " WHEN NOT c.anonymous AND c.g % 10 < 7 THEN "
        + "(ARRAY['consumer','retailer','consumer','enterprise','employee','consumer','retailer'])[1 + c.g % 7] END, "
        + "x.status, coalesce(c.category, '其他') || '问题', '来电人反映：' || CASE c.kind WHEN 'complaint' THEN '对' "
        + "|| coalesce(c.resp_name, '相关单位') || '的处理不满意，要求核实处理。' WHEN 'inquiry' THEN '咨询相关办理流程和政策规定。' "
        + "WHEN 'suggestion' THEN '建议改进相关服务，提高工作效率。' ELSE '反映' || coalesce(c.resp_name, '某经营户') || '涉嫌违规经营卷烟，请依法查处。' END "
        + "|| '（编号' || c.g || '）', "
        + "CASE WHEN c.anonymous THEN NULL WHEN c.cust_idx IS NOT NULL THEN " + String.format(cust, "name") + " ELSE '来电人' || c.g % 1000 END, "
        + "CASE WHEN c.anonymous THEN '{}'::text[] WHEN c.cust_idx IS NOT NULL THEN ARRAY[" + String.format(cust, "phone") + "] "
        + "ELSE ARRAY['138' || lpad((c.g % 100000000)::text, 8, '0')] END, c.anonymous, "
        + "(SELECT unit_id FROM gen_units u WHERE u.idx = c.resp_unit_idx), c.resp_name, "
        + "CASE WHEN c.cust_idx IS NOT NULL THEN " + String.format(cust, "customer_id") + " END, c.received_at, c.received_at + interval '2 seconds', "
        + agent + ", CASE WHEN c.path = 'dispatch' AND c.t_instruct <= " + now + " THEN '请相关单位按时限核实处理并反馈。' END, "
        + rounds + ", " + cur + ", CASE WHEN x.status = 'reopened' THEN " + reopenReason + " END, " + sat + ", "
        + "CASE WHEN x.status = 'closed' THEN " + closedAt + " END, " + agent + ", c.category "
        + "FROM gen_case c CROSS JOIN LATERAL (SELECT " + last + " AS status) x ORDER BY c.case_id RETURNING id) "
        + "INSERT INTO dispatches (id, case_id, round, unit_id, contact_id, method, reason, supervised_by, dispatched_at, dispatched_by, "
        + "working_days, due_at, provisional, received_at, receipt_method, feedback_at, feedback, overdue, overdue_at, status, delivered_at) "
        + "SELECT r.dispatch_id, r.case_id, r.round, " + unit + ", (SELECT contact_id FROM gen_units WHERE idx = r.unit_idx), r.method, r.reason, "
        + "CASE WHEN r.round = 1 THEN NULL WHEN r.reason = 'overdue' OR r.round = 3 THEN 'leadership' ELSE 'supervision_office' END, "
        + "r.dispatched_at, CASE WHEN r.round = 1 THEN " + leader + " ELSE " + supervisor + " END, "
        + "CASE WHEN r.ext_at <= " + now + " THEN r.ext_days ELSE r.wd END, CASE WHEN r.ext_at <= " + now + " THEN r.due_at ELSE r.due0 END, "
        + provisional("r.dispatched_at", "CASE WHEN r.ext_at <= " + now + " THEN r.due_at ELSE r.due0 END") + ", "
        + "CASE WHEN r.receipt_at <= " + now + " THEN r.receipt_at WHEN r.receipt_at IS NULL AND r.feedback_at <= " + now + " THEN r.feedback_at END, "
        + "CASE WHEN r.receipt_at <= " + now + " THEN r.receipt_method WHEN r.receipt_at IS NULL AND r.feedback_at <= " + now + " THEN 'feedback' END, "
        + "CASE WHEN r.feedback_at <= " + now + " THEN r.feedback_at END, "
        + "CASE WHEN r.feedback_at <= " + now + " THEN '经核查，已按规定处理，并向当事人说明情况。' END, "
        + isOverdue + " AND " + overdueAt + " <= " + now + ", CASE WHEN " + isOverdue + " AND " + overdueAt + " <= " + now + " THEN " + overdueAt + " END, "
        + "CASE WHEN r.feedback_at <= " + now + " THEN 'handled' WHEN EXISTS (SELECT 1 FROM gen_round n WHERE n.case_id = r.case_id "
        + "AND n.round = r.round + 1 AND n.dispatched_at <= " + now + ") THEN 'superseded' ELSE 'open' END, "
        + "CASE WHEN r.method <> 'hand' THEN r.dispatched_at + interval '1 minute' END "
        + "FROM gen_round r WHERE r.dispatched_at <= " + now + " ORDER BY r.dispatch_id");
    s.add("INSERT INTO case_events (case_id, at, actor_id, actor_name, action, channel, from_status, to_status, note, detail) "
        + "SELECT case_id, at, actor_id, actor_name, action, channel, from_status, to_status, note, detail FROM gen_event ORDER BY case_id, at");

    // ------------------------------------------------------------------ the telephony module's call log
    if (calls) {
      String wait = "least(300, floor(-ln(1 - rw) * 7 * CASE WHEN extract(hour FROM started_at AT TIME ZONE " + z + ") IN (9, 10, 14, 15) "
          + "THEN 1.8 ELSE 1 END))::int";
      String fromCases = "SELECT c.case_id, c.received_at - interval '1 minute' AS started_at, c.agent_idx, "
          + "coalesce(" + String.format(cust, "phone") + ", '138' || lpad((c.g % 100000000)::text, 8, '0')) AS raw, "
          + "coalesce(" + String.format(cust, "normalized") + ", '+86138' || lpad((c.g % 100000000)::text, 8, '0')) AS normalized, "
          + "true AS answered FROM gen_case c WHERE c.channel = 'phone'";
      long extra = Math.max(0, n * 3L / 2 - Math.round(n * 0.62));
      String others = "SELECT NULL::bigint AS case_id, least((date '" + firstDay() + "' + floor(random() * " + ndays + ")::int "
          + "+ " + hour.replace("rh", "r1").replace("rm", "r2") + ") AT TIME ZONE " + z + ", " + now + " - interval '10 minutes') AS started_at, "
          + "1 + floor(r3 * 30)::int AS agent_idx, '139' || lpad(q::text, 8, '0') AS raw, '+86139' || lpad(q::text, 8, '0') AS normalized, "
          + "r4 >= .4 AS answered FROM (SELECT random() r1, random() r2, random() r3, random() r4, "
          + "1 + floor(" + customers + " * power(random(), 1.3))::int AS q FROM generate_series(1, " + extra + ")) x";
      s.add("INSERT INTO calls (linkedid, uniqueid, direction, channel, caller_raw, caller_normalized, did, queue, agent_interface, "
          + "agent_id, started_at, answered_at, ended_at, wait_seconds, talk_seconds, disposition, case_id, handled_at, handled_by) "
          + "SELECT 'gen-' || id, 'gen-' || id || '.1', 'inbound', 'PJSIP/trunk-' || lpad(to_hex(id), 8, '0'), raw, normalized, '8008064888', "
          + "'hotline', CASE WHEN answered THEN 'PJSIP/' || (1000 + agent_idx) END, CASE WHEN answered THEN (SELECT p.id FROM gen_people p "
          + "WHERE p.agent_idx = k.agent_idx) END, started_at, "
          + "CASE WHEN answered THEN started_at + w * interval '1 second' END, "
          + "started_at + (w + CASE WHEN answered THEN t ELSE 0 END) * interval '1 second', w, CASE WHEN answered THEN t END, "
          + "CASE WHEN answered THEN 'answered' ELSE 'abandoned' END, case_id, "
          + "CASE WHEN NOT answered AND started_at < " + now + " - interval '1 day' THEN started_at + interval '2 hours' END, "
          + "CASE WHEN NOT answered AND started_at < " + now + " - interval '1 day' THEN (SELECT p.id FROM gen_people p "
          + "WHERE p.agent_idx = k.agent_idx) END "
          + "FROM (SELECT b.*, CASE WHEN answered THEN " + wait + " ELSE 5 + floor(rw * 120)::int END AS w, "
          + "40 + least(3000, floor(-ln(1 - rt) * 200))::int AS t FROM (SELECT nextval('calls_id_seq') AS id, u.*, random() rw, "
          + "random() rt FROM (" + fromCases + " UNION ALL " + others + ") u) b) k");
    }
    return s;
  }

  // ---------------------------------------------------------------------------------------------------- a persistent set

  /** Where the benchmarks keep their data set, made once: {@code -Dhotline.bench.dir}, default under /tmp. */
  public static Path benchDir() {
    return Path.of(System.getProperty("hotline.bench.dir", "/tmp/hotline-bench-1m"));
  }

  /**
   * The embedded PostgreSQL holding a generated data set of {@code cases} cases, in {@code dir}: started on the data
   * kept there, migrated with what is on the class path, generated when it has not been yet (a table {@code
   * bench_dataset} says when and how many). Blocks, for minutes the first time.
   */
  public static EmbeddedPostgres persistent(Path dir, int cases, WorkingCalendar calendar) throws Exception {
    Files.createDirectories(dir);
    EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pgdata")).setCleanDataDirectory(false)
        .setServerConfig("max_connections", "100").setServerConfig("shared_buffers", "256MB")
        .setServerConfig("max_wal_size", "4GB").setServerConfig("checkpoint_timeout", "30min").start();
    try (var c = pg.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
      var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'bench'");
      if (!rs.next()) {
        st.execute("CREATE DATABASE bench");
      }
    }
    try (var c = pg.getDatabase("postgres", "bench").getConnection(); var st = c.createStatement()) {
      // A Flyway repair() of an earlier run marked the migrations of modules not on its class path deleted: undone.
      st.execute("DO $$ BEGIN IF to_regclass('flyway_schema_history') IS NOT NULL THEN "
          + "DELETE FROM flyway_schema_history WHERE type = 'DELETE'; END IF; END $$");
    }
    // One set serves the benchmarks of every module: the migrations of a module not on this class path are kept, and a
    // migration of this branch whose text changed since the set was made (an index added) is not refused: the set keeps
    // its data, and that migration's CREATE INDEX IF NOT EXISTS statements are applied below.
    Flyway flyway = Flyway.configure().dataSource(pg.getJdbcUrl("postgres", "bench"), "postgres", "postgres")
        .locations("classpath:db/migration").ignoreMigrationPatterns("*:missing").validateOnMigrate(false)
        // As the app applies them: a module's migration numbered below another module's applied one is applied too.
        .outOfOrder(true).load();
    flyway.migrate();
    try (var c = pg.getDatabase("postgres", "bench").getConnection(); var st = c.createStatement()) {
      for (String file : List.of("V13__case_category.sql")) {
        var in = DataSetGenerator.class.getResourceAsStream("/db/migration/" + file);
        if (in == null) {
          continue;
        }
        String sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        for (String stmt : sql.split(";")) {
          String body = stmt.lines().filter(l -> !l.strip().startsWith("--")).collect(Collectors.joining("\n")).strip();
          if (body.startsWith("CREATE INDEX IF NOT EXISTS")) {
            st.execute(body);
          }
        }
      }
    }
    try (var c = pg.getDatabase("postgres", "bench").getConnection(); var st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS bench_dataset (cases int, generated_at timestamptz, seconds double precision, "
          + "now_at timestamptz)");
      var rs = st.executeQuery("SELECT cases, seconds FROM bench_dataset");
      if (rs.next()) {
        System.out.printf("data set: %d cases, generated before in %.1f s (%s)%n", rs.getInt(1), rs.getDouble(2), dir);
        return pg;
      }
    }
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = pool(vertx, pg);
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      Summary s = generate(pool, calendar, now, cases);
      await(pool.preparedQuery("INSERT INTO bench_dataset VALUES ($1, now(), $2, $3)")
          .execute(Tuple.of(cases, s.seconds(), now.atOffset(java.time.ZoneOffset.UTC))));
      await(pool.query("CHECKPOINT").execute());
      System.out.printf("generated %d cases, %d dispatches, %d timeline entries, %d calls in %.1f s; database %.0f MB%n",
          s.cases(), s.dispatches(), s.events(), s.calls(), s.seconds(), databaseSize(pool) / 1e6);
      await(pool.close());
    } finally {
      await(vertx.close());
    }
    return pg;
  }

  /** A pool on the persistent set's database. */
  public static Pool pool(Vertx vertx, EmbeddedPostgres pg) {
    return PgBuilder.pool().using(vertx).connectingTo(new PgConnectOptions().setHost("localhost").setPort(pg.getPort())
        .setDatabase("bench").setUser("postgres").setPassword("postgres")).with(new PoolOptions().setMaxSize(8)).build();
  }

  /** Generates the persistent set: {@code [cases]} (default 1,000,000) into {@link #benchDir()}. */
  public static void main(String[] args) throws Exception {
    int cases = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    WorkingCalendar calendar = WorkingCalendar.load(Path.of("config/calendar"), ZoneId.of("Asia/Shanghai"), LocalTime.of(17, 30));
    try (EmbeddedPostgres pg = persistent(benchDir(), cases, calendar)) {
      System.out.println("kept in " + benchDir());
    }
  }
}
