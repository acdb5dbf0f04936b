package hotline.web;

import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.errors.Messages;
import hotline.stats.BulletinPdf;
import hotline.stats.BulletinXlsx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The bulletin as a file to circulate: an Excel workbook ({@code format=xlsx}) or a PDF ({@code format=pdf}), drawn on
 * the record forms' worker pool (the PDF shares their font copies), sent as an attachment with a Chinese file name,
 * {@code 热线通报_2026Q3.xlsx}. The JSON is the one {@code GET /api/stats/bulletin} gives the same user.
 */
final class BulletinFiles {

  static final String XLSX = "xlsx";
  static final String PDF = "pdf";

  private final WorkerExecutor workers;
  private final Supplier<Path> font;

  /** {@code font}: the CJK font file of the record forms, asked for at the first PDF. */
  BulletinFiles(Vertx vertx, Supplier<Path> font) {
    // The record forms' pool: one font copy per processor, whichever document borrows it.
    this.workers = vertx.createSharedWorkerExecutor("hotline-forms", Runtime.getRuntime().availableProcessors());
    this.font = font;
  }

  static boolean handles(String format) {
    return XLSX.equals(format) || PDF.equals(format);
  }

  /** Renders the bulletin in {@code format} on a worker and sends it; a failure goes to the router's failure handler. */
  void send(RoutingContext ctx, JsonObject bulletin, String format, Locale locale) {
    Future<byte[]> file = workers.executeBlocking(() -> render(bulletin, format, locale), false);
    file.onSuccess(bytes -> {
      if (ctx.response().ended() || ctx.response().closed()) {
        return;
      }
      ctx.response()
          .putHeader("Content-Type", PDF.equals(format) ? BulletinPdf.CONTENT_TYPE : BulletinXlsx.CONTENT_TYPE)
          .putHeader("Content-Disposition", disposition(bulletin, format))
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Cache-Control", "no-store")
          .end(Buffer.buffer(bytes));
    }).onFailure(ctx::fail);
  }

  private byte[] render(JsonObject bulletin, String format, Locale locale) throws java.io.IOException {
    if (XLSX.equals(format)) {
      return BulletinXlsx.render(bulletin, locale);
    }
    BulletinPdf pdf = new BulletinPdf(font.get());
    if (!pdf.available()) {
      throw new HotlineException(ErrorCode.UNAVAILABLE, "unavailable", new Messages.Key("forms.noFont"));
    }
    return pdf.render(bulletin, locale);
  }

  /** {@code attachment; filename="bulletin-2026Q3.xlsx"; filename*=UTF-8''热线通报_2026Q3.xlsx} (percent-encoded). */
  static String disposition(JsonObject bulletin, String format) {
    String span = span(bulletin.getJsonObject("range", new JsonObject()));
    String name = "热线通报_" + span + "." + format;
    return "attachment; filename=\"bulletin-" + span + "." + format + "\"; filename*=UTF-8''"
        + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The range as a file name says it: 2026Q3, 2026-07, 2026-W27, 2026, or 2026-07-01_2026-09-30. */
  static String span(JsonObject range) {
    String from = range.getString("from", "");
    String to = range.getString("to", "");
    try {
      LocalDate f = LocalDate.parse(from);
      return switch (range.getString("period", "")) {
        case "quarter" -> f.getYear() + "Q" + f.get(IsoFields.QUARTER_OF_YEAR);
        case "month" -> String.format(Locale.ROOT, "%d-%02d", f.getYear(), f.getMonthValue());
        case "week" -> String.format(Locale.ROOT, "%d-W%02d", f.get(IsoFields.WEEK_BASED_YEAR),
            f.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        case "year" -> Integer.toString(f.getYear());
        default -> from + "_" + to;
      };
    } catch (RuntimeException e) {
      return "bulletin";
    }
  }
}
