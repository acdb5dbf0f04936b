package hotline.telephony;

import hotline.Addresses;
import hotline.calls.CallDisposition;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.asteriskjava.manager.event.AgentCalledEvent;
import org.asteriskjava.manager.event.AgentCompleteEvent;
import org.asteriskjava.manager.event.AgentConnectEvent;
import org.asteriskjava.manager.event.CdrEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.DialBeginEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewCallerIdEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.NewStateEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.event.QueueCallerAbandonEvent;
import org.asteriskjava.manager.event.QueueCallerJoinEvent;
import org.asteriskjava.manager.event.VarSetEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the AMI event stream into the call log and screen pops. Runs on one event loop: every event of the link is
 * handed here in order, so the state needs no locks. A call is keyed by its Linkedid; it ends when the last of its
 * channels hangs up. Each event type we follow has one handler, found by the event's class (or the nearest
 * superclass that has one, e.g. OriginateSuccessEvent); noise (CEL, Newexten, DeviceStateChange…) costs one map
 * lookup and is dropped.
 */
final class CallTracker {

  private static final Logger LOG = LoggerFactory.getLogger(CallTracker.class);

  private final Vertx vertx;
  private final TelephonySettings settings;
  private final CallLog log;
  private final ScreenPops pops;
  private final Clock clock;
  private final Map<String, CallState> calls = new HashMap<>();
  private final Map<String, String> linkedidByUniqueid = new HashMap<>();
  private final EventHandlers handlers = new EventHandlers();
  /** Events handled so far: a clock of the stream. */
  private long handled;

  /** When the event being handled arrived ({@link AmiLink#arrivedNanos}): where a screen pop's time starts. */
  private final java.util.function.LongSupplier arrival;

  CallTracker(Vertx vertx, TelephonySettings settings, CallLog log, ScreenPops pops, Clock clock,
      java.util.function.LongSupplier arrival) {
    this.vertx = vertx;
    this.arrival = arrival;
    this.settings = settings;
    this.log = log;
    this.pops = pops;
    this.clock = clock;
    handlers
        // Channels: a call starts with its first and ends with its last.
        .on(NewChannelEvent.class, this::newChannel)
        .on(NewCallerIdEvent.class, this::newCallerId)
        .on(HangupEvent.class, this::hangup)
        // The hotline queue and its agents.
        .on(QueueCallerJoinEvent.class, this::queueCallerJoin)
        .on(AgentCalledEvent.class, this::agentCalled)
        .on(AgentConnectEvent.class, this::agentConnect)
        .on(AgentCompleteEvent.class, a -> update(a.getLinkedId(), c -> c.talkSeconds = a.getTalkTime()))
        .on(QueueCallerAbandonEvent.class, a -> update(a.getLinkedId(), c -> c.abandoned(a.getHoldTime())))
        // A dial straight to an agent's phone, no queue.
        .on(DialBeginEvent.class, this::dialBegin)
        .on(DialEndEvent.class, this::dialEnd)
        // Our own calls out, and how calls nobody answered ended.
        .on(NewStateEvent.class, this::newState)
        .on(OriginateResponseEvent.class, this::originateResponse)
        .on(CdrEvent.class, cdr -> update(linkedidByUniqueid.get(cdr.getUniqueId()), c -> c.notPutThrough(cdr.getDisposition())))
        // The recording.
        .on(VarSetEvent.class, this::varSet);
  }

  int activeCalls() {
    return calls.size();
  }

  /** The position in the event stream, to take before asking Asterisk for a snapshot of its channels. */
  long position() {
    return handled;
  }

  void handle(ManagerEvent e) {
    handled++;
    handlers.handle(e);
  }

  /** A change of the call's state alone, nothing written yet (the next write or the end takes it). */
  private void update(String linkedid, Consumer<CallState> change) {
    CallState c = calls.get(linkedid);
    if (c != null) {
      change.accept(c);
    }
  }

  // ---------------------------------------------------------------- channels

  private void newChannel(NewChannelEvent n) {
    channelUp(n.getLinkedid(), n.getUniqueId(), n.getChannel(), n.getContext(), n.getExten(), n.getCallerIdNum(), clock.instant());
  }

  private void newCallerId(NewCallerIdEvent n) {
    CallState c = calls.get(n.getLinkedId());
    if (c != null && c.callerFrom(n.getCallerIdNum())) {
      save(c);
    }
  }

  private void hangup(HangupEvent h) {
    String uniqueid = h.getUniqueId();
    String linkedid = h.getLinkedId() != null ? h.getLinkedId() : linkedidByUniqueid.get(uniqueid);
    linkedidByUniqueid.remove(uniqueid);
    CallState c = linkedid == null ? null : calls.get(linkedid);
    if (c == null) {
      return;
    }
    c.liveChannels.remove(uniqueid);
    if (c.liveChannels.isEmpty()) {
      end(c, clock.instant(), false);
    }
  }

  /** A channel of a hotline call (new, or found up on reconciling): the first one starts the call. */
  private void channelUp(String linkedid, String uniqueid, String channel, String context, String exten, String callerNum,
      Instant at) {
    if (linkedid == null || uniqueid == null) {
      return;
    }
    CallState c = calls.get(linkedid);
    boolean changed = false;
    if (c == null) {
      boolean inbound = settings.inboundContexts().contains(context) || (exten != null && settings.dids().contains(exten));
      boolean outbound = settings.outboundContexts().contains(context);
      if (!inbound && !outbound) {
        return;
      }
      c = CallState.start(linkedid, uniqueid, inbound, channel, exten, at);
      c.firstSeenAt = handled;
      calls.put(linkedid, c);
      changed = true;
    }
    c.liveChannels.add(uniqueid);
    linkedidByUniqueid.put(uniqueid, linkedid);
    // Another channel of a call already logged changes nothing stored.
    if (c.callerFrom(callerNum) || changed) {
      save(c);
    }
  }

  private void end(CallState c, Instant at, boolean unknown) {
    c.endedAt = at;
    c.endUnknown = unknown;
    calls.remove(c.linkedid);
    c.liveChannels.forEach(linkedidByUniqueid::remove);
    // After the agent lookups still in flight (they run on the pop chain), so the final row names the agent.
    c.pops = c.pops.compose(v -> save(c)).onSuccess(id -> {
      vertx.eventBus().publish(Addresses.CALL_ENDED, new JsonObject().put("callId", id).put("linkedid", c.linkedid)
          .put("callerNumber", c.callerRaw).put("agentId", c.agentId).put("disposition", c.finalDisposition().id())
          .put("endUnknown", unknown)
          .put("direction", c.direction).put("missed", c.missed()));
      if (c.agentId != null) {
        pops.phase(c.agentId, c, "ended");
      }
    }).<Void>mapEmpty().otherwiseEmpty();
  }

  // ---------------------------------------------------------------- the queue and its agents

  private void queueCallerJoin(QueueCallerJoinEvent q) {
    CallState c = calls.get(q.getLinkedId());
    if (c != null) {
      c.queued(q.getQueue(), clock.instant());
      c.callerFrom(q.getCallerIdNum());
      save(c);
    }
  }

  private void agentCalled(AgentCalledEvent a) {
    CallState c = calls.get(a.getLinkedId());
    if (c == null) {
      return;
    }
    c.callerFrom(a.getCallerIdNum());
    long arrived = arrival.getAsLong();
    afterAgent(c, a.getInterface(), agentId -> {
      if (agentId != null) {
        pops.ringing(agentId, c, arrived);
      } else {
        LOG.info("no agent for queue member [interface: {}]", a.getInterface());
      }
    });
  }

  private void agentConnect(AgentConnectEvent a) {
    CallState c = calls.get(a.getLinkedId());
    if (c == null) {
      return;
    }
    c.agentConnected(a.getInterface(), a.getHoldTime(), clock.instant());
    afterAgent(c, a.getInterface(), agentId -> {
      c.agentId = agentId;
      save(c);
      if (agentId != null) {
        pops.phase(agentId, c, "answered");
      }
    });
  }

  // ---------------------------------------------------------------- direct dials to an agent's phone

  /**
   * A direct dial to an agent's phone (no queue): the agent whose phone it is gets the pop. (A dial with no calling
   * channel is Asterisk placing an Originate, not a call being put through.)
   */
  private void dialBegin(DialBeginEvent d) {
    CallState c = calls.get(d.getLinkedId());
    if (c == null || c.queue != null || !c.inbound() || d.getDestChannel() == null || d.getChannel() == null) {
      return;
    }
    String memberInterface = interfaceOf(d.getDestChannel());
    long arrived = arrival.getAsLong();
    afterAgent(c, memberInterface, agentId -> {
      if (agentId != null) {
        c.agentInterface = memberInterface;
        pops.ringing(agentId, c, arrived);
      }
    });
  }

  private void dialEnd(DialEndEvent d) {
    CallState c = calls.get(d.getLinkedId());
    if (c == null || c.queue != null || d.getChannel() == null || !"ANSWER".equals(d.getDialStatus())) {
      return;
    }
    if (c.answered(clock.instant())) {
      save(c);
    }
    // Answered on an agent's phone dialled directly: that agent took the call.
    if (c.agentId == null && d.getDestChannel() != null) {
      String memberInterface = interfaceOf(d.getDestChannel());
      afterAgent(c, memberInterface, agentId -> {
        if (agentId != null && c.agentId == null) {
          c.agentId = agentId;
          c.agentInterface = memberInterface;
          save(c);
          pops.phase(agentId, c, "answered");
        }
      });
    }
  }

  // ---------------------------------------------------------------- our calls out, unanswered calls

  /** Our call out is answered when the far end's channel comes up. */
  private void newState(NewStateEvent s) {
    CallState c = calls.get(s.getLinkedId());
    if (c != null && c.outbound() && "Up".equals(s.getChannelStateDesc()) && c.answered(clock.instant())) {
      save(c);
    }
  }

  private void originateResponse(OriginateResponseEvent o) {
    CallState c = calls.get(linkedidByUniqueid.get(o.getUniqueId()));
    if (c == null || !c.outbound()) {
      return;
    }
    c.originated("Success".equalsIgnoreCase(o.getResponse()), o.getReason(), clock.instant());
    save(c);
  }

  // ---------------------------------------------------------------- the recording

  private void varSet(VarSetEvent v) {
    if ("MIXMONITOR_FILENAME".equals(v.getVariable())) {
      update(v.getLinkedId(), c -> c.recording = v.getValue());
    }
  }

  // ---------------------------------------------------------------- reconciling after a (re)connect

  /**
   * After (re)connecting: what Asterisk has up now. Calls we think are up but Asterisk does not have ended while we
   * were away ("end unknown"); hotline calls Asterisk has that we do not know are picked up.
   */
  Future<Integer> reconcile(List<CoreShowChannelEvent> live, long snapshotPosition) {
    Instant now = clock.instant();
    Set<String> liveLinkedids = new HashSet<>();
    for (CoreShowChannelEvent ch : live) {
      liveLinkedids.add(ch.getLinkedid());
      channelUp(ch.getLinkedid(), ch.getUniqueid(), ch.getChannel(), ch.getContext(), ch.getExtension(), ch.getCallerIdNum(),
          startedBefore(now, ch.getDuration()));
    }
    for (CallState c : new ArrayList<>(calls.values())) {
      // A call first seen after the snapshot was asked for is simply newer than it.
      if (!liveLinkedids.contains(c.linkedid) && c.firstSeenAt <= snapshotPosition) {
        end(c, now, true);
      }
    }
    return log.openLinkedids().compose(open -> {
      List<String> gone = open.stream().filter(id -> !liveLinkedids.contains(id) && !calls.containsKey(id)).toList();
      return log.closeUnknown(gone, now);
    }).onSuccess(n -> {
      if (n > 0) {
        LOG.info("calls that ended while the AMI link was down [count: {}]", n);
      }
    });
  }

  /** When a channel up for {@code hh:mm:ss} started; a duration we cannot read: the call started no later than now. */
  private static Instant startedBefore(Instant now, String duration) {
    try {
      String[] hms = duration == null ? new String[0] : duration.split(":");
      if (hms.length == 3) {
        return now.minusSeconds(Long.parseLong(hms[0]) * 3600 + Long.parseLong(hms[1]) * 60 + Long.parseLong(hms[2]));
      }
    } catch (NumberFormatException ignored) {
      // fall through
    }
    return now;
  }

  // ---------------------------------------------------------------- agents, writes

  /**
   * Runs {@code then} with the agent behind the interface (or null), in order on the call's pop chain: after the
   * pops and lookups before it, before the ones after it.
   */
  private void afterAgent(CallState c, String memberInterface, Consumer<Long> then) {
    Future<Long> agent = agentOf(c, memberInterface);
    // This link is on the chain before then runs: a lookup answered already (the agent cache) completes at once,
    // and what then puts on the chain (the pop) must follow this link, not be overwritten by it.
    Promise<Void> link = Promise.promise();
    Future<Void> before = c.pops;
    c.pops = link.future();
    before.compose(v -> agent).onComplete(ar -> {
      try {
        if (ar.succeeded()) {
          then.accept(ar.result());
        }
      } finally {
        link.complete();
      }
    });
  }

  /** The dialled device of a channel name: {@code PJSIP/1001-0000000a} → {@code PJSIP/1001}, Local ;1/;2 likewise. */
  private static String interfaceOf(String channel) {
    return channel.replaceFirst("-[0-9a-f]+(;\\d)?$", "");
  }

  /** The agent behind a queue member interface, looked up once per call. */
  private Future<Long> agentOf(CallState c, String memberInterface) {
    if (memberInterface == null) {
      return Future.succeededFuture(null);
    }
    return c.agentsByInterface.computeIfAbsent(memberInterface, log::agentFor);
  }

  private Future<Long> save(CallState c) {
    Future<Long> saved = c.writes.compose(v -> log.save(c)).onSuccess(id -> c.id = id);
    c.writes = saved.<Void>mapEmpty().recover(t -> {
      LOG.warn("call log write failed [linkedid: {}]: {}", c.linkedid, t.toString());
      return Future.succeededFuture();
    });
    return saved;
  }
}
