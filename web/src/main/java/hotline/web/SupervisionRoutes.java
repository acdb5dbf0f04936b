package hotline.web;

import static hotline.web.Requests.body;
import static hotline.web.Requests.ok;
import static hotline.web.Requests.principal;

import hotline.Addresses;
import hotline.Core;
import hotline.supervision.Reminders;
import hotline.supervision.SupervisionBoard;
import hotline.users.Permission;
import hotline.users.Principal;
import hotline.validation.QueryParams;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** The supervision office (整顿办): its boards, a further round in one step, and reminders to units. */
final class SupervisionRoutes {

  private SupervisionRoutes() {
  }

  static void mount(Router router, Vertx vertx, Core core) {
    SupervisionBoard board = new SupervisionBoard(core.pool(), core.clock(), core.calendar(), core.cases().settings());
    Reminders reminders = new Reminders(vertx, core.pool(), core.clock(), core.calendar(), core.cases());
    router.get("/api/supervision/board").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.SUPERVISION_BOARD);
      int limit = new QueryParams(ctx.request()::getParam).integer("limit", SupervisionBoard.DEFAULT_LIMIT, 1,
          SupervisionBoard.MAX_LIMIT);
      return board.board(p, limit);
    }));
    router.post("/api/cases/:caseId/redispatch").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.CASE_REDISPATCH);
      JsonObject body = body(ctx);
      return CaseRoutes.caseId(ctx, core, p)
          .compose(id -> core.cases().redispatch(p, id, body).compose(done -> core.cases().get(p, id)));
    }));
    router.post("/api/cases/:caseId/reminders").handler(ctx -> Requests.respond(ctx, 201, () -> {
      Principal p = principal(ctx, Permission.CASE_REMIND);
      String channel = Reminders.channel(body(ctx));
      return CaseRoutes.caseId(ctx, core, p).compose(id -> "callback".equals(channel)
          ? reminders.callback(p, id, () -> Requests.ask(vertx, Addresses.CALLBACKS_CREATE,
              new JsonObject().put("viewer", p.toJson()).put("caseId", id).put("kind", "receipt"), "telephony"))
          : reminders.send(p, id, channel));
    }));
  }
}
