package hotline.forms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.config.Config;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layout files: the four of config/forms load, the jar carries the same, and a wrong one fails saying where. */
class FormLayoutTest {

  static final Path CONFIG = Path.of("../config/forms");

  @Test
  void theJarCarriesTheFilesOfConfigForms() throws Exception {
    for (String kind : FormLayouts.KINDS) {
      // The jar carries config/forms itself (core/pom.xml's resources), so the copy is always the file.
      byte[] config = Files.readAllBytes(CONFIG.resolve(kind + ".yaml"));
      try (InputStream in = FormLayouts.class.getResourceAsStream("/config/forms/" + kind + ".yaml")) {
        assertNotNull(in, kind);
        assertArrayEquals(config, in.readAllBytes(), "the class path's " + kind + ".yaml");
      }
    }
  }

  @Test
  void theFourFormsLoadWithTheirTitlesAndAReceiptSectionLast() {
    FormLayouts layouts = FormLayouts.load(CONFIG);
    for (String kind : FormLayouts.KINDS) {
      FormLayout l = layouts.get(kind);
      assertEquals(RecordForm.of(new JsonObject().put("kind", kind), null).title(), l.title());
      assertTrue(l.source().endsWith(kind + ".yaml"), l.source());
      assertTrue(l.sections().get(l.sections().size() - 1).receipt(), kind + ": the receipt section comes last");
      Set<FormKey> keys = keys(l);
      assertTrue(keys.containsAll(EnumSet.of(FormKey.NUMBER, FormKey.CONTENT, FormKey.INSTRUCTION, FormKey.DISPATCH_ROUND,
          FormKey.DUE_AT, FormKey.RECEIPT_RECEIVER, FormKey.RECEIPT_AT, FormKey.RECEIPT_METHOD)), kind + ": " + keys);
      assertEquals(kind.equals("complaint") || kind.equals("report"), keys.contains(FormKey.RESPONDENT_PERSON), kind);
    }
    assertTrue(keys(layouts.get("inquiry")).contains(FormKey.ANSWER));
    assertThrows(IllegalArgumentException.class, () -> layouts.get("praise"));
  }

  static Set<FormKey> keys(FormLayout l) {
    Set<FormKey> keys = EnumSet.noneOf(FormKey.class);
    if (l.subtitle() != null && l.subtitle().right() != null && l.subtitle().right().contains("{number}")) {
      keys.add(FormKey.NUMBER);
    }
    l.sections().forEach(s -> s.rows().forEach(r -> r.cells().forEach(c -> {
      if (c.key() != null) {
        keys.add(c.key());
      }
    })));
    return keys;
  }

  @Test
  void anUnknownFieldKeyFailsTheLoadNamingFileAndKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("complaint.yaml");
    Files.writeString(file, Files.readString(CONFIG.resolve("complaint.yaml")).replace("key: contact.phones", "key: contact.fax"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FormLayouts.load(dir));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("unknown field key 'contact.fax'"), e.getMessage());
    assertTrue(e.getMessage().contains("sections[2].rows[1][2]"), e.getMessage());
  }

  @Test
  void anUnknownKeyInTheSubtitleFailsToo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FormLayout.parse("complaint",
        "title: 表\nsubtitle: {right: '编号：{caseNo}'}\nsections: [{rows: [{label: 主题, key: subject}]}]", "x.yaml"));
    assertEquals("form layout x.yaml: unknown field key 'caseNo' in subtitle.right (known: " + String.join(", ",
        java.util.Arrays.stream(FormKey.values()).map(FormKey::key).toList()) + ")", e.getMessage());
  }

  @Test
  void whatTheFormatDoesNotHaveFailsWithWhere() {
    assertEquals("form layout x.yaml: unknown property 'lable' in sections[1].rows[1] (known: key, label, lines, text)",
        fail("title: 表\nsections: [{rows: [{lable: 主题, key: subject}]}]"));
    assertEquals("form layout x.yaml: sections[1].rows[1] has 3 cells; a row has one or two",
        fail("title: 表\nsections: [{rows: [[{key: subject}, {key: content}, {key: owner}]]}]"));
    assertEquals("form layout x.yaml: sections[1].rows[1].lines must be a whole number from 1 to 40, not 'many'",
        fail("title: 表\nsections: [{rows: [{key: content, lines: many}]}]"));
    assertEquals("form layout x.yaml: title is missing", fail("sections: [{rows: [{key: content}]}]"));
    assertEquals("form layout x.yaml: sections must be a non-empty list", fail("title: 表"));
    assertEquals("form layout x.yaml: sections[1].rows[1] has both a key and a text",
        fail("title: 表\nsections: [{rows: [{key: content, text: 说明}]}]"));
    assertTrue(fail("title: [表").startsWith("malformed form layout x.yaml: "));
  }

  static String fail(String yaml) {
    return assertThrows(IllegalArgumentException.class, () -> FormLayout.parse("complaint", yaml, "x.yaml")).getMessage();
  }

  @Test
  void aMissingDirectoryOrFileFallsBackToTheBundledCopy(@TempDir Path dir) throws Exception {
    FormLayouts none = FormLayouts.load(dir.resolve("absent"));
    for (String kind : FormLayouts.KINDS) {
      assertEquals("classpath:/config/forms/" + kind + ".yaml", none.get(kind).source());
    }
    Files.writeString(dir.resolve("inquiry.yaml"), "title: 咨询单\nsections: [{rows: [{label: 问题, key: content}]}]\n");
    FormLayouts some = FormLayouts.from(Config.of(Map.of("forms.dir", dir.toString())));
    assertEquals("咨询单", some.get("inquiry").title());
    assertNull(some.get("inquiry").subtitle());
    assertEquals("classpath:/config/forms/complaint.yaml", some.get("complaint").source());
    assertEquals("客户投诉受理监督记录表", FormLayouts.bundled().get("complaint").title());
  }

  @Test
  void placeholdersTakeTheFormsValues() {
    RecordForm form = RecordForm.of(FormCases.view("complaint", FormCases.contact(), false, false), null);
    assertEquals("编号：2026-000123，第2次派单，", FormLayout.fill("编号：{number}，{dispatch.round}，{receipt.receivedAt}", form));
    assertEquals("受理编号：X-1", FormLayout.fill("受理编号：{number}", new RecordForm("表", "X-1", java.util.List.of())));
  }
}
