package hotline.fax;

import hotline.Addresses;
import hotline.Core;
import hotline.bus.Bus;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.forms.FormPdf;
import hotline.forms.RecordForm;
import hotline.outbox.Outbox;
import hotline.outbox.OutboxRounds;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatch forms out by fax: claims the outbox's fax rows, renders the form (as the unit may see it), rasterises it
 * to a fax TIFF in the shared spool ({@code out/fax-<outbox id>.tif}), asks the telephony side to call the number
 * into the SendFAX context, and waits for Asterisk's result (the dialplan's HotlineFax event, or SendFAX). Success
 * is "delivered" on the dispatch with pages and the remote station; failure retries like the mail outbox; receipt
 * still needs the unit's confirmation.
 */
final class FaxOutbound {

  private static final Logger LOG = LoggerFactory.getLogger(FaxOutbound.class);
  private static final Pattern JOB_FILE = Pattern.compile("fax-(\\d+)\\.tif");

  private final Vertx vertx;
  private final Core core;
  private final FaxSettings settings;
  private final Principal gateway;
  private final FormPdf pdf;
  private final FaxDocuments documents;
  private final WorkerExecutor workers;
  /** Faxes Asterisk is sending for this node, by job (the outbox id), with the timer that gives up waiting. */
  private final Map<String, Waiting> waiting = new HashMap<>();
  private final OutboxRounds rounds;
  final AtomicLong sent = new AtomicLong();
  final AtomicLong failedAttempts = new AtomicLong();
  volatile String lastError;

  private record Waiting(Outbox.Claimed row, long timer) {
  }

  FaxOutbound(Vertx vertx, Core core, FaxSettings settings, Principal gateway, FormPdf pdf, FaxDocuments documents,
      WorkerExecutor workers) {
    this.vertx = vertx;
    this.core = core;
    this.settings = settings;
    this.gateway = gateway;
    this.pdf = pdf;
    this.documents = documents;
    this.workers = workers;
    this.rounds = new OutboxRounds(vertx.getOrCreateContext(), this::round);
  }

  /** The timer's round, on the gateway's context. */
  void tick() {
    rounds.run();
  }

  /** One round: claims a crashed node left are taken back, then what is due is handed to Asterisk. */
  private Future<Integer> round() {
    return core.outbox().claimDue("fax", settings.staleAfter(), settings.sendBatch())
        .compose(this::startAll)
        .onFailure(t -> LOG.warn("fax outbox round failed: {}", t.toString()));
  }

  private Future<Integer> startAll(List<Outbox.Claimed> rows) {
    Future<Integer> chain = Future.succeededFuture(0);
    for (Outbox.Claimed row : rows) {
      chain = chain.compose(n -> start(row).map(ok -> ok ? n + 1 : n));
    }
    return chain;
  }

  /** Renders and queues one fax; answers whether Asterisk took the call. */
  private Future<Boolean> start(Outbox.Claimed row) {
    String job = String.valueOf(row.id());
    String fileName = "fax-" + row.id() + ".tif";
    // A dispatch sends its record form as it was when dispatched; a reminder (督办通知单) the sheet its row carries.
    Future<RecordForm> form = Outbox.KIND_DISPATCH.equals(row.kind()) ? core.dispatches().form(row.dispatchId()).map(f -> f.form())
        : Outbox.KIND_REMINDER.equals(row.kind()) ? Future.succeededFuture(reminderSheet(row))
        : Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "invalidValue", "kind", row.kind()));
    Future<Void> written = form.compose(f -> workers.executeBlocking(() -> {
          if (!pdf.available()) {
            throw new IllegalStateException("no CJK font at " + pdf.fontFile() + ": the form cannot be rendered for fax");
          }
          byte[] tiff = documents.toFaxTiff(pdf.render(f));
          Path out = settings.outDir();
          Files.createDirectories(out);
          Path tmp = out.resolve(fileName + ".part");
          Files.write(tmp, tiff);
          Files.move(tmp, out.resolve(fileName), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          return null;
        }, false));
    JsonObject request = new JsonObject().put("job", job).put("number", row.recipient())
        .put("file", settings.asteriskSpoolDir() + "/out/" + fileName).put("header", settings.header());
    return written
        .compose(v -> Bus.ask(vertx, Addresses.FAX_SEND, request, 15_000, "telephony"))
        .map(reply -> {
          long timer = vertx.setTimer(settings.resultTimeout().toMillis(),
              id -> result(job, false, "no result from Asterisk within " + settings.resultTimeout().toMinutes() + " min", null));
          waiting.put(job, new Waiting(row, timer));
          return true;
        })
        .recover(t -> fail(row, t).map(false));
  }

  /** The reminder's sheet: its title, the case number and the lines the supervision office wrote into the row. */
  static RecordForm reminderSheet(Outbox.Claimed row) {
    JsonObject p = row.payload() == null ? new JsonObject() : row.payload();
    java.util.List<RecordForm.Field> fields = new java.util.ArrayList<>();
    for (Object o : p.getJsonArray("fields", new io.vertx.core.json.JsonArray())) {
      JsonObject f = (JsonObject) o;
      fields.add(new RecordForm.Field(f.getString("label", ""), f.getString("value", "")));
    }
    return new RecordForm(p.getString("title", "督办通知单"), p.getString("number", ""), fields);
  }

  /** A fax event from the telephony side (type send): the result of one of this node's jobs. */
  void onEvent(JsonObject e) {
    String job = e.getString("job");
    if (job == null && e.getString("file") != null) {
      Matcher m = JOB_FILE.matcher(FaxSpool.name(e.getString("file")));
      job = m.matches() ? m.group(1) : null;
    }
    if (job == null) {
      return;
    }
    boolean ok = "SUCCESS".equalsIgnoreCase(e.getString("status"));
    result(job, ok, ok ? null : firstNonBlank(e.getString("error"), "FAXSTATUS " + e.getString("status")), e);
  }

  private void result(String job, boolean ok, String error, JsonObject event) {
    Waiting w = waiting.remove(job);
    if (w == null) {
      // Another node's job, or reported already (SendFAX and HotlineFax both tell of one fax).
      return;
    }
    vertx.cancelTimer(w.timer());
    if (ok) {
      sent.incrementAndGet();
      JsonObject detail = new JsonObject().put("pages", event.getInteger("pages")).put("remoteStationId", event.getString("remoteStationId"))
          .put("rate", event.getInteger("rate")).put("status", event.getString("status"));
      core.outbox().sent(gateway, w.row(), "fax-" + job, detail)
          // Sent and recorded: the TIFF in the spool has served (the form stays on the case's dispatch).
          .compose(v -> workers.executeBlocking(() -> Files.deleteIfExists(settings.outDir().resolve("fax-" + job + ".tif")), false))
          .onFailure(t -> LOG.warn("fax job {} sent but not recorded or not cleaned up: {}", job, t.toString()));
    } else {
      fail(w.row(), new IllegalStateException(error));
    }
  }

  private Future<Void> fail(Outbox.Claimed row, Throwable t) {
    failedAttempts.incrementAndGet();
    boolean permanent = t instanceof HotlineException h && h.code() == ErrorCode.CONFLICT;
    // Nobody answered (no node holds the AMI link), or the link's node said it is down: the same for this fax.
    String why = t instanceof HotlineException h && h.code() == ErrorCode.UNAVAILABLE
        ? "telephony unavailable (no node holds the AMI link)" : String.valueOf(t.getMessage());
    lastError = why;
    LOG.warn("fax outbox [id: {}] not sent ({}): {}", row.id(), permanent ? "given up" : "will retry", why);
    return core.outbox().failed(gateway, row, why, permanent, settings.retry()).mapEmpty();
  }

  /** A round now, from any thread (tests), after any under way. */
  Future<Integer> tickNow() {
    return rounds.runNext();
  }

  int waitingCount() {
    return waiting.size();
  }

  private static String firstNonBlank(String a, String b) {
    return a != null && !a.isBlank() ? a : b;
  }
}
