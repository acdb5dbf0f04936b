package hotline.web;

import static hotline.web.Requests.body;
import static hotline.web.Requests.ok;
import static hotline.web.Requests.pathId;
import static hotline.web.Requests.principal;
import static hotline.web.Requests.respond;

import hotline.Core;
import hotline.users.Permission;
import hotline.validation.QueryParams;
import io.vertx.ext.web.Router;

/** Lending records out (export and outside-view requests, approved by a leader) and the audit log. */
final class AccessRoutes {

  private AccessRoutes() {
  }

  static void mount(Router router, Core core) {
    router.get("/api/access-requests").handler(ctx -> ok(ctx,
        () -> core.access().list(principal(ctx, Permission.SIGNED_IN), new QueryParams(ctx.request()::getParam).text("status", 20))));
    router.post("/api/access-requests").handler(ctx -> respond(ctx, 201, () -> core.access().request(principal(ctx, Permission.ACCESS_REQUEST), body(ctx))));
    router.get("/api/access-requests/:requestId").handler(ctx -> ok(ctx,
        () -> core.access().get(principal(ctx, Permission.SIGNED_IN), pathId(ctx, "requestId"))));
    router.post("/api/access-requests/:requestId/approve").handler(ctx -> ok(ctx,
        () -> core.access().decide(principal(ctx, Permission.ACCESS_DECIDE), pathId(ctx, "requestId"), true, body(ctx))));
    router.post("/api/access-requests/:requestId/refuse").handler(ctx -> ok(ctx,
        () -> core.access().decide(principal(ctx, Permission.ACCESS_DECIDE), pathId(ctx, "requestId"), false, body(ctx))));
    router.get("/api/audit").handler(ctx -> ok(ctx, () -> {
      QueryParams q = new QueryParams(ctx.request()::getParam);
      return core.access().auditLog(principal(ctx, Permission.AUDIT_READ), q.id("caseId"), q.text("action", 50), q.id("actorId"), q.page(), q.size(200));
    }));
  }
}
