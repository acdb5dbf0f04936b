package hotline.dispatch;

import io.vertx.core.json.JsonObject;

/**
 * What a gateway sends for a dispatch: the dispatch, the case as the receiving unit may see it (a report's reporter
 * is never in it), and that dispatch's entry of the case view. The record form is made from {@code view} and
 * {@code dispatch}. Loaded by {@link DispatchService#form(long)}.
 */
public record DispatchForm(DispatchService.Target target, JsonObject view, JsonObject dispatch) {
}
