package hotline.mail;

import static hotline.mail.MailBytes.b64;
import static hotline.mail.MailBytes.latin1;
import static hotline.mail.MailBytes.pct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;

class HeaderParametersTest {

  private static final Charset GBK = Charset.forName("GBK");
  private static final Charset GB18030 = Charset.forName("GB18030");

  @Test
  void rfc2231ParametersWithFourByteGb18030Characters() {
    String name = "㐀𠀀投诉材料.pdf";
    byte[] bytes = name.getBytes(GB18030);
    assertEquals(name, HeaderParameters.parameter("attachment; filename*=gb18030''" + pct(bytes), "filename"));
    assertEquals(name, HeaderParameters.parameter("attachment;\r\n FILENAME*=\"GB18030'zh'" + pct(bytes) + "\"",
        "Filename"));
    // continuations split inside the 4-byte 𠀀 (bytes 4..7), the last segment plain
    byte[] stem = "㐀𠀀投诉材料".getBytes(GB18030);
    String cd = "attachment; filename*0*=gb18030''" + pct(java.util.Arrays.copyOfRange(stem, 0, 6))
        + ";\r\n filename*1*=" + pct(java.util.Arrays.copyOfRange(stem, 6, stem.length))
        + ";\r\n filename*2=\".pdf\"";
    assertEquals(name, HeaderParameters.parameter(cd, "filename"));
    assertEquals("a b.txt", HeaderParameters.parameter("attachment; filename*0=\"a \"; filename*1=\"b.txt\"",
        "filename"));
  }

  @Test
  void plainParametersGoThroughHeaderDecoding() {
    String outlook = "application/pdf; name=\"=?GBK?B?" + b64("王喆的投诉.pdf", GBK) + "?=\"";
    assertEquals("王喆的投诉.pdf", HeaderParameters.parameter(outlook, "name"));
    assertEquals("李堃的照片.jpg",
        HeaderParameters.parameter("attachment; filename=\"" + latin1("李堃的照片.jpg", GBK) + "\"", "filename"));
    assertEquals("gb2312", HeaderParameters.parameter("text/plain; format=flowed; CharSet=\"gb2312\"", "charset"));
    assertEquals("my file 投诉.doc",
        HeaderParameters.parameter("attachment; filename=my file " + latin1("投诉", GBK) + ".doc; size=3", "filename"));
    assertEquals("C:\\tmp\\a\"b.txt", HeaderParameters.parameter("attachment; filename=\"C:\\tmp\\a\\\"b.txt\"",
        "filename"));
    assertNull(HeaderParameters.parameter("attachment; name=x", "filename"));
    assertNull(HeaderParameters.parameter(null, "filename"));
  }
}
