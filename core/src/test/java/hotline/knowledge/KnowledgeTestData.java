package hotline.knowledge;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Varied knowledge articles for the search benchmark, inserted set-based (one INSERT … SELECT over generate_series, and
 * their first versions in a second): titles and bodies drawn from the words the hotline's articles use (卷烟, 货源,
 * 专卖, 许可证, 零售户 …), a licence number and a phone number in some, every category and status, owning units among
 * those given (or the centre), effective and expiry dates around {@code today}, updated over the last three years.
 * 100,000 take about two minutes on this machine (the search keys' columns are computed on insert), in statements
 * of 10,000.
 */
public final class KnowledgeTestData {

  private KnowledgeTestData() {
  }

  private static final String WORDS = "ARRAY['卷烟','货源','专卖','许可证','零售户','营销','投放','档位','品牌','物流',"
      + "'稽查','假烟','走私','价格','订货','配送','终端','陈列','新品','规格','包装','促销','积分','客户经理','市场',"
      + "'烟草','经营','办理','变更','延续','注销','申请','材料','身份证','营业执照','时限','投诉','咨询','答复','政策']";

  private static final String INSERT =
      "INSERT INTO knowledge_articles (title, body_html, body_text, category, unit_id, status, effective_from, expires_on, "
          + "version, created_at, created_by_name, updated_at, updated_by_name) "
          + "SELECT t.title, '<p>' || t.body || '</p>', t.body, "
          + "(ARRAY['marketing_policy','monopoly_management','supply_allocation','licensing','products','service','other'])[1 + g % 7], "
          + "CASE WHEN cardinality($3::bigint[]) = 0 OR g % 3 = 0 THEN NULL ELSE ($3::bigint[])[1 + g % cardinality($3::bigint[])] END, "
          + "CASE WHEN g % 10 < 7 THEN 'published' WHEN g % 10 = 7 THEN 'draft' WHEN g % 10 = 8 THEN 'in_review' ELSE 'retired' END, "
          + "CASE WHEN g % 4 = 0 THEN NULL ELSE $2::date - (g % 700) END, "
          + "CASE WHEN g % 5 = 0 THEN $2::date - (g % 700) + 30 + (g % 800) ELSE NULL END, "
          + "1, $4::timestamptz - make_interval(mins => g % 1500000), '测试数据', $4::timestamptz - make_interval(mins => g % 1500000), '测试数据' "
          + "FROM generate_series($5::int + 1, $5::int + $1) g, LATERAL (SELECT w, "
          + "  w[1 + abs(hashint4(g * 16 + 1)) % 40] || w[1 + abs(hashint4(g * 16 + 2)) % 40] || w[1 + abs(hashint4(g * 16 + 3)) % 40] || '说明（' || g || '）' AS title, "
          + "  '关于' || w[1 + abs(hashint4(g * 16 + 4)) % 40] || w[1 + abs(hashint4(g * 16 + 5)) % 40] || '的规定：' || w[1 + abs(hashint4(g * 16 + 6)) % 40] || '按' "
          + "  || w[1 + abs(hashint4(g * 16 + 7)) % 40] || '执行，' || w[1 + abs(hashint4(g * 16 + 8)) % 40] || w[1 + abs(hashint4(g * 16 + 9)) % 40] || '须在' || (1 + g % 30) "
          + "  || '个工作日内完成。' || CASE WHEN g % 9 = 0 THEN '许可证号 ' || (440300000000 + g) || '。' ELSE '' END "
          + "  || CASE WHEN g % 7 = 0 THEN '办理烟草专卖许可证须提交' || w[1 + abs(hashint4(g * 16 + 10)) % 40] || '等材料。' ELSE '' END "
          + "  || CASE WHEN g % 11 = 0 THEN '咨询电话 0755-' || (20000000 + g % 80000000) || '。' ELSE '' END "
          + "  || repeat(w[1 + abs(hashint4(g * 16 + 11)) % 40] || w[1 + abs(hashint4(g * 16 + 12)) % 40] || '相关事项以' || w[1 + abs(hashint4(g * 16 + 13)) % 40] || '为准。', 1 + g % 4) AS body "
          + "  FROM (SELECT " + WORDS + " AS w) words) t";

  private static final String VERSIONS =
      "INSERT INTO knowledge_versions (article_id, version, change, title, body_html, body_text, category, unit_id, status, "
          + "effective_from, expires_on, at, by_name) SELECT id, 1, 'created', title, body_html, body_text, category, unit_id, "
          + "status, effective_from, expires_on, updated_at, updated_by_name FROM knowledge_articles a "
          + "WHERE NOT EXISTS (SELECT 1 FROM knowledge_versions v WHERE v.article_id = a.id)";

  /** Articles a statement inserts: each statement well within a test's wait, however many are asked for. */
  private static final int BATCH = 10_000;

  /** Inserts {@code n} articles owned by {@code unitIds} (or the centre) around {@code today}; answers how many. */
  public static Future<Integer> insert(SqlClient db, int n, long[] unitIds, java.time.LocalDate today, Instant now) {
    Long[] units = new Long[unitIds.length];
    for (int i = 0; i < unitIds.length; i++) {
      units[i] = unitIds[i];
    }
    Future<Integer> done = Future.succeededFuture(0);
    for (int from = 0; from < n; from += BATCH) {
      int start = from;
      done = done.compose(k -> db.preparedQuery(INSERT)
          .execute(Tuple.of(Math.min(BATCH, n - start), today, units, now.atOffset(ZoneOffset.UTC), start))
          .map(r -> k + r.rowCount()));
    }
    return done.compose(k -> db.query(VERSIONS).execute().map(v -> k));
  }
}
