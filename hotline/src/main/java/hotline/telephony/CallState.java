package hotline.telephony;

import hotline.calls.CallDisposition;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the tracker knows of one call while it is up, and the rules of its state that need nothing but the call:
 * who is calling, whether it has been answered, how it ended. Touched on the event loop only.
 */
final class CallState {

  static final String INBOUND = "inbound";
  static final String OUTBOUND = "outbound";
  /** OriginateResponse's Reason when the far end is busy (Asterisk's AST_CONTROL_BUSY). */
  private static final int REASON_BUSY = 5;

  final String linkedid;
  final String uniqueid;
  /** The call log's id of this call, once its first write is done (the id a case is linked to it by). */
  Long id;
  final String direction;
  final Instant startedAt;
  /** The tracker's event count when this call was first seen (reconciliation only ends calls older than its snapshot). */
  long firstSeenAt;
  final Set<String> liveChannels = new HashSet<>();
  String channel;
  String callerRaw;
  String did;
  String queue;
  Instant queuedAt;
  String agentInterface;
  Long agentId;
  Instant answeredAt;
  Instant endedAt;
  Long holdSeconds;
  Long talkSeconds;
  /** What is known of the outcome before the end (abandoned, busy…); the end decides: {@link #finalDisposition()}. */
  CallDisposition disposition;
  String recording;
  boolean endUnknown;
  /** Writes of this call, one after the other. */
  Future<Void> writes = Future.succeededFuture();
  /** Agent lookups of this call, by queue member interface. */
  final Map<String, Future<Long>> agentsByInterface = new HashMap<>();
  /** Screen pops of this call, in order: the ringing pop (built from the database) before answered and ended. */
  Future<Void> pops = Future.succeededFuture();

  CallState(String linkedid, String uniqueid, String direction, Instant startedAt) {
    this.linkedid = linkedid;
    this.uniqueid = uniqueid;
    this.direction = direction;
    this.startedAt = startedAt;
  }

  /**
   * A call seen for the first time. Inbound, the dialled extension is the hotline number (DID); outbound (callback,
   * click-to-call), it is the number we dial, so it stands as the caller's number.
   */
  static CallState start(String linkedid, String uniqueid, boolean inbound, String channel, String exten, Instant at) {
    CallState c = new CallState(linkedid, uniqueid, inbound ? INBOUND : OUTBOUND, at);
    c.channel = channel;
    if (inbound) {
      c.did = exten;
    } else {
      c.callerRaw = exten;
    }
    return c;
  }

  boolean inbound() {
    return INBOUND.equals(direction);
  }

  boolean outbound() {
    return OUTBOUND.equals(direction);
  }

  /** The first real number an event carries is the caller's; later ones change nothing. Answers whether it was taken. */
  boolean callerFrom(String number) {
    if (callerRaw == null && known(number)) {
      callerRaw = number;
      return true;
    }
    return false;
  }

  /** Marks the call answered unless it already is. Answers whether it was not yet. */
  boolean answered(Instant at) {
    if (answeredAt != null) {
      return false;
    }
    answeredAt = at;
    return true;
  }

  void queued(String name, Instant at) {
    queue = name;
    queuedAt = at;
  }

  /** An agent took the call from the queue after {@code hold} seconds. */
  void agentConnected(String memberInterface, Long hold, Instant at) {
    answeredAt = at;
    agentInterface = memberInterface;
    holdSeconds = hold;
  }

  /** The caller gave up in the queue after {@code hold} seconds (Asterisk's count, when it says). */
  void abandoned(Integer hold) {
    disposition = CallDisposition.ABANDONED;
    if (hold != null && hold >= 0 && answeredAt == null) {
      holdSeconds = hold.longValue();
    }
  }

  /** Asterisk's word on our Originate: answered, or (its Reason) busy, else not answered. */
  void originated(boolean success, Integer reason, Instant at) {
    if (success) {
      answeredAt = at;
    } else {
      disposition = Integer.valueOf(REASON_BUSY).equals(reason) ? CallDisposition.BUSY : CallDisposition.NO_ANSWER;
    }
  }

  /** A CDR's disposition of a call nobody answered and nothing else explained yet: busy or failed. */
  void notPutThrough(String cdrDisposition) {
    if (answeredAt != null || disposition != null) {
      return;
    }
    if ("BUSY".equals(cdrDisposition)) {
      disposition = CallDisposition.BUSY;
    } else if ("FAILED".equals(cdrDisposition)) {
      disposition = CallDisposition.FAILED;
    }
  }

  boolean ended() {
    return endedAt != null;
  }

  /** Seconds from joining the queue (or the start) to the answer, or to the end for an unanswered call. */
  Integer waitSeconds() {
    if (holdSeconds != null) {
      return holdSeconds.intValue();
    }
    Instant from = queuedAt != null ? queuedAt : startedAt;
    Instant to = answeredAt != null ? answeredAt : endedAt;
    return to == null ? null : (int) Duration.between(from, to).toSeconds();
  }

  Integer talkSecondsOrDerived() {
    if (talkSeconds != null) {
      return talkSeconds.intValue();
    }
    return answeredAt == null || endedAt == null ? null : (int) Duration.between(answeredAt, endedAt).toSeconds();
  }

  /** How the call ended, once it has: answered, abandoned in the queue, or not answered. */
  CallDisposition finalDisposition() {
    if (answeredAt != null) {
      return CallDisposition.ANSWERED;
    }
    if (disposition != null) {
      return disposition;
    }
    return queue != null ? CallDisposition.ABANDONED : CallDisposition.NO_ANSWER;
  }

  /** Whether the call, once ended, is a missed call: inbound and nobody took it ({@link CallDisposition#missed()}). */
  boolean missed() {
    return inbound() && ended() && finalDisposition().missed();
  }

  /** What the log stores: the final disposition once the call has ended, else what is known so far (or null). */
  String dispositionId() {
    CallDisposition d = ended() ? finalDisposition() : disposition;
    return d == null ? null : d.id();
  }

  /** Asterisk's placeholders for "no number" are not a number. */
  static boolean known(String number) {
    return number != null && !number.isBlank() && !"<unknown>".equals(number);
  }
}
