package hotline.web;

import static hotline.web.Requests.principal;

import hotline.Core;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.errors.Messages;
import hotline.forms.FormPdf;
import hotline.forms.RecordForm;
import hotline.users.Permission;
import hotline.users.Principal;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A case's record form as a PDF, for whoever may read the case and masked as they may see it: the same read as
 * {@code GET /api/cases/{caseId}} (a unit's people only their unit's cases, a report's reporter only for those who may
 * see them, an unmasked view audited), drawn by {@link FormPdf} on a worker (PDFBox blocks).
 */
final class FormRoutes {

  private final Core core;
  private final WorkerExecutor workers;
  private final Supplier<FormPdf> make;
  private volatile FormPdf pdf;

  private FormRoutes(Core core, WorkerExecutor workers, Supplier<FormPdf> make) {
    this.core = core;
    this.workers = workers;
    this.make = make;
  }

  /**
   * {@code forms}: how to get the renderer, called once on a worker (it reads layout files) at the first request; the
   * app hands in the one it built from its configuration.
   */
  static void mount(Router router, Vertx vertx, Core core, Supplier<FormPdf> forms) {
    // One copy of the font per processor at most (FontCopies): more renders at once would only wait for one.
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("hotline-forms", Runtime.getRuntime().availableProcessors());
    FormRoutes routes = new FormRoutes(core, workers, forms);
    router.get("/api/cases/:caseId/record-form").handler(routes::recordForm);
  }

  private void recordForm(RoutingContext ctx) {
    Principal p;
    try {
      p = principal(ctx, Permission.CASE_READ);
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    CaseRoutes.caseId(ctx, core, p)
        .compose(id -> core.cases().get(p, id))
        .map(view -> RecordForm.of(view, null))
        .compose(form -> workers.executeBlocking(() -> render(form), false).onSuccess(bytes -> {
          if (!ctx.response().ended() && !ctx.response().closed()) {
            ctx.response()
                .putHeader("Content-Type", "application/pdf")
                .putHeader("Content-Disposition", disposition(form))
                .putHeader("X-Content-Type-Options", "nosniff")
                // Shown in the case page's frame: framed by this origin only.
                .putHeader("X-Frame-Options", "SAMEORIGIN")
                .putHeader("Content-Security-Policy", CaseRoutes.INLINE_CSP)
                .end(Buffer.buffer(bytes));
          }
        }))
        .onFailure(ctx::fail);
  }

  /** On a worker. Without the CJK font there is no form to give (its text would have no glyphs): 503. */
  private byte[] render(RecordForm form) throws java.io.IOException {
    FormPdf renderer = renderer();
    if (!renderer.available()) {
      throw new HotlineException(ErrorCode.UNAVAILABLE, "unavailable", new Messages.Key("forms.noFont"));
    }
    return renderer.render(form);
  }

  private FormPdf renderer() {
    FormPdf p = pdf;
    if (p == null) {
      synchronized (this) {
        if (pdf == null) {
          pdf = make.get();
        }
        p = pdf;
      }
    }
    return p;
  }

  /**
   * Shown in the browser, saved as {@code <number>-<title>.pdf}: {@code 2026-000123-客户投诉受理监督记录表.pdf}, with
   * an ASCII name for clients that do not read {@code filename*}.
   */
  static String disposition(RecordForm form) {
    String name = form.number() + "-" + form.title() + ".pdf";
    return "inline; filename=\"record-form-" + form.number() + ".pdf\"; filename*=UTF-8''"
        + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
