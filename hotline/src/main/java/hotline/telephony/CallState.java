package hotline.telephony;

import hotline.calls.CallDisposition;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/** What the tracker knows of one call while it is up. Touched on the event loop only. */
final class CallState {

  final String linkedid;
  final String uniqueid;
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
  final java.util.Map<String, Future<Long>> agentsByInterface = new java.util.HashMap<>();
  /** Screen pops of this call, in order: the ringing pop (built from the database) before answered and ended. */
  Future<Void> pops = Future.succeededFuture();

  CallState(String linkedid, String uniqueid, String direction, Instant startedAt) {
    this.linkedid = linkedid;
    this.uniqueid = uniqueid;
    this.direction = direction;
    this.startedAt = startedAt;
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

  /** What the log stores: the final disposition once the call has ended, else what is known so far (or null). */
  String dispositionId() {
    CallDisposition d = ended() ? finalDisposition() : disposition;
    return d == null ? null : d.id();
  }
}
