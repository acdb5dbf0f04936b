package hotline.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.cases.Intake;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What names a message: the Message-ID for the mail log; the Message-ID and the content for filing it once. */
class MessageKeysTest {

  private static final MailParser PARSER = new MailParser(MailParser.Limits.DEFAULT);

  private static final String HEADER = "Message-ID: <fixed@scanner.example.cn>\r\n"
      + "From: scanner@centre.example.cn\r\n"
      + "To: hotline@centre.example.cn\r\n"
      + "Subject: Scanned document\r\n"
      + "Date: Thu, 12 Feb 2026 09:30:00 +0800\r\n"
      + "MIME-Version: 1.0\r\n"
      + "Content-Type: text/plain; charset=UTF-8\r\n";

  private static ParsedMail parse(String raw) {
    return PARSER.parse(raw.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theSameMessageDeliveredTwiceOrReadAgainHasOneKey() {
    String body = "\r\nscan 0001\r\n";
    ParsedMail first = parse("Return-Path: <scanner@centre.example.cn>\r\n"
        + "Delivered-To: hotline@centre.example.cn\r\n"
        + "Received: from mx1.centre.example.cn by imap.centre.example.cn; Thu, 12 Feb 2026 09:30:02 +0800\r\n"
        + "X-Spam-Score: 0.1\r\n" + HEADER + body);
    // Another copy: another path through the servers, and a relay that folded the Subject anew.
    ParsedMail second = parse("Return-Path: <bounce+x@centre.example.cn>\r\n"
        + "Delivered-To: letters@centre.example.cn\r\n"
        + "Received: from mx2.centre.example.cn by imap.centre.example.cn; Thu, 12 Feb 2026 09:31:40 +0800\r\n"
        + "Received: from scanner by mx2.centre.example.cn; Thu, 12 Feb 2026 09:31:39 +0800\r\n"
        + "X-Virus-Scanned: clean\r\n" + HEADER.replace("Subject: Scanned document", "Subject: Scanned\r\n\tdocument") + body);
    assertEquals(first.sourceKey(), second.sourceKey());
    assertEquals(first.sourceKey(), parse("Return-Path: <scanner@centre.example.cn>\r\n"
        + "Delivered-To: hotline@centre.example.cn\r\n"
        + "Received: from mx1.centre.example.cn by imap.centre.example.cn; Thu, 12 Feb 2026 09:30:02 +0800\r\n"
        + "X-Spam-Score: 0.1\r\n" + HEADER + body).sourceKey());
    assertEquals("mail:fixed@scanner.example.cn", first.messageKey());
    assertTrue(first.sourceKey().startsWith(MessageKeys.prefix("fixed@scanner.example.cn")), first.sourceKey());
  }

  @Test
  void anotherMessageUnderTheSameMessageIdHasAKeyOfItsOwn() {
    ParsedMail letter = parse(HEADER + "\r\nscan 0001\r\n");
    List<ParsedMail> others = List.of(
        parse(HEADER + "\r\nscan 0002\r\n"),
        parse(HEADER.replace("09:30:00", "09:35:00") + "\r\nscan 0001\r\n"),
        parse(HEADER.replace("Scanned document", "Scanned letter") + "\r\nscan 0001\r\n"),
        parse(HEADER.replace("From: scanner@", "From: copier@") + "\r\nscan 0001\r\n"),
        parse(HEADER.replace("To: hotline@", "To: letters@") + "\r\nscan 0001\r\n"),
        parse(HEADER + "Cc: office@centre.example.cn\r\n\r\nscan 0001\r\n"));
    for (ParsedMail other : others) {
      assertEquals(letter.messageKey(), other.messageKey());
      assertNotEquals(letter.sourceKey(), other.sourceKey());
      assertTrue(other.sourceKey().startsWith(MessageKeys.prefix("fixed@scanner.example.cn")));
    }
  }

  @Test
  void aMessageReadAsItsHeaderAloneCountsTheBodyItHasOnTheServer() {
    byte[] header = (HEADER + "\r\n").getBytes(StandardCharsets.US_ASCII);
    assertEquals(PARSER.parse(header, 40_000_000).sourceKey(), PARSER.parse(header.clone(), 40_000_000).sourceKey());
    assertNotEquals(PARSER.parse(header, 40_000_000).sourceKey(), PARSER.parse(header, 41_000_000).sourceKey());
  }

  @Test
  void theBodyBeginsAfterTheFirstEmptyLineWhateverTheLineEnds() {
    assertEquals(6, MessageKeys.bodyStart("A: b\n\nxy".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(8, MessageKeys.bodyStart("A: b\r\n\r\nxy".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(6, MessageKeys.bodyStart("A: b\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(0, MessageKeys.bodyStart(new byte[0]));
  }

  @Test
  void everyKeyFitsTheCaseCoreAndKeepsToItsMessageId() {
    for (int length : new int[] {1, 199, 200, 201, 250, 251, 998, 5_000}) {
      String id = "x".repeat(length);
      ParsedMail m = parse(HEADER.replace("fixed@scanner.example.cn", id) + "\r\nscan\r\n");
      assertEquals(id, m.messageId());
      assertTrue(m.sourceKey().length() <= Intake.MAX_SOURCE_REF, () -> length + ": " + m.sourceKey().length());
      assertTrue(m.sourceKey().startsWith(MessageKeys.prefix(id)));
      assertEquals(length <= 250 ? "mail:" + id : m.messageKey(), m.messageKey());
    }
    // One id's prefix is never the beginning of another id's keys: ids hold no '>'.
    assertFalse(MessageKeys.prefix("a@b").startsWith(MessageKeys.prefix("a@")));
    assertFalse(MessageKeys.prefix("a@").startsWith(MessageKeys.prefix("a@b")));
    // Without a Message-ID, the raw bytes (as before).
    ParsedMail none = parse(HEADER.replace("Message-ID: <fixed@scanner.example.cn>\r\n", "") + "\r\nscan\r\n");
    assertTrue(none.sourceKey().matches("mail-sha256:[0-9a-f]{64}"), none.sourceKey());
    assertEquals(none.messageKey(), none.sourceKey());
  }
}
