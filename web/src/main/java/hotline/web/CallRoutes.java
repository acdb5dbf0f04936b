package hotline.web;

import static hotline.web.Requests.body;
import static hotline.web.Requests.ok;
import static hotline.web.Requests.pathId;
import static hotline.web.Requests.principal;

import hotline.Addresses;
import hotline.Core;
import hotline.calls.CallDisposition;
import hotline.errors.HotlineException;
import hotline.users.Permission;
import hotline.users.Principal;
import hotline.validation.Input;
import hotline.validation.QueryParams;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The call log, kept by the telephony module and asked over the event bus. */
final class CallRoutes {

  private CallRoutes() {
  }

  static void mount(Router router, Vertx vertx, Core core) {
    router.get("/api/calls").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.CALLS_LIST);
      QueryParams q = new QueryParams(ctx.request()::getParam);
      JsonObject request = new JsonObject().put("viewer", p.toJson()).put("page", q.page()).put("size", q.size(200))
          .put("agentId", q.id("agent")).put("from", instant(q.text("from", 64), "from")).put("to", instant(q.text("to", 64), "to"));
      String number = q.text("number", 40);
      if (number != null) {
        String normalized = core.directory().phones().normalize(number);
        if (normalized == null) {
          throw HotlineException.invalid("invalidValue", "number", number);
        }
        request.put("normalizedNumber", normalized);
      }
      String disposition = q.text("disposition", 20);
      if (disposition != null && !CallDisposition.isKnown(disposition)) {
        throw HotlineException.invalid("invalidValue", "disposition", disposition);
      }
      // Missed calls and their handled state (a handled filter is one of missed calls), and the caller's own calls.
      Boolean missed = q.bool("missed");
      Boolean handled = q.bool("handled");
      if (handled != null && Boolean.FALSE.equals(missed)) {
        throw HotlineException.invalid("invalidValue", "missed", "false");
      }
      request.put("missed", missed).put("handled", handled).put("mine", Boolean.TRUE.equals(q.bool("mine")));
      return ask(vertx, Addresses.CALLS_LIST, request.put("disposition", disposition));
    }));
    router.post("/api/calls/handled").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.CALLS_HANDLE);
      Input in = Input.of(body(ctx));
      java.time.Instant before = in.optionalInstant("before");
      if (before == null) {
        throw HotlineException.invalid("required", "before");
      }
      return ask(vertx, Addresses.CALLS_HANDLE, new JsonObject().put("viewer", p.toJson()).put("before", before.toString()));
    }));
    router.post("/api/calls/:callId/handled").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.CALLS_HANDLE);
      long callId = pathId(ctx, "callId");
      return ask(vertx, Addresses.CALLS_HANDLE, new JsonObject().put("viewer", p.toJson()).put("callId", callId));
    }));
    router.get("/api/cases/:caseId/calls").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.CALLS_LIST);
      QueryParams q = new QueryParams(ctx.request()::getParam);
      return CaseRoutes.caseId(ctx, core, p).compose(id -> ask(vertx, Addresses.CALLS_LIST,
          new JsonObject().put("viewer", p.toJson()).put("caseId", id).put("page", q.page()).put("size", q.size(200))));
    }));
    router.put("/api/users/:userId/phone").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.AGENT_PHONE_SET);
      long userId = pathId(ctx, "userId");
      Input in = Input.of(body(ctx));
      String memberInterface = in.optional("interface", 100);
      String extension = in.optional("extension", 20);
      if (memberInterface == null && extension == null) {
        throw HotlineException.invalid("required", "interface | extension");
      }
      return ask(vertx, Addresses.AGENT_PHONE_SET, new JsonObject().put("viewer", p.toJson()).put("userId", userId)
          .put("interface", memberInterface).put("extension", extension));
    }));
    router.get("/api/users/phones").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.USERS_LIST);
      return ask(vertx, Addresses.AGENT_PHONES_LIST, new JsonObject().put("viewer", p.toJson())).map(r -> r.getJsonArray("items"));
    }));
    router.delete("/api/users/:userId/phone").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.AGENT_PHONE_SET);
      return ask(vertx, Addresses.AGENT_PHONE_SET, new JsonObject().put("viewer", p.toJson()).put("userId", pathId(ctx, "userId"))
          .putNull("interface").putNull("extension"));
    }));
    router.post("/api/cases/:caseId/callbacks").handler(ctx -> Requests.respond(ctx, 201, () -> {
      Principal p = principal(ctx, Permission.CALLBACK_START);
      // The kind is checked by telephony, after whether the caller may start a callback on this case at all.
      String kind = Input.of(body(ctx)).optional("kind", 20);
      return CaseRoutes.caseId(ctx, core, p).compose(id -> ask(vertx, Addresses.CALLBACKS_CREATE,
          new JsonObject().put("viewer", p.toJson()).put("caseId", id).put("kind", kind)));
    }));
    router.get("/api/cases/:caseId/callbacks").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.CALLBACK_LIST);
      return CaseRoutes.caseId(ctx, core, p).compose(id -> ask(vertx, Addresses.CALLBACKS_LIST,
          new JsonObject().put("viewer", p.toJson()).put("caseId", id)));
    }));
    router.post("/api/calls/dial").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.CALL_DIAL);
      Input in = Input.of(body(ctx));
      String number = in.required("number", 40);
      // Digits only go to the dialplan: nothing a caller types reaches Asterisk as syntax.
      String digits = core.directory().phones().dialable(number);
      if (digits == null || digits.length() < 3 || digits.length() > 20) {
        throw HotlineException.invalid("invalidValue", "number", number);
      }
      Long caseId = in.optionalId("caseId");
      return ask(vertx, Addresses.CALLS_DIAL, new JsonObject().put("viewer", p.toJson()).put("number", digits).put("caseId", caseId));
    }));
    router.post("/api/calls/:callId/case").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.CALL_LINK);
      long callId = pathId(ctx, "callId");
      long caseId = Input.of(body(ctx)).requiredId("caseId");
      // Reading the case first: it must exist and the caller must be allowed to see it.
      return core.cases().checkReadable(p, caseId).compose(c -> ask(vertx, Addresses.CALLS_LINK,
          new JsonObject().put("viewer", p.toJson()).put("callId", callId).put("caseId", caseId)));
    }));
  }

  private static String instant(String v, String name) {
    if (v == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(v.replace(' ', '+')).toInstant().toString();
    } catch (DateTimeParseException e) {
      throw HotlineException.wrongType(name, "datetime");
    }
  }

  private static Future<JsonObject> ask(Vertx vertx, String address, JsonObject request) {
    return Requests.ask(vertx, address, request, "telephony");
  }

}
