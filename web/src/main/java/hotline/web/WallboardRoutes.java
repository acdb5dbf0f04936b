package hotline.web;

import static hotline.web.Requests.ok;
import static hotline.web.Requests.principal;

import hotline.Core;
import hotline.stats.Wallboard;
import hotline.users.Permission;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/** The live wallboard's numbers (实时监控大屏); the same pushed live on the event stream. */
final class WallboardRoutes {

  private WallboardRoutes() {
  }

  static void mount(Router router, Vertx vertx, Core core) {
    Wallboard wallboard = new Wallboard(vertx, core.pool(), core.clock(), core.calendar());
    router.get("/api/stats/wallboard").handler(ctx -> ok(ctx, () -> wallboard.board(principal(ctx, Permission.STATS_WALLBOARD))));
  }
}
