package hotline.cases;

import io.vertx.core.json.JsonObject;

/**
 * What one transition step did, before {@link CaseTransitions} writes the case's new status and the timeline entry:
 * the status it leads to, the channel and note of the entry, its detail, and for a dispatch the round it opened.
 */
public record StepResult(CaseStatus to, String channel, String note, JsonObject detail, NewRound newRound) {

  public StepResult(CaseStatus to, String channel, String note, JsonObject detail) {
    this(to, channel, note, detail, null);
  }

  /** A dispatch opened round {@code round}: the case's current dispatch is now {@code dispatchId}. */
  public record NewRound(int round, long dispatchId) {
  }
}
