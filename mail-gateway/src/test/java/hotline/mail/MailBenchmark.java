package hotline.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Messages per second from a GreenMail IMAP inbox into committed cases (each with its mail-log line, the message
 * moved to Processed and its acknowledgement queued): a third plain text, a third HTML, a third with a PDF
 * attachment. Run: {@code mvn -pl mail-gateway -am verify -Dtest=MailBenchmark -DexcludedGroups=none
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.messages=3000]}.
 */
@Tag("benchmark")
class MailBenchmark extends MailTestBase {

  static byte[] message(int i) {
    String id = "bench-" + i + "@example.cn";
    String head = "Message-ID: <" + id + ">\r\nFrom: =?UTF-8?B?" + b64("客户" + i) + "?= <customer" + i + "@example.cn>\r\n"
        + "To: " + HOTLINE + "\r\nSubject: =?UTF-8?B?" + b64("投诉第" + i + "号：假烟") + "?=\r\n"
        + "Date: Thu, 12 Feb 2026 09:30:00 +0800\r\nMIME-Version: 1.0\r\n";
    String text = "在某零售店购买的香烟疑似假冒，要求查处。联系电话 1380013" + String.format("%04d", i % 10000) + "。";
    switch (i % 3) {
      case 0:
        return (head + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      case 1:
        String html = "<html><head><style>p{color:red}</style></head><body><p>" + text + "</p><p>谢谢！</p></body></html>";
        return (head + "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(html.getBytes(StandardCharsets.UTF_8)) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      default:
        byte[] pdf = ("%PDF-1.4\n" + "x".repeat(40_000) + "\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
        return (head + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
            + "--b\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "\r\n"
            + "--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; filename=\"evidence-" + i + ".pdf\"\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(pdf) + "\r\n--b--\r\n").getBytes(StandardCharsets.US_ASCII);
    }
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void messagesPerSecondIntoCommittedCases() throws Exception {
    int n = Integer.getInteger("bench.messages", 3000);
    var inbox = imap.getManagers().getImapHostManager().getInbox(mailbox);
    Session session = Session.getInstance(new Properties());
    List<byte[]> raw = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < n; i++) {
      byte[] m = message(i);
      bytes += m.length;
      raw.add(m);
    }
    for (byte[] m : raw) {
      inbox.appendMessage(new MimeMessage(session, new ByteArrayInputStream(m)), new Flags(), new Date());
    }
    long before = count("SELECT count(*) FROM cases");
    long start = System.nanoTime();
    deploy(Map.of("mail.batch", System.getProperty("bench.batch", "500")));
    long first = waitForAll(n);
    long end = System.nanoTime();
    double seconds = (end - start) / 1e9;
    double steady = (end - first) / 1e9;
    long cases = count("SELECT count(*) FROM cases") - before;
    long attachments = count("SELECT count(*) FROM attachments");
    System.out.printf("MAIL BENCHMARK: %d messages (%.1f MB) into %d committed cases in %.2f s = %.0f msg/s from deploy "
            + "(connect, gateway account, first fetch included); %.0f msg/s from the first case filed to the last "
            + "(attachments stored: %d, acknowledgements queued: %d, inbox left: %d, processed folder: %d)%n",
        n, bytes / 1e6, cases, seconds, n / seconds, n / steady, attachments,
        count("SELECT count(*) FROM outbox WHERE kind = 'acknowledgement'"), folderSize("INBOX"), folderSize("Processed"));
    assertEquals(n, cases);
  }

  /** Waits for all; answers when the first was logged. */
  static long waitForAll(int n) throws Exception {
    long deadline = System.nanoTime() + 600_000_000_000L;
    long first = 0;
    while (System.nanoTime() < deadline) {
      long done = count("SELECT count(*) FROM mail_inbound");
      if (first == 0 && done > 0) {
        first = System.nanoTime();
      }
      if (done >= n) {
        return first;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("not all messages filed in time");
  }
}
