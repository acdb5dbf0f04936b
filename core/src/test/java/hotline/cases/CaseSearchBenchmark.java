package hotline.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hotline.access.AccessService;
import hotline.audit.AuditLog;
import hotline.calendar.WorkingCalendar;
import hotline.config.Config;
import hotline.directory.PhoneNumbers;
import hotline.dispatch.DispatchService;
import hotline.search.SearchHarness;
import hotline.search.SearchHarness.Statement;
import hotline.search.SearchHarness.Workload;
import hotline.search.TextSearch;
import hotline.stats.DataSetGenerator;
import hotline.users.Principal;
import hotline.users.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The case search on the 1,000,000-case data set ({@link DataSetGenerator}, kept in {@code -Dhotline.bench.dir},
 * default {@code /tmp/hotline-bench-1m}). The generator's texts are a few templates; the first run gives every case
 * varied text instead (set-based, seeded: subjects and contents from a vocabulary of hotline words, brands, places,
 * licence and phone numbers; contact names and phones written in four ways); then the search documents of V19 are
 * written as the indexer writes them ({@link #backfill}), timed. Then, for 2-char,
 * 4-char, mixed, licence-number, phone-number (written another way than stored) and 1-char queries, ≥ 300 each for an
 * agent and a leader: p50/p95/p99 of the list's SQL ({@link SearchHarness}) and of {@code CaseService.list} (SQL and
 * the rows' highlights; the HTTP layer adds its JSON encoding); and exactness against a {@code strpos} scan on a sample.
 * Not part of {@code mvn verify}:
 * {@code mvn -o -pl core -am verify -Dtest=CaseSearchBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class CaseSearchBenchmark {

  static final int CASES = Integer.getInteger("bench.cases", 1_000_000);
  static final int RUNS = Integer.getInteger("bench.queries", 300);
  static java.util.Map<String, Double> FREQS = Map.of();

  static final String WORDS = "卷烟,货源,专卖,许可证,专卖许可证,零售户,价格,假烟,假冒卷烟,走私,配送,物流,订货,服务态度,投诉,"
      + "稽查,烟草,门店,中华,芙蓉王,玉溪,黄鹤楼,利群,南京,云烟,红塔山,娇子,七匹狼,双喜,钻石,泰山,深圳,宝安区,龙岗区,福田区,"
      + "南山区,罗湖区,龙华区,光明区,坪山区,盐田区,西乡街道,布吉街道,观澜,松岗,沙井,福永,超市,便利店,烟酒店,批发部,未成年人,"
      + "网络售烟,加价销售,缺货,断货,配额,客户经理,送货员,态度恶劣,不予办理,延期,处理结果,满意,不满意,回访,核查,整改,"
      + "卷烟市场,货源供应,订货服务,物流配送,无证经营,专卖执法,执法人员,暴力分拣,包装破损,条码,真伪鉴别,查处,罚款,没收,"
      + "零售客户,消费者,内部员工,工业企业,营销中心,专卖局,分局,市局,区局,烟草公司,电话订货,网上订货,周期,分档,档位,"
      + "紧俏烟,常销烟,新品,投放,限量,搭售,抬价,压价,回收,假冒,伪劣,私烟,外烟,电子烟,雪茄,细支,中支,硬盒,软盒,"
      + "反映,要求,希望,尽快,处理,答复,多次,一直,没有,已经,上周,昨天,今天,本月,去年,客户,店主,老板,工作人员,"
      + "我,你们,他们,的,了,在,是,有,和,被,把,对,说,不,也,都,就,还,要,能,会,请,";
  static final String PUNCT = "，,。,、,；,！,？, ";
  static final String SURNAMES = "王,李,张,刘,陈,杨,黄,赵,吴,周,徐,孙,马,朱,胡,郭,何,高,林,罗,郑,梁,谢,宋,唐,许,韩,冯,邓,曹,彭,曾,肖,田,董,袁,潘,蒋,蔡,余";
  static final String GIVEN = "伟,芳,娜,敏,静,丽,强,磊,军,洋,勇,艳,杰,娟,涛,明,超,秀英,华,平,刚,桂英,建华,志强,晓东,文,斌,宇,浩,凯,鹏,辉,玲,红,燕,霞";

  static final List<String> TWO = List.of("卷烟", "货源", "专卖", "价格", "假烟", "配送", "物流", "订货", "门店", "中华",
      "玉溪", "深圳", "宝安", "稽查", "投诉", "走私", "缺货", "断货", "加价", "态度", "回访", "核查", "整改", "超市", "执法",
      "零售", "客户", "烟草", "条码", "罚款");
  static final List<String> FOUR = List.of("假冒卷烟", "服务态度", "订货服务", "物流配送", "零售客户", "专卖执法", "网络售烟",
      "客户经理", "态度恶劣", "不予办理", "货源供应", "卷烟市场", "无证经营", "处理结果", "暴力分拣", "专卖许可证", "真伪鉴别",
      "电话订货", "包装破损", "加价销售");
  static final List<String> ONE = List.of("烟", "货", "价", "假", "店", "局", "5", "中", "王", "深");

  @Test
  void searchOnAMillionCases() throws Exception {
    ZoneId zone = ZoneId.of("Asia/Shanghai");
    WorkingCalendar cal = WorkingCalendar.load(Path.of("../config/calendar"), zone, LocalTime.of(17, 30));
    long t0 = System.nanoTime();
    try (EmbeddedPostgres pg = DataSetGenerator.persistent(DataSetGenerator.benchDir(), CASES, cal)) {
      System.out.printf("BENCHMARK search data set ready (migrations included) in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      try (var jdbc = pg.getDatabase("postgres", "bench").getConnection(); var st = jdbc.createStatement();
          var rs = st.executeQuery("SELECT version, execution_time, installed_on FROM flyway_schema_history WHERE version IN ('16', '19')")) {
        while (rs.next()) {
          System.out.printf("BENCHMARK search migration V%s as Flyway applied it to the data set: %.1f s (%s)%n",
              rs.getString(1), rs.getInt(2) / 1000.0, rs.getString(3));
        }
      }
      Vertx vertx = Vertx.vertx();
      try {
        Pool pool = DataSetGenerator.pool(vertx, pg);
        variedText(pool);
        backfill(pool);
        java.util.Map<String, Double> freqs = await(new CasePairStats(pool, Clock.systemUTC()).current());
        System.out.printf("BENCHMARK search pair statistics: %d pairs%n", freqs.size());
        FREQS = freqs;
        Clock clock = Clock.systemUTC();
        Config config = Config.of(Map.of());
        AuditLog audit = new AuditLog(pool, clock, () -> zone);
        CaseSettings settings = CaseSettings.from(config);
        CaseService cases = new CaseService(vertx, pool, clock, () -> cal, new PhoneNumbers("CN", ""), settings, audit,
            new AccessService(pool, clock, audit, Duration.ofHours(24), () -> zone), DispatchService.transitions(() -> cal, settings));
        Principal agent = principal(pool, "agent", Role.AGENT);
        Principal leader = principal(pool, "leader", Role.LEADER);
        System.out.printf("BENCHMARK search cases: %d, table %s, indexes text %s / title %s / identity %s%n",
            count(pool, "SELECT count(*) FROM cases"), one(pool, "SELECT pg_size_pretty(pg_table_size('cases'))"),
            one(pool, "SELECT pg_size_pretty(pg_relation_size('cases_search_text'))"),
            one(pool, "SELECT pg_size_pretty(pg_relation_size('cases_search_title'))"),
            one(pool, "SELECT pg_size_pretty(pg_relation_size('cases_search_identity'))"));

        Random rnd = new Random(42);
        List<String> two = cycle(TWO, RUNS);
        List<String> four = cycle(FOUR, RUNS);
        List<String> mixed = new ArrayList<>(List.of("卷烟 货源", "专卖许可证 办理", "中华 深圳", "假烟 宝安区"));
        List<String> words = Arrays.asList(WORDS.split(","));
        while (mixed.size() < RUNS) {
          List<String> pool2 = rnd.nextBoolean() ? TWO : FOUR;
          mixed.add(pool2.get(rnd.nextInt(pool2.size())) + " " + words.get(rnd.nextInt(60)));
        }
        long maxId = count(pool, "SELECT max(id) FROM cases");
        List<String> licences = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        for (Row r : rows(pool, "SELECT substring(content FROM '许可证号([0-9]{12})') AS licence, contact_phones[1] AS phone FROM cases "
            + "WHERE id = ANY($1::bigint[])", (Object) rnd.longs(RUNS * 2, 1, maxId + 1).boxed().toArray(Long[]::new))) {
          if (r.getString("licence") != null && licences.size() < RUNS) {
            licences.add(r.getString("licence"));
          }
          if (r.getString("phone") != null && phones.size() < RUNS) {
            phones.add(rewrite(r.getString("phone"), phones.size()));
          }
        }
        List<String> one = cycle(ONE, 100);

        List<Workload> workloads = new ArrayList<>();
        Map<String, List<String>> kinds = new java.util.LinkedHashMap<>();
        kinds.put("2-char", two);
        kinds.put("4-char", four);
        kinds.put("mixed", mixed);
        kinds.put("licence number", licences);
        kinds.put("phone number", phones);
        kinds.put("1-char (recent only)", one);
        kinds.forEach((label, qs) -> workloads.add(Workload.sql(pool, "SQL " + label, statements(qs, agent, leader))));
        // The service (SQL, then the rows' highlights on a worker) for the 2-char words; a second page; an agent's own.
        workloads.add(service(cases, "service 2-char", two, agent, leader));
        workloads.add(service(cases, "service 2-char page 2", two, agent, leader, 2, null));
        workloads.add(service(cases, "service 2-char mine+open", two, agent, agent, 1, true));
        SearchHarness.measure(workloads, 20);

        exactness(pool, cases, agent, leader, List.of("卷烟", "专卖许可证", "卷烟 货源", "暴力分拣 福田区", licences.get(0),
            licences.get(1).substring(4), phones.get(0), phones.get(3), "王芳 投诉", "烟"));
        plans(pool, agent, List.of("卷烟", "假冒卷烟", "卷烟 货源", "中华 深圳", licences.get(0), phones.get(0)));
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
      }
    }
  }

  /**
   * Varied text once per data set: every case's subject, content, contact and respondent rewritten set-based, timed
   * (which clears the search documents: {@link #backfill} writes them).
   */
  static void variedText(Pool pool) throws Exception {
    if (count(pool, "SELECT count(*) FROM pg_tables WHERE tablename = 'bench_search_text'") > 0) {
      for (Row r : rows(pool, "SELECT * FROM bench_search_text")) {
        System.out.println("BENCHMARK search varied text made before: " + r.toJson().encode());
      }
      return;
    }
    boolean made = count(pool, "SELECT count(*) FROM cases WHERE id = (SELECT min(id) FROM cases) AND content LIKE '%许可证号%'") > 0;
    var c = await(pool.getConnection());
    try {
      exec(c, "SET maintenance_work_mem = '256MB'");
      exec(c, "SET work_mem = '256MB'");
      exec(c, "DROP TABLE IF EXISTS bench_text");
      exec(c, "SELECT setseed(0.2718)");
      long t = System.nanoTime();
      double text = 0;
      if (!made) {
        await(c.preparedQuery("CREATE UNLOGGED TABLE bench_text AS SELECT c.id, "
            + "(SELECT string_agg(w[1 + floor(random() * cardinality(w))::int + 0 * i], '') FROM generate_series(1, 2 + c.id % 3) i) AS subject, "
            + "(SELECT string_agg(w[1 + floor(random() * cardinality(w))::int + 0 * i] || CASE WHEN random() < 0.25 "
            + "   THEN p[1 + floor(random() * cardinality(p))::int] ELSE '' END, '') FROM generate_series(1, 10 + c.id % 50) i) "
            + " || '。许可证号' || (440300 + c.id % 20) || lpad((c.id * 7919 % 1000000)::text, 6, '0') "
            + " || CASE WHEN c.id % 3 = 0 THEN '，联系电话1' || (3 + c.id % 7) || lpad((c.id * 15485863 % 1000000000)::text, 9, '0') ELSE '' END "
            + " AS content, "
            + "s[1 + floor(random() * cardinality(s))::int] || g[1 + floor(random() * cardinality(g))::int] AS name, "
            + "CASE WHEN random() < 0.5 THEN s[1 + floor(random() * cardinality(s))::int] || g[1 + floor(random() * cardinality(g))::int] END AS person, "
            + "'1' || (3 + c.id % 6) || lpad((c.id * 104729 % 1000000000)::text, 9, '0') AS phone "
            + "FROM cases c, string_to_array($1, ',') w, string_to_array($2, ',') p, string_to_array($3, ',') s, string_to_array($4, ',') g")
            .execute(Tuple.of(WORDS.substring(0, WORDS.length() - 1), PUNCT, SURNAMES, GIVEN)));
        text = (System.nanoTime() - t) / 1e9;
        t = System.nanoTime();
        // The phone as people write it: 13812345678, 138 1234 5678, 138-1234-5678, +86 138 1234 5678.
        exec(c, "UPDATE cases c SET subject = b.subject, content = b.content, contact_name = b.name, respondent_person = b.person, "
            + "contact_phones = ARRAY[CASE c.id % 4 WHEN 0 THEN b.phone "
            + "  WHEN 1 THEN substr(b.phone, 1, 3) || ' ' || substr(b.phone, 4, 4) || ' ' || substr(b.phone, 8) "
            + "  WHEN 2 THEN substr(b.phone, 1, 3) || '-' || substr(b.phone, 4, 4) || '-' || substr(b.phone, 8) "
            + "  ELSE '+86 ' || substr(b.phone, 1, 3) || ' ' || substr(b.phone, 4, 4) || ' ' || substr(b.phone, 8) END] "
            + "FROM bench_text b WHERE b.id = c.id");
        exec(c, "DROP TABLE bench_text");
      }
      double update = (System.nanoTime() - t) / 1e9;
      // The update cleared the search documents (trigger cases_search_stale): backfill writes them.
      JsonObject times = new JsonObject().put("textSeconds", text).put("updateSeconds", update);
      t = System.nanoTime();
      exec(c, "VACUUM ANALYZE cases");
      times.put("vacuumAnalyzeSeconds", (System.nanoTime() - t) / 1e9);
      exec(c, "CREATE TABLE bench_search_text (made_at timestamptz DEFAULT now(), figures jsonb)");
      await(c.preparedQuery("INSERT INTO bench_search_text (figures) VALUES ($1)").execute(Tuple.of(times)));
      System.out.println("BENCHMARK search varied text: " + times.encode());
    } finally {
      await(c.close());
    }
  }

  /**
   * The search documents of V19 for every case of the data set that has none (all of them, the first run after the
   * migration; with -Dbench.reindex=true, all again), as the indexer writes them ({@link CaseSearchIndexer#indexBatch}),
   * timed. For a million rows at once the GIN indexes are dropped first and built again after (a bulk load's way); the
   * indexer itself writes a few rows at a time into them.
   */
  static void backfill(Pool pool) throws Exception {
    if (Boolean.getBoolean("bench.reindex")) {
      exec(pool, "UPDATE cases SET search_doc = NULL, search_title = NULL, search_identity = NULL, search_text_grams = NULL, "
          + "search_title_grams = NULL, search_identity_grams = NULL");
      exec(pool, "VACUUM cases");
    }
    long pending = count(pool, "SELECT count(*) FROM cases WHERE search_doc IS NULL");
    if (pending == 0) {
      return;
    }
    List<String> indexes = List.of("CREATE INDEX cases_search_text ON cases USING gin (search_text_grams)",
        "CREATE INDEX cases_search_title ON cases USING gin (search_title_grams)",
        "CREATE INDEX cases_search_identity ON cases USING gin (search_identity_grams)");
    boolean bulk = pending > 100_000;
    if (bulk) {
      exec(pool, "DROP INDEX cases_search_text, cases_search_title, cases_search_identity");
    }
    long t = System.nanoTime();
    long written = 0;
    for (int n; (n = await(CaseSearchIndexer.indexBatch(pool, 5000))) > 0; ) {
      written += n;
      if (written % 100_000 < 5000) {
        System.out.printf("BENCHMARK search documents: %d cases in %.1f s%n", written, (System.nanoTime() - t) / 1e9);
      }
    }
    double docs = (System.nanoTime() - t) / 1e9;
    long ti = System.nanoTime();
    if (bulk) {
      var c = await(pool.getConnection());
      try {
        exec(c, "SET maintenance_work_mem = '512MB'");
        for (String sql : indexes) {
          exec(c, sql);
        }
      } finally {
        await(c.close());
      }
    }
    double build = (System.nanoTime() - ti) / 1e9;
    exec(pool, "VACUUM ANALYZE cases");
    System.out.printf("BENCHMARK search documents of %d cases written in %.1f s (%.0f cases/s), GIN indexes built in %.1f s%n",
        written, docs, written / docs, build);
  }

  /** A number as another person writes it: the stored form's digits, spaced, dashed, international, or bare. */
  static String rewrite(String phone, int i) {
    String d = phone.replaceAll("[^0-9]", "");
    if (d.startsWith("86") && d.length() == 13) {
      d = d.substring(2);
    }
    return switch (i % 4) {
      case 0 -> d.substring(0, 3) + " " + d.substring(3, 7) + " " + d.substring(7);
      case 1 -> "+86 " + d;
      case 2 -> d.substring(0, 3) + "-" + d.substring(3, 7) + "-" + d.substring(7);
      default -> d;
    };
  }

  static List<String> cycle(List<String> items, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(items.get(i % items.size()));
    }
    return out;
  }

  /** The list's statements, alternately for the agent and the leader (whose search includes reporters). */
  static List<Statement> statements(List<String> qs, Principal agent, Principal leader) {
    List<Statement> out = new ArrayList<>();
    for (int i = 0; i < qs.size(); i++) {
      Principal p = i % 2 == 0 ? agent : leader;
      CaseQuery q = query(qs.get(i), 1, null);
      CaseSearch.Statement s = CaseSearch.statement(CaseService.listArgs(p, q), TextSearch.terms(qs.get(i)), q,
          pair -> FREQS.getOrDefault(pair, 0.0), CaseSearch.WINDOW);
      out.add(new Statement(s.sql(), s.args()));
    }
    return out;
  }

  static Workload service(CaseService cases, String label, List<String> qs, Principal agent, Principal leader) {
    return service(cases, label, qs, agent, leader, 1, null);
  }

  static Workload service(CaseService cases, String label, List<String> qs, Principal agent, Principal leader, int page,
      Boolean mineOpen) {
    List<Supplier<Future<?>>> runs = new ArrayList<>();
    for (int i = 0; i < qs.size(); i++) {
      Principal p = i % 2 == 0 ? agent : leader;
      CaseQuery q = query(qs.get(i), page, mineOpen);
      runs.add(() -> cases.list(p, q));
    }
    return new Workload(label, runs);
  }

  static CaseQuery query(String text, int page, Boolean mineOpen) {
    return new CaseQuery(null, null, null, null, null, text, null, mineOpen, mineOpen, false, page, 20);
  }

  /**
   * The API's answer against a plain scan: each term a substring ({@code strpos}) of a field (the phones' digits for a
   * number), the identity fields where the caller may see them, in the ranking's order; the first 1,000 and the count.
   */
  static void exactness(Pool pool, CaseService cases, Principal agent, Principal leader, List<String> queries) throws Exception {
    int checked = 0;
    for (String text : queries) {
      for (Principal p : List.of(agent, leader)) {
        List<String> terms = TextSearch.terms(text);
        long t = System.nanoTime();
        List<Long> expected = new ArrayList<>();
        String where = "NOT EXISTS (SELECT 1 FROM unnest($1::text[]) t WHERE NOT ("
            + "strpos(c.number, t) > 0 OR strpos(coalesce(c.subject, ''), t) > 0 OR strpos(c.content, t) > 0 "
            + "OR strpos(coalesce(c.respondent_person, ''), t) > 0 OR strpos(coalesce(c.respondent_unit_name, ''), t) > 0 "
            + "OR ((c.kind <> 'report' OR $2 OR c.owner_id = $3) AND (strpos(coalesce(c.contact_name, ''), t) > 0 "
            + "  OR strpos(regexp_replace(array_to_string(c.contact_phones, ' '), '[^0-9]', '', 'g'), t) > 0 "
            + "  OR strpos(coalesce(c.contact_email, ''), t) > 0 OR strpos(coalesce(c.contact_address, ''), t) > 0))))";
        String recent = terms.stream().anyMatch(TextSearch::indexable) ? ""
            : " AND c.received_at >= (SELECT received_at FROM cases ORDER BY received_at DESC, id DESC OFFSET "
                + (CaseSearch.RECENT - 1) + " LIMIT 1)";
        Object[] args = {terms.toArray(String[]::new), hotline.users.Permission.REPORTER_IDENTITY.allows(p), p.id()};
        for (Row r : rows(pool, "SELECT id FROM cases c WHERE " + where + recent + " ORDER BY NOT EXISTS (SELECT 1 FROM "
            + "unnest($1::text[]) t WHERE strpos(coalesce(c.subject, ''), t) = 0) DESC, received_at DESC, id DESC LIMIT 1000", args)) {
          expected.add(r.getLong(0));
        }
        long all = count(pool, "SELECT count(*) FROM (SELECT 1 FROM cases c WHERE " + where + recent + " LIMIT 1001) x", args);
        double scan = (System.nanoTime() - t) / 1e9;
        List<Long> found = new ArrayList<>();
        JsonObject first = null;
        for (int page = 1; page <= 5; page++) {
          JsonObject r = await(cases.list(p, new CaseQuery(null, null, null, null, null, text, null, null, null, false, page, 200)));
          first = first == null ? r : first;
          r.getJsonArray("items").forEach(o -> found.add(((JsonObject) o).getLong("id")));
          if (r.getJsonArray("items").size() < 200) {
            break;
          }
        }
        assertEquals(expected, found, "query [" + text + "] for " + p.username());
        assertEquals(Math.min(all, 1000), first.getLong("total"), text);
        assertEquals(all > 1000, first.getBoolean("totalCapped"), text);
        checked++;
        System.out.printf("BENCHMARK search exact [%s] for %s: %d cases%s, the same as a strpos scan (%.1f s)%n", text,
            p.username(), Math.min(all, 1000), all > 1000 ? "+" : "", scan);
      }
    }
    System.out.printf("BENCHMARK search exactness: %d of %d query×caller samples equal to the scan%n", checked, checked);
  }

  /** The plans of a few statements, for the note. */
  static void plans(Pool pool, Principal p, List<String> texts) throws Exception {
    for (String text : texts) {
      CaseQuery q = query(text, 1, null);
      CaseSearch.Statement s = CaseSearch.statement(CaseService.listArgs(p, q), TextSearch.terms(text), q,
          pair -> FREQS.getOrDefault(pair, 0.0), CaseSearch.WINDOW);
      var c = await(pool.getConnection());
      try {
        exec(c, "BEGIN");
        exec(c, SearchHarness.SETTINGS);
        StringBuilder plan = new StringBuilder();
        for (Row r : await(c.preparedQuery("EXPLAIN (ANALYZE, BUFFERS OFF, COSTS OFF) " + s.sql()).execute(s.args()))) {
          plan.append(r.getString(0)).append('\n');
        }
        exec(c, "COMMIT");
        System.out.println("BENCHMARK search plan [" + text + "]:\n" + plan);
      } finally {
        await(c.close());
      }
    }
  }

  static Principal principal(Pool pool, String role, Role r) throws Exception {
    long id = count(pool, "SELECT id FROM users WHERE '" + role + "' = ANY(roles) ORDER BY id LIMIT 1");
    return new Principal(id, "bench-" + role, "bench-" + role, Set.of(r), null);
  }

  static void exec(io.vertx.sqlclient.SqlClient c, String sql) throws Exception {
    await(c.query(sql).execute());
  }

  static List<Row> rows(Pool pool, String sql, Object... args) throws Exception {
    List<Row> out = new ArrayList<>();
    await(pool.preparedQuery(sql).execute(Tuple.from(args))).forEach(out::add);
    return out;
  }

  static long count(Pool pool, String sql, Object... args) throws Exception {
    return rows(pool, sql, args).get(0).getLong(0);
  }

  static String one(Pool pool, String sql) throws Exception {
    return String.valueOf(rows(pool, sql).get(0).getValue(0));
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.MINUTES);
  }
}
