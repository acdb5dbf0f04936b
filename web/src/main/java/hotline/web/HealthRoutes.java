package hotline.web;

import hotline.Core;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** {@code GET /health}: 200 while the database answers, 503 when it does not. */
final class HealthRoutes {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HealthRoutes.class);

  private HealthRoutes() {
  }

  /** The telephony module's own word on its AMI link; "off" when it is not deployed or does not answer. */
  private static io.vertx.core.Future<JsonObject> telephony(io.vertx.core.Vertx vertx) {
    return vertx.eventBus().<JsonObject>request(hotline.Addresses.TELEPHONY_STATUS, null, new io.vertx.core.eventbus.DeliveryOptions()
            .setSendTimeout(1000).setLocalOnly(true))
        .map(m -> m.body())
        .otherwise(new JsonObject().put("enabled", false).put("role", "off"));
  }

  /** The mail gateway's own word on its inbox and outbox; "off" when it is not deployed or does not answer. */
  private static io.vertx.core.Future<JsonObject> mail(io.vertx.core.Vertx vertx) {
    return vertx.eventBus().<JsonObject>request(hotline.Addresses.MAIL_STATUS, null, new io.vertx.core.eventbus.DeliveryOptions()
            .setSendTimeout(1000).setLocalOnly(true))
        .map(m -> m.body())
        .otherwise(new JsonObject().put("enabled", false));
  }

  /** The fax gateway's own word; "off" when it is not deployed or does not answer. */
  private static io.vertx.core.Future<JsonObject> fax(io.vertx.core.Vertx vertx) {
    return vertx.eventBus().<JsonObject>request(hotline.Addresses.FAX_STATUS, null, new io.vertx.core.eventbus.DeliveryOptions()
            .setSendTimeout(1000).setLocalOnly(true))
        .map(m -> m.body())
        .otherwise(new JsonObject().put("spool", false));
  }

  static void mount(Router router, Core core) {
    router.get("/health").handler(ctx -> {
      long start = System.nanoTime();
      core.pool().query("SELECT 1").execute()
          .map(rows -> new JsonObject().put("status", "up").put("latencyMs", (System.nanoTime() - start) / 1_000_000))
          .otherwise(t -> {
            // The cause goes to the log, not to whoever asks.
            LOG.warn("health check: database unreachable: {}", t.toString());
            return new JsonObject().put("status", "down");
          })
          .compose(db -> telephony(ctx.vertx()).map(tel -> new JsonObject().put("database", db).put("telephony", tel)))
          .compose(parts -> mail(ctx.vertx()).map(mail -> parts.put("mail", mail)))
          .compose(parts -> fax(ctx.vertx()).map(fax -> parts.put("fax", fax)))
          .onSuccess(parts -> {
            JsonObject db = parts.getJsonObject("database");
            boolean up = "up".equals(db.getString("status"));
            ctx.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject().put("status", up ? "up" : "down").put("database", db)
                    .put("telephony", parts.getJsonObject("telephony")).put("mail", parts.getJsonObject("mail"))
                    .put("fax", parts.getJsonObject("fax"))
                    .put("calendarYears", new io.vertx.core.json.JsonArray(core.calendar().get().years().stream().sorted().toList()))
                    .toBuffer());
          });
    });
  }
}
