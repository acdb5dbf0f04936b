package hotline.telephony;

import hotline.Core;
import hotline.calendar.WorkingCalendar;
import hotline.cases.Action;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.users.Permission;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Map;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callback dialer and what the IVR hears. Jobs are rows; the dialer claims the due ones (working days, calling
 * hours only), originates each into the callback context, and records every attempt. Busy, no answer and failure
 * retry after the spacing until the attempts are used; an answered call is handed to the FastAGI script, whose key
 * lands on the case through the core's own transitions (follow-up, or receipt by callback).
 */
final class Callbacks {

  private static final Logger LOG = LoggerFactory.getLogger(Callbacks.class);
  static final String JOB_ADDRESS = "telephony.callbacks.job";
  static final String RESULT_ADDRESS = "telephony.callbacks.result";
  private static final Map<String, String> SATISFACTION = Map.of("1", "very_satisfied", "2", "satisfied", "3", "unsatisfied");

  private final Vertx vertx;
  private final Core core;
  private final CallbackJobs jobs;
  private final CallbackSettings settings;
  private final Clock clock;
  /** A dialer round is under way. */
  private boolean dialing;

  Callbacks(Vertx vertx, Core core, CallbackJobs jobs, CallbackSettings settings, Clock clock) {
    this.vertx = vertx;
    this.core = core;
    this.jobs = jobs;
    this.settings = settings;
    this.clock = clock;
  }

  /** A job for a case the requester may read: satisfaction calls the customer, receipt calls the unit's person. */
  Future<JsonObject> create(Principal p, long caseId, String kind) {
    return core.cases().get(p, caseId).compose(c -> {
      // Started by the case's owner, the supervision office or a leader (the permission table).
      JsonObject current = c.getJsonObject("currentDispatch");
      Permission.Subject subject = new Permission.Subject(c.getJsonObject("owner").getLong("id"), false,
          "inquiry".equals(c.getString("kind")), current == null ? null : current.getLong("unitId"));
      if (!Permission.CALLBACK_START.allows(p, subject)) {
        return Future.failedFuture(Permission.CALLBACK_START.refusal());
      }
      if (kind == null) {
        return Future.failedFuture(HotlineException.invalid("required", "kind"));
      }
      if (!"satisfaction".equals(kind) && !"receipt".equals(kind)) {
        return Future.failedFuture(HotlineException.invalid("invalidValue", "kind", kind));
      }
      String number;
      Long dispatchId = null;
      if ("satisfaction".equals(kind)) {
        if (!"handled".equals(c.getString("status"))) {
          return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "callback.notHandled"));
        }
        JsonObject contact = c.getJsonObject("contact");
        JsonArray phones = contact == null ? new JsonArray() : contact.getJsonArray("phones", new JsonArray());
        number = phones.isEmpty() ? null : phones.getString(0);
      } else {
        JsonObject d = c.getJsonObject("currentDispatch");
        if (d == null || !"dispatched".equals(c.getString("status"))) {
          return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "callback.notDispatched"));
        }
        dispatchId = d.getLong("id");
        number = d.getJsonObject("contact") == null ? null : d.getJsonObject("contact").getString("phone");
      }
      if (number == null) {
        return Future.failedFuture(new HotlineException(ErrorCode.UNPROCESSABLE, "callback.noNumber"));
      }
      String digits = number.replaceAll("[^0-9]", "");
      return jobs.create(kind, caseId, dispatchId, digits, settings.maxAttempts(), p.id())
          .compose(id -> jobs.forCase(caseId).map(all -> {
            for (Object o : all) {
              if (((JsonObject) o).getLong("id") == id) {
                return (JsonObject) o;
              }
            }
            return new JsonObject().put("id", id);
          }));
    });
  }

  Future<JsonArray> list(Principal p, long caseId) {
    // A satisfaction call goes to whoever wrote in: of a report, to its reporter. Who may not see the reporter does not
    // see those calls at all (no number, no row); receipt calls go to units and stay.
    return core.cases().checkReadable(p, caseId)
        .compose(v -> core.cases().identityVisible(p, caseId))
        .compose(visible -> jobs.forCase(caseId).map(all -> visible ? all : new JsonArray(all.stream()
            .filter(j -> !"satisfaction".equals(((JsonObject) j).getString("kind"))).toList())));
  }

  /** Whether the clock is inside calling hours on a working day. */
  boolean callingTime(Instant now) {
    WorkingCalendar cal = core.calendar().get();
    ZonedDateTime local = now.atZone(cal.zone());
    LocalTime t = local.toLocalTime();
    return cal.isWorkingDay(local.toLocalDate()) && !t.isBefore(settings.callingFrom()) && t.isBefore(settings.callingUntil());
  }

  /** The dialer's timer: one round, never two at once; only the node holding the AMI link dials. */
  void dialRound(AmiLink link) {
    if (dialing || link == null) {
      return;
    }
    dialing = true;
    dial(link).onFailure(t -> LOG.warn("callback dialer round failed: {}", t.toString()))
        .onComplete(ar -> dialing = false);
  }

  /** One round of the dialer: release stale jobs, claim the due ones, originate each. */
  Future<Integer> dial(AmiLink link) {
    Instant now = clock.instant();
    if (link == null || link.state() != AmiLink.State.CONNECTED || !callingTime(now)) {
      return Future.succeededFuture(0);
    }
    return jobs.claimDue(Duration.ofMinutes(10), 10)
        .compose(due -> {
          Future<Void> all = Future.succeededFuture();
          for (CallbackJobs.Job job : due) {
            all = all.compose(v -> originate(link, job));
          }
          return all.map(due.size());
        });
  }

  private Future<Void> originate(AmiLink link, CallbackJobs.Job job) {
    OriginateAction o = new OriginateAction();
    o.setChannel("Local/" + job.number() + "@" + settings.outboundContext());
    o.setContext(settings.callbackContext());
    o.setExten("s");
    o.setPriority(1);
    o.setCallerId(settings.callerId());
    o.setTimeout(30_000L);
    o.setAsync(true);
    o.setVariable("HOTLINE_JOB", String.valueOf(job.id()));
    o.setActionId(actionId(job));
    return link.send(o, 10_000)
        .compose(r -> r instanceof ManagerError ? Future.failedFuture(r.getMessage()) : Future.<Void>succeededFuture())
        // Queued: the attempt is logged with its outcome, when Asterisk reports it (OriginateResponse).
        .recover(t -> failed(job, "failed", String.valueOf(t.getMessage())))
        .mapEmpty();
  }

  static String actionId(CallbackJobs.Job job) {
    return "hotline-cb-" + job.id() + "-" + job.attempts();
  }

  /** Asterisk's word on an originate: answered (the IVR takes over), or busy / no answer / failed (retry later). */
  void originateResponse(OriginateResponseEvent e) {
    String id = e.getActionId();
    if (id == null || !id.startsWith("hotline-cb-")) {
      return;
    }
    String[] parts = id.substring("hotline-cb-".length()).split("-");
    if (parts.length != 2) {
      return;
    }
    long jobId = Long.parseLong(parts[0]);
    int attempt = Integer.parseInt(parts[1]);
    jobs.job(jobId).compose(job -> {
      if (job == null || job.attempts() != attempt) {
        // Another attempt's word, or a job settled meanwhile: nothing to record.
        return Future.<Void>succeededFuture();
      }
      if ("Success".equalsIgnoreCase(e.getResponse())) {
        return jobs.attempt(job, "answered", new JsonObject().put("uniqueid", AmiText.clean(e.getUniqueId())));
      }
      Integer reason = e.getReason();
      String outcome = reason == null ? "failed" : switch (reason) {
        case 5 -> "busy";
        case 1, 3 -> "no_answer";
        default -> "failed";
      };
      return failed(job, outcome, "reason " + reason);
    }).onFailure(t -> LOG.warn("callback result not recorded [job: {}]: {}", jobId, t.toString()));
  }

  private Future<Void> failed(CallbackJobs.Job job, String outcome, String why) {
    return jobs.retryOrFail(job, outcome, new JsonObject().put("why", why), settings.spacing())
        .onSuccess(gaveUp -> LOG.info("callback attempt [job: {}, attempt: {}, outcome: {}, job now: {}]", job.id(), job.attempts(),
            outcome, gaveUp ? "failed" : "pending"))
        .mapEmpty();
  }

  /** For the IVR: what the job is, so it knows which prompt to play. */
  Future<JsonObject> jobForIvr(long jobId) {
    return jobs.job(jobId).compose(job -> job == null ? Future.failedFuture(HotlineException.notFound("callback", jobId))
        : Future.succeededFuture(new JsonObject().put("id", job.id()).put("kind", job.kind())
            .put("prompt", "receipt".equals(job.kind()) ? settings.promptReceipt() : settings.promptSatisfaction())
            .put("thanks", settings.promptThanks())));
  }

  /**
   * The key the callee pressed. Satisfaction: 1 very satisfied, 2 satisfied, 3 unsatisfied (a follow-up on the case,
   * on behalf of whoever asked for the call), 4 talk to an agent. Receipt: 1 confirms (receipt by callback). No key:
   * the attempt counts as unanswered and the job retries.
   */
  Future<JsonObject> ivrResult(long jobId, String digit) {
    return jobs.job(jobId).compose(job -> {
      if (job == null) {
        return Future.failedFuture(HotlineException.notFound("callback", jobId));
      }
      if (digit == null || digit.isEmpty()) {
        return failed(job, "no_input", "no key pressed").map(new JsonObject().put("outcome", "no_input"));
      }
      Future<JsonObject> step;
      if ("satisfaction".equals(job.kind()) && SATISFACTION.containsKey(digit)) {
        step = act(job, Action.FOLLOW_UP, new JsonObject().put("satisfaction", SATISFACTION.get(digit))
            .put("note", "回访电话按键 " + digit));
      } else if ("satisfaction".equals(job.kind()) && "4".equals(digit)) {
        step = Future.succeededFuture(new JsonObject().put("outcome", "transfer"));
      } else if ("receipt".equals(job.kind()) && "1".equals(digit)) {
        step = act(job, Action.RECEIPT, new JsonObject().put("method", "callback").put("note", "回拨确认：按键 1"));
      } else {
        return failed(job, "invalid_key", "key " + digit).map(new JsonObject().put("outcome", "invalid_key"));
      }
      return step
          .recover(t -> {
            LOG.warn("callback result not applied to the case [job: {}]: {}", jobId, t.getMessage());
            return Future.succeededFuture(new JsonObject().put("outcome", "not_applied").put("why", t.getMessage()));
          })
          .compose(r -> jobs.done(job, digit, r).map(r.put("digit", digit)));
    });
  }

  private Future<JsonObject> act(CallbackJobs.Job job, Action action, JsonObject body) {
    return core.users().principal(job.requestedBy()).compose(p -> p == null
        ? Future.failedFuture(HotlineException.forbidden())
        : core.cases().transition(p, job.caseId(), action, body).map(c -> new JsonObject().put("outcome", action.id())
            .put("status", c.status())));
  }
}
