package hotline.mail;

import hotline.validation.Texts;
import hotline.Addresses;
import hotline.Core;
import hotline.bus.Bus;
import hotline.cases.CaseFile;
import hotline.cases.Channel;
import hotline.cases.GatewayIntake;
import hotline.cases.Intake;
import hotline.validation.Input;
import hotline.dispatch.DispatchService;
import hotline.errors.HotlineException;
import hotline.outbox.Outbox;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each inbound message becomes, on the event loop: a receipt or feedback for the dispatch it answers, a fax
 * for the fax gateway, a new case (with an acknowledgement queued), or nothing but a line in the mail log. The
 * case (or the receipt) commits before the reader moves the message; a message read again after a crash finds
 * its case by its source key (Message-ID and content, {@link MessageKeys}) and files nothing new. A different
 * message under a Message-ID already filed is a case of its own, whose note names the case filed first.
 */
final class MailIntake {

  private static final Logger LOG = LoggerFactory.getLogger(MailIntake.class);
  /**
   * How far the mail server's clock (a message's arrival) may run ahead of ours (when a case was filed), for telling
   * the message a case of the old key was filed from ({@link #source}).
   */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  /** What to do with the message in the mailbox, and the line for the mail log. */
  enum Move { PROCESSED, QUARANTINE, RETRY }

  /** {@code acknowledgement}: to queue (for all of a batch at once) before the message is moved; or null. */
  record Outcome(Move move, String outcome, Long caseId, Long dispatchId, String note, Outbox.Item acknowledgement) {

    static Outcome of(String outcome, Long caseId, Long dispatchId, String note) {
      return new Outcome(Move.PROCESSED, outcome, caseId, dispatchId, note, null);
    }

    static Outcome quarantine(String note) {
      return new Outcome(Move.QUARANTINE, "quarantined", null, null, note, null);
    }

    static Outcome retry(String note) {
      return new Outcome(Move.RETRY, null, null, null, note, null);
    }

    Outcome acknowledging(Outbox.Item ack) {
      return new Outcome(move, outcome, caseId, dispatchId, note, ack);
    }
  }

  /**
   * A batch: each message, then the acknowledgements of all of them in one statement. If that statement fails, every
   * message of the batch is tried again (their cases are found by source key; nothing is filed twice). Messages of one
   * Message-ID go one after the other, in the mailbox's order, so that each finds the case of the one before; the
   * others at once.
   */
  Future<List<Outcome>> processAll(List<Inbox.Raw> raw, List<ParsedMail> parsed) {
    List<Future<Outcome>> all = new ArrayList<>();
    Map<String, Future<Outcome>> lastOfId = new HashMap<>();
    for (int i = 0; i < raw.size(); i++) {
      Inbox.Raw r = raw.get(i);
      ParsedMail m = parsed.get(i);
      Future<Outcome> before = m.messageId() == null ? null : lastOfId.get(m.messageId());
      // process() never fails, so the one after always runs.
      Future<Outcome> outcome = before == null ? process(r, m) : before.compose(o -> process(r, m));
      if (m.messageId() != null) {
        lastOfId.put(m.messageId(), outcome);
      }
      all.add(outcome);
    }
    return Future.all(all).compose(cf -> {
      List<Outcome> outcomes = cf.list();
      count(outcomes);
      List<Outbox.Item> acks = outcomes.stream().map(Outcome::acknowledgement).filter(java.util.Objects::nonNull).toList();
      return core.outbox().enqueueAll(acks).map(outcomes)
          .otherwise(t -> outcomes.stream().map(o -> o.acknowledgement() == null ? o
              : Outcome.retry("acknowledgement not queued: " + t)).toList());
    });
  }

  /**
   * Mail intake's meters: messages read ({@code hotline_mail_messages_read_total}, by outcome: the log's closed set, or
   * {@code retry}), cases made of them ({@code hotline_mail_cases_created_total}) and messages refused into quarantine
   * ({@code hotline_mail_rejected_total}).
   */
  private void count(List<Outcome> outcomes) {
    var registry = hotline.metrics.Meters.of(vertx);
    for (Outcome o : outcomes) {
      String outcome = o.outcome() == null ? "retry" : MailLog.OUTCOMES.contains(o.outcome()) ? o.outcome() : "other";
      io.micrometer.core.instrument.Counter.builder("hotline.mail.messages.read").description("Messages read from the mailbox, by outcome")
          .tag("outcome", outcome).register(registry).increment();
      if ("case".equals(outcome)) {
        io.micrometer.core.instrument.Counter.builder("hotline.mail.cases.created").description("Cases filed from mail")
            .register(registry).increment();
      } else if ("quarantined".equals(outcome)) {
        io.micrometer.core.instrument.Counter.builder("hotline.mail.rejected").description("Messages refused (quarantined)")
            .register(registry).increment();
      }
    }
  }

  private final Vertx vertx;
  private final Core core;
  private final MailSettings settings;
  private final Principal gateway;
  private final MailReplies replies;
  private final MailStore store;

  MailIntake(Vertx vertx, Core core, MailSettings settings, Principal gateway, MailStore store) {
    this.vertx = vertx;
    this.core = core;
    this.settings = settings;
    this.gateway = gateway;
    this.replies = new MailReplies(core, gateway);
    this.store = store;
  }

  /** One message; never a failed future: every failure is an outcome (quarantine, or retry when it may pass). */
  Future<Outcome> process(Inbox.Raw raw, ParsedMail m) {
    Future<Outcome> f;
    try {
      f = route(raw, m);
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    return f.recover(t -> Future.succeededFuture(failure(t)));
  }

  private static Outcome failure(Throwable t) {
    if (t instanceof HotlineException h && h.code().status() < 500) {
      return Outcome.quarantine("refused by the case core: " + h.getMessage());
    }
    // The database or the bus: try the message again on the next round.
    return Outcome.retry(t.getClass().getSimpleName() + ": " + t.getMessage());
  }

  private Future<Outcome> route(Inbox.Raw raw, ParsedMail m) {
    return handle(raw, m, MailClassifier.classify(m, settings));
  }

  /** What each class of mail becomes (a pattern {@code switch} once the build is on Java 21). */
  private Future<Outcome> handle(Inbox.Raw raw, ParsedMail m, MailClass c) {
    if (c instanceof MailClass.Fax fax) {
      return fax(raw, m, fax.otherwise());
    }
    if (c instanceof MailClass.Bounce bounce) {
      return replies.bounced(bounce);
    }
    if (c instanceof MailClass.Reply reply) {
      return dispatchOf(reply, m.sender()).compose(t -> t == null ? handle(raw, m, reply.otherwise())
          : replies.answer(t, m.sender(), reply.answer()));
    }
    if (c instanceof MailClass.StrayReceipt) {
      return Future.succeededFuture(Outcome.of("ignored", null, null, "a disposition notification for no dispatch of ours"));
    }
    if (c instanceof MailClass.Automatic automatic) {
      return Future.succeededFuture(Outcome.of("ignored", null, null, "automatic mail (" + automatic.reason() + ")"));
    }
    if (c instanceof MailClass.NewCase newCase) {
      return intake(raw, m, newCase);
    }
    throw new IllegalStateException("unhandled mail class " + c);
  }

  /** The dispatch a reply names, or null; by case number only when the sender is one of its unit's addresses. */
  private Future<DispatchService.Target> dispatchOf(MailClass.Reply reply, String sender) {
    if (reply.token() != null) {
      return core.dispatches().byToken(reply.token());
    }
    return core.dispatches().currentOf(reply.caseNumber()).map(t -> t != null && t.trusts(sender) ? t : null);
  }

  // ---- fax-to-mail ----

  private Future<Outcome> fax(Inbox.Raw raw, ParsedMail m, MailClass.NewCase otherwise) {
    return source(raw, m).compose(source -> fax(raw, m, source, otherwise));
  }

  private Future<Outcome> fax(Inbox.Raw raw, ParsedMail m, Source source, MailClass.NewCase otherwise) {
    // Base64 of attachments up to many MB is CPU work: on a worker, not on the event loop.
    return vertx.executeBlocking(() -> {
      JsonArray files = new JsonArray();
      for (ParsedMail.ParsedAttachment a : m.attachments()) {
        byte[] data = a.data();
        if (data != null) {
          files.add(new JsonObject().put("name", a.name()).put("contentType", a.contentType())
              .put("data", Base64.getEncoder().encodeToString(data)));
        }
      }
      return new JsonObject().put("sourceRef", source.key()).put("from", m.sender()).put("subject", m.subject())
          .put("text", m.text()).put("attachments", files);
    }, false).compose(request -> Bus.askOr(vertx, Addresses.FAX_FROM_MAIL, request, 120_000, "fax",
            () -> Future.succeededFuture(null))
        .map(reply -> reply == null ? null : Outcome.of("fax", reply.getLong("caseId"), null, "handed to the fax gateway"
            + (source.shared() == null ? "" : "; Message-ID shared with case " + source.shared().number())))
        .recover(t -> t instanceof HotlineException h && h.code().status() >= 400 && h.code().status() < 500
            ? Future.succeededFuture(Outcome.quarantine("the fax gateway refused it: " + h.getMessage()))
            : Future.failedFuture(t)))
        // No fax gateway deployed: the fax becomes a case here, with its pages attached.
        .compose(handed -> handed != null ? Future.succeededFuture(handed) : intake(raw, m, source, otherwise));
  }

  // ---- new cases ----

  /**
   * What a new message is filed from ({@code key}), and the case filed first from another message of its Message-ID
   * ({@code shared}), or null.
   */
  private record Source(String key, MailStore.Earlier shared) {
  }

  /**
   * The source key, unless the message is the one a case was filed from before the content counted, under its message
   * key alone: then that key, which finds the case and files nothing again. That message was in the mailbox before
   * its case was filed; a message that arrived later is another one (one that was taken for a duplicate then). When
   * the server does not say when a message arrived, it is taken for that one, as it was before.
   */
  private Future<Source> source(Inbox.Raw raw, ParsedMail m) {
    return store.earlier(m).map(earlier -> {
      if (earlier != null && earlier.legacy()
          && (raw.arrived() == null || !raw.arrived().isAfter(earlier.filedAt().plus(CLOCK_SKEW)))) {
        return new Source(m.messageKey(), null);
      }
      return new Source(m.sourceKey(), earlier);
    });
  }

  private Future<Outcome> intake(Inbox.Raw raw, ParsedMail m, MailClass.NewCase newCase) {
    return source(raw, m).compose(source -> intake(raw, m, source, newCase));
  }

  private Future<Outcome> intake(Inbox.Raw raw, ParsedMail m, Source source, MailClass.NewCase newCase) {
    String channel = newCase.channel();
    String sender = m.sender();
    // Room for the raw message when the mail could not be read cleanly.
    boolean keepRaw = !m.problems().isEmpty() || !raw.complete();
    GatewayIntake filing = new GatewayIntake(core.cases().settings(), "邮件网关", keepRaw ? 1 : 0);
    if (source.shared() != null) {
      filing.note("此邮件的 Message-ID（" + idNote(m) + "）与工单 " + source.shared().number() + " 的来件相同，但内容不同，已另行立案。");
    }
    for (ParsedMail.ParsedAttachment a : m.attachments()) {
      byte[] data = a.data();
      GatewayIntake.Offer offer = filing.offer(new CaseFile(a.name(), a.contentType(), data == null ? null : Buffer.buffer(data)));
      if (offer == GatewayIntake.Offer.TOO_LARGE) {
        filing.note("附件《" + a.name() + "》（" + GatewayIntake.megabytes(a.size()) + "）超过 "
            + GatewayIntake.megabytes(filing.maxAttachmentBytes()) + " 的上限，未存入工单；原邮件保存在邮箱“" + folderNote()
            + "”中（Message-ID：" + idNote(m) + "）。");
      } else if (offer == GatewayIntake.Offer.NO_ROOM) {
        filing.note("附件《" + a.name() + "》超出附件数量上限（" + filing.maxAttachments() + " 个），未存入工单；原邮件保存在邮箱“"
            + folderNote() + "”中。");
      }
    }
    if (!raw.complete()) {
      filing.note("邮件大小 " + GatewayIntake.megabytes(raw.size()) + "，超过 " + GatewayIntake.megabytes(settings.maxMessageBytes())
          + " 的上限，只读取了邮件头；原邮件保存在邮箱“" + folderNote() + "”中（Message-ID：" + idNote(m) + "）。");
    }
    if (!m.problems().isEmpty()) {
      filing.note("邮件格式有误，以下内容可能不完整（" + Texts.shorten(String.join("; ", m.problems()), 500) + "）；原始邮件已作为附件保存。");
    }
    if (keepRaw) {
      filing.offerReserved(new CaseFile("original-" + raw.uid() + ".eml", "message/rfc822", Buffer.buffer(raw.bytes())));
    }
    if (m.textTruncated()) {
      filing.note("正文过长，已截断；完整内容见原邮件。");
    }
    String text = filing.content(m.text().isBlank() ? "（邮件无正文）" : m.text().strip());
    String subject = GatewayIntake.subject(m.subject());

    Intake.Contact contact;
    if ("letter".equals(channel) || "fax".equals(channel)) {
      // The sender is the scanner or the fax machine, not the person who wrote: the agent reads who from the pages.
      contact = Intake.Contact.address("letter".equals(channel) ? "见来信原件" : "见传真原件");
    } else {
      String name = m.from() != null && m.from().name() != null && !m.from().name().isBlank()
          ? Texts.shorten(m.from().name().strip(), Intake.MAX_NAME) : null;
      String email = sender != null && sender.length() <= Intake.MAX_EMAIL && sender.matches("[^@\\s]+@[^@\\s]+") ? sender : null;
      List<String> phones = core.directory().phones().findIn(m.text(), Intake.MAX_PHONES);
      contact = new Intake.Contact(name, phones, email, name == null && email == null && phones.isEmpty() ? "见原邮件" : null);
    }
    Intake intake = Intake.of(newCase.kind(), Channel.valueOf(channel.toUpperCase(Locale.ROOT)), text).withSubject(subject)
        .withContact(contact).withSourceRef(source.key()).withAttachments(filing.files());
    List<String> notes = filing.notes();
    // The directory links the customer: by the phones in the text, else by the sender's address.
    return core.cases().file(gateway, intake).compose(c -> {
      boolean again = c.alreadyFiled();
      Outcome o = Outcome.of(again ? "duplicate" : "case", c.id(), null, again ? "filed before as " + c.number()
          : notes.isEmpty() ? null : String.join(" ", notes));
      if (newCase.acknowledgeTo() == null) {
        return Future.succeededFuture(o);
      }
      Outbox.Item ack = new Outbox.Item("email", Outbox.KIND_ACKNOWLEDGEMENT, "ack:" + source.key(), c.id(), null,
          newCase.acknowledgeTo(), m.from() == null ? null : m.from().name(), new JsonObject().put("number", c.number())
          .put("kind", Input.id(c.kind())).put("subject", subject).put("inReplyTo", m.messageId()));
      return Future.succeededFuture(o.acknowledging(ack));
    });
  }


  private String folderNote() {
    return settings.processedFolder().isEmpty() ? settings.inboxFolder() : settings.processedFolder();
  }

  private static String idNote(ParsedMail m) {
    return m.messageId() == null ? m.messageKey() : "<" + m.messageId() + ">";
  }


  private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"'(),;:]+@[^\\s<>\"'(),;:]+");

  /**
   * An error's text for logs and {@code /health} (which anyone may read): mail servers name the addresses they
   * refuse, and an acknowledgement's address may be a reporter's, so addresses are cut out.
   */
  static String redact(String text) {
    if (text == null) {
      return null;
    }
    String r = ADDRESS.matcher(text).replaceAll("<address>");
    return r.length() > 300 ? r.substring(0, 300) + "…" : r;
  }

  static void logOutcome(long uid, Outcome o) {
    // Never the sender or the subject: a reporter's address is their identity.
    LOG.info("mail [uid: {}] → {} [case: {}, dispatch: {}]", uid, o.move() == Move.RETRY ? "retry" : o.outcome(),
        o.caseId(), o.dispatchId());
  }
}
