package hotline.mail;

import hotline.Core;
import hotline.cases.Action;
import hotline.dispatch.DispatchService;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mail that answers a dispatch: an MDN or a reply from one of the unit's own addresses confirms receipt; a reply
 * that starts with the feedback keyword is the unit's feedback. A stranger quoting a receipt code is quarantined.
 * Every step goes through the case core's transitions, naming the dispatch it answers.
 */
final class MailReplies {

  /** Our dispatch mails' Message-IDs: {@code dispatch.<token>.<outbox id>@domain}. */
  static final Pattern TOKEN_IN_ID = Pattern.compile("dispatch\\.([0-9a-f]{32})\\.");
  /** The receipt code in a dispatch mail's text, quoted back in replies. */
  static final Pattern TOKEN_IN_TEXT = Pattern.compile("HL-([0-9a-f]{32})");
  static final Pattern CASE_NUMBER = Pattern.compile("\\[(\\d{4}-\\d{6})]");
  private static final List<String> RECEIPT_DISPOSITIONS = List.of("displayed", "dispatched", "processed");

  /** A delivery report for one of our dispatch mails: which dispatch, whether delivery failed for good, and why. */
  record Bounce(String token, boolean failed, String reason) {
  }

  private static final Pattern DSN_FIELD = Pattern.compile("(?im)^(Action|Status|Diagnostic-Code|Final-Recipient)\\s*:\\s*(.+)$");

  private final Core core;
  private final MailSettings settings;
  private final Principal gateway;

  MailReplies(Core core, MailSettings settings, Principal gateway) {
    this.core = core;
    this.settings = settings;
    this.gateway = gateway;
  }

  /** A mail that answers dispatch {@code t}: a receipt, the feedback, or nothing (with the reason). */
  Future<MailIntake.Outcome> reply(ParsedMail m, DispatchService.Target t) {
    String sender = MailIntake.sender(m);
    if (!t.trusts(sender)) {
      return Future.succeededFuture(MailIntake.Outcome.quarantine("quotes the receipt code of dispatch " + t.dispatchId() + " (case "
          + t.number() + ") from an address not registered for unit " + t.unitId() + ": not taken as a receipt"));
    }
    if (m.mdn() != null) {
      String type = m.mdn().dispositionType() == null ? "" : m.mdn().dispositionType();
      if (!RECEIPT_DISPOSITIONS.contains(type)) {
        return Future.succeededFuture(MailIntake.Outcome.of("ignored", t.caseId(), t.dispatchId(),
            "disposition notification '" + type + "': not a receipt"));
      }
      return receipt(t, "mail", "已读回执（" + m.mdn().disposition() + "）");
    }
    if (m.automatic() != null) {
      return Future.succeededFuture(MailIntake.Outcome.of("ignored", t.caseId(), t.dispatchId(),
          "automatic reply from the unit (" + m.automatic().reason() + "): not a receipt"));
    }
    String said = ReplyText.strip(m.text());
    if (isFeedback(m, said)) {
      return feedback(t, said, m);
    }
    return receipt(t, "reply", said.isEmpty() ? "回复邮件确认收到" : "回复邮件确认收到：" + MailIntake.shorten(said, 1900));
  }

  private boolean isFeedback(ParsedMail m, String said) {
    String k = settings.feedbackKeyword();
    if (k.isEmpty()) {
      return false;
    }
    String subject = m.subject() == null ? "" : m.subject();
    return said.startsWith(k) || said.startsWith("【" + k) || said.startsWith("[" + k) || subject.contains("【" + k + "】")
        || subject.contains("[" + k + "]");
  }

  private Future<MailIntake.Outcome> receipt(DispatchService.Target t, String method, String note) {
    if (!t.current()) {
      return Future.succeededFuture(MailIntake.Outcome.of("ignored", t.caseId(), t.dispatchId(), "receipt for a superseded dispatch"));
    }
    if (t.received() || !"dispatched".equals(t.caseStatus())) {
      return Future.succeededFuture(MailIntake.Outcome.of("receipt", t.caseId(), t.dispatchId(), "already received"));
    }
    return core.cases().transition(gateway, t.caseId(), Action.RECEIPT,
            new JsonObject().put("method", method).put("dispatchId", t.dispatchId()).put("note", note))
        .map(c -> MailIntake.Outcome.of("receipt", t.caseId(), t.dispatchId(), "receipt by " + method))
        .recover(e -> alreadyDone(e, t, "receipt"));
  }

  private Future<MailIntake.Outcome> feedback(DispatchService.Target t, String said, ParsedMail m) {
    if (!t.current()) {
      return Future.succeededFuture(MailIntake.Outcome.quarantine("feedback for a superseded dispatch " + t.dispatchId()
          + " of case " + t.number()));
    }
    StringBuilder result = new StringBuilder(MailIntake.shorten(said, 9000));
    List<String> files = m.attachments().stream().map(ParsedMail.ParsedAttachment::name).toList();
    if (!files.isEmpty()) {
      result.append("\n\n（附件见原邮件：").append(String.join("、", files)).append("）");
    }
    return core.cases().transition(gateway, t.caseId(), Action.FEEDBACK,
            new JsonObject().put("result", result.toString()).put("channel", "email").put("dispatchId", t.dispatchId()))
        .map(c -> MailIntake.Outcome.of("feedback", t.caseId(), t.dispatchId(), "feedback by mail"))
        .recover(e -> alreadyDone(e, t, "feedback"));
  }

  /** A step the case no longer allows was taken already (this very message, read again after a crash) or overtaken. */
  private static Future<MailIntake.Outcome> alreadyDone(Throwable e, DispatchService.Target t, String what) {
    if (e instanceof HotlineException h && (h.code() == ErrorCode.ILLEGAL_TRANSITION || h.code() == ErrorCode.CONFLICT)) {
      return Future.succeededFuture(MailIntake.Outcome.of(what, t.caseId(), t.dispatchId(), what + " not applied: " + h.getMessage()));
    }
    return Future.failedFuture(e);
  }

  /** The receipt token a reply or MDN carries: in the ids it answers, else in its text or subject. */
  static String token(ParsedMail m) {
    List<String> ids = new ArrayList<>();
    if (m.mdn() != null && m.mdn().originalMessageId() != null) {
      ids.add(m.mdn().originalMessageId());
    }
    if (m.inReplyTo() != null) {
      ids.add(m.inReplyTo());
    }
    ids.addAll(m.references());
    for (String id : ids) {
      Matcher x = TOKEN_IN_ID.matcher(id);
      if (x.find()) {
        return x.group(1);
      }
    }
    for (String s : new String[] {m.subject(), m.text()}) {
      if (s != null) {
        Matcher x = TOKEN_IN_TEXT.matcher(s);
        if (x.find()) {
          return x.group(1);
        }
      }
    }
    return null;
  }

  static String caseNumber(String subject) {
    if (subject == null) {
      return null;
    }
    Matcher x = CASE_NUMBER.matcher(subject);
    return x.find() ? x.group(1) : null;
  }

  /**
   * A bounce of a dispatch mail: an automatic message whose delivery-status part (RFC 3464) or returned message
   * carries our dispatch Message-ID. Null for anything else.
   */
  static Bounce bounce(ParsedMail m) {
    if (m.automatic() == null || m.mdn() != null) {
      return null;
    }
    String token = null;
    String status = null;
    for (ParsedMail.ParsedAttachment a : m.attachments()) {
      String type = a.contentType().toLowerCase(java.util.Locale.ROOT);
      byte[] data = a.data();
      if (data == null || !(type.startsWith("message/") || type.startsWith("text/rfc822-headers"))) {
        continue;
      }
      String text = new String(data, 0, Math.min(data.length, 64 * 1024), java.nio.charset.StandardCharsets.ISO_8859_1);
      if (type.startsWith("message/delivery-status") || type.startsWith("message/global-delivery-status")) {
        status = text;
      }
      Matcher x = TOKEN_IN_ID.matcher(text);
      if (token == null && x.find()) {
        token = x.group(1);
      }
    }
    if (token == null) {
      Matcher x = TOKEN_IN_ID.matcher(m.text());
      if (x.find()) {
        token = x.group(1);
      }
    }
    if (token == null) {
      return null;
    }
    if (status == null) {
      // A bounce without a delivery-status part, from the mail system itself, quoting our message.
      String sender = MailIntake.sender(m);
      boolean daemon = sender != null && sender.matches("(?i)(mailer-daemon|postmaster)@.*");
      return new Bounce(token, daemon, daemon ? MailIntake.shorten(m.text().strip(), 500) : "automatic mail quoting a dispatch");
    }
    StringBuilder reason = new StringBuilder();
    boolean failed = false;
    Matcher f = DSN_FIELD.matcher(status);
    while (f.find()) {
      String name = f.group(1);
      String value = f.group(2).strip();
      if (name.equalsIgnoreCase("Action")) {
        failed |= value.toLowerCase(java.util.Locale.ROOT).startsWith("failed");
      }
      if (reason.length() < 600) {
        reason.append(reason.length() == 0 ? "" : "; ").append(name).append(": ").append(value);
      }
    }
    return new Bounce(token, failed, reason.toString());
  }

  /** Records a failed delivery on the dispatch it reports; a delay or a success report only goes to the mail log. */
  Future<MailIntake.Outcome> bounced(Bounce b) {
    return core.dispatches().byToken(b.token()).compose(t -> {
      if (t == null) {
        return Future.succeededFuture(MailIntake.Outcome.of("ignored", null, null, "a delivery report for no dispatch of ours"));
      }
      if (!b.failed()) {
        return Future.succeededFuture(MailIntake.Outcome.of("ignored", t.caseId(), t.dispatchId(),
            "delivery report, not a failure: " + b.reason()));
      }
      return core.dispatches().bounced(gateway, t.dispatchId(), b.reason()).map(recorded -> MailIntake.Outcome.of("bounce",
          t.caseId(), t.dispatchId(), recorded ? "the dispatch mail bounced: " + b.reason() : "bounce recorded before"));
    });
  }
}
