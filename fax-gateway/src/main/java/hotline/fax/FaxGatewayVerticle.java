package hotline.fax;

import hotline.Addresses;
import hotline.Core;
import hotline.config.Config;
import hotline.db.AdvisoryLeader;
import hotline.forms.FormPdf;
import hotline.cases.CaseFile;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fax gateway: faxes in from Asterisk's spool (with {@code HOTLINE_FAX_SPOOL_DIR}) and from fax-to-mail (always),
 * dispatch forms out by fax through Asterisk (with the spool). Its cases are filed by its own account
 * ({@code fax-gateway}) until an agent takes them.
 */
public final class FaxGatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(FaxGatewayVerticle.class);
  static final String ACCOUNT = "fax-gateway";

  private final Core core;
  private final FaxSettings settings;
  private final FaxLimits limits;
  private final Ocr ocr;
  private final FormPdf pdf;
  private final int maxAttachmentBytes;
  private final int maxAttachments;
  private WorkerExecutor workers;
  private FaxIntake intake;
  private FaxSpool spool;
  private FaxOutbound outbound;
  private long scanTimer = -1;
  /** The spool's lock: one node files received faxes. */
  static final long SPOOL_LOCK = 0x486f746c666178L;
  private AdvisoryLeader spoolLeader;
  private long sendTimer = -1;

  public FaxGatewayVerticle(Core core, Config config) {
    this(core, FaxSettings.from(config), FaxLimits.from(config), Ocr.from(config),
        FormPdf.from(config),
        config.integer("intake.max-attachment-bytes", 10 * 1024 * 1024), config.integer("intake.max-attachments", 20));
  }

  FaxGatewayVerticle(Core core, FaxSettings settings, FaxLimits limits, Ocr ocr, FormPdf pdf, int maxAttachmentBytes,
      int maxAttachments) {
    this.core = core;
    this.settings = settings;
    this.limits = limits;
    this.ocr = ocr;
    this.pdf = pdf;
    this.maxAttachmentBytes = maxAttachmentBytes;
    this.maxAttachments = maxAttachments;
  }

  @Override
  public Future<?> start() {
    workers = vertx.createSharedWorkerExecutor("hotline-fax", 2);
    vertx.eventBus().<JsonObject>localConsumer(Addresses.FAX_STATUS, m -> m.reply(status()));
    Future<Void> folders = !settings.enabled() ? Future.succeededFuture() : workers.executeBlocking(() -> {
      // The spool with its out/ and processed/ folders; Asterisk must be able to write into it too.
      java.nio.file.Files.createDirectories(settings.outDir());
      java.nio.file.Files.createDirectories(settings.processedDir());
      return null;
    }, false);
    return folders.compose(v -> core.users().gatewayAccount(ACCOUNT, "传真网关")).onSuccess(this::startParts);
  }

  private void startParts(Principal gateway) {
    FaxDocuments documents = new FaxDocuments(limits);
    intake = new FaxIntake(core, gateway, documents, ocr, workers, maxAttachmentBytes);
    vertx.eventBus().<JsonObject>consumer(Addresses.FAX_FROM_MAIL, this::fromMail);
    if (!settings.enabled()) {
      LOG.info("fax spool off (no HOTLINE_FAX_SPOOL_DIR): faxes only arrive by mail, and dispatches by fax wait in the outbox");
      return;
    }
    // File ages are wall-clock time, whatever clock the cases run on.
    spool = new FaxSpool(settings, intake, limits, workers, java.time.Clock.systemUTC());
    outbound = new FaxOutbound(vertx, core, settings, gateway, pdf, documents, workers);
    // One node files from the spool (the lock's holder); every node sends what it claimed and hears its results.
    spoolLeader = new AdvisoryLeader(vertx, core.pool(), SPOOL_LOCK, "filing faxes from the spool", Duration.ofSeconds(10),
        () -> { }, () -> { });
    spoolLeader.start();
    vertx.eventBus().<JsonObject>consumer(Addresses.FAX_EVENT, m -> {
      if (!"receive".equals(m.body().getString("type"))) {
        outbound.onEvent(m.body());
      } else if (spoolLeader.leading()) {
        spool.onEvent(m.body());
      }
    });
    scanTimer = vertx.setPeriodic(1, settings.scanEvery().toMillis(), id -> {
      if (spoolLeader.leading()) {
        spool.scan();
      }
    });
    sendTimer = vertx.setPeriodic(1, settings.sendPollEvery().toMillis(), id -> outbound.tick());
    LOG.info("fax gateway on [spool: {}, as Asterisk sees it: {}, OCR: {}]", settings.spoolDir().toAbsolutePath(),
        settings.asteriskSpoolDir(), ocr.available() ? "tesseract" : "off");
  }

  /**
   * Fax-to-mail: the mail gateway hands a fax over; it becomes one case. The first PDF or TIFF is read (text or
   * OCR); the message's other files are attached as they are (a service that mails one TIFF a page).
   */
  private void fromMail(Message<JsonObject> m) {
    JsonObject body = m.body();
    JsonArray files = body.getJsonArray("attachments", new JsonArray());
    if (files.isEmpty()) {
      m.fail(422, "no attachment");
      return;
    }
    JsonObject first = files.getJsonObject(0);
    byte[] data = Base64.getDecoder().decode(first.getString("data", ""));
    List<CaseFile> more = new ArrayList<>();
    List<String> left = new ArrayList<>();
    for (int i = 1; i < files.size(); i++) {
      JsonObject f = files.getJsonObject(i);
      byte[] bytes = Base64.getDecoder().decode(f.getString("data", ""));
      // Room is kept for the original and its PDF within the core's attachment count.
      if (bytes.length <= maxAttachmentBytes && more.size() < maxAttachments - 2) {
        more.add(new CaseFile(f.getString("name", "page-" + (i + 1)), f.getString("contentType", "application/octet-stream"),
            io.vertx.core.buffer.Buffer.buffer(bytes)));
      } else {
        left.add(f.getString("name", "page-" + (i + 1)));
      }
    }
    // Fax-to-mail services name the sending number in the subject ("Fax from 0755 6666 8888").
    java.util.regex.Matcher number = java.util.regex.Pattern.compile("\\+?\\d[\\d\\- ]{4,}\\d")
        .matcher(body.getString("subject", ""));
    String sender = number.find() ? number.group() : null;
    FaxIntake.Received r = new FaxIntake.Received(body.getString("sourceRef"), "mail", first.getString("name", "fax.pdf"), data,
        sender, null, left.isEmpty() ? null : "邮件中另有附件未存入工单（" + String.join("、", left) + "），保存在邮箱中。");
    intake.file(r, more).onSuccess(c -> m.reply(new JsonObject().put("caseId", c.getLong("id")).put("number", c.getString("number"))))
        .onFailure(t -> m.fail(t instanceof hotline.errors.HotlineException h ? h.code().status() : 500, String.valueOf(t.getMessage())));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(scanTimer);
    vertx.cancelTimer(sendTimer);
    Future<Void> unlocked = spoolLeader == null ? Future.succeededFuture() : spoolLeader.stop();
    return unlocked.compose(v -> workers == null ? Future.succeededFuture() : workers.close());
  }

  JsonObject status() {
    JsonObject s = new JsonObject().put("spool", settings.enabled()).put("ocr", ocr.available())
        .put("filingFromSpool", spoolLeader != null && spoolLeader.leading());
    if (outbound != null) {
      s.put("outbound", new JsonObject().put("sent", outbound.sent.get()).put("failedAttempts", outbound.failedAttempts.get())
          .put("waiting", outbound.waitingCount()).put("lastError", outbound.lastError));
    }
    return s;
  }

  /** A scan of the spool now, on the gateway's context (tests; an operator's "look now"). */
  Future<Integer> scanNow() {
    io.vertx.core.Promise<Integer> p = io.vertx.core.Promise.promise();
    context.runOnContext(v -> spool.scan().onComplete(p));
    return p.future();
  }

  boolean filingFromSpool() {
    return spoolLeader != null && spoolLeader.leading();
  }

  /** A round of the fax outbox now, on the gateway's context. */
  Future<Integer> tickNow() {
    return outbound.tickNow();
  }
}
