package hotline.telephony;

import hotline.Addresses;
import hotline.calls.CallDisposition;
import io.vertx.core.Future;
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
import org.asteriskjava.manager.event.AgentCalledEvent;
import org.asteriskjava.manager.event.AgentCompleteEvent;
import org.asteriskjava.manager.event.AgentConnectEvent;
import org.asteriskjava.manager.event.CdrEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewCallerIdEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.QueueCallerAbandonEvent;
import org.asteriskjava.manager.event.QueueCallerJoinEvent;
import org.asteriskjava.manager.event.VarSetEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the AMI event stream into the call log and screen pops. Runs on one event loop: every event of the link is
 * handed here in order, so the state needs no locks. A call is keyed by its Linkedid; it ends when the last of its
 * channels hangs up. Noise (VarSet, CEL, Newexten, DeviceStateChange…) costs one instanceof chain and is dropped.
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
  /** Events handled so far: a clock of the stream. */
  private long handled;

  CallTracker(Vertx vertx, TelephonySettings settings, CallLog log, ScreenPops pops, Clock clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.log = log;
    this.pops = pops;
    this.clock = clock;
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
    if (e instanceof NewChannelEvent n) {
      newChannel(n.getLinkedid(), n.getUniqueId(), n.getChannel(), n.getContext(), n.getExten(), n.getCallerIdNum(), clock.instant());
    } else if (e instanceof NewCallerIdEvent n) {
      CallState c = calls.get(n.getLinkedId());
      if (c != null && c.callerRaw == null && known(n.getCallerIdNum())) {
        c.callerRaw = n.getCallerIdNum();
        save(c);
      }
    } else if (e instanceof QueueCallerJoinEvent q) {
      CallState c = calls.get(q.getLinkedId());
      if (c != null) {
        c.queue = q.getQueue();
        c.queuedAt = clock.instant();
        callerFrom(c, q.getCallerIdNum());
        save(c);
      }
    } else if (e instanceof AgentCalledEvent a) {
      CallState c = calls.get(a.getLinkedId());
      if (c != null) {
        callerFrom(c, a.getCallerIdNum());
        afterAgent(c, a.getInterface(), agentId -> {
          if (agentId != null) {
            pops.ringing(agentId, c);
          } else {
            LOG.info("no agent for queue member [interface: {}]", a.getInterface());
          }
        });
      }
    } else if (e instanceof AgentConnectEvent a) {
      CallState c = calls.get(a.getLinkedId());
      if (c != null) {
        c.answeredAt = clock.instant();
        c.agentInterface = a.getInterface();
        c.holdSeconds = a.getHoldTime();
        afterAgent(c, a.getInterface(), agentId -> {
          c.agentId = agentId;
          save(c);
          if (agentId != null) {
            pops.phase(agentId, c, "answered");
          }
        });
      }
    } else if (e instanceof AgentCompleteEvent a) {
      CallState c = calls.get(a.getLinkedId());
      if (c != null) {
        c.talkSeconds = a.getTalkTime();
      }
    } else if (e instanceof QueueCallerAbandonEvent a) {
      CallState c = calls.get(a.getLinkedId());
      if (c != null) {
        c.disposition = CallDisposition.ABANDONED;
      }
    } else if (e instanceof org.asteriskjava.manager.event.DialBeginEvent d) {
      CallState c = calls.get(d.getLinkedId());
      // A direct dial to an agent's phone (no queue): the agent whose phone it is gets the pop.
      // (A dial with no calling channel is Asterisk placing an Originate, not a call being put through.)
      if (c != null && c.queue == null && "inbound".equals(c.direction) && d.getDestChannel() != null && d.getChannel() != null) {
        String memberInterface = interfaceOf(d.getDestChannel());
        afterAgent(c, memberInterface, agentId -> {
          if (agentId != null) {
            c.agentInterface = memberInterface;
            pops.ringing(agentId, c);
          }
        });
      }
    } else if (e instanceof org.asteriskjava.manager.event.NewStateEvent s) {
      CallState c = calls.get(s.getLinkedId());
      // Our call out is answered when the far end's channel comes up.
      if (c != null && "outbound".equals(c.direction) && c.answeredAt == null && "Up".equals(s.getChannelStateDesc())) {
        c.answeredAt = clock.instant();
        save(c);
      }
    } else if (e instanceof org.asteriskjava.manager.event.OriginateResponseEvent o) {
      CallState c = calls.get(linkedidByUniqueid.get(o.getUniqueId()));
      if (c != null && "outbound".equals(c.direction)) {
        if ("Success".equalsIgnoreCase(o.getResponse())) {
          c.answeredAt = clock.instant();
        } else {
          c.disposition = Integer.valueOf(5).equals(o.getReason()) ? CallDisposition.BUSY : CallDisposition.NO_ANSWER;
        }
        save(c);
      }
    } else if (e instanceof DialEndEvent d) {
      CallState c = calls.get(d.getLinkedId());
      if (c != null && c.queue == null && d.getChannel() != null && "ANSWER".equals(d.getDialStatus())) {
        if (c.answeredAt == null) {
          c.answeredAt = clock.instant();
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
    } else if (e instanceof VarSetEvent v) {
      if ("MIXMONITOR_FILENAME".equals(v.getVariable())) {
        CallState c = calls.get(v.getLinkedId());
        if (c != null) {
          c.recording = v.getValue();
        }
      }
    } else if (e instanceof CdrEvent cdr) {
      CallState c = calls.get(linkedidByUniqueid.get(cdr.getUniqueId()));
      if (c != null && c.answeredAt == null && c.disposition == null) {
        if ("BUSY".equals(cdr.getDisposition())) {
          c.disposition = CallDisposition.BUSY;
        } else if ("FAILED".equals(cdr.getDisposition())) {
          c.disposition = CallDisposition.FAILED;
        }
      }
    } else if (e instanceof HangupEvent h) {
      hangup(h.getLinkedId(), h.getUniqueId());
    }
  }

  private void newChannel(String linkedid, String uniqueid, String channel, String context, String exten, String callerNum,
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
      c = new CallState(linkedid, uniqueid, inbound ? "inbound" : "outbound", at);
      c.firstSeenAt = handled;
      c.channel = channel;
      if (inbound) {
        c.did = exten;
      } else {
        // Our own call out (callback, click-to-call): the number is the one dialled.
        c.callerRaw = exten;
      }
      calls.put(linkedid, c);
      changed = true;
    }
    c.liveChannels.add(uniqueid);
    linkedidByUniqueid.put(uniqueid, linkedid);
    if (c.callerRaw == null && known(callerNum)) {
      c.callerRaw = callerNum;
      changed = true;
    }
    // Another channel of a call already logged changes nothing stored.
    if (changed) {
      save(c);
    }
  }

  private void hangup(String linkedid, String uniqueid) {
    if (linkedid == null) {
      linkedid = linkedidByUniqueid.get(uniqueid);
    }
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

  private void end(CallState c, Instant at, boolean unknown) {
    c.endedAt = at;
    c.endUnknown = unknown;
    calls.remove(c.linkedid);
    c.liveChannels.forEach(linkedidByUniqueid::remove);
    // After the agent lookups still in flight (they run on the pop chain), so the final row names the agent.
    c.pops = c.pops.compose(v -> save(c)).onSuccess(id -> {
      vertx.eventBus().publish(Addresses.CALL_ENDED, new JsonObject().put("callId", id).put("linkedid", c.linkedid)
          .put("callerNumber", c.callerRaw).put("agentId", c.agentId).put("disposition", c.finalDisposition().id())
          .put("endUnknown", unknown));
      if (c.agentId != null) {
        pops.phase(c.agentId, c, "ended");
      }
    }).<Void>mapEmpty().otherwiseEmpty();
  }

  /**
   * Runs {@code then} with the agent behind the interface (or null), in order on the call's pop chain: after the
   * pops and lookups before it, before the ones after it.
   */
  private void afterAgent(CallState c, String memberInterface, java.util.function.Consumer<Long> then) {
    Future<Long> agent = agentOf(c, memberInterface);
    c.pops = c.pops.compose(v -> agent).onSuccess(then::accept).<Void>mapEmpty().otherwiseEmpty();
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

  /**
   * After (re)connecting: what Asterisk has up now. Calls we think are up but Asterisk does not have ended while we
   * were away ("end unknown"); hotline calls Asterisk has that we do not know are picked up.
   */
  Future<Integer> reconcile(List<CoreShowChannelEvent> live, long snapshotPosition) {
    Instant now = clock.instant();
    Set<String> liveLinkedids = new HashSet<>();
    for (CoreShowChannelEvent ch : live) {
      liveLinkedids.add(ch.getLinkedid());
      Instant started = now;
      try {
        String[] hms = ch.getDuration() == null ? new String[0] : ch.getDuration().split(":");
        if (hms.length == 3) {
          started = now.minusSeconds(Long.parseLong(hms[0]) * 3600 + Long.parseLong(hms[1]) * 60 + Long.parseLong(hms[2]));
        }
      } catch (NumberFormatException ignored) {
        // A duration we cannot read: the call started no later than now.
      }
      newChannel(ch.getLinkedid(), ch.getUniqueid(), ch.getChannel(), ch.getContext(), ch.getExtension(), ch.getCallerIdNum(), started);
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

  private Future<Long> save(CallState c) {
    Future<Long> saved = c.writes.compose(v -> log.save(c));
    c.writes = saved.<Void>mapEmpty().recover(t -> {
      LOG.warn("call log write failed [linkedid: {}]: {}", c.linkedid, t.toString());
      return Future.succeededFuture();
    });
    return saved;
  }

  private static void callerFrom(CallState c, String number) {
    if (c.callerRaw == null && known(number)) {
      c.callerRaw = number;
    }
  }

  private static boolean known(String number) {
    return number != null && !number.isBlank() && !"<unknown>".equals(number);
  }
}
