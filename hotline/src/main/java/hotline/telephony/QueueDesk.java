package hotline.telephony;

import hotline.Addresses;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.errors.Messages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.asteriskjava.manager.action.QueuePauseAction;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.QueueCallerAbandonEvent;
import org.asteriskjava.manager.event.QueueCallerJoinEvent;
import org.asteriskjava.manager.event.QueueCallerLeaveEvent;
import org.asteriskjava.manager.event.QueueEntryEvent;
import org.asteriskjava.manager.event.QueueEvent;
import org.asteriskjava.manager.event.QueueMemberAddedEvent;
import org.asteriskjava.manager.event.QueueMemberEvent;
import org.asteriskjava.manager.event.QueueMemberPauseEvent;
import org.asteriskjava.manager.event.QueueMemberPausedEvent;
import org.asteriskjava.manager.event.QueueMemberRemovedEvent;
import org.asteriskjava.manager.event.QueueParamsEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queues as Asterisk has them, on the node holding the AMI link: each member (paused and why, device status, in a
 * call) and the callers waiting in each queue with the time they joined. After each (re)connect a {@code QueueStatus}
 * snapshot replaces what is known (the events handled while it was asked for are applied again on top, so neither an
 * older nor a newer event is lost to it); between snapshots the queue events keep it: {@code QueueMemberPause},
 * {@code QueueMemberStatus}, {@code QueueMemberAdded/Removed}, {@code QueueCallerJoin/Leave/Abandon}, and a hangup of a
 * caller still counted as waiting.
 *
 * <p>Asterisk leaves fields empty or out (an empty {@code PausedReason}, no {@code Paused} on some versions' events, a
 * Local channel's missing unique id): a missing value keeps what was known, an empty reason is none, an event naming no
 * queue or no member is dropped. What Asterisk writes is cleaned ({@link AmiText}) and bounded.
 *
 * <p>Changes reach the agents concerned on {@link Addresses#phone(long)}, gathered for {@link #FLUSH_MS}: an agent
 * hears their own membership (their pause state, and the callers waiting in that queue), nobody else's. Runs on the
 * verticle's event loop: no locks.
 */
final class QueueDesk {

  private static final Logger LOG = LoggerFactory.getLogger(QueueDesk.class);
  static final long FLUSH_MS = 100;
  static final int MAX_QUEUES = 500;
  static final int MAX_MEMBERS = 2_000;
  static final int MAX_CALLERS = 10_000;
  /** Events kept while a snapshot is asked for; beyond, the snapshot stands as it is and another is asked for. */
  static final int MAX_REPLAY = 20_000;
  /** Asterisk's device states ({@code AST_DEVICE_*}), by number. */
  static final List<String> DEVICE_STATES = List.of("unknown", "not_in_use", "in_use", "busy", "invalid", "unavailable",
      "ringing", "ringinuse", "on_hold");

  enum Link { DOWN, SYNCING, UP }

  static final class Member {
    final String queue;
    final String iface;
    String name;
    String stateInterface;
    boolean paused;
    String pausedReason;
    /** Epoch seconds of the last pause (Asterisk's LastPause), 0 when never. */
    long lastPause;
    int status;
    boolean inCallFlag;

    Member(String queue, String iface) {
      this.queue = queue;
      this.iface = iface;
    }

    boolean inCall() {
      return inCallFlag || status == 2 || status == 3 || status == 7 || status == 8;
    }
  }

  static final class Queue {
    final String name;
    final Map<String, Member> members = new LinkedHashMap<>();
    /** Waiting callers by unique id (else channel), with when they joined. */
    final Map<String, Instant> callers = new LinkedHashMap<>();

    Queue(String name) {
      this.name = name;
    }
  }

  private record MemberKey(String queue, String iface) {
  }

  private final Vertx vertx;
  private final CallLog log;
  private final Clock clock;
  private final EventHandlers handlers = new EventHandlers();
  private Map<String, Queue> queues = new TreeMap<>();
  private Link link = Link.DOWN;
  /** While a snapshot is asked for: the events handled meanwhile, to apply again on top of it. */
  private List<ManagerEvent> replay;
  private boolean replayOverflow;
  private boolean replaying;
  private int snapshots;

  // What changed since the last flush.
  private final Set<String> dirtyQueues = new LinkedHashSet<>();
  private final Set<MemberKey> dirtyMembers = new LinkedHashSet<>();
  private final Set<MemberKey> removed = new LinkedHashSet<>();
  private final Set<String> linkNotices = new LinkedHashSet<>();
  private long flushTimer = -1;
  private Future<Void> publishing = Future.succeededFuture();

  QueueDesk(Vertx vertx, CallLog log, Clock clock) {
    this.vertx = vertx;
    this.log = log;
    this.clock = clock;
    handlers
        .on(QueueMemberPausedEvent.class, this::memberPaused)
        // QueueMemberStatus (and a QueueStatus list item, though those come with the snapshot).
        .on(QueueMemberEvent.class, this::memberStatus)
        .on(QueueMemberAddedEvent.class, this::memberAdded)
        .on(QueueMemberRemovedEvent.class, this::memberRemoved)
        .on(QueueCallerJoinEvent.class, this::callerJoin)
        .on(QueueCallerLeaveEvent.class, this::callerGone)
        .on(QueueCallerAbandonEvent.class, this::callerGone)
        .on(HangupEvent.class, this::hangup)
        .on(DisconnectEvent.class, d -> linkDown());
  }

  // ---------------------------------------------------------------- the link and the snapshot

  /** After each (re)connect: asks {@code QueueStatus}; until it answers, the events are kept to apply on top of it. */
  Future<Void> refresh(AmiLink amiLink) {
    int mine = ++snapshots;
    link = Link.SYNCING;
    replay = new ArrayList<>();
    replayOverflow = false;
    return amiLink.queueStatus().map(items -> {
      if (mine == snapshots) {
        apply(items);
      }
      return (Void) null;
    }).onFailure(t -> {
      if (mine != snapshots) {
        return;
      }
      // What is known stays, kept by the events (already applied); the next (re)connect asks again.
      LOG.warn("queue status not read after connect: {}", t.toString());
      replay = null;
      link = Link.UP;
      notifyAllMembers();
    });
  }

  private void apply(List<ResponseEvent> items) {
    Map<String, Queue> before = queues;
    Map<String, Queue> fresh = new TreeMap<>();
    Instant now = clock.instant();
    for (ResponseEvent e : items) {
      if (e instanceof QueueParamsEvent p) {
        queue(fresh, p.getQueue());
      } else if (e instanceof QueueMemberEvent m) {
        Queue q = queue(fresh, m.getQueue());
        Member member = q == null ? null : member(q, firstText(m.getLocation(), m.getInterface(), m.getStateinterface()));
        if (member != null) {
          update(member, m.getMemberName() != null ? m.getMemberName() : m.getName(), m.getStateinterface(), m.getPaused(),
              m.getPausedreason(), m.getStatus(), m.getIncall(), m.getLastPause());
        }
      } else if (e instanceof QueueEntryEvent en) {
        Queue q = queue(fresh, en.getQueue());
        String key = firstText(en.getUniqueId(), en.getChannel());
        if (q != null && key != null && q.callers.size() < MAX_CALLERS) {
          long wait = en.getWait() == null ? 0 : Math.max(0, en.getWait());
          q.callers.put(key, now.minusSeconds(wait));
        }
      }
    }
    queues = fresh;
    List<ManagerEvent> kept = replay;
    replay = null;
    if (kept != null) {
      replaying = true;
      try {
        kept.forEach(handlers::handle);
      } finally {
        replaying = false;
      }
    }
    link = Link.UP;
    // Everyone who was or is a member hears that the state was read again.
    before.values().forEach(q -> q.members.keySet().forEach(linkNotices::add));
    notifyAllMembers();
    if (replayOverflow) {
      LOG.warn("queue events overflowed while the snapshot was read: its state may be behind until the next one");
    }
  }

  private void linkDown() {
    link = Link.DOWN;
    replay = null;
    snapshots++;
    notifyAllMembers();
  }

  /** The link was given up (another node takes it): nothing here is current any more. */
  void stop() {
    linkDown();
    queues = new TreeMap<>();
  }

  private void notifyAllMembers() {
    queues.values().forEach(q -> q.members.keySet().forEach(linkNotices::add));
    schedule();
  }

  Link link() {
    return link;
  }

  // ---------------------------------------------------------------- events

  void handle(ManagerEvent e) {
    if (replay != null && !(e instanceof DisconnectEvent)) {
      if (replay.size() < MAX_REPLAY) {
        replay.add(e);
      } else {
        replayOverflow = true;
      }
    }
    handlers.handle(e);
  }

  private void memberPaused(QueueMemberPausedEvent e) {
    Queue q = queue(queues, e.getQueue());
    Member m = q == null ? null : member(q, firstText(e.getInterface(), e.getLocation()));
    if (m == null) {
      return;
    }
    String reason = e.getPausedReason();
    Integer status = null;
    Integer inCall = number(e.getInCall());
    Long lastPause = null;
    String stateInterface = null;
    if (e instanceof QueueMemberPauseEvent p) {
      reason = firstText(p.getPausedreason(), reason);
      status = p.getStatus();
      inCall = p.getIncall() != null ? p.getIncall() : inCall;
      lastPause = p.getLastpause();
      stateInterface = p.getStateInterface();
    }
    // Asterisk before 12 called it Reason.
    reason = firstText(reason, e.getReason());
    update(m, e.getMemberName(), stateInterface, e.getPaused(), reason, status, inCall, lastPause);
    changed(m);
  }

  private void memberStatus(QueueMemberEvent e) {
    if (e.getActionId() != null || e.getInternalActionId() != null) {
      return; // an item of a list we asked for: the snapshot has it
    }
    Queue q = queue(queues, e.getQueue());
    Member m = q == null ? null : member(q, firstText(e.getInterface(), e.getLocation(), e.getStateinterface()));
    if (m == null) {
      return;
    }
    update(m, firstText(e.getMemberName(), e.getName()), e.getStateinterface(), e.getPaused(), e.getPausedreason(),
        e.getStatus(), e.getIncall(), e.getLastPause());
    changed(m);
  }

  private void memberAdded(QueueMemberAddedEvent e) {
    Queue q = queue(queues, e.getQueue());
    Member m = q == null ? null : member(q, firstText(e.getInterface(), e.getLocation()));
    if (m == null) {
      return;
    }
    update(m, e.getMemberName(), e.getStateinterface(), e.getPaused(), e.getPausedReason(), e.getStatus(),
        number(e.getInCall()), e.getLastPause() == null ? null : e.getLastPause().longValue());
    changed(m);
  }

  private void memberRemoved(QueueMemberRemovedEvent e) {
    Queue q = queues.get(AmiText.clean(e.getQueue()));
    String iface = AmiText.clean(firstText(e.getInterface(), e.getLocation()));
    if (q == null || iface == null || q.members.remove(iface) == null) {
      return;
    }
    MemberKey key = new MemberKey(q.name, iface);
    dirtyMembers.remove(key);
    removed.add(key);
    schedule();
  }

  private void callerJoin(QueueCallerJoinEvent e) {
    Queue q = queue(queues, e.getQueue());
    String key = callerKey(e);
    if (q == null || key == null) {
      return;
    }
    if (!q.callers.containsKey(key) && q.callers.size() < MAX_CALLERS) {
      q.callers.put(key, clock.instant());
    }
    queueChanged(q);
  }

  /** Leave, and abandon (which Asterisk raises just before the leave): the caller waits no more. */
  private void callerGone(QueueEvent e) {
    Queue q = queues.get(AmiText.clean(e.getQueue()));
    if (q == null) {
      return;
    }
    String key = callerKey(e);
    boolean gone = key != null && q.callers.remove(key) != null;
    // The count Asterisk reports after a leave: more callers kept than that means a leave was missed (the event queue
    // overflowed); the longest-waiting ones are the likeliest to have gone.
    Integer count = e.getCount();
    if (!replaying && count != null && count >= 0 && q.callers.size() > count) {
      trimOldest(q, count);
      gone = true;
    }
    if (gone) {
      queueChanged(q);
    }
  }

  private void hangup(HangupEvent h) {
    String uniqueid = AmiText.clean(h.getUniqueId());
    String channel = AmiText.clean(h.getChannel());
    for (Queue q : queues.values()) {
      if ((uniqueid != null && q.callers.remove(uniqueid) != null) || (channel != null && q.callers.remove(channel) != null)) {
        queueChanged(q);
      }
    }
  }

  private static void trimOldest(Queue q, int keep) {
    while (q.callers.size() > keep) {
      String oldest = null;
      Instant at = null;
      for (Map.Entry<String, Instant> c : q.callers.entrySet()) {
        if (at == null || c.getValue().isBefore(at)) {
          oldest = c.getKey();
          at = c.getValue();
        }
      }
      q.callers.remove(oldest);
    }
  }

  private static String callerKey(QueueEvent e) {
    return AmiText.clean(firstText(e.getUniqueId(), e.getChannel()));
  }

  // ---------------------------------------------------------------- state

  private static Queue queue(Map<String, Queue> in, String name) {
    String n = AmiText.clean(name);
    if (n == null) {
      return null;
    }
    Queue q = in.get(n);
    if (q == null && in.size() < MAX_QUEUES) {
      q = new Queue(n);
      in.put(n, q);
    }
    return q;
  }

  private static Member member(Queue q, String iface) {
    String i = AmiText.clean(iface);
    if (i == null) {
      return null;
    }
    Member m = q.members.get(i);
    if (m == null && q.members.size() < MAX_MEMBERS) {
      m = new Member(q.name, i);
      q.members.put(i, m);
    }
    return m;
  }

  /** What the event says; what it leaves out stays as it was. A reason only goes with a pause. */
  private static void update(Member m, String name, String stateInterface, Boolean paused, String reason, Integer status,
      Integer inCall, Long lastPause) {
    if (AmiText.clean(name) != null) {
      m.name = AmiText.clean(name);
    }
    if (AmiText.clean(stateInterface) != null) {
      m.stateInterface = AmiText.clean(stateInterface);
    }
    if (paused != null) {
      m.paused = paused;
      m.pausedReason = paused ? AmiText.clean(reason) : null;
    } else if (m.paused && AmiText.clean(reason) != null) {
      m.pausedReason = AmiText.clean(reason);
    }
    if (status != null && status >= 0 && status < DEVICE_STATES.size()) {
      m.status = status;
    }
    if (inCall != null) {
      m.inCallFlag = inCall == 1;
    }
    if (lastPause != null && lastPause >= 0) {
      m.lastPause = lastPause;
    }
  }

  private void changed(Member m) {
    dirtyMembers.add(new MemberKey(m.queue, m.iface));
    schedule();
  }

  private void queueChanged(Queue q) {
    dirtyQueues.add(q.name);
    schedule();
  }

  /** The memberships of an agent's phone: its queue member interface, its state interface, or its extension. */
  List<Member> membersOf(String iface, String extension) {
    List<Member> out = new ArrayList<>();
    for (Queue q : queues.values()) {
      for (Member m : q.members.values()) {
        if ((iface != null && (iface.equals(m.iface) || iface.equals(m.stateInterface)))
            || (extension != null && extension.equals(CallLog.extensionOf(m.iface)))) {
          out.add(m);
        }
      }
    }
    return out;
  }

  /** An agent's memberships as the bar shows them: {@code {"link","interface","queues":[…]}}. */
  JsonObject stateOf(String iface, String extension) {
    JsonArray list = new JsonArray();
    String memberInterface = null;
    for (Member m : membersOf(iface, extension)) {
      list.add(entry(m));
      memberInterface = memberInterface == null ? m.iface : memberInterface;
    }
    return new JsonObject().put("link", link == Link.UP ? "up" : "down").put("interface", memberInterface).put("queues", list);
  }

  /** One queue of the bar: the member's state and the callers waiting in that queue. */
  JsonObject entry(Member m) {
    Queue q = queues.get(m.queue);
    Instant now = clock.instant();
    Instant oldest = null;
    int waiting = 0;
    if (q != null) {
      waiting = q.callers.size();
      for (Instant at : q.callers.values()) {
        oldest = oldest == null || at.isBefore(oldest) ? at : oldest;
      }
    }
    return new JsonObject().put("type", "queue").put("queue", m.queue).put("member", m.name).put("interface", m.iface)
        .put("paused", m.paused).put("pausedReason", m.paused ? m.pausedReason : null)
        .put("pausedSince", m.paused && m.lastPause > 0 ? Instant.ofEpochSecond(m.lastPause).toString() : null)
        .put("status", DEVICE_STATES.get(m.status)).put("inCall", m.inCall())
        .put("callsWaiting", waiting)
        .put("longestWaitSeconds", oldest == null ? 0 : Math.max(0, now.getEpochSecond() - oldest.getEpochSecond()))
        .put("oldestWaitingSince", oldest == null ? null : oldest.toString());
  }

  // ---------------------------------------------------------------- pausing

  /**
   * {@code QueuePause} of the agent's phone in every queue it is a member of (no {@code Queue}: Asterisk pauses it in
   * all), with the reason when pausing. Sent to the interface Asterisk knows the member by; a phone in no queue is
   * Asterisk's "Interface not found", a 422. Once Asterisk said yes the state is set here too (its QueueMemberPause
   * events follow and say the same).
   */
  Future<Void> pause(AmiLink amiLink, String iface, String extension, boolean paused, String reason) {
    if (amiLink == null || amiLink.state() != AmiLink.State.CONNECTED) {
      return Future.failedFuture(down());
    }
    List<Member> mine = membersOf(iface, extension);
    String target = mine.isEmpty() ? iface : mine.get(0).iface;
    QueuePauseAction a = new QueuePauseAction(target, paused);
    if (paused && reason != null) {
      a.setReason(reason);
    }
    return amiLink.send(a, 10_000).recover(t -> Future.failedFuture(t instanceof IllegalStateException
        || t instanceof TimeoutException || t.getCause() instanceof TimeoutException ? down() : t)).compose(r -> {
          if (r instanceof ManagerError) {
            String message = AmiText.clean(String.valueOf(r.getMessage()));
            return Future.failedFuture(message != null && message.toLowerCase(java.util.Locale.ROOT).contains("not found")
                ? new HotlineException(ErrorCode.UNPROCESSABLE, "telephony.notQueueMember", target)
                : new HotlineException(ErrorCode.UNAVAILABLE, "telephony.refused", message));
          }
          for (Member m : membersOf(target, null)) {
            update(m, null, null, paused, paused ? reason : null, null, null, paused ? clock.instant().getEpochSecond() : null);
            changed(m);
          }
          return Future.succeededFuture();
        });
  }

  private static HotlineException down() {
    return new HotlineException(ErrorCode.UNAVAILABLE, "unavailable", new Messages.Key("service.ami"));
  }

  // ---------------------------------------------------------------- telling the agents

  private void schedule() {
    if (flushTimer < 0) {
      flushTimer = vertx.setTimer(FLUSH_MS, id -> flush());
    }
  }

  /** One lookup of who the agents are, then each hears their own memberships as they are now. */
  private void flush() {
    flushTimer = -1;
    Set<String> changedQueues = new LinkedHashSet<>(dirtyQueues);
    Set<MemberKey> changedMembers = new LinkedHashSet<>(dirtyMembers);
    Set<MemberKey> gone = new LinkedHashSet<>(removed);
    Set<String> linked = new LinkedHashSet<>(linkNotices);
    dirtyQueues.clear();
    dirtyMembers.clear();
    removed.clear();
    linkNotices.clear();
    if (!changedQueues.isEmpty() || !changedMembers.isEmpty() || !gone.isEmpty() || !linked.isEmpty()) {
      // The wallboard reads the queues again (it gathers these notices itself).
      vertx.eventBus().publish(Addresses.TELEPHONY_WALLBOARD_CHANGED, new JsonObject());
    }
    Set<String> interfaces = new HashSet<>(linked);
    for (String name : changedQueues) {
      Queue q = queues.get(name);
      if (q != null) {
        interfaces.addAll(q.members.keySet());
      }
    }
    changedMembers.forEach(k -> interfaces.add(k.iface()));
    gone.forEach(k -> interfaces.add(k.iface()));
    if (interfaces.isEmpty()) {
      return;
    }
    publishing = publishing.compose(v -> log.agentsFor(interfaces)).onSuccess(agents -> {
      Map<Long, List<JsonObject>> out = new HashMap<>();
      Set<MemberKey> sent = new HashSet<>();
      for (String name : changedQueues) {
        Queue q = queues.get(name);
        if (q != null) {
          for (Member m : q.members.values()) {
            add(out, agents.get(m.iface), entry(m));
            sent.add(new MemberKey(m.queue, m.iface));
          }
        }
      }
      for (MemberKey k : changedMembers) {
        Queue q = queues.get(k.queue());
        Member m = q == null ? null : q.members.get(k.iface());
        if (m != null && sent.add(k)) {
          add(out, agents.get(k.iface()), entry(m));
        }
      }
      for (MemberKey k : gone) {
        add(out, agents.get(k.iface()), new JsonObject().put("type", "removed").put("queue", k.queue()));
      }
      String state = link == Link.UP ? "up" : "down";
      Set<Long> told = new HashSet<>();
      for (String iface : linked) {
        Long agent = agents.get(iface);
        if (agent != null && told.add(agent)) {
          add(out, agent, new JsonObject().put("type", "link").put("link", state));
        }
      }
      out.forEach((agent, messages) -> messages.forEach(m -> vertx.eventBus().publish(Addresses.phone(agent), m)));
    }).<Void>mapEmpty().recover(t -> {
      LOG.warn("phone bar updates not sent: {}", t.toString());
      return Future.succeededFuture();
    });
  }

  private static void add(Map<Long, List<JsonObject>> out, Long agent, JsonObject message) {
    if (agent != null) {
      out.computeIfAbsent(agent, a -> new ArrayList<>()).add(message);
    }
  }

  // ---------------------------------------------------------------- fields

  private static String firstText(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  private static Integer number(String s) {
    try {
      return s == null || s.isBlank() ? null : Integer.valueOf(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The wallboard's queue figures ({@link Addresses#TELEPHONY_WALLBOARD_QUEUES}): the callers waiting in every queue and
   * when the longest-waiting one joined; the agents, each phone counted once whatever queues it is in (by its state
   * interface, else its member interface), as one of: offline (device unavailable or invalid), talking (in a call, or
   * ringing), paused (with the reason, counted per reason; none is {@code "none"}), else available. Counts only.
   */
  JsonObject wallboard() {
    Instant now = clock.instant();
    Instant oldest = null;
    Set<String> waiting = new HashSet<>();
    Map<String, int[]> agents = new LinkedHashMap<>();
    for (Queue q : queues.values()) {
      for (Map.Entry<String, Instant> c : q.callers.entrySet()) {
        if (waiting.add(c.getKey())) {
          oldest = oldest == null || c.getValue().isBefore(oldest) ? c.getValue() : oldest;
        }
      }
    }
    // Per phone: offline, talking, paused, with the pause reason.
    Map<String, String> reasonOf = new HashMap<>();
    for (Queue q : queues.values()) {
      for (Member m : q.members.values()) {
        String phone = m.stateInterface != null ? m.stateInterface : m.iface;
        int[] s = agents.computeIfAbsent(phone, k -> new int[3]);
        if (m.status == 4 || m.status == 5) {
          s[0]++;
        }
        if (m.inCall() || m.status == 6 || m.status == 7) {
          s[1]++;
        }
        if (m.paused) {
          s[2]++;
          reasonOf.putIfAbsent(phone, m.pausedReason == null ? "none" : m.pausedReason);
        }
      }
    }
    int available = 0;
    int talking = 0;
    int paused = 0;
    int offline = 0;
    JsonObject byReason = new JsonObject();
    for (Map.Entry<String, int[]> a : agents.entrySet()) {
      int[] s = a.getValue();
      if (s[0] > 0) {
        offline++;
      } else if (s[1] > 0) {
        talking++;
      } else if (s[2] > 0) {
        paused++;
        String reason = reasonOf.get(a.getKey());
        byReason.put(reason, byReason.getInteger(reason, 0) + 1);
      } else {
        available++;
      }
    }
    return new JsonObject().put("link", link == Link.UP ? "up" : "down").put("queues", queues.size())
        .put("callsWaiting", waiting.size())
        .put("longestWaitSeconds", oldest == null ? 0 : Math.max(0, now.getEpochSecond() - oldest.getEpochSecond()))
        .put("oldestWaitingSince", oldest == null ? null : oldest.toString())
        .put("agents", new JsonObject().put("total", agents.size()).put("available", available).put("talking", talking)
            .put("paused", paused).put("offline", offline))
        .put("pausedByReason", byReason);
  }

  /** For tests and health: how many queues, members and waiting callers are known. */
  JsonObject status() {
    int members = 0;
    int callers = 0;
    for (Queue q : queues.values()) {
      members += q.members.size();
      callers += q.callers.size();
    }
    return new JsonObject().put("link", link.name().toLowerCase(java.util.Locale.ROOT)).put("queues", queues.size())
        .put("members", members).put("callersWaiting", callers);
  }
}
