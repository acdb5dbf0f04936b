package hotline.web;

import static hotline.web.Requests.body;
import static hotline.web.Requests.ok;
import static hotline.web.Requests.pathId;
import static hotline.web.Requests.principal;
import static hotline.web.Requests.respond;

import hotline.Core;
import hotline.errors.HotlineException;
import hotline.users.Permission;
import hotline.users.Principal;
import io.vertx.ext.web.Router;

/** Units with their first responsible persons; customers and lookup by phone. */
final class DirectoryRoutes {

  /** Who works with the customer records: not the units. */
  private DirectoryRoutes() {
  }

  static void mount(Router router, Core core) {
    router.get("/api/units").handler(ctx -> ok(ctx, () -> {
      principal(ctx, Permission.UNITS_READ);
      return core.directory().units();
    }));
    router.post("/api/units").handler(ctx -> respond(ctx, 201, () -> core.directory().createUnit(principal(ctx, Permission.UNITS_MANAGE), body(ctx))));
    router.get("/api/units/:unitId").handler(ctx -> ok(ctx, () -> {
      principal(ctx, Permission.UNITS_READ);
      return core.directory().unit(pathId(ctx, "unitId"));
    }));
    router.put("/api/units/:unitId").handler(ctx -> ok(ctx,
        () -> core.directory().updateUnit(principal(ctx, Permission.UNITS_MANAGE), pathId(ctx, "unitId"), body(ctx))));
    router.put("/api/units/:unitId/contacts/:contactId").handler(ctx -> ok(ctx, () -> core.directory()
        .updateContact(principal(ctx, Permission.UNITS_MANAGE), pathId(ctx, "unitId"), pathId(ctx, "contactId"), body(ctx))));
    router.delete("/api/units/:unitId/contacts/:contactId").handler(ctx -> ok(ctx, () -> core.directory()
        .removeContact(principal(ctx, Permission.UNITS_MANAGE), pathId(ctx, "unitId"), pathId(ctx, "contactId"))));
    router.post("/api/units/:unitId/contacts").handler(ctx -> respond(ctx, 201,
        () -> core.directory().addContact(principal(ctx, Permission.UNITS_MANAGE), pathId(ctx, "unitId"), body(ctx))));

    router.get("/api/customers").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.CUSTOMERS);
      String phone = ctx.request().getParam("phone");
      String q = ctx.request().getParam("q");
      if (phone != null && !phone.isBlank()) {
        return core.directory().customersByPhone(p, phone);
      }
      if (q != null && !q.isBlank()) {
        if (q.length() > 100) {
          throw HotlineException.invalid("tooLong", "q", 100);
        }
        return core.directory().searchCustomers(p, q.strip());
      }
      throw HotlineException.invalid("required", "phone | q");
    }));
    router.post("/api/customers").handler(ctx -> respond(ctx, 201, () -> core.directory().createCustomer(principal(ctx, Permission.CUSTOMERS), body(ctx))));
    router.get("/api/customers/:customerId").handler(ctx -> ok(ctx, () -> {
      return core.directory().customer(principal(ctx, Permission.CUSTOMERS), pathId(ctx, "customerId"));
    }));
    router.put("/api/customers/:customerId").handler(ctx -> ok(ctx, () -> core.directory()
        .updateCustomer(principal(ctx, Permission.CUSTOMERS), pathId(ctx, "customerId"), body(ctx))));
    router.delete("/api/customers/:customerId/phones/:phone").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.CUSTOMERS);
      String phone = ctx.pathParam("phone");
      if (phone == null || phone.isBlank() || phone.length() > 40) {
        throw HotlineException.invalid("invalidValue", "phone", phone == null ? "" : phone.substring(0, Math.min(40, phone.length())));
      }
      return core.directory().removeCustomerPhone(p, pathId(ctx, "customerId"), phone.strip());
    }));
    router.post("/api/customers/:customerId/phones").handler(ctx -> respond(ctx, 201,
        () -> core.directory().addCustomerPhone(principal(ctx, Permission.CUSTOMERS), pathId(ctx, "customerId"), body(ctx))));
  }
}
