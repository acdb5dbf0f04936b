package hotline.bus;

import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one event-bus convention of every module. A request is answered with JSON; a refusal with the
 * {@link HotlineException} itself, as its JSON ({@link HotlineException#toJson()}) with its HTTP status as the failure
 * code; anything else with 500 and an "internal" failure, logged here once. The asking side gets back a typed failure:
 * the very {@link HotlineException} the other side refused with, or "unavailable" naming the service when nobody
 * answered.
 */
public final class Bus {

  private static final Logger LOG = LoggerFactory.getLogger(Bus.class);

  private Bus() {
  }

  /**
   * The viewer a request carries ({@code "viewer"}: {@link Principal#toJson()}, as the web layer authenticated it), or
   * null when there is none or it cannot be read; the receiver checks the roles it needs.
   */
  public static Principal viewer(JsonObject request) {
    try {
      return request == null ? null : Principal.fromJson(request.getJsonObject("viewer"));
    } catch (ClassCastException e) {
      return null;
    }
  }

  /** Answers {@code m} with what {@code call} produces; a synchronous throw counts as its failure. */
  public static <T> void reply(Message<?> m, Supplier<Future<T>> call) {
    Future<T> f;
    try {
      f = call.get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onSuccess(result -> m.reply(result instanceof JsonObject || result instanceof JsonArray ? result : new JsonObject()))
        .onFailure(t -> fail(m, t));
  }

  /** Fails {@code m} by the convention: a refusal as itself, anything else as "internal". */
  public static void fail(Message<?> m, Throwable t) {
    if (t instanceof HotlineException h) {
      m.fail(h.code().status(), h.toJson().encode());
    } else {
      LOG.warn("request on the bus failed [address: {}]: {}", m.address(), t.toString());
      m.fail(500, new HotlineException(ErrorCode.INTERNAL, "internal").toJson().encode());
    }
  }

  /**
   * Asks {@code address} and waits up to {@code timeoutMs}. Fails with the other side's own {@link HotlineException},
   * or with {@link ErrorCode#UNAVAILABLE} naming {@code service} when nobody listens or nobody answers in time.
   */
  public static Future<JsonObject> ask(Vertx vertx, String address, Object request, long timeoutMs, String service) {
    return ask(vertx, address, request, new DeliveryOptions().setSendTimeout(timeoutMs), service, null);
  }

  /** As {@link #ask(Vertx, String, Object, long, String)}, node-local (a module's own status, for health). */
  public static Future<JsonObject> askLocal(Vertx vertx, String address, Object request, long timeoutMs, String service) {
    return ask(vertx, address, request, new DeliveryOptions().setSendTimeout(timeoutMs).setLocalOnly(true), service, null);
  }

  /**
   * As {@link #ask(Vertx, String, Object, long, String)}, but when no consumer is registered for the address at all
   * the answer is {@code whenNobodyListens} (a module that is optional, with a fallback of the asker's own).
   */
  public static Future<JsonObject> askOr(Vertx vertx, String address, Object request, long timeoutMs, String service,
      Supplier<Future<JsonObject>> whenNobodyListens) {
    return ask(vertx, address, request, new DeliveryOptions().setSendTimeout(timeoutMs), service, whenNobodyListens);
  }

  private static Future<JsonObject> ask(Vertx vertx, String address, Object request, DeliveryOptions options,
      String service, Supplier<Future<JsonObject>> whenNobodyListens) {
    return vertx.eventBus().<JsonObject>request(address, request, options).map(Message::body).recover(t -> {
      if (!(t instanceof ReplyException r)) {
        return Future.failedFuture(t);
      }
      if (r.failureType() == ReplyFailure.NO_HANDLERS && whenNobodyListens != null) {
        return whenNobodyListens.get();
      }
      if (r.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
        return Future.failedFuture(new HotlineException(ErrorCode.UNAVAILABLE, "unavailable", new hotline.errors.Messages.Key("service." + service)));
      }
      HotlineException told = HotlineException.fromJson(r.getMessage());
      if (told == null) {
        // Not by the convention: a bug on the other side, not the caller's fault.
        LOG.warn("{} answered {} outside the bus convention [code: {}]: {}", service, address, r.failureCode(), r.getMessage());
        return Future.failedFuture(new HotlineException(ErrorCode.INTERNAL, "internal"));
      }
      return Future.failedFuture(told);
    });
  }
}
