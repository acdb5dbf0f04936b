package hotline.mail;

import hotline.dispatch.DispatchService;
import hotline.forms.RecordForm;
import hotline.outbox.Outbox;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Locale;
import java.util.Map;

/** The mails the centre sends: dispatch forms to units, acknowledgements to people who wrote in. UTF-8 throughout. */
final class MailComposer {

  private static final Map<String, String> KINDS = Map.of(
      "complaint", "投诉", "inquiry", "咨询", "suggestion", "建议", "report", "举报");

  private final MailSettings settings;
  private final Session session;

  MailComposer(MailSettings settings, Session session) {
    this.settings = settings;
    this.session = session;
  }

  /** Our Message-ID for a dispatch mail: carries the receipt token, so an MDN or a reply finds its dispatch. */
  String dispatchMessageId(DispatchService.Target t, long outboxId) {
    return "<dispatch." + t.token() + "." + outboxId + "@" + settings.domain() + ">";
  }

  String acknowledgementMessageId(long outboxId) {
    return "<ack." + outboxId + "." + java.util.UUID.randomUUID().toString().replace("-", "") + "@" + settings.domain() + ">";
  }

  /** The dispatch form to the unit's first responsible person, with a read-receipt request and the receipt code. */
  MimeMessage dispatch(Outbox.Claimed row, DispatchService.Target t, RecordForm form, byte[] pdf, String messageId)
      throws MessagingException {
    MimeMessage m = new FixedIdMessage(session, messageId);
    from(m);
    m.setRecipient(MimeMessage.RecipientType.TO, address(row.recipient(), row.recipientName()));
    m.setSubject("[" + t.number() + "] 派单：" + form.title() + "（第" + t.round() + "次派单）", "UTF-8");
    m.setHeader("Disposition-Notification-To", settings.address());
    m.setHeader("X-Hotline-Case", t.number());
    m.setSentDate(new Date());
    String name = row.recipientName() == null ? t.unitName() : row.recipientName();
    String text = name + "：\n\n"
        + "现将《" + form.title() + "》（编号 " + t.number() + "）派至" + t.unitName() + "办理，请按期限办理并反馈结果。\n\n"
        + form.text()
        + "\n请确认收到：直接回复本邮件（或发送已读回执）即视为签收。\n"
        + (settings.feedbackKeyword().isEmpty() ? ""
            : "办理完毕后，回复内容以“" + settings.feedbackKeyword() + "”开头的，将登记为办理结果反馈。\n")
        + "回执码：HL-" + t.token() + "（回复时请保留）\n"
        + (pdf == null ? "\n（本次未附 PDF 记录表：服务器缺少中文字体。）\n" : "\n附件为记录表 PDF。\n")
        + "\n—— " + settings.fromName() + "\n";
    MimeBodyPart body = new MimeBodyPart();
    body.setText(text, "UTF-8");
    MimeMultipart mixed = new MimeMultipart("mixed");
    mixed.addBodyPart(body);
    if (pdf != null) {
      MimeBodyPart att = new MimeBodyPart();
      att.setDataHandler(new DataHandler(new ByteArrayDataSource(pdf, "application/pdf")));
      att.setFileName(t.number() + "-" + form.title() + ".pdf");
      mixed.addBodyPart(att);
    }
    m.setContent(mixed);
    m.saveChanges();
    return m;
  }

  String reminderMessageId(long outboxId) {
    return "<reminder." + outboxId + "." + java.util.UUID.randomUUID().toString().replace("-", "") + "@" + settings.domain() + ">";
  }

  /**
   * A reminder (督办提醒) to the unit's first responsible person, as the supervision office wrote it into the outbox row:
   * the case number, the round, the deadline and the working days late.
   */
  MimeMessage reminder(Outbox.Claimed row, String messageId) throws MessagingException {
    MimeMessage m = new FixedIdMessage(session, messageId);
    from(m);
    m.setRecipient(MimeMessage.RecipientType.TO, address(row.recipient(), row.recipientName()));
    JsonObjectText p = new JsonObjectText(row.payload());
    m.setSubject(p.get("subject", "[" + p.get("number", "") + "] 督办提醒"), "UTF-8");
    m.setHeader("X-Hotline-Case", p.get("number", ""));
    m.setHeader("X-Hotline-Kind", "reminder");
    m.setSentDate(new Date());
    m.setText(p.get("text", "") + "\n" + settings.fromName() + "\n", "UTF-8");
    m.saveChanges();
    return m;
  }

  /** Text fields of a payload, with a default for a missing one. */
  private record JsonObjectText(io.vertx.core.json.JsonObject json) {
    String get(String key, String def) {
      Object v = json == null ? null : json.getValue(key);
      return v == null ? def : String.valueOf(v);
    }
  }

  /** The automatic acknowledgement with the case number; marked auto-replied so that it never starts a loop. */
  MimeMessage acknowledgement(Outbox.Claimed row, String messageId) throws MessagingException {
    MimeMessage m = new FixedIdMessage(session, messageId);
    from(m);
    m.setRecipient(MimeMessage.RecipientType.TO, address(row.recipient(), row.recipientName()));
    String number = row.payload().getString("number");
    String subject = row.payload().getString("subject");
    m.setSubject("[" + number + "] 来信已受理" + (subject == null ? "" : "：" + subject), "UTF-8");
    m.setHeader("Auto-Submitted", "auto-replied");
    m.setHeader("X-Auto-Response-Suppress", "All");
    m.setHeader("X-Hotline-Case", number);
    String original = row.payload().getString("inReplyTo");
    if (original != null && !original.isBlank()) {
      m.setHeader("In-Reply-To", "<" + original + ">");
      m.setHeader("References", "<" + original + ">");
    }
    m.setSentDate(new Date());
    String kind = KINDS.getOrDefault(String.valueOf(row.payload().getString("kind")).toLowerCase(Locale.ROOT), "来信");
    m.setText("您好：\n\n您的来信已收到并受理（" + kind + "），受理编号：" + number + "。\n"
        + "我们将按规定时限办理并答复。查询办理进度时，请提供此受理编号。\n\n"
        + "本邮件由系统自动发送。\n\n—— " + settings.fromName() + "\n", "UTF-8");
    m.saveChanges();
    return m;
  }

  private void from(MimeMessage m) throws MessagingException {
    m.setFrom(address(settings.address(), settings.fromName()));
  }

  private static InternetAddress address(String email, String name) throws MessagingException {
    try {
      InternetAddress a = new InternetAddress(email, true);
      if (name != null && !name.isBlank()) {
        a.setPersonal(name, StandardCharsets.UTF_8.name());
      }
      return a;
    } catch (UnsupportedEncodingException e) {
      throw new MessagingException("cannot encode " + name, e);
    }
  }

  /** A message whose Message-ID is ours, fixed before the first attempt, and kept on every resend. */
  private static final class FixedIdMessage extends MimeMessage {
    private final String id;

    FixedIdMessage(Session session, String id) {
      super(session);
      this.id = id;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", id);
    }
  }
}
