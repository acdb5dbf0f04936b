package hotline.mail;

import static hotline.mail.MailBytes.b64;
import static hotline.mail.MailBytes.latin1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailboxesTest {

  private static final Charset GBK = Charset.forName("GBK");

  @Test
  void addressesKeepTheFirstMailboxWithADecodedName() {
    Mailboxes.Address gbk = Mailboxes.address("\"=?GBK?B?" + b64("王喆", GBK) + "?=\" <Wang.Zhe@Example.GOV.cn>");
    assertEquals(new Mailboxes.Address("wang.zhe@example.gov.cn", "王喆"), gbk);
    assertEquals(new Mailboxes.Address("li@example.cn", "李堃"),
        Mailboxes.address(latin1("李堃", GBK) + " <li@example.cn>, other@example.cn"));
    assertEquals(new Mailboxes.Address("zhang@example.cn", "张三, 市民"),
        Mailboxes.address("\"张三, 市民\" <zhang@example.cn>"));
    assertEquals(new Mailboxes.Address("bare@example.cn", null), Mailboxes.address(" Bare@Example.cn "));
    assertEquals(new Mailboxes.Address("x@y.cn", "投诉人"), Mailboxes.address("x@y.cn (投诉人)"));
    assertEquals(new Mailboxes.Address("broken@example.cn", "坏的"),
        Mailboxes.address("坏的 <<broken@example.cn>"));
    assertEquals(new Mailboxes.Address("jm@example.de", "José Müller"),
        Mailboxes.address(latin1("José Müller", StandardCharsets.UTF_8) + " <jm@example.de>"));
    assertEquals(new Mailboxes.Address("jm@example.de", "José Müller"),
        Mailboxes.address(latin1("José Müller", StandardCharsets.ISO_8859_1) + " <jm@example.de>"));
    assertNull(Mailboxes.address("undisclosed-recipients:;"));
    assertNull(Mailboxes.address(null));
    assertEquals(List.of("a@x.cn", "b@y.cn", "c@z.cn"),
        Mailboxes.addresses("\"=?GBK?B?" + b64("王喆", GBK) + "?=\" <A@x.cn>, b@Y.cn, grp: c@z.cn;"));
  }
}
