package hotline.fax;

import hotline.Addresses;
import hotline.Core;
import hotline.config.Config;
import hotline.db.AdvisoryLeader;
import hotline.forms.FormPdf;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
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
    this(core, FaxSettings.from(config), FaxLimits.from(config), Ocr.from(config), FormPdf.from(config));
  }

  FaxGatewayVerticle(Core core, FaxSettings settings, FaxLimits limits, Ocr ocr, FormPdf pdf) {
    this.core = core;
    this.settings = settings;
    this.limits = limits;
    this.ocr = ocr;
    this.pdf = pdf;
  }

  @Override
  public Future<?> start() {
    workers = vertx.createSharedWorkerExecutor("hotline-fax", 2);
    vertx.eventBus().<JsonObject>localConsumer(Addresses.FAX_STATUS, m -> hotline.bus.Bus.reply(m, () -> io.vertx.core.Future.succeededFuture(status())));
    return spoolFolders()
        .compose(v -> ocrProbed())
        .compose(v -> core.users().gatewayAccount(ACCOUNT, "传真网关"))
        .compose(this::startParts);
  }

  /** Whether OCR runs here, asked once on a worker (it runs the OCR command); status() and the log read the cache. */
  private Future<Boolean> ocrProbed() {
    return workers.executeBlocking(ocr::available, false);
  }

  /** The spool with its out/ and processed/ folders (with a spool); Asterisk must be able to write into it too. */
  private Future<Void> spoolFolders() {
    return !settings.enabled() ? Future.succeededFuture() : workers.executeBlocking(() -> {
      java.nio.file.Files.createDirectories(settings.outDir());
      java.nio.file.Files.createDirectories(settings.processedDir());
      return null;
    }, false);
  }

  /** Fax-to-mail always, the spool and the outbox with a spool; done when their consumers are registered. */
  private Future<Void> startParts(Principal gateway) {
    FaxDocuments documents = new FaxDocuments(limits);
    intake = new FaxIntake(core, gateway, documents, ocr, workers);
    FaxFromMail fromMail = new FaxFromMail(intake, workers);
    Future<Void> mail = vertx.eventBus().<JsonObject>consumer(Addresses.FAX_FROM_MAIL, fromMail::handle).completion();
    if (!settings.enabled()) {
      LOG.info("fax spool off (no HOTLINE_FAX_SPOOL_DIR): faxes only arrive by mail, and dispatches by fax wait in the outbox");
      return mail;
    }
    return Future.all(mail, startSpool(gateway, documents)).mapEmpty();
  }

  private Future<Void> startSpool(Principal gateway, FaxDocuments documents) {
    // File ages are wall-clock time, whatever clock the cases run on.
    spool = new FaxSpool(vertx, settings, intake, limits, workers, java.time.Clock.systemUTC());
    outbound = new FaxOutbound(vertx, core, settings, gateway, pdf, documents, workers);
    // One node files from the spool (the lock's holder); every node sends what it claimed and hears its results.
    spoolLeader = new AdvisoryLeader(vertx, core.pool(), SPOOL_LOCK, "filing faxes from the spool", Duration.ofSeconds(10),
        () -> { }, () -> { });
    spoolLeader.start();
    Future<Void> events = vertx.eventBus().<JsonObject>consumer(Addresses.FAX_EVENT, m -> {
      if (!"receive".equals(m.body().getString("type"))) {
        outbound.onEvent(m.body());
      } else if (spoolLeader.leading()) {
        spool.onEvent(m.body());
      }
    }).completion();
    scanTimer = vertx.setPeriodic(1, settings.scanEvery().toMillis(), id -> {
      if (spoolLeader.leading()) {
        spool.scan();
      }
    });
    sendTimer = vertx.setPeriodic(1, settings.sendPollEvery().toMillis(), id -> outbound.tick());
    LOG.info("fax gateway on [spool: {}, as Asterisk sees it: {}, OCR: {}]", settings.spoolDir().toAbsolutePath(),
        settings.asteriskSpoolDir(), ocr.available() ? "tesseract" : "off");
    return events;
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
