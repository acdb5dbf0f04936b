package hotline.web;

import static hotline.web.Requests.body;
import static hotline.web.Requests.ok;
import static hotline.web.Requests.pathId;
import static hotline.web.Requests.principal;
import static hotline.web.Requests.respond;

import hotline.Core;
import hotline.errors.HotlineException;
import hotline.users.Role;
import io.vertx.ext.web.Router;

/** Units with their first responsible persons; customers and lookup by phone. */
final class DirectoryRoutes {

  /** Who works with the customer records: not the units. */
  private static final Role[] DESK = {Role.AGENT, Role.SUPERVISOR, Role.LEADER, Role.ADMIN};

  private DirectoryRoutes() {
  }

  static void mount(Router router, Core core) {
    router.get("/api/units").handler(ctx -> ok(ctx, () -> {
      principal(ctx);
      return core.directory().units();
    }));
    router.post("/api/units").handler(ctx -> respond(ctx, 201, () -> core.directory().createUnit(principal(ctx), body(ctx))));
    router.get("/api/units/:unitId").handler(ctx -> ok(ctx, () -> {
      principal(ctx);
      return core.directory().unit(pathId(ctx, "unitId"));
    }));
    router.post("/api/units/:unitId/contacts").handler(ctx -> respond(ctx, 201,
        () -> core.directory().addContact(principal(ctx), pathId(ctx, "unitId"), body(ctx))));

    router.get("/api/customers").handler(ctx -> ok(ctx, () -> {
      principal(ctx, DESK);
      String phone = ctx.request().getParam("phone");
      String q = ctx.request().getParam("q");
      if (phone != null && !phone.isBlank()) {
        return core.directory().customersByPhone(phone);
      }
      if (q != null && !q.isBlank()) {
        if (q.length() > 100) {
          throw HotlineException.invalid("tooLong", "q", 100);
        }
        return core.directory().searchCustomers(q.strip());
      }
      throw HotlineException.invalid("required", "phone | q");
    }));
    router.post("/api/customers").handler(ctx -> respond(ctx, 201, () -> core.directory().createCustomer(principal(ctx), body(ctx))));
    router.get("/api/customers/:customerId").handler(ctx -> ok(ctx, () -> {
      principal(ctx, DESK);
      return core.directory().customer(pathId(ctx, "customerId"));
    }));
    router.post("/api/customers/:customerId/phones").handler(ctx -> respond(ctx, 201,
        () -> core.directory().addCustomerPhone(principal(ctx), pathId(ctx, "customerId"), body(ctx))));
  }
}
