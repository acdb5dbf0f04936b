package hotline.web;

import static hotline.web.Requests.body;
import static hotline.web.Requests.ok;
import static hotline.web.Requests.principal;

import hotline.Core;
import hotline.accountability.Quarter;
import hotline.errors.Messages;
import hotline.users.Permission;
import hotline.users.Principal;
import hotline.validation.QueryParams;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Quarterly accountability (季度绩效考核): the supervision office's findings against dispatches, and the units' scores of
 * a quarter, its close and recomputes. The rules (who reads which unit) are the core's.
 */
final class AccountabilityRoutes {

  private AccountabilityRoutes() {
  }

  static void mount(Router router, Core core) {
    router.post("/api/dispatches/:dispatchId/findings").handler(ctx -> Requests.respond(ctx, 201, () -> {
      Principal p = principal(ctx, Permission.FINDING_RECORD);
      return core.findings().record(p, Requests.pathId(ctx, "dispatchId"), body(ctx));
    }));
    router.post("/api/findings/:findingId/withdraw").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.FINDING_WITHDRAW);
      return core.findings().withdraw(p, Requests.pathId(ctx, "findingId"), body(ctx));
    }));
    router.get("/api/cases/:caseId/findings").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.CASE_READ);
      return CaseRoutes.caseId(ctx, core, p).compose(id -> core.findings().list(p, id));
    }));
    String quarter = "/api/accountability/quarters/:quarter";
    router.get(quarter).handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.ACCOUNTABILITY_READ);
      return core.accountability().quarter(p, quarter(ctx), version(ctx), chinese(ctx));
    }));
    router.get(quarter + "/units/:unitId").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.ACCOUNTABILITY_UNIT);
      return core.accountability().unit(p, quarter(ctx), Requests.pathId(ctx, "unitId"), version(ctx), chinese(ctx));
    }));
    router.get(quarter + "/versions").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.ACCOUNTABILITY_READ);
      return core.accountability().versionList(p, quarter(ctx));
    }));
    router.post(quarter + "/close").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.ACCOUNTABILITY_CLOSE);
      return core.accountability().close(p, quarter(ctx), chinese(ctx));
    }));
    router.post(quarter + "/recompute").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.ACCOUNTABILITY_CLOSE);
      return core.accountability().recompute(p, quarter(ctx), body(ctx), chinese(ctx));
    }));
  }

  private static Quarter quarter(RoutingContext ctx) {
    return Quarter.parse(ctx.pathParam("quarter"));
  }

  /** {@code ?version=n}: a closed quarter's earlier version; absent: the latest (or the draft). */
  private static Integer version(RoutingContext ctx) {
    if (ctx.request().getParam("version") == null) {
      return null;
    }
    return new QueryParams(ctx.request()::getParam).integer("version", 1, 1, 10_000);
  }

  private static boolean chinese(RoutingContext ctx) {
    return Messages.CHINESE.equals(Requests.locale(ctx));
  }
}
