package hotline.telephony;

import hotline.Addresses;
import hotline.Core;
import hotline.db.AdvisoryLeader;
import hotline.users.Permission;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telephony on one node: the call log is always there; the AMI link only when a host is configured, and only on
 * the node holding the PostgreSQL advisory lock, so that events are not logged twice. Losing the lock's connection
 * stops the link; the other nodes keep trying to take it over. This class wires; the work is in its parts.
 */
public final class TelephonyVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TelephonyVerticle.class);
  /** The advisory lock key of the AMI link (any fixed number unique to this use). */
  static final long AMI_LOCK = 0x486f746c696e65L;
  private static final Duration LEADERSHIP_RETRY = Duration.ofSeconds(5);

  private final Core core;
  private final TelephonySettings settings;
  private final CallbackSettings callbackSettings;
  private final Clock clock;
  private CallLog log;
  private CallTracker tracker;
  private CallRequests requests;
  private Callbacks callbacks;
  private ClickToCall clickToCall;
  private FaxBridge fax;
  private AgiService agi;
  private PhoneBar phoneBar;
  private CallStats stats;
  private WallboardFigures wallboard;
  /** The queues as Asterisk has them, while this node holds the AMI link. */
  private QueueDesk queueDesk;
  private long dialerTimer = -1;
  /** Null when telephony is off; else whether this node holds the AMI link. */
  private AdvisoryLeader leader;
  /** The AMI link, while this node holds it. */
  private AmiLink link;
  private AmiMeters meters;
  private MessageConsumer<JsonObject> dialConsumer;
  private MessageConsumer<JsonObject> faxConsumer;
  private MessageConsumer<JsonObject> phoneQueuesConsumer;
  private MessageConsumer<JsonObject> phonePauseConsumer;
  private MessageConsumer<JsonObject> wallboardQueuesConsumer;

  public TelephonyVerticle(Core core, TelephonySettings settings, CallbackSettings callbackSettings, Clock clock) {
    this.core = core;
    this.settings = settings;
    this.callbackSettings = callbackSettings;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    createParts();
    Future<Void> fut = answerCallLog();
    fut = fut.compose(v -> answerCallbacks());
    if (!settings.enabled()) {
      LOG.info("telephony off: no AMI host configured (HOTLINE_AMI_HOST)");
      return fut;
    }
    fut = fut.compose(v -> startAgi());
    fut = fut.compose(v -> startLeadership());
    return fut.compose(v -> startDialer());
  }

  private void createParts() {
    log = new CallLog(core.pool(), core.directory().phones(), core.calendar()::zone, settings.recordingUrl());
    tracker = new CallTracker(vertx, settings, log, new ScreenPops(vertx, core, log, clock), clock, () -> {
      AmiLink l = link;
      return l == null ? System.nanoTime() : l.arrivedNanos();
    });
    meters = new AmiMeters(hotline.metrics.Meters.of(vertx));
    requests = new CallRequests(core, log, vertx.eventBus());
    callbacks = new Callbacks(vertx, core, new CallbackJobs(core.outbox(), core.pool(), core.calendar()::zone), callbackSettings, clock);
    clickToCall = new ClickToCall(log, settings, callbackSettings);
    fax = new FaxBridge(vertx, core.directory().phones(), callbackSettings.outboundContext(), callbackSettings.faxSendContext(),
        callbackSettings.callerId());
    stats = new CallStats(core.pool());
    phoneBar = new PhoneBar(vertx, log, settings, core.calendar()::zone, clock);
    wallboard = new WallboardFigures(vertx, core.pool(), settings, core.calendar()::zone, clock);
  }

  /** Status and the call log's requests, on every node (the log is in the database). */
  private Future<Void> answerCallLog() {
    EventBus bus = vertx.eventBus();
    return registered(
        bus.localConsumer(Addresses.TELEPHONY_STATUS, m -> hotline.bus.Bus.reply(m, () -> io.vertx.core.Future.succeededFuture(status()))),
        bus.<JsonObject>consumer(Addresses.CALLS_LIST, requests::list),
        bus.<JsonObject>consumer(Addresses.CALLS_LINK, requests::link),
        bus.<JsonObject>consumer(Addresses.CALLS_HANDLE, requests::handle),
        bus.<JsonObject>consumer(Addresses.AGENT_PHONE_SET, m -> requests.setAgentPhone(m,
            () -> bus.publish(Addresses.AGENT_PHONES_CHANGED, new JsonObject()))),
        bus.<JsonObject>consumer(Addresses.AGENT_PHONES_LIST, requests::agentPhones),
        bus.consumer(Addresses.AGENT_PHONES_CHANGED, m -> log.forgetAgents()),
        // The agent's phone bar: the call log here, the queues from the node holding the link.
        bus.<JsonObject>consumer(Addresses.PHONE_BAR, m -> requests.reply(m,
            () -> phoneBar.bar(CallRequests.viewer(m.body(), Permission.PHONE_BAR)))),
        // The wallboard's phone figures: the call log and callbacks here, the queues from the node holding the link.
        bus.<JsonObject>consumer(Addresses.TELEPHONY_WALLBOARD, m -> requests.reply(m, wallboard::figures)),
        // A case an agent files while on a call is that call's case.
        bus.<JsonObject>consumer(Addresses.CASE_CREATED, m -> requests.linkToActiveCall(m.body())),
        // The bulletin's telephony section, from the call log.
        bus.<JsonObject>consumer(Addresses.STATS_CALLS, m -> requests.reply(m, () -> stats.figures(m.body()))));
  }

  /** Callback jobs (any node), and what the FastAGI script of this node asks. */
  private Future<Void> answerCallbacks() {
    EventBus bus = vertx.eventBus();
    return registered(
        bus.<JsonObject>consumer(Addresses.CALLBACKS_CREATE, m -> requests.reply(m,
            () -> callbacks.create(CallRequests.viewer(m.body(), Permission.CALLBACK_START), m.body().getLong("caseId"), m.body().getString("kind")))),
        bus.<JsonObject>consumer(Addresses.CALLBACKS_LIST, m -> requests.reply(m,
            () -> callbacks.list(CallRequests.viewer(m.body(), Permission.CALLBACK_LIST), m.body().getLong("caseId"))
                .map(jobs -> new JsonObject().put("items", jobs)))),
        bus.<JsonObject>localConsumer(Callbacks.JOB_ADDRESS, m -> requests.reply(m,
            () -> callbacks.jobForIvr(m.body().getLong("jobId")))),
        bus.<JsonObject>localConsumer(Callbacks.RESULT_ADDRESS, m -> requests.reply(m,
            () -> callbacks.ivrResult(m.body().getLong("jobId"), m.body().getString("digit")))));
  }

  /** Done once every consumer is registered (on a cluster: known to the other nodes). */
  private static Future<Void> registered(MessageConsumer<?>... consumers) {
    return Future.all(Stream.of(consumers).map(MessageConsumer::completion).toList()).mapEmpty();
  }

  /** The FastAGI server the callback context calls into (it binds on a thread of its own). */
  private Future<Void> startAgi() {
    agi = new AgiService(vertx, callbackSettings.agiPort(), new CallbackIvr(vertx));
    agi.start();
    return Future.succeededFuture();
  }

  /** Tries for the AMI link's lock now and after every loss; {@link #lead()} runs when this node gets it. */
  private Future<Void> startLeadership() {
    leader = new AdvisoryLeader(vertx, core.pool(), AMI_LOCK, "the AMI link", LEADERSHIP_RETRY, this::lead, this::lostLead);
    leader.start();
    return Future.succeededFuture();
  }

  private Future<Void> startDialer() {
    dialerTimer = vertx.setPeriodic(callbackSettings.pollEvery().toMillis(), id -> callbacks.dialRound(link));
    return Future.succeededFuture();
  }

  /** off (no AMI configured or stopped), leader (this node holds the AMI link) or standby. */
  private String role() {
    AdvisoryLeader l = leader;
    return l == null ? "off" : l.leading() ? "leader" : "standby";
  }

  /** This node holds the AMI link (it holds the lock): start it, and answer what only the link's node answers. */
  private void lead() {
    queueDesk = new QueueDesk(vertx, log, clock);
    link = new AmiLink(vertx, context, settings, this::onEvent, v -> reconcile(), meters);
    link.start();
    // Only the node holding the link answers click-to-call.
    dialConsumer = vertx.eventBus().<JsonObject>consumer(Addresses.CALLS_DIAL, m -> requests.reply(m,
        () -> clickToCall.dial(link, CallRequests.viewer(m.body(), Permission.CALL_DIAL), m.body().getString("number"), m.body().getLong("caseId"))));
    // And sends faxes.
    faxConsumer = vertx.eventBus().<JsonObject>consumer(Addresses.FAX_SEND, m -> requests.reply(m, () -> fax.send(link, m.body())));
    // And knows the queues: what an agent's phone is in them, and pausing it.
    QueueDesk desk = queueDesk;
    phoneQueuesConsumer = vertx.eventBus().<JsonObject>consumer(Addresses.PHONE_QUEUES, m -> requests.reply(m,
        () -> io.vertx.core.Future.succeededFuture(PhoneBar.queuesOf(desk, m.body()))));
    phonePauseConsumer = vertx.eventBus().<JsonObject>consumer(Addresses.PHONE_PAUSE, m -> requests.reply(m,
        () -> phoneBar.pause(link, desk, CallRequests.viewer(m.body(), Permission.PHONE_PAUSE),
            m.body().getBoolean("paused"), m.body().getString("reason"))));
    wallboardQueuesConsumer = vertx.eventBus().<JsonObject>consumer(Addresses.TELEPHONY_WALLBOARD_QUEUES, m -> requests.reply(m,
        () -> io.vertx.core.Future.succeededFuture(desk.wallboard())));
  }

  /** The lock's connection dropped: another node takes the link. */
  private void lostLead() {
    if (dialConsumer != null) {
      dialConsumer.unregister();
      dialConsumer = null;
    }
    if (faxConsumer != null) {
      faxConsumer.unregister();
      faxConsumer = null;
    }
    for (MessageConsumer<JsonObject> c : java.util.Arrays.asList(phoneQueuesConsumer, phonePauseConsumer, wallboardQueuesConsumer)) {
      if (c != null) {
        c.unregister();
      }
    }
    phoneQueuesConsumer = null;
    phonePauseConsumer = null;
    wallboardQueuesConsumer = null;
    if (queueDesk != null) {
      queueDesk.stop();
      queueDesk = null;
    }
    AmiLink l = link;
    link = null;
    if (l != null) {
      l.stop();
    }
  }

  private void onEvent(ManagerEvent e) {
    if (e instanceof OriginateResponseEvent o) {
      callbacks.originateResponse(o);
    }
    tracker.handle(e);
    fax.handle(e);
    QueueDesk desk = queueDesk;
    if (desk != null) {
      desk.handle(e);
    }
  }

  /** After each (re)connect: the stream's position first, then what Asterisk has up. */
  private void reconcile() {
    QueueDesk desk = queueDesk;
    if (desk != null) {
      desk.refresh(link);
    }
    long position = tracker.position();
    link.liveChannels()
        .compose(live -> tracker.reconcile(live, position))
        .onFailure(t -> LOG.warn("reconciling live channels failed: {}", t.toString()));
  }

  /** For health and metrics. */
  public JsonObject status() {
    JsonObject s = new JsonObject().put("enabled", settings.enabled()).put("role", role());
    AmiLink l = link;
    if (l != null) {
      s.put("ami", l.status());
    }
    QueueDesk desk = queueDesk;
    if (desk != null) {
      s.put("queues", desk.status());
    }
    return s.put("activeCalls", tracker == null ? 0 : tracker.activeCalls());
  }

  @Override
  public Future<?> stop() {
    if (dialerTimer >= 0) {
      vertx.cancelTimer(dialerTimer);
    }
    Future<Void> f = link == null ? Future.succeededFuture() : link.stop();
    if (agi != null) {
      f = f.eventually(() -> agi.stop());
    }
    return f.eventually(() -> leader == null ? Future.succeededFuture() : leader.stop())
        .eventually(() -> {
          meters.close();
          return Future.succeededFuture();
        });
  }
}
