package hotline.cases;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hotline.config.Config;
import hotline.errors.HotlineException;
import hotline.errors.Messages;
import hotline.testing.CoreFixture;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The subject category (主题分类): a configured list, checked at intake, carried by the case with its labels. */
class CategoryIntakeTest {

  static CoreFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = CoreFixture.builder().config(Map.of("cases.categories.counterfeit", "假冒卷烟 | Counterfeit cigarettes",
        "cases.categories.price", "价格 | Prices", "cases.categories.other", "其他 | Other")).start();
  }

  @AfterAll
  static void close() throws Exception {
    fx.close();
  }

  static Intake complaint() {
    return Intake.of(CaseKind.COMPLAINT, Channel.PHONE, "某店出售假烟").withContact(Intake.Contact.phones(List.of("13800138000")));
  }

  @Test
  void aCaseCarriesItsCategoryAndLabels() throws Exception {
    var agent = fx.cast().agent();
    CaseService.Filed filed = await(fx.core.cases().file(agent, complaint().withCategory("counterfeit")));
    JsonObject view = await(fx.core.cases().get(agent, filed.id()));
    assertEquals("counterfeit", view.getString("category"));
    assertEquals(new JsonObject().put("zh-CN", "假冒卷烟").put("en", "Counterfeit cigarettes"), view.getJsonObject("categoryLabel"));
    JsonObject none = await(fx.core.cases().get(agent, await(fx.core.cases().file(agent, complaint())).id()));
    assertNull(none.getString("category"));
    assertNull(none.getValue("categoryLabel"));
  }

  @Test
  void anUnknownCategoryIsRefusedAtItsField() throws Exception {
    var agent = fx.cast().agent();
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(fx.core.cases().file(agent, complaint().withCategory("smuggled"))));
    HotlineException h = (HotlineException) e.getCause();
    assertEquals("category", h.field());
    assertEquals("没有“smuggled”这个主题分类，请从列表中选择。", h.message(Messages.CHINESE));
    assertEquals("There is no category \"smuggled\"; choose one from the list.", h.message(Locale.ENGLISH));
  }

  @Test
  void theFormListsTheConfiguredOnesInOrder() {
    JsonObject rules = Intake.rules(fx.core.cases().settings());
    assertEquals(3, rules.getJsonArray("categories").size());
    assertEquals(java.util.Set.of("counterfeit", "price", "other"), rules.getJsonArray("categories").stream()
        .map(c -> ((JsonObject) c).getString("key")).collect(java.util.stream.Collectors.toSet()));
    // The order written in the file.
    Map<String, String> inOrder = new java.util.LinkedHashMap<>();
    inOrder.put("cases.categories.price", "价格 | Prices");
    inOrder.put("cases.categories.counterfeit", "假冒卷烟");
    Categories two = Categories.from(Config.of(inOrder));
    assertEquals(List.of(new Categories.Category("price", "价格", "Prices"), new Categories.Category("counterfeit", "假冒卷烟", "假冒卷烟")),
        two.list());
    assertEquals(14, Intake.rules(CaseSettings.from(Config.of(Map.of()))).getJsonArray("categories").size());
    assertThrows(IllegalArgumentException.class, () -> Categories.from(Config.of(Map.of("cases.categories.Bad Key", "x"))));
    // The shipped configuration: the defaults, in their order.
    Categories shipped = Categories.from(Config.load(java.nio.file.Path.of("../config/hotline.yaml"), Map.of()));
    assertEquals(Categories.DEFAULTS, shipped.list());
  }
}
