package hotline.mail;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MailDecodingTest {

  private static final Charset GBK = Charset.forName("GBK");
  private static final Charset GB18030 = Charset.forName("GB18030");
  private static final Charset BIG5 = Charset.forName("Big5");

  /** "镕", "喆" and "堃" are GBK-only: not in GB2312. */
  private static final String GBK_ONLY = "朱镕基路噪音投诉，联系人王喆、李堃。";

  @Test
  void gbFamilyLabelsMeanGb18030AndBig5LabelsMeanHkscs() {
    for (String label : List.of("gb2312", "GB2312", "\"gb2312\"", "gb_2312-80", "euc-cn", "x-euc-cn", "gbk",
        "x-gbk", "cp936", "ms936", "windows-936", "gb18030")) {
      assertEquals(GB18030, MailDecoding.charsetFor(label, new byte[0]), label);
    }
    for (String label : List.of("big5", "x-big5", "cp950", "big5-hkscs")) {
      assertEquals(Charset.forName("Big5-HKSCS"), MailDecoding.charsetFor(label, new byte[0]), label);
    }
  }

  @Test
  void missingOrLyingLabelsAreDetected() {
    byte[] utf8 = "市民热线".getBytes(StandardCharsets.UTF_8);
    byte[] gbk = GBK_ONLY.getBytes(GBK);
    byte[] latin = "Café à Paris".getBytes(StandardCharsets.ISO_8859_1);
    byte[] big5 = "檢舉菸酒走私，地點在臺北市中正區。".getBytes(BIG5);

    assertEquals(StandardCharsets.UTF_8, MailDecoding.charsetFor(null, utf8));
    assertEquals(StandardCharsets.UTF_8, MailDecoding.charsetFor("x-no-such-charset", utf8));
    assertEquals(StandardCharsets.UTF_8, MailDecoding.charsetFor("iso-8859-1", utf8));
    assertEquals(GB18030, MailDecoding.charsetFor(null, gbk));
    assertEquals(GB18030, MailDecoding.charsetFor("us-ascii", gbk));
    assertEquals(GB18030, MailDecoding.charsetFor("utf-8", gbk));
    assertEquals(Charset.forName("Big5-HKSCS"), MailDecoding.charsetFor(null, big5));
    assertEquals(Charset.forName("windows-1252"), MailDecoding.charsetFor(null, latin));
    assertEquals(Charset.forName("windows-1252"), MailDecoding.charsetFor("iso-8859-1", latin));
    assertEquals(StandardCharsets.ISO_8859_1, MailDecoding.charsetFor("iso-8859-1", "plain".getBytes()));
    assertEquals(Charset.forName("KOI8-R"), MailDecoding.charsetFor("koi8-r", new byte[] {(byte) 0xC1}));
  }

  @Test
  void gbkTextLabelledGb2312KeepsGbkOnlyCharacters() {
    assertEquals(GBK_ONLY, MailDecoding.decodeText(GBK_ONLY.getBytes(GBK), "gb2312"));
    assertEquals(GBK_ONLY, MailDecoding.decodeText(GBK_ONLY.getBytes(GBK), "utf-8"));
    assertEquals(GBK_ONLY, MailDecoding.decodeText(GBK_ONLY.getBytes(GBK), null));
  }

  @Test
  void decodeTextDropsTheByteOrderMark() {
    byte[] body = "\uFEFF来信已收到".getBytes(StandardCharsets.UTF_8);
    assertEquals("来信已收到", MailDecoding.decodeText(body, "utf-8"));
    assertEquals("来信已收到", MailDecoding.decodeText(body, "gb2312"));
    assertEquals("", MailDecoding.decodeText(null, "utf-8"));
  }

  @Test
  void encodedWordsDecodeWithMailClientCharsets() {
    assertEquals("关于" + GBK_ONLY, MailDecoding.decodeHeader("=?gb2312?B?" + b64("关于" + GBK_ONLY, GBK) + "?="));
    assertEquals("檢舉菸酒", MailDecoding.decodeHeader("=?big5?b?" + b64("檢舉菸酒", BIG5) + "?="));
    assertEquals("噪音 投诉 2024",
        MailDecoding.decodeHeader("=?utf-8?Q?=E5=99=AA=E9=9F=B3_=E6=8A=95=E8=AF=89_2024?="));
    assertEquals("回复: 噪音", MailDecoding.decodeHeader("回复: =?UTF-8*zh-CN?q?=E5=99=AA=E9=9F=B3?="));
  }

  @Test
  void adjacentWordsJoinTheirBytesSoASplitCharacterSurvives() {
    byte[] bytes = "投诉噪音".getBytes(StandardCharsets.UTF_8);
    String first = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(bytes, 0, 4));
    String second = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(bytes, 4, bytes.length));
    assertEquals("投诉噪音", MailDecoding.decodeHeader("=?UTF-8?B?" + first + "?=\r\n =?utf-8?B?" + second + "?="));
    assertEquals("投诉噪音", MailDecoding.decodeHeader("=?UTF-8?B?" + first + "?=  =?utf-8?B?" + second + "?="));
    // a GBK character split the same way, across two labels of one family
    byte[] gbk = "王喆".getBytes(GBK);
    assertEquals("王喆", MailDecoding.decodeHeader("=?gb2312?B?" + b64(java.util.Arrays.copyOfRange(gbk, 0, 3))
        + "?= =?GBK?B?" + b64(java.util.Arrays.copyOfRange(gbk, 3, 4)) + "?="));
    // different charsets: decoded one by one, the space between them still goes
    assertEquals("檢舉投诉", MailDecoding.decodeHeader("=?big5?B?" + b64("檢舉", BIG5) + "?= =?gbk?B?"
        + b64("投诉", GBK) + "?="));
    // space between a word and plain text stays
    assertEquals("转发: 投诉 (第2次)", MailDecoding.decodeHeader("转发: =?gbk?B?" + b64("投诉", GBK) + "?= (第2次)"));
  }

  @Test
  void malformedEncodedWordsStayAsTheyAre() {
    assertEquals("=?utf-8?B?5Y*?=", MailDecoding.decodeHeader("=?utf-8?B?5Y*?="));
    assertEquals("=?x-klingon?B?5Y+R?=", MailDecoding.decodeHeader("=?x-klingon?B?5Y+R?="));
    assertEquals("=?utf-8?B?5Y+R5?= 投诉", MailDecoding.decodeHeader("=?utf-8?B?5Y+R5?= =?utf-8?B?"
        + b64("投诉", StandardCharsets.UTF_8) + "?="));
    assertNull(MailDecoding.decodeHeader(null));
  }

  @Test
  void encodedWordsInsideQuotesAndRaw8bitHeadersAreDecoded() {
    assertEquals("\"王喆\" <a@b.cn>", MailDecoding.decodeHeader("\"=?GBK?B?" + b64("王喆", GBK) + "?=\" <a@b.cn>"));
    assertEquals("投诉：楼下餐馆油烟扰民", MailDecoding.decodeHeader(latin1("投诉：楼下餐馆油烟扰民", StandardCharsets.UTF_8)));
    assertEquals("投诉：楼下餐馆油烟扰民，王喆", MailDecoding.decodeHeader(latin1("投诉：楼下餐馆油烟扰民，王喆", GBK)));
    assertEquals("已经解码的标题", MailDecoding.decodeHeader("已经解码的标题"));
  }

  @Test
  void rfc2231ParametersWithFourByteGb18030Characters() {
    String name = "㐀𠀀投诉材料.pdf";
    byte[] bytes = name.getBytes(GB18030);
    assertEquals(name, MailDecoding.parameter("attachment; filename*=gb18030''" + pct(bytes), "filename"));
    assertEquals(name, MailDecoding.parameter("attachment;\r\n FILENAME*=\"GB18030'zh'" + pct(bytes) + "\"",
        "Filename"));
    // continuations split inside the 4-byte 𠀀 (bytes 4..7), the last segment plain
    byte[] stem = "㐀𠀀投诉材料".getBytes(GB18030);
    String cd = "attachment; filename*0*=gb18030''" + pct(java.util.Arrays.copyOfRange(stem, 0, 6))
        + ";\r\n filename*1*=" + pct(java.util.Arrays.copyOfRange(stem, 6, stem.length))
        + ";\r\n filename*2=\".pdf\"";
    assertEquals(name, MailDecoding.parameter(cd, "filename"));
    assertEquals("a b.txt", MailDecoding.parameter("attachment; filename*0=\"a \"; filename*1=\"b.txt\"",
        "filename"));
  }

  @Test
  void plainParametersGoThroughHeaderDecoding() {
    String outlook = "application/pdf; name=\"=?GBK?B?" + b64("王喆的投诉.pdf", GBK) + "?=\"";
    assertEquals("王喆的投诉.pdf", MailDecoding.parameter(outlook, "name"));
    assertEquals("李堃的照片.jpg",
        MailDecoding.parameter("attachment; filename=\"" + latin1("李堃的照片.jpg", GBK) + "\"", "filename"));
    assertEquals("gb2312", MailDecoding.parameter("text/plain; format=flowed; CharSet=\"gb2312\"", "charset"));
    assertEquals("my file 投诉.doc",
        MailDecoding.parameter("attachment; filename=my file " + latin1("投诉", GBK) + ".doc; size=3", "filename"));
    assertEquals("C:\\tmp\\a\"b.txt", MailDecoding.parameter("attachment; filename=\"C:\\tmp\\a\\\"b.txt\"",
        "filename"));
    assertNull(MailDecoding.parameter("attachment; name=x", "filename"));
    assertNull(MailDecoding.parameter(null, "filename"));
  }

  @Test
  void addressesKeepTheFirstMailboxWithADecodedName() {
    MailDecoding.Address gbk = MailDecoding.address("\"=?GBK?B?" + b64("王喆", GBK) + "?=\" <Wang.Zhe@Example.GOV.cn>");
    assertEquals(new MailDecoding.Address("wang.zhe@example.gov.cn", "王喆"), gbk);
    assertEquals(new MailDecoding.Address("li@example.cn", "李堃"),
        MailDecoding.address(latin1("李堃", GBK) + " <li@example.cn>, other@example.cn"));
    assertEquals(new MailDecoding.Address("zhang@example.cn", "张三, 市民"),
        MailDecoding.address("\"张三, 市民\" <zhang@example.cn>"));
    assertEquals(new MailDecoding.Address("bare@example.cn", null), MailDecoding.address(" Bare@Example.cn "));
    assertEquals(new MailDecoding.Address("x@y.cn", "投诉人"), MailDecoding.address("x@y.cn (投诉人)"));
    assertEquals(new MailDecoding.Address("broken@example.cn", "坏的"),
        MailDecoding.address("坏的 <<broken@example.cn>"));
    assertEquals(new MailDecoding.Address("jm@example.de", "José Müller"),
        MailDecoding.address(latin1("José Müller", StandardCharsets.UTF_8) + " <jm@example.de>"));
    assertEquals(new MailDecoding.Address("jm@example.de", "José Müller"),
        MailDecoding.address(latin1("José Müller", StandardCharsets.ISO_8859_1) + " <jm@example.de>"));
    assertNull(MailDecoding.address("undisclosed-recipients:;"));
    assertNull(MailDecoding.address(null));
    assertEquals(List.of("a@x.cn", "b@y.cn", "c@z.cn"),
        MailDecoding.addresses("\"=?GBK?B?" + b64("王喆", GBK) + "?=\" <A@x.cn>, b@Y.cn, grp: c@z.cn;"));
  }

  static String b64(String text, Charset charset) {
    return b64(text.getBytes(charset));
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Raw 8-bit bytes as a header string carries them: one ISO-8859-1 char per byte. */
  static String latin1(String text, Charset charset) {
    return new String(text.getBytes(charset), StandardCharsets.ISO_8859_1);
  }

  static String pct(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(String.format("%%%02X", b & 0xFF));
    }
    return out.toString();
  }
}
