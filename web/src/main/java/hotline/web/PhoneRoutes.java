package hotline.web;

import static hotline.web.Requests.body;
import static hotline.web.Requests.ok;
import static hotline.web.Requests.principal;

import hotline.Addresses;
import hotline.bus.Bus;
import hotline.calls.PauseReason;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.errors.Messages;
import hotline.users.Permission;
import hotline.users.Principal;
import hotline.validation.Input;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Locale;

/**
 * The caller's own phone bar (telephony answers it on every node) and pausing themselves in the queues (only the node
 * holding the AMI link does: nobody answering means the link is down).
 */
final class PhoneRoutes {

  /** Asterisk-Java waits up to 10 s for Asterisk's answer to QueuePause; then the bar is read. */
  private static final long PAUSE_TIMEOUT_MS = 15_000;

  private PhoneRoutes() {
  }

  static void mount(Router router, Vertx vertx) {
    router.get("/api/phone").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.PHONE_BAR);
      return Requests.ask(vertx, Addresses.PHONE_BAR, new JsonObject().put("viewer", p.toJson()), "telephony");
    }));
    router.put("/api/phone/pause").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.PHONE_PAUSE);
      Input in = Input.of(body(ctx));
      if (in.json().getValue("paused") == null) {
        throw HotlineException.invalid("required", "paused");
      }
      boolean paused = in.bool("paused", false);
      String reason = in.optional("reason", 40);
      if (reason != null) {
        reason = reason.toLowerCase(Locale.ROOT).replace('-', '_');
        if (PauseReason.of(reason) == null) {
          throw HotlineException.invalid("invalidValue", "reason", reason);
        }
      } else if (paused) {
        throw HotlineException.invalid("required", "reason");
      }
      JsonObject request = new JsonObject().put("viewer", p.toJson()).put("paused", paused).put("reason", paused ? reason : null);
      return Bus.askOr(vertx, Addresses.PHONE_PAUSE, request, PAUSE_TIMEOUT_MS, "telephony",
          () -> Future.failedFuture(new HotlineException(ErrorCode.UNAVAILABLE, "unavailable", new Messages.Key("service.ami"))));
    }));
  }
}
