package hotline.calls;

import java.util.Locale;

/**
 * How a call ended: what the call log stores ({@code calls.disposition}), what {@code Addresses.CALL_ENDED}
 * announces and what the API filters on. {@link #id()} is that string, the same on the wire and in the database.
 */
public enum CallDisposition {
  /** Someone took the call: an agent, or the far end of our own call out. */
  ANSWERED,
  /** The caller hung up while waiting in a queue. */
  ABANDONED,
  /** Nobody answered. */
  NO_ANSWER,
  /** The far end was busy. */
  BUSY,
  /** The call could not be put through. */
  FAILED;

  /** The stored and wire form: {@code answered}, {@code no_answer}… */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The disposition with this id, as stored or carried between our own components. */
  public static CallDisposition of(String id) {
    for (CallDisposition d : values()) {
      if (d.id().equals(id)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown call disposition " + id);
  }

  /**
   * Whether an inbound call that ended so was missed (未接来电): nobody at the hotline took it. The caller hung up in
   * the queue (abandoned, which Asterisk also reports when the queue times out or empties), nobody answered, the line
   * was busy, or the call failed; only {@link #ANSWERED} is not. Outbound calls (callbacks, click-to-call) are never
   * missed calls, whatever their disposition.
   */
  public boolean missed() {
    return this != ANSWERED;
  }

  /** The ids of the dispositions of a missed inbound call ({@link #missed()}), as stored. */
  public static String[] missedIds() {
    return java.util.Arrays.stream(values()).filter(CallDisposition::missed).map(CallDisposition::id).toArray(String[]::new);
  }

  /** Whether {@code id} names a disposition (for checking what a client sends). */
  public static boolean isKnown(String id) {
    for (CallDisposition d : values()) {
      if (d.id().equals(id)) {
        return true;
      }
    }
    return false;
  }
}
