package hotline.mail;

import hotline.Addresses;
import hotline.Core;
import hotline.config.Config;
import hotline.db.AdvisoryLeader;
import hotline.forms.FormPdf;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail gateway: the inbox reader (no IMAP host: off) and the outbox sender (no SMTP host: off; the outbox
 * keeps what waits). Mail is filed and receipts are signed by the gateway's own account ({@code mail-gateway}).
 */
public final class MailGatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MailGatewayVerticle.class);
  static final String ACCOUNT = "mail-gateway";

  private final Core core;
  private final MailSettings settings;
  private final FormPdf pdf;
  /** The mailbox lock's key: one reader in the cluster. */
  static final long INBOX_LOCK = 0x486f746c6d61696cL;

  private volatile MailReader reader;
  private AdvisoryLeader leader;
  private MailOutbound outbound;
  private MessageConsumer<JsonObject> status;
  private MessageConsumer<JsonObject> log;

  public MailGatewayVerticle(Core core, Config config) {
    this(core, MailSettings.from(config), FormPdf.from(config));
  }

  MailGatewayVerticle(Core core, MailSettings settings, FormPdf pdf) {
    this.core = core;
    this.settings = settings;
    this.pdf = pdf;
  }

  @Override
  public Future<?> start() {
    MailStore store = new MailStore(core.pool(), core.clock());
    status = vertx.eventBus().localConsumer(Addresses.MAIL_STATUS, m -> hotline.bus.Bus.reply(m, () -> io.vertx.core.Future.succeededFuture(status())));
    log = vertx.eventBus().consumer(Addresses.MAIL_LOG, new MailLog(store, core)::handle);
    if (!settings.inboundEnabled() && !settings.outboundEnabled()) {
      LOG.info("mail gateway off (no HOTLINE_MAIL_IMAP_HOST, no HOTLINE_MAIL_SMTP_HOST)");
      return Future.succeededFuture();
    }
    return core.users().gatewayAccount(ACCOUNT, "邮件网关").compose(gateway -> startParts(gateway, store));
  }

  /** The outbox sender and the inbox reader, each when configured, acting as the gateway's account. */
  private Future<Void> startParts(Principal gateway, MailStore store) {
    if (settings.outboundEnabled()) {
      outbound = new MailOutbound(vertx, core, settings, gateway, pdf);
      outbound.start();
    }
    if (settings.inboundEnabled()) {
      // One node reads the mailbox (it holds the lock); the others stand by and take over when it goes.
      MailIntake intake = new MailIntake(vertx, core, settings, gateway, store);
      leader = new AdvisoryLeader(vertx, core.pool(), INBOX_LOCK, "reading the mailbox", settings.leaderRetry(),
          () -> {
            reader = new MailReader(settings, core.cases().settings(), context, intake, store);
            reader.start();
          },
          () -> stopReader());
      leader.start();
    }
    LOG.info("mail gateway on [{}]", settings);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (outbound != null) {
      outbound.stop();
    }
    Future<?> leaderStopped = leader == null ? Future.succeededFuture() : leader.stop();
    return leaderStopped.compose(v -> stopReader()).compose(v -> status.unregister()).compose(v -> log.unregister());
  }

  /** Stops the reader, if this node runs one (it joins the reader's thread: on a worker). */
  private Future<Void> stopReader() {
    MailReader r = reader;
    reader = null;
    return r == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      r.stop();
      return null;
    }, false);
  }

  /** For {@code /health}: whether each side is on, and how it is doing. No addresses, no subjects. */
  JsonObject status() {
    JsonObject s = new JsonObject().put("enabled", settings.inboundEnabled() || settings.outboundEnabled());
    MailReader r = reader;
    if (r != null) {
      s.put("inbound", new JsonObject().put("state", r.state).put("read", r.read.get())
          .put("processed", r.filed.get()).put("quarantined", r.quarantined.get()).put("lastError", r.lastError));
    } else if (leader != null) {
      // Another node reads the mailbox.
      s.put("inbound", new JsonObject().put("state", "standby"));
    } else {
      s.put("inbound", new JsonObject().put("state", "off"));
    }
    if (outbound != null) {
      s.put("outbound", new JsonObject().put("state", "on").put("sent", outbound.sent.get())
          .put("failedAttempts", outbound.failedAttempts.get()).put("lastError", outbound.lastError));
    } else {
      s.put("outbound", new JsonObject().put("state", "off"));
    }
    return s;
  }

  MailReader reader() {
    return reader;
  }

  MailOutbound outbound() {
    return outbound;
  }
}
