package hotline.web;

import hotline.Core;
import hotline.config.Config;
import hotline.forms.FormPdf;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The HTTP API's routes; each feature mounts its own. */
public final class ApiRouter {

  private ApiRouter() {
  }

  /** With the record forms drawn in the default font and layouts ({@code HOTLINE_FORMS_*} from the environment). */
  public static Router create(Vertx vertx, Core core, WebSettings settings) {
    return create(vertx, core, settings, null);
  }

  /** {@code forms}: what draws record forms (the app's, from its configuration); null for the default one. */
  public static Router create(Vertx vertx, Core core, WebSettings settings, FormPdf forms) {
    return create(vertx, core, settings, forms, hotline.webform.WebFormSettings.DEFAULTS);
  }

  /** {@code publicForm}: the public web form's limits ({@code public-form.*}). */
  public static Router create(Vertx vertx, Core core, WebSettings settings, FormPdf forms,
      hotline.webform.WebFormSettings publicForm) {
    Router router = Router.router(vertx);
    router.route().handler(Compression::handle);
    // An event stream stays open for as long as its session: no request timeout for it.
    TimeoutHandler timeout = TimeoutHandler.create(settings.requestTimeoutMs(), 503);
    router.route().handler(ctx -> {
      if (EventStream.PATH.equals(ctx.request().path())) {
        ctx.next();
      } else {
        timeout.handle(ctx);
      }
    });
    // The public web form and its status page (no sign-in): before the API's body handler, the form's has its own limit.
    PublicRoutes.mount(router, vertx, core, publicForm, settings.secureCookies());
    router.route().handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()));
    // Every answer of the API is one person's view, a reporter's identity among them: never kept by a cache.
    router.route("/api/*").handler(ctx -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      ctx.next();
    });
    ApiDocsRoutes.mount(router);
    router.route("/api/*").handler(new Authentication(core.users()));

    HealthRoutes.mount(router, core);
    MetricsRoutes.mount(router, vertx);
    Buffer openApi = openApiDocument();
    router.get("/api/openapi.json").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json; charset=utf-8").end(openApi));
    UserRoutes.mount(router, core, settings);
    DirectoryRoutes.mount(router, core);
    CaseRoutes.mount(router, core, settings.maxBodyBytes());
    DispatchRoutes.mount(router, core);
    SupervisionRoutes.mount(router, vertx, core);
    // The PDF bulletin is drawn in the record forms' font.
    StatsRoutes.mount(router, vertx, core, () -> (forms != null ? forms
        : FormPdf.from(Config.of(Map.of()).withEnv(System.getenv()))).fontFile());
    AccountabilityRoutes.mount(router, core);
    WallboardRoutes.mount(router, vertx, core);
    OutboxRoutes.mount(router, core);
    MailRoutes.mount(router, vertx);
    CalendarRoutes.mount(router, vertx, core);
    AccessRoutes.mount(router, core);
    PhraseRoutes.mount(router, core);
    // The knowledge base (hotline.knowledge).
    KnowledgeRoutes.mount(router, vertx, core);
    CallRoutes.mount(router, vertx, core);
    PhoneRoutes.mount(router, vertx);
    EventStream.mount(router, vertx, core, settings.events());
    FormRoutes.mount(router, vertx, core, forms != null ? () -> forms
        : () -> FormPdf.from(Config.of(Map.of()).withEnv(System.getenv())));

    ConsoleRoutes.mount(router);

    FailureHandler failures = new FailureHandler(settings.maxBodyBytes());
    router.route().failureHandler(failures);
    // No route for the path (404), or none for the method (405): the same JSON errors.
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);
    return router;
  }

  /** The OpenAPI 3 description of this API, kept true by OpenApiTest. */
  static Buffer openApiDocument() {
    try (InputStream in = ApiRouter.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the classpath");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
