package hotline.web;

import static hotline.web.Requests.principal;

import hotline.Core;
import hotline.errors.HotlineException;
import hotline.errors.Messages;
import hotline.stats.BulletinCsv;
import hotline.stats.Period;
import hotline.users.Permission;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The statistics bulletin: {@code GET /api/stats/bulletin} for a period ({@code period} with {@code date}) or a range
 * ({@code from}, {@code to}; at most three years), as JSON (default), CSV for Excel ({@code format=csv}), an Excel
 * workbook ({@code format=xlsx}) or the PDF bulletin with its charts ({@code format=pdf}; both drawn on a worker, see
 * {@link BulletinFiles}), in the caller's language ({@code lang} or Accept-Language). Leaders and the supervision office
 * ({@code stats.read}).
 */
final class StatsRoutes {

  private StatsRoutes() {
  }

  /** {@code font}: the record forms' CJK font file, which the PDF bulletin is drawn in too. */
  static void mount(Router router, Vertx vertx, Core core, Supplier<Path> font) {
    BulletinFiles files = new BulletinFiles(vertx, font);
    router.get("/api/stats/bulletin").handler(ctx -> bulletin(ctx, core, files));
  }

  private static void bulletin(RoutingContext ctx, Core core, BulletinFiles files) {
    Locale locale;
    Period period;
    String format;
    try {
      principal(ctx, Permission.STATS_READ);
      locale = locale(ctx);
      format = param(ctx, "format");
      format = format == null ? "json" : format;
      if (!format.equals("json") && !format.equals("csv") && !BulletinFiles.handles(format)) {
        throw HotlineException.invalidAt("format", "invalidValue", "format", format);
      }
      period = Period.parse(param(ctx, "period"), param(ctx, "date"), param(ctx, "from"), param(ctx, "to"), core.bulletin().today());
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    Future<JsonObject> built = core.bulletin().build(period, locale);
    if (format.equals("json")) {
      Requests.ok(ctx, () -> built);
      return;
    }
    Period p = period;
    if (BulletinFiles.handles(format)) {
      String f = format;
      built.onSuccess(b -> files.send(ctx, b, f, locale, attachment(Messages.format(locale, "stats.title") + "_" + p.tag()
          + "." + f, "hotline-bulletin-" + p.tag() + "." + f))).onFailure(ctx::fail);
      return;
    }
    built.onSuccess(b -> {
      if (ctx.response().ended() || ctx.response().closed()) {
        return;
      }
      ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", attachment(Messages.format(locale, "stats.title") + "_" + p.tag() + ".csv",
              "hotline-bulletin-" + p.tag() + ".csv"))
          .putHeader("X-Content-Type-Options", "nosniff")
          .end(BulletinCsv.of(b, locale));
    }).onFailure(ctx::fail);
  }

  /** A query parameter given once, at most 40 characters (dates, a period's name, a format): longer is refused. */
  static String param(RoutingContext ctx, String name) {
    java.util.List<String> all = ctx.queryParam(name);
    if (all.isEmpty()) {
      return null;
    }
    String v = all.get(0);
    if (all.size() > 1 || v.length() > 40) {
      throw HotlineException.invalidAt(name, "invalidValue", name, v.length() > 40 ? v.substring(0, 40) + "…" : v);
    }
    return v.isBlank() ? null : v.strip();
  }

  /** {@code ?lang=en|zh-CN} first, then Accept-Language; Simplified Chinese by default. */
  static Locale locale(RoutingContext ctx) {
    String lang = param(ctx, "lang");
    if (lang != null) {
      String l = lang.toLowerCase(Locale.ROOT);
      if (l.startsWith("en")) {
        return Locale.ENGLISH;
      }
      if (l.startsWith("zh")) {
        return Messages.CHINESE;
      }
      throw HotlineException.invalidAt("lang", "invalidValue", "lang", lang);
    }
    return Requests.locale(ctx);
  }

  /** A download named in Chinese ({@code filename*}), with an ASCII name for clients that do not read it. */
  static String attachment(String name, String ascii) {
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
