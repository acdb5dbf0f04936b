package hotline.mail;

import static hotline.testing.Waiting.await;
import static hotline.testing.Waiting.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Message-ID is not a message: distinct messages that share one (broken mailers, scanners and fax-to-mail boxes
 * that write a fixed one) are a case each, and the same message read again or delivered twice is still one case;
 * cases filed before the content counted keep their messages from being filed again.
 */
class MailMessageIdTest extends MailTestBase {

  /** Filed mail stays in the inbox, flagged: then a lost cursor reads all of it again. */
  static final Map<String, String> FLAG_ONLY = Map.of("mail.folders.processed", "none");

  /** The mail log of a message key, oldest first, once it has {@code n} lines. */
  static List<Row> logOf(String messageKey, int n) throws Exception {
    waitFor(n + " lines of " + messageKey, () -> count("SELECT count(*) FROM mail_inbound WHERE message_key = $1", messageKey) >= n);
    return rows("SELECT * FROM mail_inbound WHERE message_key = $1 ORDER BY id", messageKey);
  }

  static String shared(String messageId, String number) {
    return "此邮件的 Message-ID（<" + messageId + ">）与工单 " + number + " 的来件相同，但内容不同，已另行立案。";
  }

  @Test
  void twoMessagesUnderOneMessageIdAreTwoCasesAndTheSecondNamesTheFirst() throws Exception {
    deploy();
    arrive(plain("reused@mailer.example.cn", "zhao@example.cn", "投诉：假烟", "在某零售店买到假烟。"));
    Row first = logOf("mail:reused@mailer.example.cn", 1).get(0);
    arrive(plain("reused@mailer.example.cn", "qian@example.cn", "投诉：无证经营", "某店无证卖烟，请查处。"));
    Row second = logOf("mail:reused@mailer.example.cn", 2).get(1);

    assertEquals("case", first.getString("outcome"));
    assertEquals("case", second.getString("outcome"), second.getString("note"));
    assertNotEquals(first.getLong("case_id"), second.getLong("case_id"));
    JsonObject one = caseById(first.getLong("case_id"));
    JsonObject two = caseById(second.getLong("case_id"));
    assertEquals("投诉：无证经营", two.getString("subject"));
    assertEquals("qian@example.cn", two.getJsonObject("contact").getString("email"));
    assertTrue(two.getString("content").startsWith("某店无证卖烟，请查处。"), two.getString("content"));
    assertTrue(two.getString("content").contains(shared("reused@mailer.example.cn", one.getString("number"))), two.getString("content"));
    assertTrue(second.getString("note").contains(shared("reused@mailer.example.cn", one.getString("number"))), second.getString("note"));
    assertFalse(one.getString("content").contains("Message-ID"), one.getString("content"));
    // Each writer hears of their own case.
    assertEquals(2, count("SELECT count(*) FROM outbox WHERE kind = 'acknowledgement' AND case_id = ANY ($1)",
        (Object) new Long[] {first.getLong("case_id"), second.getLong("case_id")}));
  }

  @Test
  void theSameMessageDeliveredTwiceOrReadAgainIsOneCase() throws Exception {
    long cases = count("SELECT count(*) FROM cases");
    deploy(FLAG_ONLY);
    String message = plain("twice@example.cn", "sun@example.cn", "投诉：短斤少两", "买的烟少了两包。");
    // One message, delivered to two of the centre's addresses: each copy with its own transport fields.
    arrive(("Return-Path: <sun@example.cn>\r\n"
        + "Delivered-To: " + HOTLINE + "\r\n"
        + "Received: from mx1.centre.example.cn by imap.centre.example.cn; Thu, 12 Feb 2026 09:30:02 +0800\r\n"
        + "X-Spam-Status: No, score=0.1\r\n" + message).getBytes(StandardCharsets.UTF_8));
    arrive(("Return-Path: <sun@example.cn>\r\n"
        + "Delivered-To: complaints@centre.example.cn\r\n"
        + "Received: from mx2.centre.example.cn by imap.centre.example.cn; Thu, 12 Feb 2026 09:30:09 +0800\r\n"
        + "Received: from relay.example.cn by mx2.centre.example.cn; Thu, 12 Feb 2026 09:30:08 +0800\r\n"
        + "X-Original-To: complaints@centre.example.cn\r\n" + message).getBytes(StandardCharsets.UTF_8));
    List<Row> log = logOf("mail:twice@example.cn", 2);
    assertEquals("case", log.get(0).getString("outcome"));
    assertEquals("duplicate", log.get(1).getString("outcome"));
    long id = log.get(0).getLong("case_id");
    assertEquals(id, log.get(1).getLong("case_id"));
    assertEquals(cases + 1, count("SELECT count(*) FROM cases"));
    undeploy();

    // Both read again from the mailbox (the cursor lost): nothing new.
    await(pool.query("DELETE FROM mail_cursors").execute());
    deploy(FLAG_ONLY);
    log = logOf("mail:twice@example.cn", 4);
    assertEquals(List.of("duplicate", "duplicate"), log.subList(2, 4).stream().map(r -> r.getString("outcome")).toList());
    assertEquals(id, log.get(3).getLong("case_id"));
    assertEquals(cases + 1, count("SELECT count(*) FROM cases"));
    assertEquals(1, count("SELECT count(*) FROM outbox WHERE kind = 'acknowledgement' AND case_id = $1", id));
  }

  /** A scanned letter as a cheap scanner mails it: the same Message-ID, subject, date and text every time. */
  static byte[] letter(String pdf) {
    return ("Message-ID: <00000000@scanner.centre.example.cn>\r\n"
        + "From: scanner@centre.example.cn\r\n"
        + "To: " + HOTLINE + "\r\n"
        + "Subject: " + jakartaEncode("扫描件") + "\r\n"
        + "Date: Thu, 01 Jan 2026 00:00:00 +0800\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: multipart/mixed; boundary=\"scan\"\r\n\r\n"
        + "--scan\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + Base64.getMimeEncoder().encodeToString("（扫描的来信）".getBytes(StandardCharsets.UTF_8)) + "\r\n"
        + "--scan\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        + "Content-Disposition: attachment; filename=\"scan.pdf\"\r\n\r\n"
        + Base64.getMimeEncoder().encodeToString(pdf.getBytes(StandardCharsets.US_ASCII)) + "\r\n"
        + "--scan--\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void aScannerThatWritesOneMessageIdFilesEveryLetter() throws Exception {
    // Three letters scanned in a row, read in one batch.
    arrive(letter("%PDF-1.4 letter from Mr Wang"));
    arrive(letter("%PDF-1.4 letter from Ms Li"));
    arrive(letter("%PDF-1.4 letter from the Zhang family"));
    deploy();
    List<Row> log = logOf("mail:00000000@scanner.centre.example.cn", 3);
    assertEquals(List.of("case", "case", "case"), log.stream().map(r -> r.getString("outcome")).toList());
    Long[] ids = log.stream().map(r -> r.getLong("case_id")).toArray(Long[]::new);
    assertEquals(3, count("SELECT count(DISTINCT id) FROM cases WHERE id = ANY ($1) AND channel = 'letter'", (Object) ids));
    assertEquals(3, count("SELECT count(DISTINCT sha256) FROM attachments WHERE case_id = ANY ($1)", (Object) ids));
    String first = caseById(ids[0]).getString("number");
    assertFalse(caseById(ids[0]).getString("content").contains("Message-ID"));
    for (int i = 1; i < 3; i++) {
      String content = caseById(ids[i]).getString("content");
      assertTrue(content.contains(shared("00000000@scanner.centre.example.cn", first)), content);
    }
  }

  @Test
  void aMessageFiledBeforeTheContentCountedIsNotFiledAgain() throws Exception {
    long cases = count("SELECT count(*) FROM cases");
    String key = "mail:legacy@example.cn";
    deploy(FLAG_ONLY);
    // Arrived a minute before it was filed.
    arrive(plain("legacy@example.cn", "zhou@example.cn", "投诉：升级前", "升级前收到并立案的邮件。").getBytes(StandardCharsets.UTF_8),
        Date.from(clock.instant().minus(Duration.ofMinutes(1))));
    long old = logOf(key, 1).get(0).getLong("case_id");
    String oldNumber = caseById(old).getString("number");
    undeploy();
    // What the gateway left before the content counted: the case and its acknowledgement under the message key alone.
    await(pool.preparedQuery("UPDATE cases SET source_ref = $2 WHERE id = $1").execute(io.vertx.sqlclient.Tuple.of(old, key)));
    await(pool.preparedQuery("UPDATE outbox SET dedupe_key = $2 WHERE case_id = $1 AND kind = 'acknowledgement'")
        .execute(io.vertx.sqlclient.Tuple.of(old, "ack:" + key)));
    // A later message under the same id: the gateway took it for a duplicate then.
    arrive(plain("legacy@example.cn", "wu@example.cn", "投诉：同号不同信", "另一封邮件，用了同一个 Message-ID。").getBytes(StandardCharsets.UTF_8),
        Date.from(clock.instant().plus(Duration.ofMinutes(10))));

    // After the upgrade the mailbox is read again (the cursor lost): the first is found, the second filed.
    await(pool.query("DELETE FROM mail_cursors").execute());
    deploy(FLAG_ONLY);
    List<Row> log = logOf(key, 3);
    assertEquals("duplicate", log.get(1).getString("outcome"));
    assertEquals(old, log.get(1).getLong("case_id"));
    assertEquals("case", log.get(2).getString("outcome"), log.get(2).getString("note"));
    long later = log.get(2).getLong("case_id");
    JsonObject c = caseById(later);
    assertEquals("投诉：同号不同信", c.getString("subject"));
    assertTrue(c.getString("content").contains(shared("legacy@example.cn", oldNumber)), c.getString("content"));
    assertEquals(cases + 2, count("SELECT count(*) FROM cases"));
    assertEquals(1, count("SELECT count(*) FROM outbox WHERE dedupe_key = $1", "ack:" + key));
    assertEquals(1, count("SELECT count(*) FROM outbox WHERE kind = 'acknowledgement' AND case_id = $1", later));
    undeploy();

    // And again: both are found, nothing is filed.
    await(pool.query("DELETE FROM mail_cursors").execute());
    deploy(FLAG_ONLY);
    log = logOf(key, 5);
    assertEquals(List.of("duplicate", "duplicate"), log.subList(3, 5).stream().map(r -> r.getString("outcome")).toList());
    assertEquals(List.of(old, later), log.subList(3, 5).stream().map(r -> r.getLong("case_id")).toList());
    assertEquals(cases + 2, count("SELECT count(*) FROM cases"));
    assertEquals(2, count("SELECT count(*) FROM outbox WHERE kind = 'acknowledgement' AND case_id = ANY ($1)",
        (Object) new Long[] {old, later}));
  }
}
