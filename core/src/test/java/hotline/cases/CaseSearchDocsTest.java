package hotline.cases;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.search.Highlight;
import hotline.search.TextSearch;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The search documents and their pairs, as intake and the indexer write them (V19). */
class CaseSearchDocsTest {

  @Test
  void theDocumentsAreTheNormalisedFieldsJoinedAndPhonesInBothForms() {
    CaseSearchDocs d = CaseSearchDocs.of("2026-000123", "ＡＢＣ卷烟", "电话 0755-8888 1234。", null, "宝安区局", "王芳",
        List.of("+86 138 0013 8000", "0755 2000 1000"), "Wang@Example.CN", null);
    assertEquals("2026000123 | abc卷烟 | 电话 075588881234。 |  | 宝安区局", d.doc());
    assertEquals("abc卷烟", d.title());
    assertEquals("王芳 | +8613800138000 | 13800138000 | 075520001000 | 075520001000 | wang@example.cn | ", d.identity());
    assertArrayEquals(new String[] {"ab", "bc", "c卷", "卷烟"}, d.titleGrams());
    assertTrue(Set.of(d.textGrams()).containsAll(Set.of("20", "23", "电话", "07", "宝安", "区局")));
    // No pair holds white space, punctuation or the bar between fields.
    for (String g : d.textGrams()) {
      assertTrue(g.codePoints().allMatch(Character::isLetterOrDigit), g);
    }
    assertEquals("13800138000", CaseSearchDocs.national("+8613800138000"));
    assertEquals("075588881234", CaseSearchDocs.national("+8675588881234"));
    assertEquals("12345", CaseSearchDocs.national("12345"));
  }

  @Test
  void numbersAreLookedUpByTheirFourDigitPiecesAndWordsByPairsApart() {
    assertEquals(List.of("许可", "可证", "证号", "号4", "44", "40", "03", "31", "12", "4403", "4031", "0312"),
        List.of(TextSearch.keys("许可证号440312")));
    assertEquals(List.of("4403", "1234", "5678"), List.of(TextSearch.lookup("证号440312345678", k -> 0)));
    assertEquals(List.of("5678", "1234"), List.of(TextSearch.lookup("12345678", k -> k.equals("1234") ? 0.5 : 0)));
    assertEquals(List.of("1380"), List.of(TextSearch.lookup("1380", k -> 0)));
    // 假冒卷烟: 假冒 and 卷烟, the rarer first; 专卖许可证: 专卖, 许可 (证 has no pair of its own).
    assertEquals(List.of("卷烟", "假冒"), List.of(TextSearch.lookup("假冒卷烟", k -> k.equals("假冒") ? 0.3 : 0.2)));
    assertEquals(List.of("专卖", "许可"), List.of(TextSearch.lookup("专卖许可证", k -> 0)));
    assertEquals(List.of("ab", "cd", "ef"), List.of(TextSearch.lookup("ab-cd ef g", k -> 0)));
    assertEquals(List.of(), List.of(TextSearch.lookup("烟", k -> 0)));
    // Without frequencies: every pair, but a long run of digits by its pieces alone.
    assertEquals(List.of("证号", "号4", "4403", "4031", "0312", "3123", "1234"),
        List.of(TextSearch.lookupKeys(new String[] {"证号44031234"})));
    assertEquals(List.of("执行", "行须", "须在", "12", "ab"), List.of(TextSearch.lookupKeys(new String[] {"执行须在", "12", "ab"})));
    assertEquals(List.of(), List.of(TextSearch.lookupKeys(new String[] {"烟"})));
  }

  /** Whatever a document holds as a substring, its pairs hold every pair of: the index never loses a hit. */
  @Test
  void aTermInTheDocumentHasAllItsPairsInTheDocumentsPairs() {
    String alphabet = "卷烟货源专卖许可证零售户价格假冒ＡＢab12３ 　，。-()+";
    Random rnd = new Random(7);
    for (int n = 0; n < 2000; n++) {
      StringBuilder text = new StringBuilder();
      for (int i = 0, len = 5 + rnd.nextInt(40); i < len; i++) {
        text.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      CaseSearchDocs d = CaseSearchDocs.of(null, null, text.toString(), null, null, null, List.of(), null, null);
      Set<String> keys = Set.of(d.textGrams());
      String doc = d.doc();
      for (int i = 0; i + 2 <= doc.length(); i++) {
        String term = doc.substring(i, Math.min(doc.length(), i + 2 + rnd.nextInt(4)));
        assertEquals(term, Highlight.normalize(term), "a normalised text's substring is normalised: " + term);
        for (String k : TextSearch.keys(term)) {
          assertTrue(keys.contains(k), "[" + term + "] of [" + doc + "]: key " + k + " missing");
        }
        for (String k : TextSearch.lookup(term, x -> rnd.nextDouble())) {
          assertTrue(keys.contains(k), "[" + term + "] of [" + doc + "]: looked-up key " + k + " missing");
        }
      }
    }
  }
}
