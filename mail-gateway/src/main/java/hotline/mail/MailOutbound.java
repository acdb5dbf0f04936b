package hotline.mail;

import hotline.Core;
import hotline.dispatch.DispatchService;
import hotline.forms.FormPdf;
import hotline.forms.RecordForm;
import hotline.outbox.Outbox;
import hotline.outbox.OutboxRounds;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox's mail: claims due rows (several nodes may run this: {@code SKIP LOCKED}), composes each mail
 * (the dispatch form as the unit may see it, as it was when dispatched, as text and PDF), sends it over SMTP on a
 * worker, and reports the attempt. A refusal for good (5xx for the recipient) gives up at once; anything else retries
 * with backoff.
 */
final class MailOutbound {

  private static final Logger LOG = LoggerFactory.getLogger(MailOutbound.class);

  private final Vertx vertx;
  private final Core core;
  private final MailSettings settings;
  private final Principal gateway;
  private final FormPdf pdf;
  private final Session session;
  private final MailComposer composer;
  private final WorkerExecutor smtp;
  private long timer = -1;
  final AtomicLong sent = new AtomicLong();
  final AtomicLong failedAttempts = new AtomicLong();
  volatile String lastError;

  MailOutbound(Vertx vertx, Core core, MailSettings settings, Principal gateway, FormPdf pdf) {
    this.vertx = vertx;
    this.core = core;
    this.settings = settings;
    this.gateway = gateway;
    this.pdf = pdf;
    this.session = MailSessions.smtp(settings);
    this.composer = new MailComposer(settings, session);
    this.smtp = vertx.createSharedWorkerExecutor("hotline-mail-smtp", 2);
  }

  private OutboxRounds rounds;

  void start() {
    rounds = new OutboxRounds(vertx.getOrCreateContext(), this::round);
    timer = vertx.setPeriodic(1, settings.sendPollEvery().toMillis(), id -> rounds.run());
  }

  /** A round now, from any thread (tests, an operator's "send now"), after any under way. */
  Future<Integer> tickNow() {
    return rounds.runNext();
  }

  void stop() {
    vertx.cancelTimer(timer);
    smtp.close();
  }

  /** One round: take back claims a crashed node left, then send what is due. Answers how many were sent. */
  private Future<Integer> round() {
    return core.outbox().claimDue("email", settings.staleAfter(), settings.sendBatch())
        .compose(this::sendAll)
        .onFailure(t -> LOG.warn("mail outbox round failed: {}", t.toString()));
  }

  private Future<Integer> sendAll(List<Outbox.Claimed> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture(0);
    }
    Transport[] transport = new Transport[1];
    Future<Integer> chain = Future.succeededFuture(0);
    for (Outbox.Claimed row : rows) {
      chain = chain.compose(n -> send(row, transport).map(ok -> ok ? n + 1 : n));
    }
    return chain.andThen(x -> smtp.executeBlocking(() -> {
      if (transport[0] != null) {
        transport[0].close();
      }
      return null;
    }, false));
  }

  /** One row: compose, send, report. Answers whether it went out. */
  private Future<Boolean> send(Outbox.Claimed row, Transport[] transport) {
    Future<MimeMessage> message = switch (row.kind()) {
      case Outbox.KIND_DISPATCH -> dispatchMail(row);
      case Outbox.KIND_ACKNOWLEDGEMENT -> core.outbox().fixExternalId(row.id(), composer.acknowledgementMessageId(row.id()))
          .compose(id -> smtp.executeBlocking(() -> composer.acknowledgement(row, id), false));
      case Outbox.KIND_REMINDER -> core.outbox().fixExternalId(row.id(), composer.reminderMessageId(row.id()))
          .compose(id -> smtp.executeBlocking(() -> composer.reminder(row, id), false));
      default -> Future.failedFuture(new Refused("unknown outbox kind " + row.kind()));
    };
    return message.compose(m -> smtp.executeBlocking(() -> {
      if (transport[0] == null || !transport[0].isConnected()) {
        transport[0] = session.getTransport(MailSessions.smtpProtocol(settings));
        transport[0].connect(settings.smtpHost(), settings.smtpPort(), blankToNull(settings.username()),
            blankToNull(settings.password()));
      }
      transport[0].sendMessage(m, m.getAllRecipients());
      return m.getMessageID();
    }, false)).compose(id -> {
      sent.incrementAndGet();
      return core.outbox().sent(gateway, row, id, new JsonObject().put("messageId", id)).map(true);
    }, t -> {
      failedAttempts.incrementAndGet();
      boolean permanent = permanent(t);
      lastError = MailIntake.redact(t.toString());
      if (!permanent && transport[0] != null) {
        // A broken connection is opened again for the next row.
        Transport broken = transport[0];
        transport[0] = null;
        smtp.executeBlocking(() -> {
          broken.close();
          return null;
        }, false);
      }
      if (t instanceof MessagingException || t instanceof java.io.IOException) {
        LOG.warn("mail outbox [id: {}, kind: {}] not sent ({}): {}", row.id(), row.kind(), permanent ? "given up" : "will retry",
            lastError);
      } else {
        LOG.error("mail outbox [id: {}, kind: {}] not sent ({}): {}", row.id(), row.kind(), permanent ? "given up" : "will retry",
            lastError, t);
      }
      return core.outbox().failed(gateway, row, t.getMessage() == null ? t.toString() : t.getMessage(), permanent, settings.retry())
          .map(false);
    });
  }

  private Future<MimeMessage> dispatchMail(Outbox.Claimed row) {
    return core.dispatches().form(row.dispatchId())
        .recover(t -> Future.failedFuture(t instanceof hotline.errors.HotlineException h
            && h.code() == hotline.errors.ErrorCode.CONFLICT ? new Refused(h.getMessage()) : t))
        .compose(f -> {
          DispatchService.Target t = f.target();
          RecordForm form = f.form();
          return core.outbox().fixExternalId(row.id(), composer.dispatchMessageId(t, row.id()))
              .compose(id -> smtp.executeBlocking(() -> {
                byte[] file = null;
                if (pdf.available()) {
                  file = pdf.render(form);
                } else {
                  LOG.warn("dispatch form of case {} sent without its PDF: no CJK font at {}", t.number(), pdf.fontFile());
                }
                return composer.dispatch(row, t, form, file, id);
              }, false));
        });
  }

  /** Refused for good: the server rejected the recipient or the message with a 5xx, or the row cannot be sent at all. */
  static boolean permanent(Throwable t) {
    if (t instanceof Refused) {
      return true;
    }
    if (t instanceof SMTPAddressFailedException a) {
      return a.getReturnCode() >= 500;
    }
    if (t instanceof SMTPSendFailedException s) {
      return s.getReturnCode() >= 500 && s.getReturnCode() != 530 && s.getReturnCode() != 535;
    }
    if (t instanceof SendFailedException s && s.getNextException() != null) {
      return permanent(s.getNextException());
    }
    if (t instanceof jakarta.mail.internet.AddressException) {
      return true;
    }
    return false;
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** A row that cannot be sent, whatever the server says. */
  static final class Refused extends MessagingException {
    Refused(String message) {
      super(message);
    }
  }
}
