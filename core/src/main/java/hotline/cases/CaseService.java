package hotline.cases;

import hotline.access.AccessService;
import hotline.audit.AuditLog;
import hotline.calendar.WorkingCalendar;
import hotline.db.Pages;
import hotline.directory.PhoneNumbers;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.search.Highlight;
import hotline.search.TextSearch;
import hotline.time.Times;
import hotline.users.Permission;
import hotline.users.Principal;
import hotline.users.Role;
import hotline.validation.Input;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** Filing, reading and listing cases; the lifecycle transitions are in {@link CaseTransitions}. */
public final class CaseService {

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final Supplier<WorkingCalendar> calendar;
  private final PhoneNumbers phones;
  private final CaseSettings settings;
  private final AuditLog audit;
  private final AccessService access;
  private final CaseTransitions transitions;
  private final CasePairStats pairStats;

  public CaseService(Vertx vertx, Pool pool, Clock clock, Supplier<WorkingCalendar> calendar, PhoneNumbers phones,
      CaseSettings settings, AuditLog audit, AccessService access, DispatchSteps dispatchSteps) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.calendar = calendar;
    this.phones = phones;
    this.settings = settings;
    this.audit = audit;
    this.access = access;
    this.transitions = new CaseTransitions(clock, dispatchSteps);
    this.pairStats = new CasePairStats(pool, clock);
  }

  public CaseSettings settings() {
    return settings;
  }

  /**
   * Files a case; the caller becomes its owner (首问负责). Answers the case as its owner sees it. With a
   * {@code sourceRef} (a mail's Message-ID, a fax file, a form's idempotency key) intake is idempotent: the same
   * reference answers the case already filed from it, marked {@code "alreadyFiled": true}, and files nothing.
   */
  public Future<JsonObject> create(Principal p, Intake intake) {
    return file(p, intake).compose(filed -> filed.alreadyFiled()
        ? get(p, filed.id()).map(view -> view.put("alreadyFiled", true))
        // The filer sees what they just typed: an echo, not a view of someone's identity, so not audited.
        : view(p, filed.id(), false));
  }

  /** What filing answers a gateway, without reading the whole case back. */
  public record Filed(long id, String number, CaseKind kind, boolean alreadyFiled) {
  }

  /** Files a case like {@link #create(Principal, Intake)} and answers only what a gateway needs of it. */
  public Future<Filed> file(Principal p, Intake raw) {
    if (!Permission.CASE_FILE.allows(p)) {
      return Future.failedFuture(Permission.CASE_FILE.refusal());
    }
    Instant now = clock.instant();
    Intake c;
    try {
      c = raw.validated(phones, settings, now);
    } catch (HotlineException e) {
      return Future.failedFuture(e);
    }
    int year = now.atZone(calendar.get().zone()).getYear();
    Intake.Contact who = c.contact();
    Intake.Respondent about = c.respondent();
    // The search documents: microseconds for a call's record, on a worker for a long letter's text.
    java.util.concurrent.Callable<CaseSearchDocs> docs = () -> CaseSearchDocs.of(null, c.subject(), c.content(),
        about == null ? null : about.person(), about == null ? null : about.unitName(), who.name(), who.phones(),
        who.email(), who.address());
    if (c.content().length() > 4000) {
      return vertx.executeBlocking(docs, false).compose(d -> file(p, c, d, year, now));
    }
    try {
      return file(p, c, docs.call(), year, now);
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Filed> file(Principal p, Intake c, CaseSearchDocs docs, int year, Instant now) {
    Intake.Contact who = c.contact();
    Intake.Respondent about = c.respondent();
    Tuple intake = Tuple.from(new Object[] {
        year, Input.id(c.kind()), Input.id(c.channel()), Input.id(c.partyType()), c.subject(), c.content(),
        who.name(), who.phones().toArray(String[]::new), who.email(), who.address(),
        c.anonymous(), about == null ? null : about.person(), about == null ? null : about.unitId(),
        about == null ? null : about.unitName(), c.customerId(),
        Times.utc(c.receivedAt()), Times.utc(now), p.id(),
        who.phones().stream().map(phones::normalize).toArray(String[]::new), p.displayName(),
        new JsonObject().put("kind", Input.id(c.kind())).put("attachments", c.attachments().size()), c.sourceRef(), c.category(),
        docs.doc(), docs.title(), docs.identity(), docs.textGrams(), docs.titleGrams(), docs.identityGrams()});
    // Without attachments the one statement is its own transaction; with them, one transaction holds all. Their digests
    // (up to 20 files of 10 MiB) are CPU work: computed on a worker before the transaction begins.
    Future<Row> filed = c.attachments().isEmpty()
        ? pool.preparedQuery(CaseSql.INTAKE).execute(intake).map(rows -> rows.size() == 0 ? null : rows.iterator().next())
        : vertx.executeBlocking(() -> c.attachments().stream().map(f -> sha256(f.data().getBytes())).toList(), false)
            .compose(digests -> pool.withTransaction(tx -> tx.preparedQuery(CaseSql.INTAKE).execute(intake).compose(rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(null);
              }
              Row r = rows.iterator().next();
              return insertAttachments(tx, r.getLong("id"), p, c.attachments(), digests).map(r);
            })));
    return filed.recover(CaseService::translate).compose(r -> {
      if (r == null) {
        return alreadyFiled(p, c.sourceRef());
      }
      JsonObject created = new JsonObject().put("caseId", r.getLong("id")).put("number", r.getString("number"))
          .put("kind", Input.id(c.kind())).put("channel", Input.id(c.channel())).put("ownerId", p.id());
      vertx.eventBus().publish(CaseEvents.CREATED, created);
      return Future.succeededFuture(new Filed(r.getLong("id"), r.getString("number"), c.kind(), false));
    });
  }

  /**
   * The case the same account filed earlier from the same reference, read with a fresh snapshot (a concurrent intake that
   * lost the race to insert sees the winner's committed row here).
   */
  private Future<Filed> alreadyFiled(Principal p, String sourceRef) {
    return pool.preparedQuery(CaseSql.CASE_BY_SOURCE).execute(Tuple.of(p.id(), sourceRef)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(new IllegalStateException("intake from " + sourceRef + " filed nothing and found nothing"));
      }
      Row r = rows.iterator().next();
      return Future.succeededFuture(new Filed(r.getLong("id"), r.getString("number"),
          Input.parseEnum("kind", r.getString("kind"), CaseKind.class), true));
    });
  }

  private static Future<Void> insertAttachments(SqlConnection tx, long caseId, Principal p, List<CaseFile> files,
      List<byte[]> digests) {
    if (files.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new java.util.ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      CaseFile f = files.get(i);
      batch.add(Tuple.from(new Object[] {caseId, f.name(), f.contentType(), (long) f.data().length(),
          Buffer.buffer(digests.get(i)), f.data(), p.userId()}));
    }
    return tx.preparedQuery(CaseSql.INSERT_ATTACHMENT).executeBatch(batch).mapEmpty();
  }

  /** Reads a case with its dispatches, timeline and attachments, masked for the viewer; unmasked report views are audited. */
  public Future<JsonObject> get(Principal p, long id) {
    return visible(p, id).compose(v -> view(p, id, true));
  }

  /** The case as this viewer may see it ({@link CaseViews#read}); an unmasked view of a reporter is audited when asked. */
  private Future<JsonObject> view(Principal p, long id, boolean auditIdentity) {
    return pool.withConnection(conn -> CaseViews.read(conn, p, id, calendar.get().zone())).compose(read -> {
      if (auditIdentity && read.revealsReporter()) {
        return audit.append(p.actor(), "report.identity.view", id, new JsonObject().put("number", read.number()))
            .map(x -> withDeadline(read.view()));
      }
      return Future.succeededFuture(withDeadline(read.view()));
    });
  }

  /**
   * The current dispatch's deadline as the people working it count it: the working days left by the hotline calendar
   * (0 due today, negative past it) and how far it may be extended at most ({@code deadlines.extension-cap}), so that a
   * page can say so before anyone asks.
   */
  private JsonObject withDeadline(JsonObject view) {
    withNextDispatch(view);
    // The subject category with its labels (a key no longer configured keeps its key as the label).
    String category = view.getString("category");
    if (category != null) {
      Categories.Category cat = settings.categories().get(category);
      view.put("categoryLabel", new JsonObject().put("zh-CN", cat == null ? category : cat.zh()).put("en", cat == null ? category : cat.en()));
    }
    JsonObject d = view.getJsonObject("currentDispatch");
    if (d != null && d.getString("dueAt") != null) {
      WorkingCalendar cal = calendar.get();
      java.time.LocalDate today = java.time.LocalDate.now(clock.withZone(cal.zone()));
      java.time.LocalDate due = java.time.OffsetDateTime.parse(d.getString("dueAt")).atZoneSameInstant(cal.zone()).toLocalDate();
      d.put("workingDaysLeft", cal.workingDaysLeft(today, due)).put("extensionCap", settings.extensionCap());
    }
    return view;
  }

  /**
   * For a case whose next step is a dispatch (awaiting instruction, instructed, reopened): the working days the unit will
   * have ({@code deadlines.*} by kind, the provincial centre's own) and the deadline the working-day clock gives for a
   * dispatch now, so that whoever instructs or dispatches sees it before sending.
   */
  private JsonObject withNextDispatch(JsonObject view) {
    CaseStatus status = Input.parseEnum("status", view.getString("status"), CaseStatus.class);
    if (status != CaseStatus.AWAITING_INSTRUCTION && status != CaseStatus.INSTRUCTED && status != CaseStatus.REOPENED) {
      return view;
    }
    WorkingCalendar cal = calendar.get();
    int days = settings.workingDaysFor(Input.parseEnum("kind", view.getString("kind"), CaseKind.class),
        Input.parseEnum("channel", view.getString("channel"), Channel.class));
    hotline.calendar.Deadline due = cal.deadline(clock.instant(), days);
    return view.put("nextDispatch", new JsonObject().put("workingDays", days)
        .put("dueAt", due.due().toOffsetDateTime().toString()).put("provisional", due.provisional()));
  }

  /**
   * The case as the people of a unit it was dispatched to see it: what the dispatch form sent to that unit carries.
   * A report's reporter is never in it (the core's masking rule for unit responders). As it is now: a dispatch keeps the
   * form it sent as it was ({@link UnitView}); this is for a dispatch made before forms were kept.
   */
  public Future<JsonObject> formView(long caseId, long unitId) {
    return visible(UnitView.viewer(unitId), caseId)
        .compose(v -> pool.withConnection(conn -> UnitView.read(conn, caseId, unitId, calendar.get().zone())));
  }

  /**
   * The one check that a case exists and the viewer may read it, for a caller that acts on a case without showing it
   * (a call linked to it, its callbacks listed): no identity is read, so nothing is audited. Fails with 404 otherwise.
   */
  public Future<Void> checkReadable(Principal p, long caseId) {
    return pool.preparedQuery(CaseSql.CASE_EXISTS).execute(Tuple.of(caseId)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(HotlineException.notFound("case", caseId))
        : visible(p, caseId));
  }

  /**
   * Whether the viewer may see who filed the case (for a report, its reporter's identity and everything that leads to
   * it: phones, customer, calls, callbacks); false for a case that does not exist. Reads no identity, audits nothing.
   */
  public Future<Boolean> identityVisible(Principal p, long caseId) {
    return pool.preparedQuery(CaseSql.IDENTITY).execute(Tuple.of(caseId)).map(rows -> {
      if (rows.size() == 0) {
        return false;
      }
      Row r = rows.iterator().next();
      return CaseViews.mayRevealIdentity(p, Input.parseEnum("kind", r.getString("kind"), CaseKind.class), r.getLong("owner_id"));
    });
  }

  /** Whether the viewer may read this case at all: a unit's people see their unit's dispatches and what was lent to them. */
  private Future<Void> visible(Principal p, long caseId) {
    if (Permission.CASE_READ.allows(p)) {
      return Future.succeededFuture();
    }
    if (!Permission.CASE_READ.couldAllow(p)) {
      return Future.failedFuture(HotlineException.notFound("case", caseId));
    }
    return pool.preparedQuery(CaseSql.DISPATCHED_TO_UNIT).execute(Tuple.of(caseId, p.unitId())).compose(rows -> {
      if (rows.size() > 0) {
        return Future.succeededFuture();
      }
      return access.openGrant(caseId, p.id(), AccessService.OUTSIDE_VIEW).compose(granted -> granted
          ? audit.append(p.actor(), "case.outside_view", caseId, new JsonObject())
          : Future.failedFuture(HotlineException.notFound("case", caseId)));
    });
  }

  /** The id of a case by its number ({@code 2026-000123}). */
  public Future<Long> idByNumber(Principal p, String number) {
    return pool.preparedQuery(CaseSql.CASE_ID_BY_NUMBER).execute(Tuple.of(number)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(HotlineException.notFound("case", number))
        : visible(p, rows.iterator().next().getLong(0)).map(v -> rows.iterator().next().getLong(0)));
  }

  /** Filtered, paged list: {@code {"items":[…],"total":N}}. */
  public Future<JsonObject> list(Principal p, CaseQuery q) {
    if (!Permission.CASE_LIST.allows(p)) {
      return Future.failedFuture(Permission.CASE_LIST.refusal());
    }
    List<String> terms;
    try {
      terms = TextSearch.terms(q.text());
    } catch (HotlineException e) {
      return Future.failedFuture(e);
    }
    Object[] base = listArgs(p, q);
    if (!terms.isEmpty()) {
      return search(p, q, terms, base);
    }
    Tuple args = Tuple.from(base);
    return pool.preparedQuery(CaseSql.LIST).execute(args).map(rows -> {
      JsonArray items = new JsonArray();
      long total = 0;
      WorkingCalendar cal = calendar.get();
      java.time.LocalDate today = java.time.LocalDate.now(clock.withZone(cal.zone()));
      for (Row r : rows) {
        total = r.getLong("total");
        items.add(withNextDispatch(CaseViews.listItem(p, r, cal, today)));
      }
      return new JsonObject().put("items", items).put("total", total).put("page", q.page()).put("size", q.size());
    }).compose(page -> Pages.withTotal(page, q.page(), first -> list(p, q.withPage(first))));
  }

  /** The parameters of {@link CaseSql#LIST} for this caller and query, the text ($6) left null. */
  static Object[] listArgs(Principal p, CaseQuery q) {
    // Who may read only what was dispatched to their unit lists only that.
    boolean unitOnly = !Permission.CASE_READ.allows(p);
    return new Object[] {
        Input.id(q.kind()), Input.id(q.channel()), Input.id(q.status()), q.unitId(), q.overdue(), null,
        Permission.REPORTER_IDENTITY.allows(p), p.id(), unitOnly ? p.unitId() : null, q.size(), (q.page() - 1) * q.size(),
        q.customerId(), q.mine(), q.open(), q.oldestFirst()};
  }

  /**
   * The list with a text query ({@link CaseSearch}): ranked subject hits first, each row with the {@code highlight} of
   * its subject and a snippet of its content; the count capped ({@code totalCapped}); a query of one-character terms
   * only searches the most recent cases ({@code recentOnly}).
   */
  private Future<JsonObject> search(Principal p, CaseQuery q, List<String> terms, Object[] base) {
    return pairStats.current()
        .map(freqs -> CaseSearch.statement(base, terms, q, pair -> freqs.getOrDefault(pair, 0.0), settings.searchWindow()))
        .compose(st -> searchPage(p, q, terms, st));
  }

  private Future<JsonObject> searchPage(Principal p, CaseQuery q, List<String> terms, CaseSearch.Statement st) {
    // Planned for these very terms (a plan made for any terms cannot know how common they are), without JIT.
    return pool.withTransaction(tx -> tx.query(CaseSearch.SETTINGS).execute()
        .compose(x -> tx.preparedQuery(st.sql()).execute(st.args())))
        // Marking the hits reads every row's content (up to 200 rows of 20,000 characters): on a worker, not the loop.
        .compose(rows -> vertx.executeBlocking(() -> {
          JsonArray items = new JsonArray();
          Long total = null;
          WorkingCalendar cal = calendar.get();
          java.time.LocalDate today = java.time.LocalDate.now(clock.withZone(cal.zone()));
          for (Row r : rows) {
            total = r.getLong("total");
            if (r.getLong("id") == null) {
              continue;
            }
            Highlight subject = Highlight.of(r.getString("subject"), terms);
            Highlight snippet = Highlight.snippet(r.getString("content"), terms, CaseSearch.SNIPPET);
            items.add(withNextDispatch(CaseViews.listItem(p, r, cal, today)).put("highlight", new JsonObject()
                .put("subject", subject == null ? null : subject.toJson())
                .put("snippet", snippet == null ? null : snippet.toJson())));
          }
          JsonObject page = new JsonObject().put("items", items).put("page", q.page()).put("size", q.size());
          if (total != null) {
            page.put("total", Math.min(total, CaseSearch.CAP)).put("totalCapped", total > CaseSearch.CAP);
          }
          if (st.recentOnly()) {
            page.put("recentOnly", CaseSearch.RECENT);
          }
          return page;
        }, false));
  }

  /** What a transition did: the case, the step, and the status before and after. */
  public record Transitioned(long caseId, String number, Action action, CaseStatus from, CaseStatus to) {

    /** The status after, as clients see it: {@code receipt_confirmed}. */
    public String status() {
      return Input.id(to);
    }
  }

  /**
   * Runs one lifecycle transition for whoever may read the case; the events it publishes go out once it committed.
   * Answers what it did, not the case: a caller that shows the case reads it with {@link #get}.
   */
  public Future<Transitioned> transition(Principal p, long id, Action action, JsonObject body) {
    return transition(p, id, action, body, List.of());
  }

  /**
   * A transition with files: a unit's feedback with its photos, scans, documents. They keep to the intake limits
   * ({@code intake.max-attachments}, {@code intake.max-attachment-bytes}), are stored in the step's transaction with the
   * dispatch they answer, and named on the timeline; another step refuses files. Their digests are computed on a worker.
   */
  public Future<Transitioned> transition(Principal p, long id, Action action, JsonObject body, List<CaseFile> files) {
    Future<CaseTransitions.Files> checked;
    if (files.isEmpty()) {
      checked = Future.succeededFuture(CaseTransitions.Files.NONE);
    } else {
      List<CaseFile> valid;
      try {
        valid = Intake.files(files, settings);
      } catch (HotlineException e) {
        return Future.failedFuture(e);
      }
      checked = vertx.executeBlocking(() -> new CaseTransitions.Files(valid,
          valid.stream().map(f -> sha256(f.data().getBytes())).toList()), false);
    }
    return visible(p, id)
        .compose(v -> checked)
        .compose(f -> pool.withTransaction(tx -> transitions.run(tx, p, id, action, Input.of(body), f)))
        .recover(CaseService::translate)
        .onSuccess(done -> done.published().forEach(m -> vertx.eventBus().publish(m.address(), m.body())))
        .map(CaseTransitions.Done::result);
  }

  /**
   * A further round in one step, as the supervision office sends it from its board: the case is reopened with the
   * reason ({@code improper}, {@code false_report}, {@code overdue} for a delay without cause, {@code dissatisfied}) and
   * dispatched again (round n+1, to {@code unitId}, by {@code method}) in one transaction, each step on the timeline
   * with the note. A case reopened already (an unsatisfied follow-up, a leader's review) keeps the reason it has and is
   * only dispatched. The round limit and the reopen rules are the transitions' own: what they refuse, this refuses, and
   * nothing of it is kept.
   */
  public Future<Transitioned> redispatch(Principal p, long id, JsonObject body) {
    if (!Permission.CASE_REDISPATCH.allows(p)) {
      return Future.failedFuture(Permission.CASE_REDISPATCH.refusal());
    }
    Input in = Input.of(body);
    ReopenReason reason;
    String note;
    long unitId;
    try {
      reason = in.optionalEnum("reason", ReopenReason.class);
      note = in.required("note", CaseTransitions.MAX_NOTE);
      unitId = in.requiredId("unitId");
    } catch (HotlineException e) {
      return Future.failedFuture(e);
    }
    JsonObject dispatch = new JsonObject().put("unitId", unitId).put("note", note);
    if (body.getValue("method") != null) {
      dispatch.put("method", body.getValue("method"));
    }
    return visible(p, id)
        .compose(v -> pool.withTransaction(tx -> tx.preparedQuery(CaseSql.CASE_STATUS_FOR_UPDATE).execute(Tuple.of(id))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(HotlineException.notFound("case", id));
              }
              boolean reopened = CaseStatus.REOPENED.name().equalsIgnoreCase(rows.iterator().next().getString(0));
              if (!reopened && reason == null) {
                return Future.failedFuture(HotlineException.invalidAt("reason", "redispatch.reasonNeeded"));
              }
              Future<CaseTransitions.Done> reopen = reopened ? Future.succeededFuture(null)
                  : transitions.run(tx, p, id, Action.REOPEN, Input.of(new JsonObject().put("reason", Input.id(reason)).put("note", note)));
              return reopen.compose(r -> transitions.run(tx, p, id, Action.DISPATCH, Input.of(dispatch)).map(d -> {
                List<StepResult.Published> all = new java.util.ArrayList<>();
                if (r != null) {
                  all.addAll(r.published());
                }
                all.addAll(d.published());
                return new CaseTransitions.Done(new Transitioned(id, d.result().number(), Action.DISPATCH,
                    r != null ? r.result().from() : d.result().from(), d.result().to()), all);
              }));
            })))
        .recover(CaseService::translate)
        .onSuccess(done -> done.published().forEach(m -> vertx.eventBus().publish(m.address(), m.body())))
        .map(CaseTransitions.Done::result);
  }

  /** An attachment's bytes, for whoever may read the case. */
  public Future<Attachment> attachment(Principal p, long caseId, long attachmentId) {
    return visible(p, caseId)
        .compose(v -> pool.preparedQuery(CaseSql.ATTACHMENT_DATA).execute(Tuple.of(caseId, attachmentId)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(HotlineException.notFound("attachment", attachmentId));
          }
          Row r = rows.iterator().next();
          return Future.succeededFuture(new Attachment(r.getString("name"), r.getString("content_type"), r.getBuffer("data")));
        });
  }

  public record Attachment(String name, String contentType, Buffer data) {
  }

  /** The whole record, for lending out: only with an approved, unexpired export request of the caller's. */
  public Future<JsonObject> export(Principal p, long id) {
    return pool.preparedQuery(CaseSql.CASE_EXISTS).execute(Tuple.of(id))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(HotlineException.notFound("case", id))
            : access.openGrant(id, p.id(), AccessService.EXPORT))
        .compose(granted -> {
      if (!granted) {
        return Future.failedFuture(new HotlineException(ErrorCode.FORBIDDEN, "access.exportNeedsApproval"));
      }
      return get(p, id).compose(view -> audit.append(p.actor(), "case.export", id, new JsonObject().put("number", view.getString("number")))
          .map(v -> new JsonObject().put("exportedAt", Times.iso(Times.utc(clock.instant()), calendar.get().zone()))
              .put("exportedBy", p.username()).put("case", view)));
    });
  }

  private static <T> Future<T> translate(Throwable t) {
    if (t instanceof PgException pg && "23503".equals(pg.getSqlState())) {
      // The foreign key tells which reference it was: the field a form shows the message at.
      String constraint = pg.getConstraint() == null ? "" : pg.getConstraint();
      String field = constraint.contains("respondent_unit") ? "respondent.unitId"
          : constraint.contains("customer") ? "customerId" : null;
      return Future.failedFuture(field == null ? new HotlineException(ErrorCode.VALIDATION_FAILED, "case.unknownReference")
          : HotlineException.invalidAt(field, "case.unknownReference"));
    }
    return Future.failedFuture(t);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
