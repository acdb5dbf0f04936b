package hotline.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.config.Config;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The search window from configuration: the shipped value, the default, a setting, and a value out of range refused. */
class CaseSettingsTest {

  @Test
  void theSearchWindowIsConfiguredWithinItsRange() {
    assertEquals(CaseSearch.WINDOW, CaseSettings.from(Config.of(Map.of())).searchWindow());
    assertEquals(CaseSearch.WINDOW, CaseSettings.from(Config.load(Path.of("../config/hotline.yaml"), Map.of())).searchWindow());
    assertEquals(500, CaseSettings.from(Config.of(Map.of("search.window", "500"))).searchWindow());
    IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
        () -> CaseSettings.from(Config.of(Map.of("search.window", "50"))));
    assertTrue(small.getMessage().contains("search.window must be between 100 and 1000000"), small.getMessage());
  }
}
