package hotline.mail;

import static hotline.mail.MailBytes.b64;
import static hotline.mail.MailBytes.latin1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EncodedWordsTest {

  private static final Charset GBK = Charset.forName("GBK");
  private static final Charset BIG5 = Charset.forName("Big5");

  /** "镕", "喆" and "堃" are GBK-only: not in GB2312. */
  private static final String GBK_ONLY = "朱镕基路噪音投诉，联系人王喆、李堃。";

  @Test
  void encodedWordsDecodeWithMailClientCharsets() {
    assertEquals("关于" + GBK_ONLY, EncodedWords.decodeHeader("=?gb2312?B?" + b64("关于" + GBK_ONLY, GBK) + "?="));
    assertEquals("檢舉菸酒", EncodedWords.decodeHeader("=?big5?b?" + b64("檢舉菸酒", BIG5) + "?="));
    assertEquals("噪音 投诉 2024",
        EncodedWords.decodeHeader("=?utf-8?Q?=E5=99=AA=E9=9F=B3_=E6=8A=95=E8=AF=89_2024?="));
    assertEquals("回复: 噪音", EncodedWords.decodeHeader("回复: =?UTF-8*zh-CN?q?=E5=99=AA=E9=9F=B3?="));
  }

  @Test
  void adjacentWordsJoinTheirBytesSoASplitCharacterSurvives() {
    byte[] bytes = "投诉噪音".getBytes(StandardCharsets.UTF_8);
    String first = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(bytes, 0, 4));
    String second = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(bytes, 4, bytes.length));
    assertEquals("投诉噪音", EncodedWords.decodeHeader("=?UTF-8?B?" + first + "?=\r\n =?utf-8?B?" + second + "?="));
    assertEquals("投诉噪音", EncodedWords.decodeHeader("=?UTF-8?B?" + first + "?=  =?utf-8?B?" + second + "?="));
    // a GBK character split the same way, across two labels of one family
    byte[] gbk = "王喆".getBytes(GBK);
    assertEquals("王喆", EncodedWords.decodeHeader("=?gb2312?B?" + b64(java.util.Arrays.copyOfRange(gbk, 0, 3))
        + "?= =?GBK?B?" + b64(java.util.Arrays.copyOfRange(gbk, 3, 4)) + "?="));
    // different charsets: decoded one by one, the space between them still goes
    assertEquals("檢舉投诉", EncodedWords.decodeHeader("=?big5?B?" + b64("檢舉", BIG5) + "?= =?gbk?B?"
        + b64("投诉", GBK) + "?="));
    // space between a word and plain text stays
    assertEquals("转发: 投诉 (第2次)", EncodedWords.decodeHeader("转发: =?gbk?B?" + b64("投诉", GBK) + "?= (第2次)"));
  }

  @Test
  void malformedEncodedWordsStayAsTheyAre() {
    assertEquals("=?utf-8?B?5Y*?=", EncodedWords.decodeHeader("=?utf-8?B?5Y*?="));
    assertEquals("=?x-klingon?B?5Y+R?=", EncodedWords.decodeHeader("=?x-klingon?B?5Y+R?="));
    assertEquals("=?utf-8?B?5Y+R5?= 投诉", EncodedWords.decodeHeader("=?utf-8?B?5Y+R5?= =?utf-8?B?"
        + b64("投诉", StandardCharsets.UTF_8) + "?="));
    assertNull(EncodedWords.decodeHeader(null));
  }

  @Test
  void encodedWordsInsideQuotesAndRaw8bitHeadersAreDecoded() {
    assertEquals("\"王喆\" <a@b.cn>", EncodedWords.decodeHeader("\"=?GBK?B?" + b64("王喆", GBK) + "?=\" <a@b.cn>"));
    assertEquals("投诉：楼下餐馆油烟扰民", EncodedWords.decodeHeader(latin1("投诉：楼下餐馆油烟扰民", StandardCharsets.UTF_8)));
    assertEquals("投诉：楼下餐馆油烟扰民，王喆", EncodedWords.decodeHeader(latin1("投诉：楼下餐馆油烟扰民，王喆", GBK)));
    assertEquals("已经解码的标题", EncodedWords.decodeHeader("已经解码的标题"));
  }
}
