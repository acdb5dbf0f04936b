package hotline.telephony;

/** Event-bus addresses of the telephony module. */
public final class Addresses {

  /** Screen pops for one agent: {@code hotline.screenpop.<agentId>}; phases ringing, answered, ended. */
  public static String screenPop(long agentId) {
    return "hotline.screenpop." + agentId;
  }

  /** Published when a call ends: {@code {"callId","linkedid","callerNumber","disposition",...}}. */
  public static final String CALL_ENDED = "telephony.call.ended";

  /** Request: answers this node's telephony status (health, metrics). */
  public static final String STATUS = "telephony.status";

  private Addresses() {
  }
}
