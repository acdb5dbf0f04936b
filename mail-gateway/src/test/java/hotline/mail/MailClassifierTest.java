package hotline.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hotline.cases.CaseKind;
import hotline.config.Config;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The classification alone: parsed mail in, {@link MailClass} out; no mailbox, no database. */
class MailClassifierTest {

  private static final String TOKEN = "0123456789abcdef0123456789abcdef";
  private static final String DISPATCH_ID = "dispatch." + TOKEN + ".42@hotline.example.cn";
  private static final MailSettings SETTINGS = MailSettings.from(Config.of(Map.of(
      "mail.address", "hotline@hotline.example.cn",
      "mail.letter-senders", "scanner@centre.example.cn",
      "mail.fax-senders", "fax-gateway@centre.example.cn")));
  private static final MailParser PARSER = new MailParser(MailParser.Limits.DEFAULT);

  @Test
  void aPersonsMailIsANewCaseAcknowledgedToItsReplyAddress() {
    assertEquals(new MailClass.NewCase("email", CaseKind.COMPLAINT, "wang@example.cn"),
        classify("From: Wang <Wang@Example.cn>", "Subject: complaint", "", "text"));
    assertEquals(new MailClass.NewCase("email", CaseKind.REPORT, "li@example.cn"),
        classify("From: wang@example.cn", "Reply-To: li@example.cn", "Subject: 举报", "", "text"));
    assertEquals(new MailClass.NewCase("letter", CaseKind.COMPLAINT, "scanner@centre.example.cn"),
        classify("From: scanner@centre.example.cn", "Subject: scan", "", "pages"));
  }

  @Test
  void machinesAreLoggedAndNoReplySendersFiledWithoutAcknowledgement() {
    assertEquals(new MailClass.Automatic("Auto-Submitted: auto-replied"),
        classify("From: wang@example.cn", "Auto-Submitted: auto-replied", "Subject: away", "", "away"));
    assertEquals(new MailClass.NewCase("email", CaseKind.COMPLAINT, null),
        classify("From: noreply@shop.example.cn", "Subject: order", "", "text"));
  }

  @Test
  void aFaxSendersMailIsAFaxThatWouldBeAFaxCaseHere() {
    assertEquals(new MailClass.Fax(new MailClass.NewCase("fax", CaseKind.COMPLAINT, null)),
        classify("From: fax-gateway@centre.example.cn", "Subject: fax", "", "pages"));
  }

  @Test
  void aReplyNamesItsDispatchAndSaysWhatItIs() {
    MailClass.NewCase otherwise = new MailClass.NewCase("email", CaseKind.COMPLAINT, "head@unit.example.cn");
    assertEquals(new MailClass.Reply(TOKEN, null, new MailClass.Receipt("reply", "回复邮件确认收到：收到"), otherwise),
        classify("From: head@unit.example.cn", "In-Reply-To: <" + DISPATCH_ID + ">", "Subject: Re", "", "收到"));
    assertEquals(new MailClass.Reply(TOKEN, null, new MailClass.Feedback("反馈：已处理"), otherwise),
        classify("From: head@unit.example.cn", "Subject: Re", "", "反馈：已处理", "", "> HL-" + TOKEN));
    assertEquals(new MailClass.Reply(null, "2024-000123", new MailClass.Receipt("reply", "回复邮件确认收到"), otherwise),
        classify("From: head@unit.example.cn", "Subject: Re: [2024-000123]", "", ""));
  }

  @Test
  void readReceiptsAnswerTheirDispatchOrNone() {
    MailClass c = classify("From: head@unit.example.cn", "Subject: read",
        "Content-Type: multipart/report; report-type=disposition-notification; boundary=b", "",
        "--b", "Content-Type: message/disposition-notification", "",
        "Original-Message-ID: <" + DISPATCH_ID + ">",
        "Disposition: manual-action/MDN-sent-manually; deleted", "--b--");
    assertEquals(new MailClass.Reply(TOKEN, null,
        new MailClass.NotAReceipt("disposition notification 'deleted': not a receipt"),
        new MailClass.Automatic("Content-Type: multipart/report; report-type=disposition-notification")), c);
    assertEquals(new MailClass.StrayReceipt(), classify("From: head@unit.example.cn", "Subject: read",
        "Content-Type: multipart/report; report-type=disposition-notification; boundary=b", "",
        "--b", "Content-Type: message/disposition-notification", "",
        "Disposition: manual-action/MDN-sent-manually; displayed", "--b--"));
  }

  @Test
  void theMailSystemReturningADispatchMailIsABounce() {
    assertEquals(new MailClass.Bounce(TOKEN, true, "User unknown\n\nMessage-ID: <" + DISPATCH_ID + ">"),
        classify("From: MAILER-DAEMON@mx.unit.example.cn", "Subject: Undelivered", "",
            "User unknown", "", "Message-ID: <" + DISPATCH_ID + ">"));
  }

  private static MailClass classify(String... lines) {
    byte[] raw = String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8);
    return MailClassifier.classify(PARSER.parse(raw), SETTINGS);
  }
}
