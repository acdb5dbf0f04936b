package hotline.errors;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** Human-readable texts in Simplified Chinese (the default) and English, from {@code hotline/messages*.properties}. */
public final class Messages {

  public static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;

  private Messages() {
  }

  public static String format(Locale locale, String key, Object... args) {
    ResourceBundle bundle = bundle(locale);
    String pattern;
    try {
      pattern = bundle.getString(key);
    } catch (MissingResourceException e) {
      pattern = key;
    }
    if (args.length == 0) {
      return pattern;
    }
    return new MessageFormat(pattern, locale).format(resolved(locale, args));
  }

  private static Object[] resolved(Locale locale, Object[] args) {
    Object[] resolved = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      // Numbers are ids, phone numbers and limits: written as they are, without grouping separators.
      resolved[i] = args[i] instanceof Key k ? format(locale, k) : args[i] instanceof Number n ? n.toString() : args[i];
    }
    return resolved;
  }

  /** A key with its own arguments; {@code list.and} and {@code list.or} join their arguments as the language does. */
  public static String format(Locale locale, Key k) {
    if (k.key().equals(LIST_AND) || k.key().equals(LIST_OR)) {
      List<String> items = java.util.Arrays.stream(resolved(locale, k.args())).map(String::valueOf).toList();
      return join(locale, items, k.key().equals(LIST_AND) ? "list.and.last" : "list.or.last");
    }
    return format(locale, k.key(), k.args());
  }

  private static String join(Locale locale, List<String> items, String lastKey) {
    if (items.size() <= 1) {
      return items.isEmpty() ? "" : items.get(0);
    }
    String separator = format(locale, "list.separator");
    String last = format(locale, lastKey);
    return String.join(separator, items.subList(0, items.size() - 1)) + last + items.get(items.size() - 1);
  }

  /** Joins its arguments with "and" in the language: 受理员、整顿办和分管领导. */
  public static final String LIST_AND = "list.and";
  /** Joins its arguments with "or" in the language. */
  public static final String LIST_OR = "list.or";

  /** An argument that is itself a text to translate, e.g. a status name, with arguments of its own. */
  public record Key(String key, Object... args) {
  }

  private static ResourceBundle bundle(Locale locale) {
    Locale l = "en".equals(locale.getLanguage()) ? Locale.ROOT : CHINESE;
    return ResourceBundle.getBundle("hotline.messages", l, ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }
}
