package hotline.telephony;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.asteriskjava.manager.event.ManagerEvent;

/**
 * The AMI link's meters: events received by type ({@code hotline_ami_events_total}; the types Hotline handles by
 * name, every other as {@code other}, so the label stays a short closed list), events dropped because the loop was
 * behind, whether the link is up and how often it came back. Counted on Asterisk-Java's reader thread (Micrometer's
 * counters are thread-safe; a type's counter is looked up once).
 */
final class AmiMeters {

  /** Event types (Asterisk-Java's class names without "Event") counted by name; every other is "other". */
  static final Set<String> NAMED = Set.of("AgentCalled", "AgentComplete", "AgentConnect", "AgentRingNoAnswer",
      "BridgeCreate", "BridgeDestroy", "BridgeEnter", "BridgeLeave", "Cdr", "HangupRequest", "Hold", "MusicOnHoldStart",
      "MusicOnHoldStop", "NewConnectedLine", "NewExten", "SoftHangupRequest", "Unhold",
      "Connect", "CoreShowChannel", "CoreShowChannelsComplete", "DialBegin", "DialEnd", "Disconnect", "FullyBooted",
      "Hangup", "HotlineFax", "NewCallerId", "NewChannel", "NewState", "OriginateResponse", "QueueCallerAbandon",
      "QueueCallerJoin", "QueueCallerLeave", "QueueEntry", "QueueMember", "QueueMemberAdded", "QueueMemberPause",
      "QueueMemberPaused", "QueueMemberRemoved", "QueueMemberStatus", "QueueParams", "QueueStatusComplete", "ReceiveFax",
      "SendFax", "VarSet");

  private final MeterRegistry registry;
  private final Map<Class<?>, Counter> byClass = new ConcurrentHashMap<>();
  private final Counter dropped;
  private final Counter reconnects;
  private final AtomicInteger up = new AtomicInteger();
  private final Gauge upGauge;

  AmiMeters(MeterRegistry registry) {
    this.registry = registry;
    dropped = Counter.builder("hotline.ami.events.dropped").description("AMI events dropped: the event loop was behind")
        .register(registry);
    reconnects = Counter.builder("hotline.ami.reconnects").description("Times the AMI link came back after it was lost")
        .register(registry);
    upGauge = Gauge.builder("hotline.ami.link.up", up, AtomicInteger::get).description("1 while the AMI link is connected")
        .strongReference(true).register(registry);
  }

  /** The label of an event: its type's name if Hotline handles it, else "other". */
  static String type(Class<?> eventClass) {
    String name = eventClass.getSimpleName();
    if (name.endsWith("Event")) {
      name = name.substring(0, name.length() - "Event".length());
    }
    return NAMED.contains(name) ? name : "other";
  }

  void received(ManagerEvent e) {
    byClass.computeIfAbsent(e.getClass(), c -> Counter.builder("hotline.ami.events").description("AMI events received, by type")
        .tag("type", type(c)).register(registry)).increment();
  }

  void dropped() {
    dropped.increment();
  }

  void up(boolean reconnect) {
    up.set(1);
    if (reconnect) {
      reconnects.increment();
    }
  }

  void down() {
    up.set(0);
  }

  /** The verticle stops (the link moves to another node or the process stops): the gauge goes with it. */
  void close() {
    up.set(0);
    registry.remove(upGauge);
  }
}
