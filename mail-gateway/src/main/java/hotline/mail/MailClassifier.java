package hotline.mail;

import hotline.validation.Texts;
import hotline.cases.CaseKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an inbound mail is ({@link MailClass}), from the parsed mail and the settings alone: pure, no I/O. In this
 * order: mail from a fax-to-mail sender is a fax; a delivery report quoting a dispatch mail is a bounce; a mail
 * carrying a receipt token answers that dispatch; a read receipt without one is stray; a person's mail quoting a
 * case number may answer that case's dispatch; anything else is automatic (logged) or a new case.
 */
final class MailClassifier {

  /** Our dispatch mails' Message-IDs: {@code dispatch.<token>.<outbox id>@domain}. */
  static final Pattern TOKEN_IN_ID = Pattern.compile("dispatch\\.([0-9a-f]{32})\\.");
  /** The receipt code in a dispatch mail's text, quoted back in replies. */
  static final Pattern TOKEN_IN_TEXT = Pattern.compile("HL-([0-9a-f]{32})");
  static final Pattern CASE_NUMBER = Pattern.compile("\\[(\\d{4}-\\d{6})]");
  private static final List<String> RECEIPT_DISPOSITIONS = List.of("displayed", "dispatched", "processed");
  private static final Pattern DSN_FIELD = Pattern.compile("(?im)^(Action|Status|Diagnostic-Code|Final-Recipient)\\s*:\\s*(.+)$");

  private MailClassifier() {
  }

  static MailClass classify(ParsedMail m, MailSettings settings) {
    String sender = m.sender();
    if (sender != null && settings.faxSenders().contains(sender)) {
      return new MailClass.Fax(newCase(m, settings, "fax", false));
    }
    MailClass.Bounce bounce = bounce(m);
    if (bounce != null) {
      return bounce;
    }
    String token = token(m);
    if (token != null) {
      return new MailClass.Reply(token, null, answer(m, settings), notAReply(m, settings));
    }
    if (m.mdn() != null) {
      return new MailClass.StrayReceipt();
    }
    String number = caseNumber(m.subject());
    if (number != null && m.automatic() == null && sender != null) {
      // A unit answering from an address of its own, quoting only the case number; anyone else writing about a
      // case number (a customer following up) is filed as new mail.
      return new MailClass.Reply(null, number, answer(m, settings), notAReply(m, settings));
    }
    return notAReply(m, settings);
  }

  private static MailClass.NotAReply notAReply(ParsedMail m, MailSettings settings) {
    // Auto-replies, bounces, lists and bulk mail are logged, not filed. Mail from a no-reply address without any
    // such header is a system's message to the hotline: filed, but never acknowledged.
    if (m.automatic() != null && !m.automatic().reason().startsWith("From")) {
      return new MailClass.Automatic(m.automatic().reason());
    }
    return newCase(m, settings, channelOf(m, settings), true);
  }

  // ---- new cases ----

  private static MailClass.NewCase newCase(ParsedMail m, MailSettings settings, String channel, boolean mayAcknowledge) {
    String replyTo = m.replyTo() != null && m.replyTo().email() != null ? m.replyTo().email() : m.sender();
    boolean acknowledge = mayAcknowledge && settings.acknowledge() && m.automatic() == null
        && acknowledgeable(replyTo, settings);
    return new MailClass.NewCase(channel, kindOf(m, settings), acknowledge ? replyTo : null);
  }

  private static String channelOf(ParsedMail m, MailSettings settings) {
    String sender = m.sender();
    boolean letter = (sender != null && settings.letterSenders().contains(sender))
        || m.to().stream().anyMatch(settings.letterAddresses()::contains);
    return letter ? "letter" : "email";
  }

  private static CaseKind kindOf(ParsedMail m, MailSettings settings) {
    String subject = m.subject() == null ? "" : m.subject();
    for (Map.Entry<String, CaseKind> e : settings.kindKeywords().entrySet()) {
      if (subject.contains(e.getKey())) {
        return e.getValue();
      }
    }
    return CaseKind.COMPLAINT;
  }

  /** Never to ourselves, and never to a machine's address: acknowledgements must not loop. */
  private static boolean acknowledgeable(String to, MailSettings settings) {
    if (to == null || !to.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      return false;
    }
    String local = to.substring(0, to.indexOf('@'));
    return !to.equalsIgnoreCase(settings.address())
        && !local.matches("(?i)(no-?reply|do-?not-?reply|mailer-daemon|postmaster|bounces?)([-+._].*)?");
  }

  // ---- replies ----

  /** What a mail says to the dispatch it names: a receipt, the feedback, or neither (with the reason). */
  private static MailClass.Answer answer(ParsedMail m, MailSettings settings) {
    if (m.mdn() != null) {
      String type = m.mdn().dispositionType() == null ? "" : m.mdn().dispositionType();
      if (!RECEIPT_DISPOSITIONS.contains(type)) {
        return new MailClass.NotAReceipt("disposition notification '" + type + "': not a receipt");
      }
      return new MailClass.Receipt("mail", "已读回执（" + m.mdn().disposition() + "）");
    }
    if (m.automatic() != null) {
      return new MailClass.NotAReceipt("automatic reply from the unit (" + m.automatic().reason() + "): not a receipt");
    }
    String said = ReplyText.strip(m.text());
    if (isFeedback(m, said, settings)) {
      StringBuilder result = new StringBuilder(Texts.shorten(said, 9000));
      List<String> files = m.attachments().stream().map(ParsedMail.ParsedAttachment::name).toList();
      if (!files.isEmpty()) {
        result.append("\n\n（附件见原邮件：").append(String.join("、", files)).append("）");
      }
      return new MailClass.Feedback(result.toString());
    }
    return new MailClass.Receipt("reply", said.isEmpty() ? "回复邮件确认收到" : "回复邮件确认收到：" + Texts.shorten(said, 1900));
  }

  private static boolean isFeedback(ParsedMail m, String said, MailSettings settings) {
    String k = settings.feedbackKeyword();
    if (k.isEmpty()) {
      return false;
    }
    String subject = m.subject() == null ? "" : m.subject();
    return said.startsWith(k) || said.startsWith("【" + k) || said.startsWith("[" + k) || subject.contains("【" + k + "】")
        || subject.contains("[" + k + "]");
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

  // ---- bounces ----

  /**
   * A bounce of a dispatch mail: an automatic message whose delivery-status part (RFC 3464) or returned message
   * carries our dispatch Message-ID. Null for anything else.
   */
  static MailClass.Bounce bounce(ParsedMail m) {
    if (m.automatic() == null || m.mdn() != null) {
      return null;
    }
    String token = null;
    String status = null;
    for (ParsedMail.ParsedAttachment a : m.attachments()) {
      String type = a.contentType().toLowerCase(Locale.ROOT);
      byte[] data = a.data();
      if (data == null || !(type.startsWith("message/") || type.startsWith("text/rfc822-headers"))) {
        continue;
      }
      String text = new String(data, 0, Math.min(data.length, 64 * 1024), StandardCharsets.ISO_8859_1);
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
      String sender = m.sender();
      boolean daemon = sender != null && sender.matches("(?i)(mailer-daemon|postmaster)@.*");
      return new MailClass.Bounce(token, daemon, daemon ? Texts.shorten(m.text().strip(), 500)
          : "automatic mail quoting a dispatch");
    }
    StringBuilder reason = new StringBuilder();
    boolean failed = false;
    Matcher f = DSN_FIELD.matcher(status);
    while (f.find()) {
      String name = f.group(1);
      String value = f.group(2).strip();
      if (name.equalsIgnoreCase("Action")) {
        failed |= value.toLowerCase(Locale.ROOT).startsWith("failed");
      }
      if (reason.length() < 600) {
        reason.append(reason.length() == 0 ? "" : "; ").append(name).append(": ").append(value);
      }
    }
    return new MailClass.Bounce(token, failed, reason.toString());
  }
}
