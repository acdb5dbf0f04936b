package hotline.mail;

import static hotline.testing.Waiting.await;
import static hotline.testing.Waiting.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mail into cases over IMAP: intake, idempotency across restarts, Chinese charsets, malformed and huge mail. */
class MailInboundTest extends MailTestBase {

  static long caseOf(String messageKey) throws Exception {
    Row r = logged(messageKey);
    assertNotNull(r.getLong("case_id"), () -> "no case for " + messageKey + ": " + r.getString("outcome") + " " + r.getString("note"));
    return r.getLong("case_id");
  }

  @Test
  void aMailBecomesACaseAndTheWriterGetsItsNumber() throws Exception {
    deploy();
    arrive(plain("m1@example.cn", "\"" + jakartaEncode("张三") + "\" <zhang.san@example.cn>", "投诉：某零售店销售假烟",
        "我在某零售店买到假烟，请查处。\n我的电话：138 0013 8000，也可以打 0755-83334567。"));
    long id = caseOf("mail:m1@example.cn");
    JsonObject c = caseById(id);
    assertEquals("email", c.getString("channel"));
    assertEquals("complaint", c.getString("kind"));
    assertEquals("received", c.getString("status"));
    assertEquals("投诉：某零售店销售假烟", c.getString("subject"));
    assertTrue(c.getString("content").startsWith("我在某零售店买到假烟"), c.getString("content"));
    assertEquals("张三", c.getJsonObject("contact").getString("name"));
    assertEquals("zhang.san@example.cn", c.getJsonObject("contact").getString("email"));
    assertEquals(new JsonArray().add("138 0013 8000").add("0755-83334567"), c.getJsonObject("contact").getJsonArray("phones"));
    assertEquals("邮件网关", c.getJsonObject("owner").getString("name"));
    waitFor("moved to Processed", () -> uncheckedSize("Processed") == 1);
    assertEquals(0, folderSize("INBOX"));

    // The acknowledgement waits in the outbox, then goes out with the number, marked automatic.
    assertEquals(1, await(gateway.outbound().tickNow()));
    MimeMessage ack = lastSent();
    assertEquals("zhang.san@example.cn", ack.getAllRecipients()[0].toString().replaceAll(".*<|>.*", ""));
    assertTrue(ack.getSubject().contains(c.getString("number")), ack.getSubject());
    assertEquals("auto-replied", ack.getHeader("Auto-Submitted", null));
    assertEquals("<m1@example.cn>", ack.getHeader("In-Reply-To", null));
    assertTrue(body(ack).contains("受理编号：" + c.getString("number")), body(ack));
  }

  static int uncheckedSize(String folder) {
    try {
      return folderSize(folder);
    } catch (Exception e) {
      return -1;
    }
  }

  static MimeMessage lastSent() {
    MimeMessage[] all = smtp.getReceivedMessages();
    return all[all.length - 1];
  }

  static String body(MimeMessage m) throws Exception {
    Object content = m.getContent();
    if (content instanceof String s) {
      return s;
    }
    return (String) ((jakarta.mail.Multipart) content).getBodyPart(0).getContent();
  }

  @Test
  void theSameMessageNeverFilesTwiceAcrossRestartsAndCrashes() throws Exception {
    // Leave messages where they are (flag mode): then only the cursor keeps them from being read again.
    Map<String, String> flagOnly = Map.of("mail.folders.processed", "none");
    deploy(flagOnly);
    String raw = plain("same@example.cn", "li.si@example.cn", "咨询：零售许可证办理", "请问零售许可证如何办理？");
    arrive(raw);
    long id = caseOf("mail:same@example.cn");
    long cases = count("SELECT count(*) FROM cases");
    undeploy();

    // A restart: the cursor is past it; nothing is read again.
    deploy(flagOnly);
    arrive(plain("next@example.cn", "li.si@example.cn", "再问", "还有一个问题。"));
    caseOf("mail:next@example.cn");
    assertEquals(1, count("SELECT count(*) FROM mail_inbound WHERE message_key = 'mail:same@example.cn'"));
    undeploy();

    // A crash after the case committed and before the mailbox knew (here: the cursor lost): read again, filed once.
    await(pool.query("DELETE FROM mail_cursors").execute());
    deploy(flagOnly);
    waitFor("both read again", () -> count("SELECT count(*) FROM mail_inbound WHERE outcome = 'duplicate'") >= 2);
    assertEquals(cases + 1, count("SELECT count(*) FROM cases"));
    assertEquals("inquiry", caseById(id).getString("kind"));
    // One acknowledgement per message, however often it was read.
    assertEquals(1, count("SELECT count(*) FROM outbox WHERE starts_with(dedupe_key, 'ack:mail:<same@example.cn>#')"));
  }

  @Test
  void chineseCharsetsAsMailClientsSendThem() throws Exception {
    deploy();
    Charset gbk = Charset.forName("GBK");
    // Labelled gb2312, written in GBK (镕 and 喆 are not in GB2312), as Outlook and Foxmail do.
    String gbkRaw = "Message-ID: <gbk@example.cn>\r\nFrom: wang@example.cn\r\nTo: " + HOTLINE + "\r\n"
        + "Subject: =?gb2312?B?" + b64("举报朱镕喆经营无证", gbk) + "?=\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + b64("朱镕喆在学校附近无证卖烟。", gbk) + "\r\n";
    arrive(gbkRaw.getBytes(StandardCharsets.US_ASCII));
    JsonObject report = caseById(caseOf("mail:gbk@example.cn"));
    assertEquals("report", report.getString("kind"));
    assertEquals("举报朱镕喆经营无证", report.getString("subject"));
    assertEquals("朱镕喆在学校附近无证卖烟。", report.getString("content"));

    Charset big5 = Charset.forName("Big5");
    String big5Raw = "Message-ID: <big5@example.tw>\r\nFrom: chen@example.tw\r\nTo: " + HOTLINE + "\r\n"
        + "Subject: =?big5?B?" + b64("檢舉菸酒走私", big5) + "?=\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=big5\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + b64("有人在碼頭走私香菸。", big5) + "\r\n";
    arrive(big5Raw.getBytes(StandardCharsets.US_ASCII));
    JsonObject tw = caseById(caseOf("mail:big5@example.tw"));
    assertEquals("檢舉菸酒走私", tw.getString("subject"));
    assertEquals("有人在碼頭走私香菸。", tw.getString("content"));

    // A GB18030 attachment name (㐀 and 𠀀 need GB18030's four-byte codes), RFC 2231.
    Charset gb18030 = Charset.forName("GB18030");
    String name = "证据㐀𠀀照片.pdf";
    String attachmentRaw = "Message-ID: <gb18030@example.cn>\r\nFrom: zhao@example.cn\r\nTo: " + HOTLINE + "\r\n"
        + "Subject: =?UTF-8?B?" + b64("投诉附证据", StandardCharsets.UTF_8) + "?=\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
        + "--b1\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + b64("证据见附件。", StandardCharsets.UTF_8) + "\r\n"
        + "--b1\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        + "Content-Disposition: attachment; filename*=gb18030''" + percent(name, gb18030) + "\r\n\r\n"
        + Base64.getMimeEncoder().encodeToString("%PDF-1.4 evidence".getBytes(StandardCharsets.US_ASCII)) + "\r\n"
        + "--b1--\r\n";
    arrive(attachmentRaw.getBytes(StandardCharsets.US_ASCII));
    JsonObject withFile = caseById(caseOf("mail:gb18030@example.cn"));
    JsonArray files = withFile.getJsonArray("attachments");
    assertEquals(1, files.size());
    assertEquals(name, files.getJsonObject(0).getString("name"));
    assertEquals("application/pdf", files.getJsonObject(0).getString("contentType"));
    assertEquals(17, files.getJsonObject(0).getLong("size"));
  }

  static String b64(String s, Charset cs) {
    return Base64.getEncoder().encodeToString(s.getBytes(cs));
  }

  static String percent(String s, Charset cs) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(cs)) {
      b.append('%').append(String.format("%02X", x & 0xff));
    }
    return b.toString();
  }

  @Test
  void aMalformedMessageBecomesACaseWithTheOriginalAttached() throws Exception {
    deploy();
    String broken = "Message-ID: <broken@example.cn>\r\nFrom: broken@example.cn\r\nTo: " + HOTLINE + "\r\n"
        + "Subject: =?UTF-8?B?" + b64("投诉", StandardCharsets.UTF_8) + "?=\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"never-closed\"\r\n\r\n"
        + "--never-closed\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + b64("假烟问题，", StandardCharsets.UTF_8) + "@@@@not base64 at all!!!\r\n";
    arrive(broken.getBytes(StandardCharsets.US_ASCII));
    Row log = logged("mail:broken@example.cn");
    assertEquals("case", log.getString("outcome"), log.getString("note"));
    JsonObject c = caseById(log.getLong("case_id"));
    assertTrue(c.getString("content").contains("邮件格式有误"), c.getString("content"));
    JsonArray files = c.getJsonArray("attachments");
    assertTrue(files.stream().map(JsonObject.class::cast).anyMatch(f -> f.getString("name").endsWith(".eml")
        && "message/rfc822".equals(f.getString("contentType"))), files::encode);
  }

  @Test
  void aThirtyMegabyteAttachmentIsKeptInTheMailboxWithANote() throws Exception {
    deploy();
    byte[] big = new byte[30 * 1024 * 1024];
    new java.util.Random(7).nextBytes(big);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    raw.write(("Message-ID: <big@example.cn>\r\nFrom: sun@example.cn\r\nTo: " + HOTLINE + "\r\n"
        + "Subject: =?UTF-8?B?" + b64("投诉录像", StandardCharsets.UTF_8) + "?=\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b2\"\r\n\r\n"
        + "--b2\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + b64("录像见附件。", StandardCharsets.UTF_8) + "\r\n"
        + "--b2\r\nContent-Type: video/mp4\r\nContent-Transfer-Encoding: base64\r\n"
        + "Content-Disposition: attachment; filename=\"video.mp4\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    raw.write(Base64.getMimeEncoder().encode(big));
    raw.write("\r\n--b2--\r\n".getBytes(StandardCharsets.US_ASCII));
    arrive(raw.toByteArray());
    JsonObject c = caseById(caseOf("mail:big@example.cn"));
    assertTrue(c.getJsonArray("attachments").isEmpty());
    assertTrue(c.getString("content").contains("附件《video.mp4》（30.0 MB）超过 10.0 MB 的上限"), c.getString("content"));
    assertTrue(c.getString("content").contains("<big@example.cn>"));
    waitFor("moved to Processed", () -> uncheckedSize("Processed") >= 1);
  }

  @Test
  void lettersFaxesAndMachinesGoWhereTheyBelong() throws Exception {
    deploy();
    arrive(plain("scan-1@centre.example.cn", "scanner@centre.example.cn", "扫描件", "（扫描的来信）"));
    JsonObject letter = caseById(caseOf("mail:scan-1@centre.example.cn"));
    assertEquals("letter", letter.getString("channel"));
    assertNull(letter.getJsonObject("contact").getString("email"), "the scanner is not who wrote");

    // No fax gateway deployed here: the fax becomes a case of channel fax all the same.
    arrive(plain("fax-1@centre.example.cn", "fax-gateway@centre.example.cn", "Fax from 075566668888", "1 page"));
    Row fax = logged("mail:fax-1@centre.example.cn");
    assertEquals("case", fax.getString("outcome"));
    assertEquals("fax", caseById(fax.getLong("case_id")).getString("channel"));

    String autoReply = plain("ooo@example.cn", "someone@example.cn", "自动回复：休假中", "我正在休假。")
        .replace("MIME-Version", "Auto-Submitted: auto-replied\r\nMIME-Version");
    arrive(autoReply);
    Row ignored = logged("mail:ooo@example.cn");
    assertEquals("ignored", ignored.getString("outcome"));
    assertNull(ignored.getLong("case_id"));

    arrive(plain("noreply-1@example.cn", "noreply@shop.example.cn", "订单投诉", "系统通知"));
    caseOf("mail:noreply-1@example.cn");
    // Filed, but nobody to acknowledge: no mail to a no-reply address.
    assertEquals(0, count("SELECT count(*) FROM outbox WHERE recipient = 'noreply@shop.example.cn'"));
    assertFalse(Arrays.stream(smtp.getReceivedMessages()).anyMatch(m -> {
      try {
        return m.getAllRecipients()[0].toString().contains("noreply");
      } catch (Exception e) {
        return false;
      }
    }));
  }

  @Test
  void theSenderAndThePhonesInTheTextFindTheirCustomer() throws Exception {
    long byEmail = await(core.directory().createCustomer(admin, new JsonObject().put("name", "周记烟酒店").put("partyType", "retailer").put("licenceNo", "440306100123")
        .put("email", "Zhou.Shop@Example.cn"))).getLong("id");
    long byPhone = await(core.directory().createCustomer(admin, new JsonObject().put("name", "吴先生").put("partyType", "consumer")
        .put("phones", new JsonArray().add("13912345678")))).getLong("id");
    // Polling instead of IDLE: the same intake.
    deploy(Map.of("mail.idle", "false"));
    arrive(plain("cust-1@example.cn", "zhou.shop@example.cn", "货源投诉", "本店订货一直不到。"));
    arrive(plain("cust-2@example.cn", "someone@example.cn", "投诉", "我是吴先生，电话 139-1234-5678，请回电。"));
    assertEquals(byEmail, caseById(caseOf("mail:cust-1@example.cn")).getLong("customerId"));
    JsonObject second = caseById(caseOf("mail:cust-2@example.cn"));
    assertEquals(byPhone, second.getLong("customerId"));
    assertEquals(new JsonArray().add("139-1234-5678"), second.getJsonObject("contact").getJsonArray("phones"));
  }

  @Test
  void implicitTlsForImapAndSmtp() throws Exception {
    int imapsPort = freePort();
    int smtpsPort = freePort();
    com.icegreen.greenmail.util.GreenMail tls = new com.icegreen.greenmail.util.GreenMail(new com.icegreen.greenmail.util.ServerSetup[] {
        new com.icegreen.greenmail.util.ServerSetup(imapsPort, "127.0.0.1", com.icegreen.greenmail.util.ServerSetup.PROTOCOL_IMAPS),
        new com.icegreen.greenmail.util.ServerSetup(smtpsPort, "127.0.0.1", com.icegreen.greenmail.util.ServerSetup.PROTOCOL_SMTPS)});
    tls.start();
    try {
      var box = tls.setUser(HOTLINE, "hotline", "secret");
      // GreenMail's certificate is self-signed: trusted by name here, as an operator would for a test server.
      deploy(Map.of("mail.security", "tls", "mail.ssl-trust", "*", "mail.imap-port", String.valueOf(imapsPort),
          "mail.smtp-port", String.valueOf(smtpsPort)));
      String raw = plain("tls-1@example.cn", "tls.user@example.cn", "加密连接", "经 TLS 收取。");
      tls.getManagers().getImapHostManager().getInbox(box).appendMessage(new MimeMessage(
          jakarta.mail.Session.getInstance(new java.util.Properties()), new java.io.ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))),
          new jakarta.mail.Flags(), new java.util.Date());
      long id = caseOf("mail:tls-1@example.cn");
      assertEquals("加密连接", caseById(id).getString("subject"));
      assertEquals(1, await(gateway.outbound().tickNow()));
      String number = caseById(id).getString("number");
      assertTrue(Arrays.stream(tls.getReceivedMessages()).anyMatch(m -> {
        try {
          return m.getSubject().contains(number) && "auto-replied".equals(m.getHeader("Auto-Submitted", null));
        } catch (jakarta.mail.MessagingException e) {
          return false;
        }
      }), "the acknowledgement went out over SMTPS");
    } finally {
      undeploy();
      tls.stop();
    }
  }

  /** Angus Mail lifts the socket's read timeout while in IDLE: a quiet mailbox is not a failing one. */
  @Test
  void anIdleInboxStaysConnectedPastTheReadTimeout() throws Exception {
    deploy(Map.of("mail.read-timeout-seconds", "2"));
    waitFor("waiting in IDLE", () -> "waiting".equals(gateway.status().getJsonObject("inbound").getString("state")));
    Thread.sleep(5_000);
    JsonObject inbound = gateway.status().getJsonObject("inbound");
    assertNull(inbound.getString("lastError"), inbound::encode);
    arrive(plain("after-idle@example.cn", "idle@example.cn", "空闲之后", "空闲几秒后到达的邮件。"));
    assertEquals("空闲之后", caseById(caseOf("mail:after-idle@example.cn")).getString("subject"));
  }

  @Test
  void oneNodeReadsTheMailboxAndAnotherTakesOverWhenItGoes() throws Exception {
    deploy();
    MailGatewayVerticle second = new MailGatewayVerticle(core, MailSettings.from(hotline.config.Config.of(settings())),
        new hotline.forms.FormPdf(java.nio.file.Path.of(hotline.forms.FormPdf.DEFAULT_FONT)));
    String secondId = await(vertx.deployVerticle(second));
    try {
      waitFor("the first node reading", () -> gateway.reader() != null);
      Thread.sleep(1_500);
      assertNull(second.reader(), "the second node stands by");
      assertEquals("standby", second.status().getJsonObject("inbound").getString("state"));
      arrive(plain("two-nodes-1@example.cn", "n1@example.cn", "双节点一", "第一封。"));
      caseOf("mail:two-nodes-1@example.cn");

      undeploy();
      waitFor("the second node taking over", () -> second.reader() != null);
      arrive(plain("two-nodes-2@example.cn", "n2@example.cn", "双节点二", "第二封。"));
      caseOf("mail:two-nodes-2@example.cn");
      assertEquals(1, count("SELECT count(*) FROM mail_inbound WHERE message_key = 'mail:two-nodes-1@example.cn'"));
    } finally {
      await(vertx.undeploy(secondId));
    }
  }
}
