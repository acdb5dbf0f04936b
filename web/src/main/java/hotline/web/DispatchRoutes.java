package hotline.web;

import static hotline.web.Requests.ok;
import static hotline.web.Requests.principal;

import hotline.Core;
import hotline.users.Permission;
import hotline.validation.QueryParams;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** Dispatches across cases, and running the overdue sweep on demand. */
final class DispatchRoutes {

  private DispatchRoutes() {
  }

  static void mount(Router router, Core core) {
    router.get("/api/dispatches").handler(ctx -> ok(ctx, () -> {
      QueryParams q = new QueryParams(ctx.request()::getParam);
      return core.dispatches().list(principal(ctx, Permission.DISPATCH_LIST), q.bool("overdue"), q.id("unit"), q.text("status", 20), q.page(), q.size(200));
    }));
    router.post("/api/dispatches/sweep").handler(ctx -> ok(ctx, () -> {
      principal(ctx, Permission.DISPATCH_SWEEP);
      return core.dispatches().sweepOverdue().map(n -> new JsonObject().put("markedOverdue", n));
    }));
  }
}
