package hotline.mail;

import hotline.mail.ParsedMail.ParsedAttachment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every message is written here byte by byte, so the test decides exactly what is on the wire. */
@Timeout(30)
class MailParserTest {

  private static final Charset GBK = Charset.forName("GBK");
  private static final Charset GB18030 = Charset.forName("GB18030");
  private static final Charset BIG5 = Charset.forName("Big5");
  private static final Charset UTF8 = StandardCharsets.UTF_8;
  private static final MailParser PARSER = new MailParser(MailParser.Limits.DEFAULT);

  /** "镕", "喆" and "堃" are not in GB2312; Outlook and Foxmail still label such text gb2312. */
  private static final String GBK_SUBJECT = "关于朱镕基路噪音的投诉（王喆、李堃）";
  private static final String GBK_BODY = "市民王喆反映：朱镕基路夜间施工噪音扰民，联系人李堃。\r\n请尽快处理！";

  @Test
  void gbkLabelledGb2312InSubjectAndQuotedPrintableBody() {
    ParsedMail mail = parse(
        "From: =?gb2312?B?" + b64(GBK, "王喆") + "?= <WangZhe@Example.CN>",
        "To: hotline@12345.example.cn",
        "Subject: =?gb2312?B?" + b64(GBK, GBK_SUBJECT) + "?=",
        "Date: Tue, 5 Mar 2024 09:30:00 +0800",
        "Message-ID: <gbk-1@example.cn>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=\"gb2312\"",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        qp(GBK_BODY.getBytes(GBK)));
    assertEquals(GBK_SUBJECT, mail.subject());
    assertEquals("市民王喆反映：朱镕基路夜间施工噪音扰民，联系人李堃。\n请尽快处理！", mail.text());
    assertEquals(new Mailboxes.Address("wangzhe@example.cn", "王喆"), mail.from());
    assertEquals(Instant.parse("2024-03-05T01:30:00Z"), mail.date());
    assertEquals("gbk-1@example.cn", mail.messageId());
    assertEquals("mail:gbk-1@example.cn", mail.messageKey());
    assertTrue(mail.sourceKey().matches("mail:<gbk-1@example\\.cn>#[0-9a-f]{64}"), mail.sourceKey());
    assertNull(mail.automatic());
    assertNull(mail.mdn());
    assertFalse(mail.textTruncated());
    assertEquals(List.of(), mail.problems());
  }

  @Test
  void gbkBase64PartsInMixedAreJoinedAndOutlookNamesDecoded() {
    byte[] pdf = "%PDF-1.4 王喆".getBytes(UTF8);
    ParsedMail mail = parse(
        "From: citizen@example.cn",
        "Subject: =?GBK?B?" + b64(GBK, "投诉") + "?=",
        "Content-Type: multipart/mixed; boundary=\"==b1==\"",
        "",
        "preamble",
        "--==b1==",
        "Content-Type: text/plain; charset=gb2312",
        "Content-Transfer-Encoding: base64",
        "",
        mimeB64(GBK_BODY.getBytes(GBK)),
        "--==b1==",
        "Content-Type: application/pdf; name=\"=?GBK?B?" + b64(GBK, "王喆的投诉.pdf") + "?=\"",
        "Content-Disposition: attachment; filename=\"=?GBK?B?" + b64(GBK, "王喆的投诉.pdf") + "?=\"",
        "Content-Transfer-Encoding: base64",
        "",
        mimeB64(pdf),
        "--==b1==",
        "Content-Type: text/plain; charset=gb2312",
        "Content-Disposition: inline",
        "Content-Transfer-Encoding: base64",
        "",
        mimeB64("附：李堃的补充说明".getBytes(GBK)),
        "--==b1==--",
        "");
    assertEquals("投诉", mail.subject());
    assertEquals("市民王喆反映：朱镕基路夜间施工噪音扰民，联系人李堃。\n请尽快处理！\n\n附：李堃的补充说明", mail.text());
    assertEquals(1, mail.attachments().size());
    ParsedAttachment a = mail.attachments().get(0);
    assertEquals("王喆的投诉.pdf", a.name());
    assertEquals("application/pdf", a.contentType());
    assertEquals(pdf.length, a.size());
    assertArrayEquals(pdf, a.data());
    assertFalse(a.inline());
    assertEquals(List.of(), mail.problems());
  }

  @Test
  void big5SubjectNameAndBody() {
    ParsedMail mail = parse(
        "From: =?big5?B?" + b64(BIG5, "陳大文") + "?= <chan@example.com.tw>",
        "Subject: =?Big5?B?" + b64(BIG5, "檢舉菸酒走私") + "?=",
        "Content-Type: text/plain; charset=big5",
        "Content-Transfer-Encoding: base64",
        "",
        mimeB64("檢舉菸酒走私，地點在臺北市中正區。".getBytes(BIG5)));
    assertEquals("檢舉菸酒走私", mail.subject());
    assertEquals("陳大文", mail.from().name());
    assertEquals("檢舉菸酒走私，地點在臺北市中正區。", mail.text());
    assertEquals(List.of(), mail.problems());
  }

  @Test
  void rfc2231AndRaw8bitFileNames() {
    String name = "㐀𠀀投诉材料.pdf";
    byte[] stem = "㐀𠀀投诉材料".getBytes(GB18030); // 㐀 and 𠀀 take four bytes each
    ParsedMail mail = parse(
        "From: a@example.cn",
        "Subject: files",
        "Content-Type: multipart/mixed; boundary=XYZ",
        "",
        "--XYZ",
        "Content-Type: text/plain; charset=utf-8",
        "",
        latin1(UTF8, "见附件"),
        "--XYZ",
        "Content-Type: application/pdf",
        "Content-Disposition: attachment; filename*=gb18030''" + pct(name.getBytes(GB18030)),
        "",
        "one",
        "--XYZ",
        "Content-Type: application/pdf",
        "Content-Disposition: attachment;",
        " filename*0*=gb18030''" + pct(Arrays.copyOfRange(stem, 0, 6)) + ";", // cut inside 𠀀
        " filename*1*=" + pct(Arrays.copyOfRange(stem, 6, stem.length)) + ";",
        " filename*2=\".pdf\"",
        "",
        "two",
        "--XYZ",
        "Content-Type: image/jpeg; name=\"" + latin1(GBK, "李堃现场照片.jpg") + "\"",
        "",
        "three",
        "--XYZ",
        "Content-Type: application/octet-stream",
        "Content-Disposition: attachment; filename=\"C:\\\\Users\\\\wz\\\\..\\\\\u0007"
            + latin1(UTF8, "证据\u202Efdp.exe") + "\"",
        "",
        "four",
        "--XYZ",
        "Content-Type: image/png",
        "Content-Transfer-Encoding: base64",
        "",
        "iVBORw0KGgo=",
        "--XYZ--");
    assertEquals("见附件", mail.text());
    assertEquals(List.of(name, name, "李堃现场照片.jpg", "证据fdp.exe", "attachment-5.png"),
        mail.attachments().stream().map(ParsedAttachment::name).toList());
    assertArrayEquals("two".getBytes(UTF8), mail.attachments().get(1).data());
    assertEquals("image/png", mail.attachments().get(4).contentType());
    assertEquals(8, mail.attachments().get(4).size());
    assertEquals(List.of(), mail.problems());
  }

  @Test
  void raw8bitSubjectsInUtf8AndGbk() {
    ParsedMail utf8 = parse(
        "From: " + latin1(UTF8, "张三") + " <zhang@example.cn>",
        "Subject: " + latin1(UTF8, "投诉：楼下餐馆油烟扰民"),
        "",
        latin1(UTF8, "正文"));
    assertEquals("投诉：楼下餐馆油烟扰民", utf8.subject());
    assertEquals("张三", utf8.from().name());
    assertEquals("正文", utf8.text());

    ParsedMail gbk = parse(
        "From: \"" + latin1(GBK, "王喆") + "\" <wz@example.cn>",
        "Subject: " + latin1(GBK, "投诉：楼下餐馆油烟扰民，王喆"),
        "Content-Type: text/plain",
        "",
        latin1(GBK, "没有标明字符集的正文"));
    assertEquals("投诉：楼下餐馆油烟扰民，王喆", gbk.subject());
    assertEquals("王喆", gbk.from().name());
    assertEquals("没有标明字符集的正文", gbk.text());
  }

  @Test
  void encodedWordSplitInsideACharacterAndQEncoding() {
    byte[] bytes = "投诉噪音问题".getBytes(UTF8);
    ParsedMail split = parse(
        "From: a@example.cn",
        "Subject: =?UTF-8?B?" + b64(Arrays.copyOfRange(bytes, 0, 4)) + "?=",
        " =?UTF-8?B?" + b64(Arrays.copyOfRange(bytes, 4, 11)) + "?=",
        "\t=?utf-8?b?" + b64(Arrays.copyOfRange(bytes, 11, bytes.length)) + "?=",
        "",
        "x");
    assertEquals("投诉噪音问题", split.subject());

    ParsedMail q = parse(
        "From: a@example.cn",
        "Subject: =?utf-8?Q?=E5=99=AA=E9=9F=B3_=E6=8A=95=E8=AF=89_2024?= (=?gb2312?q?" + qpWord(GBK, "王喆") + "?=)",
        "",
        "x");
    assertEquals("噪音 投诉 2024 (王喆)", q.subject());
  }

  @Test
  void htmlOnlyMailBecomesTextWithoutScript() {
    String html = "<html><head><style>p{color:red}</style><script>var secret='脚本';</script></head>"
        + "<body><p>您好，</p><p>我要投诉<b>噪音</b>问题：</p><ul><li>时间：晚上</li><li>地点：小区</li></ul>"
        + "<a href=\"https://example.cn/photo\">照片</a><script>alert('脚本')</script></body></html>";
    ParsedMail mail = parse(
        "From: a@example.cn",
        "Subject: html",
        "Content-Type: text/html; charset=utf-8",
        "Content-Transfer-Encoding: base64",
        "",
        mimeB64(html.getBytes(UTF8)));
    assertEquals("您好，\n\n我要投诉噪音问题：\n\n- 时间：晚上\n- 地点：小区\n照片 (https://example.cn/photo)", mail.text());
    assertFalse(mail.text().contains("脚本"));
    assertEquals(List.of(), mail.problems());
  }

  @Test
  void alternativePrefersPlainAndRelatedImagesAreInline() {
    ParsedMail mail = parse(
        "From: a@example.cn",
        "Subject: alt",
        "Content-Type: multipart/alternative; boundary=ALT",
        "",
        "--ALT",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        latin1(UTF8, "纯文本正文：噪音投诉"),
        "--ALT",
        "Content-Type: multipart/related; boundary=REL",
        "",
        "--REL",
        "Content-Type: text/html; charset=utf-8",
        "",
        latin1(UTF8, "<p>HTML正文</p><img src=\"cid:img1\">"),
        "--REL",
        "Content-Type: image/png",
        "Content-ID: <img1>",
        "Content-Transfer-Encoding: base64",
        "",
        "iVBORw0KGgo=",
        "--REL--",
        "--ALT--");
    assertEquals("纯文本正文：噪音投诉", mail.text());
    assertEquals(1, mail.attachments().size());
    assertTrue(mail.attachments().get(0).inline());
    assertEquals("attachment-1.png", mail.attachments().get(0).name());

    ParsedMail emptyPlain = parse(
        "From: a@example.cn",
        "Content-Type: multipart/alternative; boundary=ALT",
        "",
        "--ALT",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "  ",
        "--ALT",
        "Content-Type: text/html; charset=gbk",
        "",
        latin1(GBK, "<div>只有HTML有内容，王喆</div>"),
        "--ALT--");
    assertEquals("只有HTML有内容，王喆", emptyPlain.text());
  }

  @Test
  void attachmentOverTheSizeLimitKeepsItsSizeButNoData() {
    MailParser parser = new MailParser(new MailParser.Limits(100, 10, 1000, 10, 100));
    byte[] big = new byte[300];
    new Random(1).nextBytes(big);
    ParsedMail mail = parser.parse(bytes(
        "From: a@example.cn",
        "Content-Type: multipart/mixed; boundary=B",
        "",
        "--B",
        "Content-Type: text/plain; charset=gbk",
        "Content-Transfer-Encoding: base64",
        "",
        mimeB64("照片太大".getBytes(GBK)),
        "--B",
        "Content-Type: image/jpeg",
        "Content-Disposition: attachment; filename=\"=?utf-8?B?" + b64(UTF8, "现场.jpg") + "?=\"",
        "Content-Transfer-Encoding: base64",
        "",
        mimeB64(big),
        "--B--"));
    assertEquals("照片太大", mail.text());
    ParsedAttachment a = mail.attachments().get(0);
    assertEquals("现场.jpg", a.name());
    assertEquals(300, a.size());
    assertNull(a.data());
    assertEquals(List.of("attachment \"现场.jpg\" has 300 bytes, over the limit of 100; its data was not kept"),
        mail.problems());
  }

  @Test
  void attachmentsPastTheCountLimitAreListedWithoutData() {
    MailParser parser = new MailParser(new MailParser.Limits(1000, 2, 1000, 10, 100));
    StringBuilder parts = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      parts.append("--B\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename*=utf-8''")
          .append(pct(("材料" + i + ".pdf").getBytes(UTF8))).append("\r\n\r\npdf").append(i).append("\r\n");
    }
    ParsedMail mail = parser.parse(bytes(
        "From: a@example.cn",
        "Subject: =?utf-8?B?" + b64(UTF8, "三个附件") + "?=",
        "Content-Type: multipart/mixed; boundary=B",
        "",
        parts + "--B--"));
    assertEquals("三个附件", mail.subject());
    assertEquals(List.of("材料1.pdf", "材料2.pdf", "材料3.pdf"),
        mail.attachments().stream().map(ParsedAttachment::name).toList());
    assertArrayEquals("pdf2".getBytes(UTF8), mail.attachments().get(1).data());
    assertNull(mail.attachments().get(2).data());
    assertEquals(4, mail.attachments().get(2).size());
    assertEquals(List.of("more than 2 attachments; the rest are listed without data"), mail.problems());
  }

  @Test
  void garbageBoundaryKeepsHeadersAndRawText() {
    ParsedMail mail = parse(
        "From: =?gbk?B?" + b64(GBK, "王喆") + "?= <wz@example.cn>",
        "Subject: =?gbk?B?" + b64(GBK, GBK_SUBJECT) + "?=",
        "Message-ID: <broken-1@example.cn>",
        "Content-Type: multipart/mixed; boundary=\"nowhere\"",
        "",
        "--elsewhere",
        "Content-Type: text/plain; charset=utf-8",
        "",
        latin1(UTF8, "边界不对的正文"),
        "--elsewhere--");
    assertEquals(GBK_SUBJECT, mail.subject());
    assertEquals("王喆", mail.from().name());
    assertEquals("broken-1@example.cn", mail.messageId());
    assertTrue(mail.text().contains("边界不对的正文"), mail.text());
    assertEquals(1, mail.problems().size(), mail.problems().toString());
    assertTrue(mail.problems().get(0).startsWith("multipart/mixed could not be split into parts"));
  }

  @Test
  void missingBoundaryParameterAndMissingClosingBoundaryAreNoted() {
    ParsedMail mail = parse(
        "From: a@example.cn",
        "Content-Type: multipart/mixed",
        "",
        "--guess",
        "Content-Type: text/plain; charset=gb2312",
        "",
        latin1(GBK, "没有边界参数，也没有结束边界，王喆"));
    assertEquals("没有边界参数，也没有结束边界，王喆", mail.text());
    assertEquals(List.of("multipart/mixed has no boundary parameter; the first \"--\" line was taken as one",
        "multipart/mixed has no closing boundary; the message may be cut off"), mail.problems());
  }

  @Test
  void truncatedBase64KeepsWhatDecodes() {
    String encoded = b64(GBK_BODY.getBytes(GBK));
    String cut = encoded.substring(0, 41); // 40 chars decode to 30 bytes (15 characters), one char left over
    ParsedMail mail = parse(
        "From: a@example.cn",
        "Subject: =?gb2312?B?" + b64(GBK, "截断") + "?=",
        "Content-Type: text/plain; charset=gb2312",
        "Content-Transfer-Encoding: base64",
        "",
        cut);
    assertEquals("截断", mail.subject());
    assertEquals("市民王喆反映：朱镕基路夜间施工", mail.text());
    assertEquals(1, mail.problems().size(), mail.problems().toString());
    assertTrue(mail.problems().get(0).startsWith("text/plain part: transfer encoding could not be fully decoded"),
        mail.problems().get(0));

    ParsedMail junk = parse(
        "From: a@example.cn",
        "Content-Type: text/plain; charset=gb2312",
        "Content-Transfer-Encoding: base64",
        "",
        encoded.substring(0, 8) + "!!**" + encoded.substring(8));
    assertEquals("市民王喆反映：朱镕基路夜间施工噪音扰民，联系人李堃。\n请尽快处理！", junk.text());
    assertEquals(List.of("text/plain part: base64 content holds invalid characters; kept what decodes"),
        junk.problems());

    ParsedMail badQp = parse(
        "From: a@example.cn",
        "Content-Type: text/plain; charset=gbk",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        qp("王喆".getBytes(GBK)) + " =ZZ");
    assertEquals("王喆 =ZZ", badQp.text());
    assertEquals(List.of("text/plain part: quoted-printable content holds invalid characters; kept what decodes"),
        badQp.problems());
  }

  @Test
  void headersOnlyRandomBytesAndEmptyInputNeverThrow() {
    ParsedMail headersOnly = parse(
        "From: =?gbk?B?" + b64(GBK, "李堃") + "?= <lk@example.cn>",
        "Subject: =?gbk?B?" + b64(GBK, "只有信头") + "?=",
        "Content-Type: multipart/mixed; boundary=B");
    assertEquals("只有信头", headersOnly.subject());
    assertEquals("李堃", headersOnly.from().name());
    assertEquals("", headersOnly.text());
    assertFalse(headersOnly.problems().isEmpty());

    Random random = new Random(42);
    for (int i = 0; i < 50; i++) {
      byte[] noise = new byte[1 + random.nextInt(4000)];
      random.nextBytes(noise);
      ParsedMail mail = PARSER.parse(noise);
      assertNotNull(mail.text());
      assertFalse(mail.problems().isEmpty());
      assertTrue(mail.messageKey().startsWith("mail-sha256:"));
    }
    ParsedMail empty = PARSER.parse(new byte[0]);
    assertEquals("", empty.text());
    assertEquals(List.of("no readable From address"), empty.problems());
    assertThrows(NullPointerException.class, () -> PARSER.parse(null));
  }

  @Test
  void nestingAndPartLimitsAreNoted() {
    String nested = "Content-Type: multipart/mixed; boundary=L1\r\n\r\n--L1\r\n"
        + "Content-Type: multipart/mixed; boundary=L2\r\n\r\n--L2\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + latin1(UTF8, "太深了") + "\r\n--L2--\r\n--L1--\r\n";
    ParsedMail deep = new MailParser(new MailParser.Limits(100, 10, 100, 1, 100))
        .parse(bytes("From: a@example.cn", "Subject: =?utf-8?B?" + b64(UTF8, "嵌套") + "?=", nested));
    assertEquals("嵌套", deep.subject());
    assertEquals("", deep.text());
    assertEquals(List.of("MIME nesting deeper than 1 levels; deeper parts were not read"), deep.problems());

    ParsedMail ok = PARSER.parse(bytes("From: a@example.cn", nested));
    assertEquals("太深了", ok.text());

    ParsedMail many = new MailParser(new MailParser.Limits(100, 10, 100, 5, 2))
        .parse(bytes("From: a@example.cn", "Content-Type: multipart/mixed; boundary=B", "",
            "--B", "Content-Type: text/plain; charset=utf-8", "", latin1(UTF8, "第一部分"),
            "--B", "", "second", "--B", "", "third", "--B--"));
    assertEquals("第一部分", many.text());
    assertEquals(List.of("more than 2 MIME parts; the rest was not read"), many.problems());
  }

  @Test
  void longTextIsCut() {
    ParsedMail mail = new MailParser(new MailParser.Limits(100, 10, 5, 5, 10))
        .parse(bytes("From: a@example.cn", "Content-Type: text/plain; charset=utf-8", "",
            latin1(UTF8, "一二三四五六七八")));
    assertEquals("一二三四五", mail.text());
    assertTrue(mail.textTruncated());
    assertEquals(List.of("body text cut at 5 characters"), mail.problems());
  }

  @Test
  void forwardedMessageIsAnEmlAttachment() {
    String inner = String.join("\r\n",
        "From: other@example.cn",
        "Subject: =?gb2312?B?" + b64(GBK, "原始投诉：王喆") + "?=",
        "Content-Type: text/plain; charset=gbk",
        "",
        latin1(GBK, "这是被转发的原始邮件"),
        "");
    ParsedMail mail = parse(
        "From: a@example.cn",
        "Subject: =?utf-8?B?" + b64(UTF8, "转发") + "?=",
        "Content-Type: multipart/mixed; boundary=F",
        "",
        "--F",
        "Content-Type: text/plain; charset=utf-8",
        "",
        latin1(UTF8, "请看转发的邮件"),
        "--F",
        "Content-Type: message/rfc822",
        "Content-Disposition: inline",
        "",
        inner,
        "--F--");
    assertEquals("请看转发的邮件", mail.text());
    ParsedAttachment eml = mail.attachments().get(0);
    assertEquals("原始投诉：王喆.eml", eml.name());
    assertEquals("message/rfc822", eml.contentType());
    assertArrayEquals(inner.getBytes(StandardCharsets.ISO_8859_1), eml.data());
    assertEquals("这是被转发的原始邮件", PARSER.parse(eml.data()).text());
    assertEquals(List.of(), mail.problems());
  }

  @Test
  void dispositionNotificationIsReadIntoMdn() {
    ParsedMail mail = parse(
        "From: =?utf-8?B?" + b64(UTF8, "王喆") + "?= <wz@example.cn>",
        "Subject: =?utf-8?B?" + b64(UTF8, "已读：派单通知") + "?=",
        "Message-ID: <mdn-1@example.cn>",
        "Content-Type: multipart/report; report-type=disposition-notification;",
        "\tboundary=\"R\"",
        "",
        "--R",
        "Content-Type: text/plain; charset=gb2312",
        "Content-Transfer-Encoding: base64",
        "",
        mimeB64("您发送的邮件已被王喆阅读。".getBytes(GBK)),
        "--R",
        "Content-Type: message/disposition-notification",
        "",
        "Reporting-UA: foxmail.example.cn; Foxmail",
        "Final-Recipient: rfc822; WZ@Example.cn",
        "Original-Message-ID: <case-42@hotline.example.cn>",
        "Disposition: manual-action/MDN-sent-manually;",
        " displayed",
        "",
        "--R",
        "Content-Type: text/rfc822-headers",
        "",
        "Message-ID: <case-42@hotline.example.cn>",
        "",
        "--R--");
    assertEquals("已读：派单通知", mail.subject());
    assertEquals("您发送的邮件已被王喆阅读。", mail.text());
    assertEquals(new ParsedMail.Mdn("case-42@hotline.example.cn", "manual-action/MDN-sent-manually; displayed",
        "displayed", "wz@example.cn"), mail.mdn());
    assertEquals("Content-Type: multipart/report; report-type=disposition-notification",
        mail.automatic().reason());
    assertEquals(List.of("attachment-1.txt"), mail.attachments().stream().map(ParsedAttachment::name).toList());
  }

  @Test
  void automaticMessagesAreRecognised() {
    assertEquals("Auto-Submitted: auto-replied", automatic("Auto-Submitted: auto-replied"));
    assertEquals("Precedence: bulk", automatic("Precedence: bulk"));
    assertEquals("List-Id: 市民通讯 <news.example.cn>",
        automatic("List-Id: =?utf-8?B?" + b64(UTF8, "市民通讯") + "?= <news.example.cn>"));
    assertEquals("X-Auto-Response-Suppress: DR, AutoReply", automatic("X-Auto-Response-Suppress: DR, AutoReply"));
    assertEquals("X-Autoreply: yes", automatic("X-Autoreply: yes"));
    assertEquals("From: noreply-xyz@bank.example.cn", automatic("From: =?utf-8?B?" + b64(UTF8, "银行") + "?= "
        + "<NoReply-XYZ@bank.example.cn>"));
    assertEquals("From: mailer-daemon@mx.example.cn", automatic("From: MAILER-DAEMON@mx.example.cn"));
    assertNull(automatic("Auto-Submitted: no"));
    assertNull(automatic("X-Auto-Response-Suppress: OOF"));
    assertNull(automatic("Precedence: first-class"));
  }

  /** Reason for a message with one extra header (From defaults to a person), or null; checks the subject too. */
  private static String automatic(String header) {
    boolean hasFrom = header.startsWith("From:");
    ParsedMail mail = parse(
        hasFrom ? header : "From: =?utf-8?B?" + b64(UTF8, "市民") + "?= <citizen@example.cn>",
        hasFrom ? "X-Nothing: 1" : header,
        "Subject: =?utf-8?B?" + b64(UTF8, "自动回复：我不在办公室") + "?=",
        "",
        latin1(UTF8, "正文"));
    assertEquals("自动回复：我不在办公室", mail.subject());
    assertEquals("正文", mail.text());
    return mail.automatic() == null ? null : mail.automatic().reason();
  }

  @Test
  void sourceKeyWithoutMessageIdHashesTheRawBytes() {
    byte[] one = bytes("From: a@example.cn", "Subject: =?utf-8?B?" + b64(UTF8, "无编号") + "?=", "", "1");
    byte[] two = bytes("From: a@example.cn", "Subject: =?utf-8?B?" + b64(UTF8, "无编号") + "?=", "", "2");
    ParsedMail first = PARSER.parse(one);
    assertEquals("无编号", first.subject());
    assertNull(first.messageId());
    assertTrue(first.sourceKey().matches("mail-sha256:[0-9a-f]{64}"), first.sourceKey());
    assertEquals(first.messageKey(), first.sourceKey());
    assertEquals(first.sourceKey(), PARSER.parse(one.clone()).sourceKey());
    assertNotEquals(first.sourceKey(), PARSER.parse(two).sourceKey());

    String longId = "x".repeat(300) + "@example.cn";
    ParsedMail longOne = parse("From: a@example.cn", "Message-ID: <" + longId + ">", "", "x");
    assertEquals(longId, longOne.messageId());
    assertTrue(longOne.messageKey().matches("mail-sha256:[0-9a-f]{64}"));
    assertTrue(longOne.sourceKey().matches("mail:<sha256:[0-9a-f]{64}>#[0-9a-f]{64}"), longOne.sourceKey());
    assertNull(parse("From: a@example.cn", "Message-ID:   ", "", "x").messageId());
  }

  @Test
  void threadingIdsRecipientsAndReplyTo() {
    ParsedMail mail = parse(
        "From: a@example.cn",
        "Reply-To: =?gbk?B?" + b64(GBK, "李堃") + "?= <LiKun@Example.cn>",
        "To: \"=?gbk?B?" + b64(GBK, "热线") + "?=\" <Hotline@12345.example.cn>, b@Example.cn",
        "To: undisclosed-recipients:;",
        "Cc: c@example.cn, not an address, b@example.cn",
        "Message-ID: case-7@example.cn",
        "In-Reply-To: <case-6@hotline.example.cn> (message from hotline)",
        "References: <case-1@hotline.example.cn> <case-3@hotline.example.cn>",
        "\t<case-6@hotline.example.cn>",
        "Subject: =?gbk?B?" + b64(GBK, "回复：处理进度") + "?=",
        "Date: not a date",
        "",
        "x");
    assertEquals("回复：处理进度", mail.subject());
    assertEquals(new Mailboxes.Address("likun@example.cn", "李堃"), mail.replyTo());
    assertEquals(List.of("hotline@12345.example.cn", "b@example.cn", "c@example.cn"), mail.to());
    assertEquals("case-7@example.cn", mail.messageId());
    assertEquals("case-6@hotline.example.cn", mail.inReplyTo());
    assertEquals(List.of("case-1@hotline.example.cn", "case-3@hotline.example.cn", "case-6@hotline.example.cn"),
        mail.references());
    assertEquals(List.of("a@x.cn", "b@y.cn"), MailHeaders.ids("a@x.cn b@y.cn"));
    assertNull(mail.date());
    assertEquals(List.of("unreadable Date header \"not a date\""), mail.problems());
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private static ParsedMail parse(String... lines) {
    return PARSER.parse(bytes(lines));
  }

  /** Lines joined by CRLF; each char is one byte (ISO-8859-1), so raw bytes go in via {@link #latin1}. */
  private static byte[] bytes(String... lines) {
    String text = String.join("\r\n", lines);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0xFF) {
        throw new IllegalArgumentException("non-byte char in test message at " + i + ": " + text);
      }
    }
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String latin1(Charset charset, String text) {
    return new String(text.getBytes(charset), StandardCharsets.ISO_8859_1);
  }

  private static String b64(Charset charset, String text) {
    return b64(text.getBytes(charset));
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Base64 body lines of 76 characters. */
  private static String mimeB64(byte[] bytes) {
    return Base64.getMimeEncoder().encodeToString(bytes);
  }

  private static String pct(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(String.format("%%%02X", b & 0xFF));
    }
    return out.toString();
  }

  /** Quoted-printable body: CRLF kept, lines soft-broken before 76 characters. */
  private static String qp(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    int line = 0;
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xFF;
      if (b == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
        out.append("\r\n");
        line = 0;
        i++;
        continue;
      }
      String piece = b >= 33 && b <= 126 && b != '=' || b == ' ' ? String.valueOf((char) b)
          : String.format("=%02X", b);
      if (line + piece.length() > 75) {
        out.append("=\r\n");
        line = 0;
      }
      out.append(piece);
      line += piece.length();
    }
    return out.toString();
  }

  /** Q encoding of an encoded word. */
  private static String qpWord(Charset charset, String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(charset)) {
      out.append(String.format("=%02X", b & 0xFF));
    }
    return out.toString();
  }
}
