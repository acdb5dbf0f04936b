package hotline.web;

import hotline.Core;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** {@code GET /health}: 200 while the database answers, 503 when it does not. */
final class HealthRoutes {

  private HealthRoutes() {
  }

  static void mount(Router router, Core core) {
    router.get("/health").handler(ctx -> {
      long start = System.nanoTime();
      core.pool().query("SELECT 1").execute()
          .map(rows -> new JsonObject().put("status", "up").put("latencyMs", (System.nanoTime() - start) / 1_000_000))
          .otherwise(t -> new JsonObject().put("status", "down").put("error", String.valueOf(t.getMessage())))
          .onSuccess(db -> {
            boolean up = "up".equals(db.getString("status"));
            ctx.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject().put("status", up ? "up" : "down").put("database", db)
                    .put("calendarYears", new io.vertx.core.json.JsonArray(core.calendar().get().years().stream().sorted().toList()))
                    .toBuffer());
          });
    });
  }
}
