package hotline.accountability;

import hotline.config.Config;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scoring model (百分制扣分): every unit starts a quarter at {@code base} (100) points and loses, for each item, its
 * weight for every case behind it (for an overdue dispatch, besides, {@code overdue-day} for every working day late),
 * down to no less than 0. The weights are {@code accountability.weights.*} in {@code config/hotline.yaml}; a closed
 * quarter keeps the model it was scored with.
 */
public record Model(BigDecimal base, Map<Item, BigDecimal> weights, BigDecimal perDayLate) {

  /** What a unit loses points for, in the order a score sheet lists them. */
  public enum Item {
    RECEIPT_LATE("receipt-late", "0.5"),
    OVERDUE("overdue", "1"),
    UNSATISFIED("unsatisfied", "1"),
    SECOND_ROUND("second-round", "1"),
    THIRD_ROUND("third-round", "2"),
    FINDING_IMPROPER_HANDLING("finding-improper-handling", "2"),
    FINDING_FALSIFICATION("finding-falsification", "5"),
    FINDING_DELAY_WITHOUT_CAUSE("finding-delay-without-cause", "3");

    final String configKey;
    final String defaultWeight;

    Item(String configKey, String defaultWeight) {
      this.configKey = configKey;
      this.defaultWeight = defaultWeight;
    }

    /** The name in the API: {@code receipt_late}. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The item of a finding kind ({@code falsification}). */
    static Item finding(String kind) {
      return valueOf("FINDING_" + kind.toUpperCase(java.util.Locale.ROOT));
    }
  }

  public static final Model DEFAULTS = from(Config.of(Map.of()));

  public static Model from(Config config) {
    Map<Item, BigDecimal> w = new LinkedHashMap<>();
    for (Item i : Item.values()) {
      w.put(i, decimal(config, "accountability.weights." + i.configKey, i.defaultWeight));
    }
    return new Model(decimal(config, "accountability.base", "100"), Map.copyOf(w),
        decimal(config, "accountability.weights.overdue-day", "0.5"));
  }

  private static BigDecimal decimal(Config config, String key, String dflt) {
    String v = config.string(key, dflt);
    try {
      BigDecimal d = new BigDecimal(v);
      if (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(1000)) > 0) {
        throw new IllegalArgumentException("configuration " + key + " must be between 0 and 1000, not " + v);
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("configuration " + key + " (" + Config.envName(key) + ") must be a number, not '" + v + "'");
    }
  }

  public BigDecimal weight(Item i) {
    return weights.get(i);
  }

  /** As the API states it and a closed quarter keeps it. */
  public JsonObject toJson() {
    JsonArray items = new JsonArray();
    for (Item i : Item.values()) {
      JsonObject item = new JsonObject().put("key", i.id()).put("points", weights.get(i).doubleValue());
      if (i == Item.OVERDUE) {
        item.put("perWorkingDayLate", perDayLate.doubleValue());
      }
      items.add(item);
    }
    return new JsonObject().put("kind", "deduction").put("base", base.doubleValue()).put("floor", 0).put("items", items);
  }

  public static Model fromJson(JsonObject j) {
    Map<Item, BigDecimal> w = new LinkedHashMap<>();
    BigDecimal perDay = BigDecimal.ZERO;
    for (Object o : j.getJsonArray("items")) {
      JsonObject item = (JsonObject) o;
      Item i = Item.valueOf(item.getString("key").toUpperCase(java.util.Locale.ROOT));
      w.put(i, new BigDecimal(String.valueOf(item.getValue("points"))));
      if (item.containsKey("perWorkingDayLate")) {
        perDay = new BigDecimal(String.valueOf(item.getValue("perWorkingDayLate")));
      }
    }
    return new Model(new BigDecimal(String.valueOf(j.getValue("base"))), Map.copyOf(w), perDay);
  }
}
