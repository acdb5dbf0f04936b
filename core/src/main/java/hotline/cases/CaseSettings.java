package hotline.cases;

import hotline.config.Config;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Deadlines by case kind, the extension cap, intake limits, the subject categories and how many of the newest cases a
 * search walks before it looks in the indexes ({@link CaseSearch#WINDOW}); all from configuration.
 */
public record CaseSettings(Map<CaseKind, Integer> workingDays, int provincialDays, int extensionCap,
    int maxAttachmentBytes, int maxAttachments, Categories categories, int searchWindow) {

  public static CaseSettings from(Config config) {
    Map<CaseKind, Integer> days = new EnumMap<>(CaseKind.class);
    Map<CaseKind, Integer> defaults = Map.of(CaseKind.COMPLAINT, 2, CaseKind.REPORT, 2, CaseKind.INQUIRY, 0, CaseKind.SUGGESTION, 2);
    for (CaseKind k : CaseKind.values()) {
      days.put(k, config.integer("deadlines." + k.name().toLowerCase(Locale.ROOT), defaults.get(k)));
    }
    int cap = config.integer("deadlines.extension-cap", 7);
    int provincial = config.integer("deadlines.provincial", 3);
    for (int d : days.values()) {
      if (d < 0 || d > cap) {
        throw new IllegalArgumentException("deadlines must be between 0 and deadlines.extension-cap (" + cap + ")");
      }
    }
    return new CaseSettings(Map.copyOf(days), provincial, cap,
        config.integer("intake.max-attachment-bytes", 10 * 1024 * 1024), config.integer("intake.max-attachments", 20),
        Categories.from(config), window(config.integer("search.window", CaseSearch.WINDOW)));
  }

  private static int window(int cases) {
    if (cases < 100 || cases > 1_000_000) {
      throw new IllegalArgumentException("search.window must be between 100 and 1000000 cases, not " + cases);
    }
    return cases;
  }

  /** Working days a unit has for a dispatch of this case. */
  public int workingDaysFor(CaseKind kind, Channel channel) {
    return channel == Channel.PROVINCIAL ? provincialDays : workingDays.get(kind);
  }
}
