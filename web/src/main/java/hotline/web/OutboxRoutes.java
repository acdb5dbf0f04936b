package hotline.web;

import static hotline.web.Requests.ok;
import static hotline.web.Requests.principal;

import hotline.Core;
import hotline.users.Permission;
import hotline.validation.QueryParams;
import io.vertx.ext.web.Router;

/** What the centre sends out by mail and fax, with every attempt; sending again what was given up. */
final class OutboxRoutes {

  private OutboxRoutes() {
  }

  static void mount(Router router, Core core) {
    router.get("/api/outbox").handler(ctx -> ok(ctx, () -> {
      QueryParams q = new QueryParams(ctx.request()::getParam);
      return core.outbox().list(principal(ctx, Permission.OUTBOX_LIST), q.text("status", 20), q.text("channel", 20), q.id("case"), q.page(), q.size(200));
    }));
    router.get("/api/outbox/summary").handler(ctx -> ok(ctx, () -> core.outbox().summary(principal(ctx, Permission.OUTBOX_LIST))));
    router.post("/api/outbox/:outboxId/retry").handler(ctx -> ok(ctx,
        () -> core.outbox().retry(principal(ctx, Permission.OUTBOX_RETRY), Requests.pathId(ctx, "outboxId"))));
  }
}
