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
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The bulletin as a file to circulate: an Excel workbook ({@code format=xlsx}) or a PDF ({@code format=pdf}), drawn on
 * the record forms' worker pool (the PDF shares their font copies), sent as an attachment (named by the route:
 * {@code 热线通报_2026Q3.xlsx}). The JSON is the one {@code GET /api/stats/bulletin} gives the same user.
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

  /**
   * Renders the bulletin in {@code format} on a worker and sends it with that Content-Disposition; a failure goes to the
   * router's failure handler.
   */
  void send(RoutingContext ctx, JsonObject bulletin, String format, Locale locale, String disposition) {
    Future<byte[]> file = workers.executeBlocking(() -> render(bulletin, format, locale), false);
    file.onSuccess(bytes -> {
      if (ctx.response().ended() || ctx.response().closed()) {
        return;
      }
      ctx.response()
          .putHeader("Content-Type", PDF.equals(format) ? BulletinPdf.CONTENT_TYPE : BulletinXlsx.CONTENT_TYPE)
          .putHeader("Content-Disposition", disposition)
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
}
