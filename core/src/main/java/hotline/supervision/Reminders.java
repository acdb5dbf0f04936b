package hotline.supervision;

import hotline.calendar.WorkingCalendar;
import hotline.cases.CaseEvents;
import hotline.cases.CaseService;
import hotline.cases.CaseStatus;
import hotline.cases.CaseTimeline;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.outbox.Outbox;
import hotline.time.Times;
import hotline.users.Permission;
import hotline.users.Principal;
import hotline.validation.Input;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reminders (催办): the supervision office presses the unit of a case's open dispatch. By mail or fax the reminder is a
 * row in the outbox to the unit's first responsible person, written in the same transaction as its timeline entry
 * (written first, sent second by the gateway); one reminder a channel a dispatch a day: pressing again the same day
 * answers the one queued ({@code alreadySent}) and queues nothing. By callback it is an automated callback of receipt
 * kind (the telephony side's job), recorded here once that job exists. The reminder text is in Chinese and names the
 * case number, the round, the deadline and the working days late.
 */
public final class Reminders {

  public static final String KIND = Outbox.KIND_REMINDER;
  public static final List<String> CHANNELS = List.of("email", "fax", "callback");

  private static final String TARGET =
      "SELECT c.id, c.number, c.status, d.id AS dispatch_id, d.round, d.unit_id, un.name AS unit_name, d.dispatched_at, "
          + "d.due_at, d.received_at, uc.name AS contact_name, uc.email, uc.fax, uc.phone "
          + "FROM cases c JOIN dispatches d ON d.id = c.current_dispatch_id AND d.status = 'open' "
          + "JOIN units un ON un.id = d.unit_id "
          + "LEFT JOIN LATERAL (SELECT name, email, fax, phone FROM unit_contacts WHERE unit_id = d.unit_id AND active "
          + "  ORDER BY NOT first_responsible, id LIMIT 1) uc ON true "
          + "WHERE c.id = $1 FOR UPDATE OF c";
  private static final String NUMBER = "SELECT number FROM cases WHERE id = $1";
  private static final String INSERT =
      "INSERT INTO outbox (channel, kind, dedupe_key, case_id, dispatch_id, recipient, recipient_name, payload, status, "
          + "next_attempt_at, created_at) VALUES ($1, 'reminder', $2, $3, $4, $5, $6, $7, 'pending', $8, $8) "
          + "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id";
  private static final String QUEUED = "SELECT id, status FROM outbox WHERE dedupe_key = $1";
  private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm");

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final Supplier<WorkingCalendar> calendar;
  private final CaseService cases;

  public Reminders(Vertx vertx, Pool pool, Clock clock, Supplier<WorkingCalendar> calendar, CaseService cases) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.calendar = calendar;
    this.cases = cases;
  }

  /** The channel asked for, checked: {@code email}, {@code fax} or {@code callback}. */
  public static String channel(JsonObject body) {
    String channel = Input.of(body).required("channel", 20);
    if (!CHANNELS.contains(channel)) {
      throw HotlineException.invalidAt("channel", "reminder.channel");
    }
    return channel;
  }

  /**
   * A reminder by mail or fax: answers {@code {"channel","outboxId","alreadySent","recipient",…}}. The case must have an
   * open dispatch (409 otherwise) and its unit's first responsible person an address for the channel (422).
   */
  public Future<JsonObject> send(Principal p, long caseId, String channel) {
    if (!Permission.CASE_REMIND.allows(p)) {
      return Future.failedFuture(Permission.CASE_REMIND.refusal());
    }
    if (!"email".equals(channel) && !"fax".equals(channel)) {
      return Future.failedFuture(HotlineException.invalidAt("channel", "reminder.channel"));
    }
    Instant now = clock.instant();
    WorkingCalendar cal = calendar.get();
    return cases.checkReadable(p, caseId).compose(v -> pool.withTransaction(tx -> target(tx, caseId).compose(t -> {
      String recipient = "email".equals(channel) ? t.getString("email") : t.getString("fax");
      if (recipient == null) {
        return Future.failedFuture(new HotlineException(ErrorCode.UNPROCESSABLE,
            "email".equals(channel) ? "dispatch.noEmail" : "dispatch.noFax", t.getString("contact_name")));
      }
      JsonObject payload = payload(t, cal, now);
      LocalDate today = LocalDate.ofInstant(now, cal.zone());
      String key = "reminder:" + t.getLong("dispatch_id") + ":" + channel + ":" + today;
      return tx.preparedQuery(INSERT).execute(Tuple.from(new Object[] {channel, key, caseId, t.getLong("dispatch_id"),
          recipient, t.getString("contact_name"), payload, Times.utc(now)})).compose(rows -> {
        JsonObject answer = new JsonObject().put("caseId", caseId).put("number", t.getString("number")).put("channel", channel)
            .put("recipient", recipient).put("recipientName", t.getString("contact_name"))
            .put("unitName", t.getString("unit_name")).put("daysLate", payload.getInteger("daysLate"));
        if (rows.size() == 0) {
          return tx.preparedQuery(QUEUED).execute(Tuple.of(key)).map(q -> answer.put("alreadySent", true)
              .put("outboxId", q.iterator().next().getLong("id")).put("outboxStatus", q.iterator().next().getString("status")));
        }
        long outboxId = rows.iterator().next().getLong(0);
        return entry(tx, p, t, now, channel, new JsonObject().put("outboxId", outboxId).put("recipientName", t.getString("contact_name")),
            payload).map(x -> answer.put("alreadySent", false).put("outboxId", outboxId).put("outboxStatus", "pending"));
      });
    }))).onSuccess(a -> {
      if (!a.getBoolean("alreadySent")) {
        published(caseId, a.getString("number"));
      }
    });
  }

  /**
   * A reminder by automated callback: {@code start} asks the telephony side for a receipt callback (its own checks: the
   * case dispatched, a number to call) and answers the job; once it exists the reminder is on the timeline.
   */
  public Future<JsonObject> callback(Principal p, long caseId, Supplier<Future<JsonObject>> start) {
    if (!Permission.CASE_REMIND.allows(p)) {
      return Future.failedFuture(Permission.CASE_REMIND.refusal());
    }
    Instant now = clock.instant();
    WorkingCalendar cal = calendar.get();
    return cases.checkReadable(p, caseId)
        .compose(v -> pool.preparedQuery(TARGET.replace(" FOR UPDATE OF c", "")).execute(Tuple.of(caseId)))
        .compose(rows -> rows.size() == 0 ? noOpenDispatch(caseId) : start.get())
        .compose(job -> pool.withTransaction(tx -> target(tx, caseId).compose(t -> entry(tx, p, t, now, "callback",
                new JsonObject().put("callbackId", job.getValue("id")).put("recipientName", t.getString("contact_name")),
                payload(t, cal, now))
            .map(x -> new JsonObject().put("caseId", caseId).put("number", t.getString("number")).put("channel", "callback")
                .put("alreadySent", false).put("callback", job).put("unitName", t.getString("unit_name"))
                .put("daysLate", payload(t, cal, now).getInteger("daysLate"))))))
        .onSuccess(a -> published(caseId, a.getString("number")));
  }

  private Future<Row> target(SqlConnection tx, long caseId) {
    return tx.preparedQuery(TARGET).execute(Tuple.of(caseId))
        .compose(rows -> rows.size() == 0 ? noOpenDispatch(caseId) : Future.succeededFuture(rows.iterator().next()));
  }

  private <T> Future<T> noOpenDispatch(long caseId) {
    return pool.preparedQuery(NUMBER).execute(Tuple.of(caseId)).compose(rows -> Future.failedFuture(
        new HotlineException(ErrorCode.CONFLICT, "reminder.noOpenDispatch", rows.size() == 0 ? caseId : rows.iterator().next().getString(0))));
  }

  private static Future<Void> entry(SqlConnection tx, Principal p, Row t, Instant now, String channel, JsonObject more,
      JsonObject payload) {
    CaseStatus status = Input.parseEnum("status", t.getString("status"), CaseStatus.class);
    JsonObject detail = new JsonObject().put("channel", channel).put("dispatchId", t.getLong("dispatch_id"))
        .put("round", t.getInteger("round")).put("unitId", t.getLong("unit_id")).put("unitName", t.getString("unit_name"))
        .put("dueAt", payload.getString("dueAt")).put("daysLate", payload.getInteger("daysLate")).mergeIn(more);
    return CaseTimeline.append(tx, new CaseTimeline.Entry(t.getLong("id"), p, now, "remind",
        "callback".equals(channel) ? "phone" : channel, status, status, null, detail));
  }

  private void published(long caseId, String number) {
    vertx.eventBus().publish(CaseEvents.CHANGED, new JsonObject().put("caseId", caseId).put("number", number)
        .put("action", "remind"));
  }

  /** What the gateway renders: the subject and text of the reminder, and its lines for a fax sheet. */
  static JsonObject payload(Row t, WorkingCalendar cal, Instant now) {
    ZoneId zone = cal.zone();
    LocalDate today = LocalDate.ofInstant(now, zone);
    java.time.ZonedDateTime due = t.getOffsetDateTime("due_at").atZoneSameInstant(zone);
    int left = cal.workingDaysLeft(today, due.toLocalDate());
    boolean late = due.toInstant().isBefore(now);
    int daysLate = late ? Math.max(0, -left) : 0;
    String number = t.getString("number");
    String unit = t.getString("unit_name");
    String name = t.getString("contact_name") == null ? unit : t.getString("contact_name");
    int round = t.getInteger("round");
    boolean received = t.getOffsetDateTime("received_at") != null;
    String state = late ? "已逾期 " + daysLate + " 个工作日" + (daysLate == 0 ? "（今日已过办理时限）" : "")
        : left == 0 ? "今日到期" : "距办理期限还有 " + left + " 个工作日";
    String dueText = DUE.format(due);
    String subject = "[" + number + "] 督办提醒：第" + round + "次派单" + (late ? "已逾期" : "请按期办理");
    String text = name + "：\n\n"
        + "工单 " + number + "（第" + round + "次派单）已派至" + unit + "办理，办理期限为 " + dueText + "，" + state + "。\n"
        + (received ? "" : "该派单尚未确认收到，请先确认签收。\n")
        + "请抓紧办理并及时反馈办理结果。如需延期，请说明理由。\n\n"
        + "—— 整顿办（督办提醒）\n";
    JsonArray fields = new JsonArray()
        .add(new JsonObject().put("label", "工单编号").put("value", number))
        .add(new JsonObject().put("label", "受诉单位").put("value", unit))
        .add(new JsonObject().put("label", "第一责任人").put("value", name))
        .add(new JsonObject().put("label", "派单轮次").put("value", "第" + round + "次派单"))
        .add(new JsonObject().put("label", "办理期限").put("value", dueText))
        .add(new JsonObject().put("label", "办理情况").put("value", state + (received ? "" : "，尚未确认收到")))
        .add(new JsonObject().put("label", "督办要求").put("value", "请抓紧办理并及时反馈办理结果。如需延期，请说明理由。"));
    return new JsonObject().put("number", number).put("round", round).put("unitName", unit).put("contactName", name)
        .put("dueAt", Times.iso(t.getOffsetDateTime("due_at"), zone)).put("daysLate", daysLate).put("overdue", late)
        .put("received", received).put("title", "督办通知单").put("subject", subject).put("text", text).put("fields", fields);
  }
}
