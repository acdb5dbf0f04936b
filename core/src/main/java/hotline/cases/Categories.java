package hotline.cases;

import hotline.config.Config;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The subject categories (主题分类) an agent picks at intake, from configuration: {@code cases.categories.<key>:
 * "<中文> | <English>"}, in the order written. Without any such key, {@link #DEFAULTS}. A case stores the key; the
 * labels are for reading.
 */
public final class Categories {

  /** One category: its key (stored on the case) and its labels. */
  public record Category(String key, String zh, String en) {

    /** The label in a language: English for {@code en…}, Chinese otherwise. */
    public String label(String lang) {
      return lang != null && lang.toLowerCase(Locale.ROOT).startsWith("en") ? en : zh;
    }
  }

  /** A key: lower-case letters, digits, dashes and underscores, starting with a letter; at most 40 characters. */
  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
  private static final String PREFIX = "cases.categories.";

  /** The list a tobacco monopoly bureau's hotline starts with. */
  public static final List<Category> DEFAULTS = List.of(
      new Category("counterfeit", "假冒卷烟", "Counterfeit cigarettes"),
      new Category("smuggled", "走私及非法渠道卷烟", "Smuggled and illicit cigarettes"),
      new Category("unlicensed", "无证经营", "Trading without a licence"),
      new Category("licence", "专卖许可证", "Monopoly retail licence"),
      new Category("price", "价格", "Prices"),
      new Category("supply", "货源供应", "Supply and allocation"),
      new Category("ordering", "订货服务", "Ordering service"),
      new Category("logistics", "物流配送", "Logistics and delivery"),
      new Category("service", "服务态度", "Staff attitude"),
      new Category("minors", "向未成年人售烟", "Sales to minors"),
      new Category("online", "网络售烟", "Online sales"),
      new Category("internal", "内部管理", "Internal management"),
      new Category("integrity", "廉政", "Integrity"),
      new Category("other", "其他", "Other"));

  private final Map<String, Category> byKey;

  private Categories(List<Category> list) {
    Map<String, Category> m = new LinkedHashMap<>();
    for (Category c : list) {
      if (m.put(c.key(), c) != null) {
        throw new IllegalArgumentException("cases.categories: key " + c.key() + " twice");
      }
    }
    this.byKey = m;
  }

  public static Categories of(List<Category> list) {
    return new Categories(list);
  }

  /** The configured list ({@code cases.categories.*}), else the defaults; a bad key or label fails the start. */
  public static Categories from(Config config) {
    List<Category> list = new ArrayList<>();
    config.asMap().forEach((k, v) -> {
      if (!k.startsWith(PREFIX)) {
        return;
      }
      String key = k.substring(PREFIX.length());
      if (!KEY.matcher(key).matches()) {
        throw new IllegalArgumentException("cases.categories: bad key " + key + " (a-z, 0-9, - and _, at most 40)");
      }
      String[] labels = v.split("\\|", 2);
      String zh = labels[0].strip();
      String en = labels.length > 1 ? labels[1].strip() : zh;
      if (zh.isEmpty() || zh.length() > 50 || en.isEmpty() || en.length() > 80) {
        throw new IllegalArgumentException("cases.categories." + key + ": needs \"<中文> | <English>\" (at most 50 / 80)");
      }
      list.add(new Category(key, zh, en));
    });
    return new Categories(list.isEmpty() ? DEFAULTS : list);
  }

  public List<Category> list() {
    return List.copyOf(byKey.values());
  }

  public Category get(String key) {
    return key == null ? null : byKey.get(key);
  }

  public boolean has(String key) {
    return byKey.containsKey(key);
  }

  /** For a form: {@code [{"key","label"}]} in the caller's language, in the configured order. */
  public JsonArray toJson(String lang) {
    JsonArray a = new JsonArray();
    byKey.values().forEach(c -> a.add(new JsonObject().put("key", c.key()).put("label", c.label(lang))));
    return a;
  }
}
