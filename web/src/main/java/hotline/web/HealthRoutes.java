package hotline.web;

import hotline.Core;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** {@code GET /health}: 200 while the database answers, 503 when it does not. */
final class HealthRoutes {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HealthRoutes.class);

  private HealthRoutes() {
  }

  /**
   * A module's own word on itself (telephony, mail, fax), asked on this node; {@code whenOff} when the module is not
   * deployed here or does not answer within a second.
   */
  private static io.vertx.core.Future<JsonObject> moduleStatus(io.vertx.core.Vertx vertx, String address, JsonObject whenOff) {
    return hotline.bus.Bus.askLocal(vertx, address, null, 1000, address).otherwise(whenOff);
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
          .compose(db -> {
            // The modules are asked at once, not one after the other.
            var telephony = moduleStatus(ctx.vertx(), hotline.Addresses.TELEPHONY_STATUS,
                new JsonObject().put("enabled", false).put("role", "off"));
            var mail = moduleStatus(ctx.vertx(), hotline.Addresses.MAIL_STATUS, new JsonObject().put("enabled", false));
            var fax = moduleStatus(ctx.vertx(), hotline.Addresses.FAX_STATUS, new JsonObject().put("spool", false));
            return io.vertx.core.Future.all(telephony, mail, fax).map(all -> new JsonObject().put("database", db)
                .put("telephony", telephony.result()).put("mail", mail.result()).put("fax", fax.result()));
          })
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
