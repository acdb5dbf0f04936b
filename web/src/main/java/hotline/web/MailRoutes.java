package hotline.web;

import static hotline.web.Requests.ok;
import static hotline.web.Requests.principal;

import hotline.users.Permission;
import hotline.Addresses;
import hotline.validation.QueryParams;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** The mail log: what the mail gateway did with each message (its own table, asked over the bus). */
final class MailRoutes {

  private MailRoutes() {
  }

  static void mount(Router router, Vertx vertx) {
    router.get("/api/mail/messages").handler(ctx -> ok(ctx, () -> {
      QueryParams q = new QueryParams(ctx.request()::getParam);
      JsonObject request = new JsonObject().put("viewer", principal(ctx, Permission.MAIL_LOG).toJson())
          .put("outcome", q.text("outcome", 20)).put("page", q.page()).put("size", q.size(200));
      return Requests.ask(vertx, Addresses.MAIL_LOG, request, "mail");
    }));
  }
}
