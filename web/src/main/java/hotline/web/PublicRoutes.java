package hotline.web;

import hotline.Core;
import hotline.errors.HotlineException;
import hotline.webform.Submission;
import hotline.webform.WebForm;
import hotline.webform.WebFormSettings;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public web form and its status page, outside {@code /api}, for anyone: server-rendered pages ({@link PublicPages})
 * over the core's {@link WebForm}. A filing answers 303 to {@code /public/filed} (post, redirect, get), the number and
 * the query code riding along once in a short-lived, signed, HttpOnly cookie that page clears; opened again it shows
 * no code.
 */
final class PublicRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(PublicRoutes.class);
  static final String TICKET_COOKIE = "hl_filed";

  private final WebForm form;
  private final WebFormSettings settings;
  private final boolean secureCookies;

  private PublicRoutes(WebForm form, boolean secureCookies) {
    this.form = form;
    this.settings = form.settings();
    this.secureCookies = secureCookies;
  }

  /** Mount before the API's own body handler: the form's body (multipart, files) has its own, larger limit. */
  static void mount(Router router, Vertx vertx, Core core, WebFormSettings settings, boolean secureCookies) {
    PublicRoutes r = new PublicRoutes(new WebForm(vertx, core, settings), secureCookies);
    String uploads = Path.of(System.getProperty("java.io.tmpdir"), "hotline-uploads").toString();
    router.post("/public").handler(BodyHandler.create(uploads).setBodyLimit(settings.maxBodyBytes())
        .setDeleteUploadedFilesOnEnd(true).setHandleFileUploads(true));
    router.post("/public/status").handler(BodyHandler.create(false).setBodyLimit(16 * 1024));
    router.get("/public").handler(r::form);
    router.post("/public").handler(r::submit);
    router.get("/public/filed").handler(r::filed);
    router.get("/public/status").handler(r::statusForm);
    router.post("/public/status").handler(r::lookup);
    router.route("/public*").failureHandler(r::failed);
  }

  private void form(RoutingContext ctx) {
    PublicTexts t = PublicTexts.of(ctx);
    form.newKey().onSuccess(key -> page(ctx, 200, t, PublicPages.form(t, settings, key, PublicPages.Typed.EMPTY, null, Map.of())))
        .onFailure(ctx::fail);
  }

  private void submit(RoutingContext ctx) {
    PublicTexts t = PublicTexts.of(ctx);
    MultiMap f = ctx.request().formAttributes();
    PublicPages.Typed typed = new PublicPages.Typed(f.get("kind"), f.get("subject"), f.get("content"), f.get("name"),
        f.get("phone"), f.get("email"));
    String ip = ClientAddress.of(ctx, settings.trustedProxies());
    uploads(ctx).compose(files -> form.submit(new Submission(typed.kind(), typed.subject(), typed.content(), typed.name(),
            typed.phone(), typed.email(), f.get("hl_extra"), files), f.get("key"), ip))
        .compose(outcome -> answer(ctx, t, typed, outcome))
        .onFailure(ctx::fail);
  }

  private Future<Void> answer(RoutingContext ctx, PublicTexts t, PublicPages.Typed typed, WebForm.Outcome outcome) {
    if (outcome instanceof WebForm.Filed filed) {
      ctx.response().addCookie(ticketCookie(filed.ticket(), (int) WebForm.TICKET_VALIDITY.toSeconds()));
      ctx.response().setStatusCode(303).putHeader("Location", "/public/filed?lang=" + t.lang)
          .putHeader("Cache-Control", "no-store").end();
      return Future.succeededFuture();
    }
    if (outcome instanceof WebForm.Invalid invalid) {
      return again(ctx, 400, t, typed, t.t("form.errors"), messages(t, invalid.errors()));
    }
    if (outcome instanceof WebForm.Limited limited) {
      ctx.response().putHeader("Retry-After", String.valueOf(limited.retryAfterSeconds()));
      return again(ctx, 429, t, typed, t.t("form.limited", PublicPages.wait(t, limited.retryAfterSeconds())), Map.of());
    }
    if (outcome instanceof WebForm.BadKey bad) {
      return again(ctx, 400, t, typed, bad.expired() ? t.t("form.expired", settings.formValidity().toHours()) : t.t("form.forged"),
          Map.of());
    }
    page(ctx, 200, t, PublicPages.trapped(t));
    return Future.succeededFuture();
  }

  /** The form again with what was typed, a fresh key and the messages. */
  private Future<Void> again(RoutingContext ctx, int status, PublicTexts t, PublicPages.Typed typed, String alert,
      Map<String, List<String>> errors) {
    return form.newKey().map(key -> {
      page(ctx, status, t, PublicPages.form(t, settings, key, typed, alert, errors));
      return null;
    });
  }

  /** The files sent, read into memory (the body limit bounds them); a file input left empty sends nothing. */
  private Future<List<Submission.Upload>> uploads(RoutingContext ctx) {
    List<Future<Submission.Upload>> reads = new ArrayList<>();
    for (FileUpload u : ctx.fileUploads()) {
      if ((u.fileName() == null || u.fileName().isEmpty()) && u.size() == 0) {
        continue;
      }
      reads.add(ctx.vertx().fileSystem().readFile(u.uploadedFileName())
          .map(data -> new Submission.Upload(u.fileName(), u.contentType(), data)));
    }
    return Future.all(reads).map(all -> {
      List<Submission.Upload> files = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        files.add(all.resultAt(i));
      }
      return files;
    });
  }

  private void filed(RoutingContext ctx) {
    PublicTexts t = PublicTexts.of(ctx);
    Cookie c = ctx.request().getCookie(TICKET_COOKIE);
    // Shown once: the cookie goes with this answer, whatever it says.
    if (c != null) {
      ctx.response().addCookie(ticketCookie("", 0));
    }
    Future<String[]> read = c == null ? Future.succeededFuture(null) : form.readTicket(c.getValue());
    read.onSuccess(ticket -> {
      if (ticket == null) {
        page(ctx, 200, t, PublicPages.filedGone(t));
        return;
      }
      boolean again = ticket[2].endsWith("-again");
      String kind = again ? ticket[2].substring(0, ticket[2].length() - "-again".length()) : ticket[2];
      page(ctx, 200, t, PublicPages.filed(t, ticket[0], ticket[1], PublicPages.KINDS.contains(kind) ? kind : null, again));
    }).onFailure(ctx::fail);
  }

  private void statusForm(RoutingContext ctx) {
    PublicTexts t = PublicTexts.of(ctx);
    page(ctx, 200, t, PublicPages.status(t, null, null, Map.of(), null, form.zone()));
  }

  private void lookup(RoutingContext ctx) {
    MultiMap f = urlEncoded(ctx);
    PublicTexts t = PublicTexts.of(ctx, f.get("lang"));
    String number = f.get("number");
    String ip = ClientAddress.of(ctx, settings.trustedProxies());
    form.lookup(number, f.get("code"), ip).onSuccess(result -> {
      if (result instanceof WebForm.Found found) {
        page(ctx, 200, t, PublicPages.status(t, null, null, Map.of(), found.status(), form.zone()));
      } else if (result instanceof WebForm.LookupLimited limited) {
        ctx.response().putHeader("Retry-After", String.valueOf(limited.retryAfterSeconds()));
        page(ctx, 429, t, PublicPages.status(t, number, t.t("status.limited", PublicPages.wait(t, limited.retryAfterSeconds())),
            Map.of(), null, form.zone()));
      } else if (result instanceof WebForm.LookupInvalid invalid) {
        page(ctx, 400, t, PublicPages.status(t, number, null, messages(t, invalid.errors()), null, form.zone()));
      } else {
        // An unknown number and a wrong code: this same page, the same status.
        page(ctx, 200, t, PublicPages.status(t, number, t.t("status.notFound"), Map.of(), null, form.zone()));
      }
    }).onFailure(ctx::fail);
  }

  /** The look-up's fields (a plain form post, URL-encoded, UTF-8); anything else reads as empty. */
  private static MultiMap urlEncoded(RoutingContext ctx) {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded") || ctx.body().buffer() == null) {
      return out;
    }
    io.netty.handler.codec.http.QueryStringDecoder d = new io.netty.handler.codec.http.QueryStringDecoder(
        ctx.body().asString("UTF-8"), java.nio.charset.StandardCharsets.UTF_8, false, 16);
    d.parameters().forEach((k, v) -> v.forEach(value -> out.add(k, value)));
    return out;
  }

  /** A failure on a public page: too large a body gets its own page; anything else the API's failure handler's. */
  private void failed(RoutingContext ctx) {
    if (ctx.statusCode() == 413 && !ctx.response().ended()) {
      PublicTexts t = PublicTexts.of(ctx);
      // The rest of the body is not read: the connection goes after this answer.
      ctx.response().putHeader("Connection", "close");
      page(ctx, 413, t, PublicPages.tooLarge(t, settings));
      return;
    }
    ctx.next();
  }

  private Cookie ticketCookie(String value, int maxAgeSeconds) {
    return Cookie.cookie(TICKET_COOKIE, value).setPath("/public/filed").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
        .setSecure(secureCookies).setMaxAge(maxAgeSeconds);
  }

  /** Each field's messages in the page's language. */
  private static Map<String, List<String>> messages(PublicTexts t, List<Submission.FieldError> errors) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Submission.FieldError e : errors) {
      String text = e.args().length == 1 && e.args()[0] instanceof HotlineException he ? he.message(t.locale()) : t.t(e.key(), e.args());
      out.computeIfAbsent(e.field(), k -> new ArrayList<>()).add(text);
    }
    return out;
  }

  static void page(RoutingContext ctx, int status, PublicTexts t, String html) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Content-Language", t.lang)
        // A page with a query code or a case's status is nobody else's: no cache keeps it.
        .putHeader("Cache-Control", "no-store")
        .putHeader("Content-Security-Policy", ConsoleRoutes.CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY")
        .end(html);
  }
}
