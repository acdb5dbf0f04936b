package hotline.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CharsetsTest {

  private static final Charset GBK = Charset.forName("GBK");
  private static final Charset GB18030 = Charset.forName("GB18030");
  private static final Charset BIG5 = Charset.forName("Big5");

  /** "镕", "喆" and "堃" are GBK-only: not in GB2312. */
  private static final String GBK_ONLY = "朱镕基路噪音投诉，联系人王喆、李堃。";

  @Test
  void gbFamilyLabelsMeanGb18030AndBig5LabelsMeanHkscs() {
    for (String label : List.of("gb2312", "GB2312", "\"gb2312\"", "gb_2312-80", "euc-cn", "x-euc-cn", "gbk",
        "x-gbk", "cp936", "ms936", "windows-936", "gb18030")) {
      assertEquals(GB18030, Charsets.charsetFor(label, new byte[0]), label);
    }
    for (String label : List.of("big5", "x-big5", "cp950", "big5-hkscs")) {
      assertEquals(Charset.forName("Big5-HKSCS"), Charsets.charsetFor(label, new byte[0]), label);
    }
  }

  @Test
  void missingOrLyingLabelsAreDetected() {
    byte[] utf8 = "市民热线".getBytes(StandardCharsets.UTF_8);
    byte[] gbk = GBK_ONLY.getBytes(GBK);
    byte[] latin = "Café à Paris".getBytes(StandardCharsets.ISO_8859_1);
    byte[] big5 = "檢舉菸酒走私，地點在臺北市中正區。".getBytes(BIG5);

    assertEquals(StandardCharsets.UTF_8, Charsets.charsetFor(null, utf8));
    assertEquals(StandardCharsets.UTF_8, Charsets.charsetFor("x-no-such-charset", utf8));
    assertEquals(StandardCharsets.UTF_8, Charsets.charsetFor("iso-8859-1", utf8));
    assertEquals(GB18030, Charsets.charsetFor(null, gbk));
    assertEquals(GB18030, Charsets.charsetFor("us-ascii", gbk));
    assertEquals(GB18030, Charsets.charsetFor("utf-8", gbk));
    assertEquals(Charset.forName("Big5-HKSCS"), Charsets.charsetFor(null, big5));
    assertEquals(Charset.forName("windows-1252"), Charsets.charsetFor(null, latin));
    assertEquals(Charset.forName("windows-1252"), Charsets.charsetFor("iso-8859-1", latin));
    assertEquals(StandardCharsets.ISO_8859_1, Charsets.charsetFor("iso-8859-1", "plain".getBytes()));
    assertEquals(Charset.forName("KOI8-R"), Charsets.charsetFor("koi8-r", new byte[] {(byte) 0xC1}));
  }

  @Test
  void gbkTextLabelledGb2312KeepsGbkOnlyCharacters() {
    assertEquals(GBK_ONLY, Charsets.decodeText(GBK_ONLY.getBytes(GBK), "gb2312"));
    assertEquals(GBK_ONLY, Charsets.decodeText(GBK_ONLY.getBytes(GBK), "utf-8"));
    assertEquals(GBK_ONLY, Charsets.decodeText(GBK_ONLY.getBytes(GBK), null));
  }

  @Test
  void decodeTextDropsTheByteOrderMark() {
    byte[] body = "\uFEFF来信已收到".getBytes(StandardCharsets.UTF_8);
    assertEquals("来信已收到", Charsets.decodeText(body, "utf-8"));
    assertEquals("来信已收到", Charsets.decodeText(body, "gb2312"));
    assertEquals("", Charsets.decodeText(null, "utf-8"));
  }
}
