package hotline.dispatch;

import hotline.Core;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * What a gateway sends for a dispatch: the dispatch, the case as the receiving unit may see it (a report's reporter
 * is never in it), and that dispatch's entry of the case view. The record form is made from {@code view} and
 * {@code dispatch}.
 */
public record DispatchForm(DispatchService.Target target, JsonObject view, JsonObject dispatch) {

  /**
   * Loads the form of a dispatch that is still to be sent. A dispatch that no longer exists, or that a newer round
   * superseded before it went out, fails with {@link ErrorCode#CONFLICT}: sending it would be wrong, whatever retries.
   */
  public static Future<DispatchForm> load(Core core, long dispatchId) {
    return core.dispatches().byId(dispatchId).compose(t -> {
      if (t == null) {
        return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "notFound", new hotline.errors.Messages.Key("entity.dispatch"), dispatchId));
      }
      if (!t.current()) {
        return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "dispatch.notCurrent", dispatchId));
      }
      return core.cases().formView(t.caseId(), t.unitId()).map(view -> new DispatchForm(t, view,
          view.getJsonArray("dispatches").stream().map(JsonObject.class::cast)
              .filter(d -> d.getLong("id") == t.dispatchId()).findFirst().orElse(null)));
    });
  }
}
