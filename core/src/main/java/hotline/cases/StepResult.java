package hotline.cases;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What one transition step did, before {@link CaseTransitions} writes the case's new status and the timeline entry:
 * the status it leads to, the channel and note of the entry, its detail, for a dispatch the round it opened, and the
 * events it announces after the commit.
 */
public record StepResult(CaseStatus to, String channel, String note, JsonObject detail, NewRound newRound,
    List<Published> published) {

  public StepResult(CaseStatus to, String channel, String note, JsonObject detail) {
    this(to, channel, note, detail, null, List.of());
  }

  /** An event the step announces on the bus once the transaction has committed. */
  public record Published(String address, JsonObject body) {
  }

  /** A dispatch opened round {@code round}: the case's current dispatch is now {@code dispatchId}. */
  public record NewRound(int round, long dispatchId) {
  }
}
