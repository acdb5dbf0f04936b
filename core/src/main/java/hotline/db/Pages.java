package hotline.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.IntFunction;

/** Paged lists count their total with a window function, which has no row to count on past the last page. */
public final class Pages {

  private Pages() {
  }

  /** A page past the end takes its total from the first page; any other page already has it. */
  public static Future<JsonObject> withTotal(JsonObject page, int pageNo, IntFunction<Future<JsonObject>> fetchPage) {
    if (pageNo > 1 && page.getJsonArray("items").isEmpty()) {
      return fetchPage.apply(1).map(first -> page.put("total", first.getLong("total")));
    }
    return Future.succeededFuture(page);
  }
}
