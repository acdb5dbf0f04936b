package hotline.mail;

import static hotline.testing.Waiting.await;
import static hotline.testing.Waiting.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.cases.Action;
import hotline.forms.FormPdf;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** Dispatch forms out over SMTP through the outbox, and the unit's receipts and replies back in. */
class MailDispatchTest extends MailTestBase {

  /** A complaint filed, instructed and dispatched by mail to the unit: answers the case. */
  static JsonObject dispatched(String subject, String kind) throws Exception {
    long id = await(core.cases().create(agent, hotline.cases.Intake.of(hotline.cases.CaseKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)), hotline.cases.Channel.PHONE, "在某零售店购买的香烟疑似假冒，要求查处。").withSubject(subject)
        .withContact(new hotline.cases.Intake.Contact("张三", java.util.List.of("13800138000"), null, null)))).getLong("id");
    await(core.cases().transition(agent, id, Action.SUBMIT, new JsonObject()));
    await(core.cases().transition(leader, id, Action.INSTRUCT, new JsonObject().put("instruction", "请宝安区局两日内核实处理")));
    await(core.cases().transition(agent, id, Action.DISPATCH, new JsonObject().put("unitId", unitId).put("method", "email")));
    return await(core.cases().get(agent, id));
  }

  static MimeMessage sentFor(String number) {
    for (MimeMessage m : smtp.getReceivedMessages()) {
      try {
        if (m.getSubject().contains("[" + number + "]") && m.getSubject().contains("派单")) {
          return m;
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return null;
  }

  static String token(MimeMessage m) throws Exception {
    Matcher x = Pattern.compile("dispatch\\.([0-9a-f]{32})\\.").matcher(m.getMessageID());
    assertTrue(x.find(), m.getMessageID());
    return x.group(1);
  }

  @Test
  void theFormGoesOutWhenSmtpComesBackAndCarriesEverythingAReceiptNeeds() throws Exception {
    smtp.stop();
    try {
      deploy();
      JsonObject c = dispatched("假烟投诉（派单）", "complaint");
      String number = c.getString("number");
      assertEquals(0, await(gateway.outbound().tickNow()));
      Row row = rows("SELECT * FROM outbox WHERE case_id = $1", c.getLong("id")).get(0);
      assertEquals("pending", row.getString("status"));
      assertEquals(1, row.getInteger("attempts"));
      assertNotNull(row.getString("last_error"));
      // Due again only after the backoff.
      assertEquals(0, await(gateway.outbound().tickNow()));
      assertEquals(1, rows("SELECT attempts FROM outbox WHERE id = $1", row.getLong("id")).get(0).getInteger(0));

      smtp = startSmtp();
      clock.advance(Duration.ofMinutes(1));
      assertEquals(1, await(gateway.outbound().tickNow()));
      Row sent = rows("SELECT * FROM outbox WHERE id = $1", row.getLong("id")).get(0);
      assertEquals("sent", sent.getString("status"));
      assertEquals(2, sent.getInteger("attempts"));
      assertEquals(2, count("SELECT count(*) FROM outbox_attempts WHERE outbox_id = $1", row.getLong("id")));

      MimeMessage m = sentFor(number);
      assertNotNull(m, "the dispatch mail arrived");
      assertEquals(sent.getString("external_id"), m.getMessageID());
      assertEquals("head@baoan.example.cn", m.getAllRecipients()[0].toString().replaceAll(".*<|>.*", "").toLowerCase());
      assertEquals(HOTLINE, m.getHeader("Disposition-Notification-To", null));
      assertTrue(m.getSubject().startsWith("[" + number + "] 派单：客户投诉受理监督记录表（第1次派单）"), m.getSubject());
      Multipart parts = (Multipart) m.getContent();
      String text = (String) parts.getBodyPart(0).getContent();
      assertTrue(text.contains("HL-" + token(m)), text);
      assertTrue(text.contains("【领导批示】请宝安区局两日内核实处理"), text);
      assertTrue(text.contains("【联系人】张三"), "a complaint's unit may call the customer back");
      if (new FormPdf(Path.of(FormPdf.DEFAULT_FONT)).available()) {
        BodyPart pdf = parts.getBodyPart(1);
        assertEquals(number + "-客户投诉受理监督记录表.pdf", pdf.getFileName());
        try (InputStream in = pdf.getInputStream(); PDDocument doc = Loader.loadPDF(in.readAllBytes())) {
          String pdfText = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
          assertTrue(pdfText.contains("客户投诉受理监督记录表"));
          assertTrue(pdfText.contains("受理编号：" + number), pdfText);
          assertTrue(pdfText.contains("领导批示：请宝安区局两日内核实处理"), pdfText);
        }
      }
      JsonObject after = caseById(c.getLong("id"));
      assertEquals("sent", after.getJsonObject("currentDispatch").getJsonObject("delivery").getString("status"));
      assertEquals("dispatched", after.getString("status"));
    } finally {
      if (!smtp.isRunning()) {
        smtp = startSmtp();
      }
    }
  }

  /**
   * A form held in the outbox (the mail server down) goes out as the case was when dispatched: the receipt, the
   * extension and the feedback recorded while it waited are not on it, in the mail's text nor in its PDF.
   */
  @Test
  void aFormHeldInTheOutboxGoesOutAsTheCaseWasWhenDispatched() throws Exception {
    smtp.stop();
    try {
      deploy();
      JsonObject c = dispatched("派单后迟发", "complaint");
      long id = c.getLong("id");
      String number = c.getString("number");
      JsonObject asDispatched = c.getJsonObject("currentDispatch");
      String iso = asDispatched.getString("dueAt");
      String due = iso.substring(0, 10) + " " + iso.substring(11, 16) + "（" + asDispatched.getInteger("workingDays") + "个工作日）";
      assertEquals(0, await(gateway.outbound().tickNow()), "the mail server is down");

      clock.advance(Duration.ofMinutes(10));
      await(core.cases().transition(agent, id, Action.RECEIPT, new JsonObject().put("method", "by_hand")));
      await(core.cases().transition(agent, id, Action.EXTEND, new JsonObject().put("workingDays", 5).put("reason", "需现场核查")));
      await(core.cases().transition(agent, id, Action.FEEDBACK, new JsonObject().put("result", "经核查，该店确有销售假烟行为，已依法查处。")));
      JsonObject now = caseById(id).getJsonObject("currentDispatch");
      assertEquals("handled", now.getString("status"));
      assertEquals(5, now.getInteger("workingDays"));

      smtp = startSmtp();
      clock.advance(Duration.ofMinutes(1));
      assertEquals(1, await(gateway.outbound().tickNow()));
      MimeMessage m = sentFor(number);
      assertNotNull(m, "the dispatch mail arrived");
      Multipart parts = (Multipart) m.getContent();
      String text = ((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n");
      assertTrue(text.contains("【办理期限】" + due + "\n"), text);
      assertTrue(text.contains("【签收人】________\n【签收时间】________\n"), text);
      for (String later : List.of("经核查", "【办理结果】", "【反馈时间】", "【签收方式】", "当面签收", "5个工作日")) {
        assertFalse(text.contains(later), () -> "the form as dispatched shows " + later + ": " + text);
      }
      if (new FormPdf(Path.of(FormPdf.DEFAULT_FONT)).available()) {
        try (InputStream in = parts.getBodyPart(1).getInputStream(); PDDocument doc = Loader.loadPDF(in.readAllBytes())) {
          String pdfText = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
          assertTrue(pdfText.contains("受理编号：" + number), pdfText);
          assertTrue(pdfText.contains(due.replace(" ", "")), pdfText);
          for (String later : List.of("经核查", "当面签收", "已签收", "5个工作日")) {
            assertFalse(pdfText.contains(later), () -> "the PDF as dispatched shows " + later + ": " + pdfText);
          }
        }
      }
    } finally {
      if (!smtp.isRunning()) {
        smtp = startSmtp();
      }
    }
  }

  @Test
  void aReportsFormNeverNamesTheReporter() throws Exception {
    deploy();
    JsonObject c = dispatched("举报无证经营", "report");
    await(gateway.outbound().tickNow());
    MimeMessage m = sentFor(c.getString("number"));
    assertNotNull(m);
    String text = (String) ((Multipart) m.getContent()).getBodyPart(0).getContent();
    assertTrue(text.contains("《客户举报受理监督记录表》"), text);
    assertTrue(text.contains("【联系人】（保密）"), text);
    assertTrue(!text.contains("张三") && !text.contains("13800138000"), text);
    if (((Multipart) m.getContent()).getCount() > 1) {
      try (InputStream in = ((Multipart) m.getContent()).getBodyPart(1).getInputStream();
          PDDocument doc = Loader.loadPDF(in.readAllBytes())) {
        String pdfText = new PDFTextStripper().getText(doc);
        assertTrue(!pdfText.contains("张三") && !pdfText.contains("13800138000"), pdfText);
      }
    }
  }

  static String mdn(String id, String from, String originalId, String disposition) {
    return "Message-ID: <" + id + ">\r\nFrom: " + from + "\r\nTo: " + HOTLINE + "\r\n"
        + "Subject: Read: dispatch\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: multipart/report; report-type=disposition-notification; boundary=\"r\"\r\n\r\n"
        + "--r\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nYour message was displayed.\r\n"
        + "--r\r\nContent-Type: message/disposition-notification\r\n\r\n"
        + "Reporting-UA: Foxmail\r\nFinal-Recipient: rfc822; " + from + "\r\n"
        + "Original-Message-ID: " + originalId + "\r\n"
        + "Disposition: manual-action/MDN-sent-manually; " + disposition + "\r\n"
        + "--r--\r\n";
  }

  static String reply(String id, String from, MimeMessage original, String text) throws Exception {
    return plain(id, from, "Re: " + original.getSubject(), text)
        .replace("MIME-Version", "In-Reply-To: " + original.getMessageID() + "\r\nReferences: " + original.getMessageID()
            + "\r\nMIME-Version");
  }

  @Test
  void aReadReceiptConfirmsReceiptAndADeletionDoesNot() throws Exception {
    deploy();
    JsonObject c = dispatched("回执测试", "complaint");
    await(gateway.outbound().tickNow());
    MimeMessage m = sentFor(c.getString("number"));
    arrive(mdn("mdn-deleted@baoan.example.cn", UNIT_HEAD, m.getMessageID(), "deleted"));
    assertEquals("ignored", logged("mail:mdn-deleted@baoan.example.cn").getString("outcome"));
    assertEquals("dispatched", caseById(c.getLong("id")).getString("status"));

    arrive(mdn("mdn-1@baoan.example.cn", "Head@BaoAn.example.cn", m.getMessageID(), "displayed"));
    Row log = logged("mail:mdn-1@baoan.example.cn");
    assertEquals("receipt", log.getString("outcome"), log.getString("note"));
    JsonObject after = caseById(c.getLong("id"));
    assertEquals("receipt_confirmed", after.getString("status"));
    assertEquals("mail", after.getJsonObject("currentDispatch").getString("receiptMethod"));
    assertEquals("邮件网关", after.getJsonArray("timeline").getJsonObject(after.getJsonArray("timeline").size() - 1).getString("actor"));
  }

  @Test
  void aReplyIsAReceiptAndAReplyStartingWithTheKeywordIsTheFeedback() throws Exception {
    deploy();
    JsonObject c = dispatched("回复测试", "complaint");
    await(gateway.outbound().tickNow());
    MimeMessage m = sentFor(c.getString("number"));
    arrive(reply("r-1@baoan.example.cn", "王主任 <head@baoan.example.cn>", m, "收到，马上安排核查。\n\n> 原邮件内容"));
    assertEquals("receipt", logged("mail:r-1@baoan.example.cn").getString("outcome"));
    JsonObject received = caseById(c.getLong("id"));
    assertEquals("receipt_confirmed", received.getString("status"));
    assertEquals("reply", received.getJsonObject("currentDispatch").getString("receiptMethod"));

    arrive(reply("r-2@baoan.example.cn", "head@baoan.example.cn", m,
        "反馈：经核查，该店确有销售假烟行为，已依法查处并没收。\n\n-----原始邮件-----\n发件人：监督热线"));
    Row log = logged("mail:r-2@baoan.example.cn");
    assertEquals("feedback", log.getString("outcome"), log.getString("note"));
    JsonObject handled = caseById(c.getLong("id"));
    assertEquals("handled", handled.getString("status"));
    assertEquals("反馈：经核查，该店确有销售假烟行为，已依法查处并没收。", handled.getJsonObject("currentDispatch").getString("feedback"));

    // The same reply again (a crash before the mailbox knew): nothing changes.
    await(pool.query("DELETE FROM mail_cursors").execute());
    arrive(reply("r-2@baoan.example.cn", "head@baoan.example.cn", m, "反馈：经核查……"));
    waitFor("the repeat logged", () -> count("SELECT count(*) FROM mail_inbound WHERE message_key = 'mail:r-2@baoan.example.cn'") == 2);
    assertEquals("handled", caseById(c.getLong("id")).getString("status"));
  }

  @Test
  void aStrangerQuotingTheReceiptCodeIsQuarantinedNotTrusted() throws Exception {
    deploy();
    JsonObject c = dispatched("冒充回执", "complaint");
    await(gateway.outbound().tickNow());
    MimeMessage m = sentFor(c.getString("number"));
    arrive(plain("fake@elsewhere.example", "someone@elsewhere.example", "Re: 回执", "已收到。回执码：HL-" + token(m)));
    Row log = logged("mail:fake@elsewhere.example");
    assertEquals("quarantined", log.getString("outcome"));
    assertTrue(log.getString("note").contains("not registered"), log.getString("note"));
    assertEquals("dispatched", caseById(c.getLong("id")).getString("status"));
    waitFor("in quarantine", () -> {
      try {
        return folderSize("Quarantine") >= 1;
      } catch (Exception e) {
        return false;
      }
    });

    // The unit's own address quoting only the case number is a receipt too.
    arrive(plain("num@baoan.example.cn", "head@baoan.example.cn", "[" + c.getString("number") + "] 已收到", "收到"));
    assertEquals("receipt", logged("mail:num@baoan.example.cn").getString("outcome"));
    assertEquals("receipt_confirmed", caseById(c.getLong("id")).getString("status"));
  }

  @Test
  void aRecipientRefusedForGoodIsGivenUpAtOnce() throws Exception {
    deploy();
    JsonObject c = dispatched("退信", "complaint");
    // The unit's address was mistyped: the SMTP server refuses the recipient for good.
    await(pool.query("UPDATE outbox SET recipient = 'not an address' WHERE status = 'pending'").execute());
    await(gateway.outbound().tickNow());
    Row row = rows("SELECT * FROM outbox WHERE case_id = $1", c.getLong("id")).get(0);
    assertEquals("failed", row.getString("status"));
    assertEquals(1, row.getInteger("attempts"));
    JsonObject after = caseById(c.getLong("id"));
    assertTrue(after.getJsonArray("timeline").stream().map(JsonObject.class::cast)
        .anyMatch(e -> "delivery_failed".equals(e.getString("action"))));
    assertTrue(gateway.status().getJsonObject("outbound").getString("lastError").contains("not an address"));
  }

  static String dsn(String id, String action, MimeMessage original) throws Exception {
    return "Message-ID: <" + id + ">\r\nFrom: MAILER-DAEMON@mx.baoan.example.cn\r\nTo: " + HOTLINE + "\r\n"
        + "Subject: Undelivered Mail Returned to Sender\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"d\"\r\n\r\n"
        + "--d\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nI'm sorry to have to inform you that your message could not be delivered.\r\n"
        + "--d\r\nContent-Type: message/delivery-status\r\n\r\n"
        + "Reporting-MTA: dns; mx.baoan.example.cn\r\n\r\n"
        + "Final-Recipient: rfc822; head@baoan.example.cn\r\nAction: " + action + "\r\nStatus: 5.1.1\r\n"
        + "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n"
        + "--d\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        + "Message-ID: " + original.getMessageID() + "\r\nSubject: dispatch\r\n"
        + "--d--\r\n";
  }

  @Test
  void aBounceOfTheFormSaysOnTheCaseThatItDidNotArrive() throws Exception {
    deploy();
    JsonObject c = dispatched("退信报告", "complaint");
    await(gateway.outbound().tickNow());
    MimeMessage m = sentFor(c.getString("number"));
    arrive(dsn("dsn-delayed@mx.baoan.example.cn", "delayed", m));
    Row delayed = logged("mail:dsn-delayed@mx.baoan.example.cn");
    assertEquals("ignored", delayed.getString("outcome"), delayed.getString("note"));
    assertEquals("sent", caseById(c.getLong("id")).getJsonObject("currentDispatch").getJsonObject("delivery").getString("status"));

    arrive(dsn("dsn-failed@mx.baoan.example.cn", "failed", m));
    Row bounced = logged("mail:dsn-failed@mx.baoan.example.cn");
    assertEquals("bounce", bounced.getString("outcome"), bounced.getString("note"));
    JsonObject after = caseById(c.getLong("id"));
    JsonObject delivery = after.getJsonObject("currentDispatch").getJsonObject("delivery");
    assertEquals("failed", delivery.getString("status"));
    assertTrue(delivery.getString("error").contains("550 5.1.1 User unknown"), delivery.encode());
    JsonObject last = after.getJsonArray("timeline").getJsonObject(after.getJsonArray("timeline").size() - 1);
    assertEquals("delivery_failed", last.getString("action"));
    assertEquals("dispatched", after.getString("status"), "still waiting for the unit: the centre must resend");
    // Not a receipt, and not a stranger's receipt either.
    assertEquals(0, count("SELECT count(*) FROM mail_inbound WHERE message_key = 'mail:dsn-failed@mx.baoan.example.cn' "
        + "AND outcome = 'quarantined'"));
  }

  @Test
  void errorsShownToAnyoneNeverCarryAnAddress() {
    String smtp = "jakarta.mail.SendFailedException: Invalid Addresses; nested exception is: 550 5.1.1 <zhang.san@example.cn>: "
        + "Recipient address rejected; also reporter+tag@mail.example.cn";
    String shown = MailIntake.redact(smtp);
    assertTrue(!shown.contains("@") && shown.contains("Recipient address rejected"), shown);
  }
}
