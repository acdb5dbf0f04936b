package hotline.telephony;

import hotline.Addresses;
import hotline.Core;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telephony on one node: the call log is always there; the AMI link only when a host is configured, and only on
 * the node holding the PostgreSQL advisory lock, so that events are not logged twice. Losing the lock's connection
 * stops the link; the other nodes keep trying to take it over.
 */
public final class TelephonyVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TelephonyVerticle.class);
  /** The advisory lock key of the AMI link (any fixed number unique to this use). */
  static final long AMI_LOCK = 0x486f746c696e65L;
  private static final java.time.Duration LEADERSHIP_RETRY = java.time.Duration.ofSeconds(5);

  private final Core core;
  private final TelephonySettings settings;
  private final CallbackSettings callbackSettings;
  private Callbacks callbacks;
  private AgiService agi;
  private long dialerTimer = -1;
  private CallLog log;
  private CallRequests requests;
  private io.vertx.core.eventbus.MessageConsumer<JsonObject> dialConsumer;
  private io.vertx.core.eventbus.MessageConsumer<JsonObject> faxConsumer;
  private FaxBridge fax;
  private final Clock clock;
  private CallTracker tracker;
  private AmiLink link;
  /** Null when telephony is off; else whether this node holds the AMI link. */
  private hotline.db.AdvisoryLeader leader;

  public TelephonyVerticle(Core core, TelephonySettings settings, CallbackSettings callbackSettings, Clock clock) {
    this.core = core;
    this.settings = settings;
    this.callbackSettings = callbackSettings;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    log = new CallLog(core.pool(), core.directory().phones(), core.calendar()::zone);
    ScreenPops pops = new ScreenPops(vertx, core, log, clock);
    tracker = new CallTracker(vertx, settings, log, pops, clock);
    vertx.eventBus().localConsumer(Addresses.TELEPHONY_STATUS, m -> m.reply(status()));
    requests = new CallRequests(core, log);
    fax = new FaxBridge(vertx, core.directory().phones(), callbackSettings.outboundContext(), callbackSettings.faxSendContext(),
        callbackSettings.callerId());
    vertx.eventBus().<JsonObject>consumer(Addresses.CALLS_LIST, requests::list);
    vertx.eventBus().<JsonObject>consumer(Addresses.CALLS_LINK, requests::link);
    vertx.eventBus().<JsonObject>consumer(Addresses.AGENT_PHONE_SET, requests::setAgentPhone);
    // A case an agent files while on a call is that call's case.
    vertx.eventBus().<JsonObject>consumer(Addresses.CASE_CREATED, m -> requests.linkToActiveCall(m.body()));
    callbacks = new Callbacks(vertx, core, new CallbackJobs(core.pool(), core.calendar()::zone), callbackSettings, clock);
    vertx.eventBus().<JsonObject>consumer(Addresses.CALLBACKS_CREATE, m -> requests.reply(m,
        () -> callbacks.create(CallRequests.viewer(m.body()), m.body().getLong("caseId"), m.body().getString("kind"))));
    vertx.eventBus().<JsonObject>consumer(Addresses.CALLBACKS_LIST, m -> requests.reply(m,
        () -> callbacks.list(CallRequests.viewer(m.body()), m.body().getLong("caseId")).map(jobs -> new JsonObject().put("items", jobs))));
    vertx.eventBus().<JsonObject>localConsumer(Callbacks.JOB_ADDRESS, m -> requests.reply(m,
        () -> callbacks.jobForIvr(m.body().getLong("jobId"))));
    vertx.eventBus().<JsonObject>localConsumer(Callbacks.RESULT_ADDRESS, m -> requests.reply(m,
        () -> callbacks.ivrResult(m.body().getLong("jobId"), m.body().getString("digit"))));
    if (!settings.enabled()) {
      LOG.info("telephony off: no AMI host configured (HOTLINE_AMI_HOST)");
      return Future.succeededFuture();
    }
    agi = new AgiService(vertx, callbackSettings.agiPort(), new CallbackIvr(vertx));
    agi.start();
    leader = new hotline.db.AdvisoryLeader(vertx, core.pool(), AMI_LOCK, "the AMI link", LEADERSHIP_RETRY, this::lead, this::lostLead);
    leader.start();
    dialerTimer = vertx.setPeriodic(callbackSettings.pollEvery().toMillis(), id -> dial());
    return Future.succeededFuture();
  }

  /** off (no AMI configured or stopped), leader (this node holds the AMI link) or standby. */
  private String role() {
    hotline.db.AdvisoryLeader l = leader;
    return l == null ? "off" : l.leading() ? "leader" : "standby";
  }

  /** This node holds the AMI link (it holds the lock): start it, and answer what only the link's node answers. */
  private void lead() {
    link = new AmiLink(vertx, context, settings, this::onEvent, v -> reconcile());
    link.start();
    // Only the node holding the link answers click-to-call.
    dialConsumer = vertx.eventBus().<JsonObject>consumer(Addresses.CALLS_DIAL, m -> requests.reply(m, () -> clickToCall(m.body())));
    // And sends faxes.
    faxConsumer = vertx.eventBus().<JsonObject>consumer(Addresses.FAX_SEND, m -> requests.reply(m, () -> {
      AmiLink l = link;
      return l == null ? Future.failedFuture(new hotline.errors.HotlineException(hotline.errors.ErrorCode.UNAVAILABLE,
          "unavailable", "telephony")) : fax.send(l, m.body());
    }));
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
    AmiLink l = link;
    link = null;
    if (l != null) {
      l.stop();
    }
  }

  /**
   * Click-to-call: Asterisk rings the agent's own phone first; when the agent answers, it dials the number from the
   * outbound context. The call is then logged like any other.
   */
  private Future<JsonObject> clickToCall(JsonObject body) {
    hotline.users.Principal agent = CallRequests.viewer(body);
    String digits = body.getString("number");
    AmiLink l = link;
    if (l == null || l.state() != AmiLink.State.CONNECTED) {
      return Future.failedFuture(new hotline.errors.HotlineException(hotline.errors.ErrorCode.UNAVAILABLE, "unavailable", "AMI"));
    }
    return log.agentChannel(agent.id(), settings.agentsContext()).compose(channel -> {
      if (channel == null) {
        return Future.failedFuture(new hotline.errors.HotlineException(hotline.errors.ErrorCode.UNPROCESSABLE, "telephony.noPhone"));
      }
      org.asteriskjava.manager.action.OriginateAction o = new org.asteriskjava.manager.action.OriginateAction();
      o.setChannel(channel);
      o.setContext(callbackSettings.outboundContext());
      o.setExten(digits);
      o.setPriority(1);
      o.setCallerId(callbackSettings.callerId());
      o.setTimeout(30_000L);
      o.setAsync(true);
      o.setVariable("HOTLINE_AGENT", String.valueOf(agent.id()));
      if (body.getLong("caseId") != null) {
        o.setVariable("HOTLINE_CASE", String.valueOf(body.getLong("caseId")));
      }
      return l.send(o, 10_000).compose(r -> r instanceof org.asteriskjava.manager.response.ManagerError
          ? Future.failedFuture(new hotline.errors.HotlineException(hotline.errors.ErrorCode.UNAVAILABLE, "unavailable", r.getMessage()))
          : Future.succeededFuture(new JsonObject().put("status", "ringing-agent").put("agentChannel", channel)
              .put("number", digits)));
    });
  }

  private void onEvent(org.asteriskjava.manager.event.ManagerEvent e) {
    if (e instanceof org.asteriskjava.manager.event.OriginateResponseEvent o) {
      callbacks.originateResponse(o);
    }
    tracker.handle(e);
    fax.handle(e);
  }

  private boolean dialing;

  /** One round of the callback dialer, never two at once; only the node holding the AMI link dials. */
  void dial() {
    if (dialing || link == null) {
      return;
    }
    dialing = true;
    callbacks.dial(link).onFailure(t -> LOG.warn("callback dialer round failed: {}", t.toString()))
        .onComplete(ar -> dialing = false);
  }

  private void reconcile() {
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
    return f.eventually(() -> leader == null ? Future.succeededFuture() : leader.stop());
  }
}
