package hotline.mail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class HtmlTextTest {

  @Test
  void scriptStyleAndHeadLeaveNoText() {
    String html = "<html><head><title>标题不要</title><style>p{color:red}</style></head><body>"
        + "<script>alert('脚本内容')</script><noscript>请启用脚本</noscript>"
        + "<p>市民您好：</p><p>楼下&nbsp;&nbsp;餐馆   油烟扰民。</p>"
        + "<template><p>模板</p></template><iframe src=x>框架</iframe><svg><text>图形</text></svg>"
        + "</body></html>";
    assertEquals("市民您好：\n\n楼下 餐馆 油烟扰民。", HtmlText.toText(html, 1000));
  }

  @Test
  void blocksListsTablesAndBreaksBecomeLines() {
    String html = "<div>第一行<br>第二行<br><br><br><br>第三行</div>"
        + "<h1>诉求</h1><ul><li>噪音</li><li>油烟<ol><li>晚上</li></ol></li></ul>"
        + "<table><tr><td>姓名</td><td>王喆</td></tr><tr><th>电话</th><td>12345</td></tr></table>"
        + "<blockquote>原文引用</blockquote><pre>  代码\n    缩进</pre>结束";
    assertEquals("第一行\n第二行\n\n第三行\n\n诉求\n\n- 噪音\n- 油烟\n- 晚上\n\n姓名 王喆\n电话 12345"
        + "\n\n原文引用\n\n代码\n缩进\n\n结束", HtmlText.toText(html, 1000));
  }

  @Test
  void linksKeepTheirTextAndShowADifferentHttpUrl() {
    String html = "<p>详情见<a href=\"https://example.gov.cn/case?id=1\">办理结果</a>，"
        + "或 <a href=\"https://example.gov.cn/\">example.gov.cn</a>，"
        + "<a href=\"javascript:alert(1)\">点这里</a>，<a href=\"mailto:x@y.cn\">写信</a>。</p>";
    assertEquals("详情见办理结果 (https://example.gov.cn/case?id=1)，或 example.gov.cn，点这里，写信。",
        HtmlText.toText(html, 1000));
  }

  @Test
  void neverOutputsMarkup() {
    String html = "<p>&lt;b&gt;不是标签&lt;/b&gt;</p><!-- 注释 --><p onclick=\"x()\">正文<img src=x alt=图></p>";
    assertEquals("<b>不是标签</b>\n\n正文", HtmlText.toText(html, 1000));
  }

  @Test
  void truncatesAtTheLimit() {
    HtmlText.Result r = HtmlText.convert("<p>一二三四五六七八九十</p>", 4);
    assertEquals("一二三四", r.text());
    assertTrue(r.truncated());
    HtmlText.Result whole = HtmlText.convert("<p>一二三四</p>", 4);
    assertEquals("一二三四", whole.text());
    assertFalse(whole.truncated());
    assertEquals("", HtmlText.toText(null, 10));
  }

  @Test
  void hostileInputIsHandled() {
    String deep = "<div>".repeat(100_000) + "深处" + "</div>".repeat(100_000);
    assertEquals("深处", HtmlText.toText(deep, 1000));
    String unclosed = "<b><i><u><span>".repeat(20_000) + "没有闭合";
    assertEquals("没有闭合", HtmlText.toText(unclosed, 1000));
    String hugeAttribute = "<a href=\"https://x.cn/" + "a".repeat(2_000_000) + "\" title=\"" + "t".repeat(1_000_000)
        + "\">链接</a><p>后文";
    assertEquals("链接\n\n后文", HtmlText.toText(hugeAttribute, 1000));
    String garbage = "<<<>>><p <a <<script>>alert(1)</script>>文字</ p>\u0000\u0007尾";
    // what a browser shows too: "<<script>" became an attribute of <p>, so "alert(1)" is plain text
    assertEquals("<<<>>>\n\n>alert(1)>文字尾", HtmlText.toText(garbage, 1000));
    assertEquals("报警", HtmlText.toText("<p>报警<script>alert(1)</script></p><script>", 1000));
  }
}
