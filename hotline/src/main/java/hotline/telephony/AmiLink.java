package hotline.telephony;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.EventGeneratingAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.QueueStatusAction;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AMI link. Asterisk-Java reads the socket on its own thread; its listener only puts each event in a bounded
 * queue (counting what does not fit) and wakes the event loop, which drains the queue in order. Every blocking call
 * (login, actions, logoff) runs on a worker. A failed first login is retried with backoff; a dropped connection is
 * re-established by Asterisk-Java itself, and each (re)connect asks Asterisk what is up now.
 */
final class AmiLink {

  private static final Logger LOG = LoggerFactory.getLogger(AmiLink.class);
  private static final int DRAIN_BATCH = 512;

  enum State { STOPPED, CONNECTING, CONNECTED, RECONNECTING }

  private final Vertx vertx;
  private final Context context;
  private final TelephonySettings settings;
  private final WorkerExecutor worker;
  private final Consumer<ManagerEvent> events;
  private final Consumer<Void> connected;
  private final BlockingQueue<Arrived> queue;
  private final AmiMeters meters;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile State state = State.STOPPED;
  private volatile ManagerConnection connection;
  private long backoffMs = 1000;
  private long retryTimer = -1;
  private boolean everConnected;
  /** When the event being handled now arrived ({@link System#nanoTime}); set on the loop before each dispatch. */
  private long arrivedNanos;

  /** An event and when Asterisk-Java's reader handed it over. */
  private record Arrived(ManagerEvent event, long nanos) {
  }

  AmiLink(Vertx vertx, Context context, TelephonySettings settings, Consumer<ManagerEvent> events, Consumer<Void> connected,
      AmiMeters meters) {
    this.vertx = vertx;
    this.meters = meters;
    this.context = context;
    this.settings = settings;
    this.events = events;
    this.connected = connected;
    this.queue = new ArrayBlockingQueue<>(settings.eventQueueCapacity());
    this.worker = vertx.createSharedWorkerExecutor("ami", 4);
  }

  void start() {
    state = State.CONNECTING;
    // Building a connection scans Asterisk-Java's event classes (hundreds of milliseconds): on a worker.
    worker.executeBlocking(() -> {
      ManagerConnection c = new ManagerConnectionFactory(settings.host(), settings.port(), settings.username(), settings.secret())
          .createManagerConnection();
      // The dialplan's UserEvent(HotlineFax,…): Asterisk-Java delivers a user event only when its class is registered.
      c.registerUserEventClass(HotlineFaxEvent.class);
      c.addEventListener(this::onEvent);
      return c;
    }, false).onSuccess(c -> {
      connection = c;
      if (state != State.STOPPED) {
        login();
      }
    }).onFailure(t -> LOG.error("AMI connection not set up [{}:{}]: {}", settings.host(), settings.port(), t.toString()));
  }

  /** On Asterisk-Java's reader thread: hand over, never block. */
  private void onEvent(ManagerEvent e) {
    long now = System.nanoTime();
    received.incrementAndGet();
    meters.received(e);
    if (!queue.offer(new Arrived(e, now))) {
      meters.dropped();
      long n = dropped.incrementAndGet();
      if (n == 1 || n % 1000 == 0) {
        LOG.warn("AMI events dropped: the event loop is behind [dropped so far: {}]", n);
      }
      return;
    }
    if (draining.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  private void drain() {
    for (int i = 0; i < DRAIN_BATCH; i++) {
      Arrived a = queue.poll();
      if (a == null) {
        break;
      }
      ManagerEvent e = a.event();
      arrivedNanos = a.nanos();
      try {
        dispatch(e);
      } catch (RuntimeException ex) {
        LOG.warn("AMI event handling failed [{}]: {}", e.getClass().getSimpleName(), ex.toString());
      }
    }
    if (!queue.isEmpty()) {
      context.runOnContext(v -> drain());
      return;
    }
    draining.set(false);
    if (!queue.isEmpty() && draining.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  private void dispatch(ManagerEvent e) {
    if (e instanceof ConnectEvent) {
      state = State.CONNECTED;
      backoffMs = 1000;
      meters.up(everConnected);
      everConnected = true;
      LOG.info("AMI link up [{}:{}]", settings.host(), settings.port());
      connected.accept(null);
    } else if (e instanceof DisconnectEvent) {
      if (state != State.STOPPED) {
        state = State.RECONNECTING;
        meters.down();
        LOG.warn("AMI link lost; Asterisk-Java reconnects [{}:{}]", settings.host(), settings.port());
      }
      // What mirrors Asterisk's state (the queues) knows it is no longer current.
      events.accept(e);
    } else if (!(e instanceof ResponseEvent r) || (r.getActionId() == null && r.getInternalActionId() == null)
        || e instanceof org.asteriskjava.manager.event.OriginateResponseEvent) {
      // List items answer our own requests; an originate's outcome is news, and so is an event that Asterisk-Java
      // types as a list item but that answers nothing (QueueMemberStatus is a QueueMemberEvent).
      events.accept(e);
    }
  }

  private void login() {
    state = State.CONNECTING;
    worker.executeBlocking(() -> {
      connection.login();
      return null;
    }, false).onFailure(t -> {
      if (state == State.STOPPED) {
        return;
      }
      LOG.warn("AMI login failed, next try in {} ms [{}:{}]: {}", backoffMs, settings.host(), settings.port(), t.toString());
      retryTimer = vertx.setTimer(backoffMs, id -> {
        if (state != State.STOPPED) {
          login();
        }
      });
      backoffMs = Math.min(backoffMs * 2, settings.maxBackoff().toMillis());
    });
  }

  /** Sends an action on a worker; 503-like failure while the link is down. */
  Future<ManagerResponse> send(ManagerAction action, long timeoutMs) {
    ManagerConnection c = connection;
    if (c == null) {
      // Not set up yet: the same failure as Asterisk-Java's while it reconnects.
      return Future.failedFuture(new IllegalStateException("the AMI link is not connected"));
    }
    return worker.executeBlocking(() -> c.sendAction(action, timeoutMs), false);
  }

  /** The channels Asterisk has up now. */
  Future<List<CoreShowChannelEvent>> liveChannels() {
    return listing(new CoreShowChannelsAction()).map(events -> {
      List<CoreShowChannelEvent> out = new ArrayList<>();
      for (ResponseEvent e : events) {
        if (e instanceof CoreShowChannelEvent ch) {
          out.add(ch);
        }
      }
      return out;
    });
  }

  /** {@code QueueStatus} of every queue: its QueueParams, QueueMember and QueueEntry items; fails on an Error. */
  Future<List<ResponseEvent>> queueStatus() {
    return listing(new QueueStatusAction());
  }

  /**
   * An action Asterisk answers with a list of events, on a worker: the events, or a failure when the link is not set
   * up or Asterisk answers Error (an Error is never an empty list: no channels would close every live call).
   */
  private Future<List<ResponseEvent>> listing(EventGeneratingAction action) {
    ManagerConnection c = connection;
    if (c == null) {
      return Future.failedFuture(new IllegalStateException("the AMI link is not connected"));
    }
    return worker.executeBlocking(() -> {
      ResponseEvents r = c.sendEventGeneratingAction(action, 10_000);
      if (r.getResponse() instanceof ManagerError err) {
        throw new IllegalStateException(action.getAction() + " refused: " + AmiText.clean(err.getMessage()));
      }
      return new ArrayList<>(r.getEvents());
    }, false);
  }

  /** While an event is handled: when it arrived from the socket ({@link System#nanoTime}), for the screen pop's timer. */
  long arrivedNanos() {
    return arrivedNanos;
  }

  State state() {
    return state;
  }

  JsonObject status() {
    ManagerConnectionState s = connection == null ? null : connection.getState();
    return new JsonObject().put("state", state.name().toLowerCase(java.util.Locale.ROOT))
        .put("connection", s == null ? null : s.name().toLowerCase(java.util.Locale.ROOT))
        .put("eventsReceived", received.get()).put("eventsDropped", dropped.get()).put("queued", queue.size());
  }

  Future<Void> stop() {
    state = State.STOPPED;
    meters.down();
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
    ManagerConnection c = connection;
    Future<Void> f = c == null ? Future.succeededFuture() : worker.executeBlocking(() -> {
      // Reconnecting too: logging off is what ends Asterisk-Java's own reconnect loop.
      if (c.getState() == ManagerConnectionState.CONNECTED || c.getState() == ManagerConnectionState.RECONNECTING) {
        c.logoff();
      }
      return null;
    }, false);
    return f.eventually(() -> worker.close());
  }
}
