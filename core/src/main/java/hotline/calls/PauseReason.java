package hotline.calls;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Why an agent pauses in the hotline queue (示忙原因). {@link #id()} is sent to Asterisk as the {@code QueuePause}
 * {@code Reason}, comes back as the member's {@code PausedReason}, and is what the console translates. A paused reason
 * that is none of these (paused from the phone or another tool) is shown as the text Asterisk has.
 */
public enum PauseReason {
  /** 用餐 */
  MEAL,
  /** 休息 */
  BREAK,
  /** 培训 */
  TRAINING,
  /** 开会 */
  MEETING,
  /** 话后处理 */
  AFTER_CALL_WORK,
  /** 其他 */
  OTHER;

  /** The wire form: {@code meal}, {@code after_call_work}… */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The reason with this id; null when it is none of ours. */
  public static PauseReason of(String id) {
    for (PauseReason r : values()) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    return null;
  }

  /** Every id, in the order the console offers them. */
  public static List<String> ids() {
    return Stream.of(values()).map(PauseReason::id).toList();
  }
}
