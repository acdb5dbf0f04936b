package hotline.cases;

import hotline.calendar.WorkingCalendar;
import hotline.errors.HotlineException;
import hotline.time.Times;
import hotline.users.Permission;
import hotline.users.Principal;
import hotline.validation.Input;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneId;
import java.util.List;

/**
 * Cases as JSON, with the confidentiality rule: a report's reporter identity (name, phones, e-mail, address and
 * the customer record behind them) is shown only to leaders, the supervision office and the owning agent.
 */
final class CaseViews {

  private CaseViews() {
  }

  /** A case read for a viewer: the view, and whether it shows a report's reporter (what is audited). */
  record Read(JsonObject view, boolean revealsReporter, String number) {
  }

  /**
   * The case as this viewer may see it, its four reads pipelined on {@code conn} (a transaction's too); 404 when there
   * is no such case. Checks neither that the viewer may read it nor audits: the caller does.
   */
  static Future<Read> read(SqlClient conn, Principal viewer, long id, ZoneId zone) {
    return Future.all(
            conn.preparedQuery(CaseSql.CASE).execute(Tuple.of(id)),
            conn.preparedQuery(CaseSql.DISPATCHES).execute(Tuple.of(id)),
            conn.preparedQuery(CaseSql.EVENTS).execute(Tuple.of(id)),
            conn.preparedQuery(CaseSql.ATTACHMENTS).execute(Tuple.of(id)))
        .compose(all -> {
          RowSet<Row> rows = all.resultAt(0);
          if (rows.size() == 0) {
            return Future.failedFuture(HotlineException.notFound("case", id));
          }
          Row c = rows.iterator().next();
          CaseKind kind = Input.parseEnum("kind", c.getString("kind"), CaseKind.class);
          boolean reveal = mayRevealIdentity(viewer, kind, c.getLong("owner_id"));
          JsonObject view = detail(viewer, c, reveal, all.resultAt(1), all.resultAt(2), all.resultAt(3), zone);
          return Future.succeededFuture(new Read(view, kind == CaseKind.REPORT && reveal && !c.getBoolean("anonymous"),
              c.getString("number")));
        });
  }

  /** Whether this viewer may see who filed a case of this kind. */
  static boolean mayRevealIdentity(Principal viewer, CaseKind kind, long ownerId) {
    return !kind.hasConfidentialReporter() || Permission.REPORTER_IDENTITY.allows(viewer, new Permission.Subject(ownerId, false, false, null));
  }

  static JsonObject detail(Principal viewer, Row c, boolean reveal, RowSet<Row> dispatches, RowSet<Row> events, RowSet<Row> attachments,
      ZoneId zone) {
    CaseStatus status = CaseStatus.valueOf(c.getString("status").toUpperCase(java.util.Locale.ROOT));
    JsonObject json = summary(c, zone)
        .put("partyType", c.getString("party_type"))
        .put("content", c.getString("content"))
        .put("anonymous", c.getBoolean("anonymous"))
        .put("respondent", respondent(c))
        .put("createdAt", Times.iso(c.getOffsetDateTime("created_at"), zone))
        .put("instruction", c.getString("instruction"))
        .put("reopenReason", c.getString("reopen_reason"))
        .put("satisfaction", c.getString("satisfaction"))
        .put("closedAt", Times.iso(c.getOffsetDateTime("closed_at"), zone));
    boolean hasIdentity = !c.getBoolean("anonymous");
    if (reveal) {
      json.put("contact", new JsonObject().put("name", c.getString("contact_name"))
              .put("phones", new JsonArray(List.of(c.getArrayOfStrings("contact_phones"))))
              .put("email", c.getString("contact_email")).put("address", c.getString("contact_address")))
          .put("customerId", c.getLong("customer_id"))
          .put("identityMasked", false);
    } else {
      json.put("contact", null).put("customerId", null).put("identityMasked", hasIdentity);
    }
    JsonArray ds = new JsonArray();
    JsonObject current = null;
    Long currentId = c.getLong("current_dispatch_id");
    for (Row d : dispatches) {
      JsonObject dj = dispatch(d, zone);
      ds.add(dj);
      if (currentId != null && currentId.equals(d.getLong("id"))) {
        current = dj;
      }
    }
    json.put("currentDispatch", current).put("dispatches", ds).put("category", c.getString("category"));
    Permission.Subject subject = new Permission.Subject(c.getLong("owner_id"), c.getBoolean("owned_by_gateway"),
        CaseKind.INQUIRY.name().equalsIgnoreCase(c.getString("kind")), current == null ? null : current.getLong("unitId"));
    json.put("allowedActions", new JsonArray(Workflow.allowed(status, viewer, subject)));
    JsonArray timeline = new JsonArray();
    for (Row e : events) {
      timeline.add(new JsonObject().put("id", e.getLong("id")).put("at", Times.iso(e.getOffsetDateTime("at"), zone))
          .put("actorId", e.getLong("actor_id")).put("actor", e.getString("actor_name"))
          .put("action", e.getString("action")).put("channel", e.getString("channel"))
          .put("from", e.getString("from_status")).put("to", e.getString("to_status"))
          .put("note", e.getString("note")).put("detail", e.getJsonObject("detail")));
    }
    json.put("timeline", timeline);
    JsonArray files = new JsonArray();
    for (Row a : attachments) {
      files.add(new JsonObject().put("id", a.getLong("id")).put("name", a.getString("name"))
          .put("contentType", a.getString("content_type")).put("size", a.getLong("size"))
          .put("sha256", a.getString("sha256"))
          // A unit's file sent with its feedback names that dispatch; intake's files none.
          .put("dispatchId", a.getLong("dispatch_id"))
          .put("createdAt", Times.iso(a.getOffsetDateTime("created_at"), zone))
          // Shown in the page (a PDF, a picture) only when the bytes are what the type says; else a download.
          .put("preview", Previews.kind(a.getString("content_type"), a.getBuffer("head").getBytes())));
    }
    return json.put("attachments", files);
  }

  /** The fields every view has. */
  private static JsonObject summary(Row c, ZoneId zone) {
    return new JsonObject()
        .put("id", c.getLong("id"))
        .put("number", c.getString("number"))
        .put("kind", c.getString("kind"))
        .put("channel", c.getString("channel"))
        .put("status", c.getString("status"))
        .put("subject", c.getString("subject"))
        .put("receivedAt", Times.iso(c.getOffsetDateTime("received_at"), zone))
        .put("owner", new JsonObject().put("id", c.getLong("owner_id")).put("name", c.getString("owner_name")))
        .put("round", c.getInteger("round"));
  }

  /** A list row: never the reporter's identity, whoever asks; the detail view shows it to those allowed. */
  static JsonObject listItem(Principal viewer, Row c, WorkingCalendar calendar, java.time.LocalDate today) {
    ZoneId zone = calendar.zone();
    boolean report = CaseKind.REPORT.name().equalsIgnoreCase(c.getString("kind"));
    JsonObject json = summary(c, zone)
        .put("contactName", report ? null : c.getString("contact_name"))
        .put("identityMasked", report && !c.getBoolean("anonymous"))
        .put("satisfaction", c.getString("satisfaction"));
    Long dispatchId = c.getLong("dispatch_id");
    // What this viewer may do now, as on the case page: a list row can take a step without reading the whole case.
    CaseStatus status = Input.parseEnum("status", c.getString("status"), CaseStatus.class);
    Permission.Subject subject = new Permission.Subject(c.getLong("owner_id"), c.getBoolean("owned_by_gateway"),
        CaseKind.INQUIRY.name().equalsIgnoreCase(c.getString("kind")), dispatchId == null ? null : c.getLong("unit_id"));
    json.put("allowedActions", new JsonArray(Workflow.allowed(status, viewer, subject)));
    if (dispatchId != null) {
      json.put("currentDispatch", new JsonObject().put("id", dispatchId).put("unitId", c.getLong("unit_id"))
          .put("unitName", c.getString("unit_name")).put("dueAt", Times.iso(c.getOffsetDateTime("due_at"), zone))
          .put("status", c.getString("dispatch_status")).put("overdue", c.getBoolean("overdue"))
          // The deadline in working days, as the hotline counts them: 0 due today, negative past it.
          .put("workingDaysLeft", calendar.workingDaysLeft(today, c.getOffsetDateTime("due_at").atZoneSameInstant(zone).toLocalDate()))
          .put("feedbackAt", Times.iso(c.getOffsetDateTime("feedback_at"), zone))
          // The start of the unit's feedback, for a reviewer's list; the case page has all of it.
          .put("feedbackExcerpt", c.getString("feedback_excerpt")));
    } else {
      json.put("currentDispatch", null);
    }
    return json;
  }

  private static JsonObject respondent(Row c) {
    if (c.getString("respondent_person") == null && c.getLong("respondent_unit_id") == null
        && c.getString("respondent_unit_name") == null) {
      return null;
    }
    String unitName = c.getString("respondent_unit_name");
    return new JsonObject().put("person", c.getString("respondent_person")).put("unitId", c.getLong("respondent_unit_id"))
        .put("unitName", unitName != null ? unitName : c.getString("respondent_unit_label"));
  }

  static JsonObject dispatch(Row d, ZoneId zone) {
    return new JsonObject()
        .put("id", d.getLong("id"))
        .put("round", d.getInteger("round"))
        .put("unitId", d.getLong("unit_id"))
        .put("unitName", d.getString("unit_name"))
        .put("contact", d.getLong("contact_id") == null ? null : new JsonObject().put("id", d.getLong("contact_id"))
            .put("name", d.getString("contact_name")).put("email", d.getString("contact_email"))
            .put("fax", d.getString("contact_fax")).put("phone", d.getString("contact_phone")))
        .put("method", d.getString("method"))
        .put("reason", d.getString("reason"))
        .put("supervisedBy", d.getString("supervised_by"))
        .put("dispatchedAt", Times.iso(d.getOffsetDateTime("dispatched_at"), zone))
        .put("workingDays", d.getInteger("working_days"))
        .put("dueAt", Times.iso(d.getOffsetDateTime("due_at"), zone))
        .put("provisional", d.getBoolean("provisional"))
        .put("receivedAt", Times.iso(d.getOffsetDateTime("received_at"), zone))
        .put("receiptMethod", d.getString("receipt_method"))
        .put("feedbackAt", Times.iso(d.getOffsetDateTime("feedback_at"), zone))
        .put("feedback", d.getString("feedback"))
        .put("overdue", d.getBoolean("overdue"))
        .put("overdueAt", Times.iso(d.getOffsetDateTime("overdue_at"), zone))
        .put("status", d.getString("status"))
        // How the form went out: the outbox row's state (pending, sending, sent, failed), none when handed over in person.
        .put("delivery", d.getString("delivery_status") == null ? null : new JsonObject()
            .put("status", d.getString("delivery_status")).put("attempts", d.getInteger("delivery_attempts"))
            .put("deliveredAt", Times.iso(d.getOffsetDateTime("delivered_at"), zone))
            .put("error", d.getString("delivery_error"))
            // What the gateway reported: a fax's pages and remote station id, a mail's Message-ID, a bounce.
            .put("detail", d.getJsonObject("delivery")));
  }
}
