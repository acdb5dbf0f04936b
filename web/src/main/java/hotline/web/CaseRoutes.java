package hotline.web;

import static hotline.web.Requests.body;
import static hotline.web.Requests.ok;
import static hotline.web.Requests.principal;

import hotline.Core;
import hotline.cases.Action;
import hotline.cases.CaseQuery;
import hotline.cases.CaseService;
import hotline.cases.Intake;
import hotline.cases.Previews;
import hotline.errors.HotlineException;
import hotline.users.Permission;
import hotline.users.Principal;
import hotline.validation.QueryParams;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.net.URLEncoder;

/** Cases: file, read, list, and one endpoint per lifecycle transition. */
final class CaseRoutes {

  private CaseRoutes() {
  }

  /** Bodies up to this size are read on the event loop: less than a millisecond's work. */
  private static final int INLINE_BODY_BYTES = 64 * 1024;

  static void mount(Router router, Core core, long maxBodyBytes) {
    // 201 for a new case; 200 with the earlier case when its sourceRef was filed before (a retried submission).
    router.post("/api/cases").handler(ctx -> {
      Principal p;
      try {
        p = principal(ctx, Permission.CASE_FILE);
      } catch (RuntimeException e) {
        ctx.fail(e);
        return;
      }
      // A large body (attachments in base64, up to the request limit) is read on a worker, not on the event loop.
      boolean large = ctx.body().length() > INLINE_BODY_BYTES;
      Future<Intake> parsed = large ? ctx.vertx().executeBlocking(() -> IntakeJson.parse(body(ctx)), false)
          : Future.succeededFuture().map(x -> IntakeJson.parse(body(ctx)));
      parsed.compose(intake -> core.cases().create(p, intake).compose(c -> PhraseRoutes.withWarnings(core, c,
              PhraseRoutes.texts("subject", intake.subject(), "content", intake.content()))))
          .onSuccess(c -> ctx.response().setStatusCode(c.getBoolean("alreadyFiled", false) ? 200 : 201)
              .putHeader("Content-Type", "application/json; charset=utf-8").end(c.toBuffer()))
          .onFailure(ctx::fail);
    });
    // The intake rules as data, for a form that checks what is typed with the same rules the filing applies; with the
    // request limit, which bounds all attachments together (base64 makes them a third larger).
    router.get("/api/intake/form").handler(ctx -> ok(ctx, () -> {
      principal(ctx, Permission.CASE_FILE);
      JsonObject rules = Intake.rules(core.cases().settings());
      rules.getJsonObject("attachments").put("maxRequestBytes", maxBodyBytes);
      return Future.succeededFuture(rules);
    }));
    router.get("/api/cases").handler(ctx -> ok(ctx, () -> core.cases().list(principal(ctx, Permission.CASE_LIST), CaseQuery.from(new QueryParams(ctx.request()::getParam)))));
    router.get("/api/cases/:caseId").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.CASE_READ);
      return caseId(ctx, core, p).compose(id -> core.cases().get(p, id));
    }));
    for (Action action : Action.values()) {
      if (action == Action.FEEDBACK) {
        continue;
      }
      router.post("/api/cases/:caseId/" + action.path()).handler(ctx -> ok(ctx, () -> {
        Principal p = principal(ctx, action.permission());
        var body = body(ctx);
        return caseId(ctx, core, p).compose(id -> core.cases().transition(p, id, action, body).compose(done -> core.cases().get(p, id)));
      }));
    }
    // Feedback may carry files (a unit's photos and scans, base64 like intake's): a large body is read on a worker.
    router.post("/api/cases/:caseId/" + Action.FEEDBACK.path()).handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Action.FEEDBACK.permission());
      boolean large = ctx.body().length() > INLINE_BODY_BYTES;
      Future<Feedback> parsed = large ? ctx.vertx().executeBlocking(() -> Feedback.of(body(ctx)), false)
          : Future.succeededFuture().map(x -> Feedback.of(body(ctx)));
      return parsed.compose(f -> caseId(ctx, core, p)
          .compose(id -> core.cases().transition(p, id, Action.FEEDBACK, f.body(), f.files()).compose(done -> core.cases().get(p, id))));
    }));
    router.get("/api/cases/:caseId/export").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.CASE_EXPORT);
      return caseId(ctx, core, p).compose(id -> core.cases().export(p, id)).onSuccess(export -> ctx.response()
          .putHeader("Content-Disposition", "attachment; filename=\"case-" + export.getJsonObject("case").getString("number") + ".json\""));
    }));
    router.get("/api/cases/:caseId/attachments/:attachmentId").handler(ctx -> {
      try {
        Principal p = principal(ctx, Permission.CASE_READ);
        long attachmentId = Requests.pathId(ctx, "attachmentId");
        caseId(ctx, core, p).compose(id -> core.cases().attachment(p, id, attachmentId))
            .onSuccess(a -> attachment(ctx, a)).onFailure(ctx::fail);
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    });
  }

  /** A feedback body: its fields, and its files apart. */
  private record Feedback(JsonObject body, java.util.List<hotline.cases.CaseFile> files) {
    static Feedback of(JsonObject body) {
      java.util.List<hotline.cases.CaseFile> files = IntakeJson.files(hotline.validation.Input.of(body));
      JsonObject rest = body.copy();
      rest.remove("attachments");
      return new Feedback(rest, files);
    }
  }

  /** No script, no plugin, no style from anything an attachment holds; framed by the console only when shown in it. */
  static final String INLINE_CSP = "default-src 'none'; img-src 'self'; frame-ancestors 'self'";
  static final String DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'";

  /**
   * An attachment's bytes. A PDF or a picture whose bytes are what its type says ({@link Previews}) is shown in the
   * case page: {@code inline}, as its exact type, framed by this origin only. Everything else (HTML above all) is a
   * download that no page may frame, in a sandbox should a browser render it anyway; never sniffed.
   */
  private static void attachment(RoutingContext ctx, CaseService.Attachment a) {
    byte[] head = a.data().getBytes(0, Math.min(a.data().length(), Previews.HEAD_BYTES));
    Previews.Inline inline = Previews.of(a.contentType(), head);
    String name = URLEncoder.encode(a.name(), StandardCharsets.UTF_8).replace("+", "%20");
    ctx.response()
        .putHeader("Content-Type", inline != null ? inline.contentType() : a.contentType())
        .putHeader("Content-Disposition", (inline != null ? "inline" : "attachment") + "; filename*=UTF-8''" + name)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", inline != null ? "SAMEORIGIN" : "DENY")
        .putHeader("Content-Security-Policy", inline != null ? INLINE_CSP : DOWNLOAD_CSP)
        .end(a.data());
  }

  /** The path's case: a numeric id, or a case number such as {@code 2026-000123}. */
  static Future<Long> caseId(RoutingContext ctx, Core core, Principal p) {
    String v = ctx.pathParam("caseId");
    if (v != null && v.matches("\\d{1,18}")) {
      return Future.succeededFuture(Long.parseLong(v));
    }
    if (v != null && v.matches("\\d{4}-\\d{6,9}")) {
      return core.cases().idByNumber(p, v);
    }
    return Future.failedFuture(HotlineException.notFound("case", v));
  }
}
