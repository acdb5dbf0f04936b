package hotline.errors;

import java.text.MessageFormat;
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
    Object[] resolved = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      // Numbers are ids, phone numbers and limits: written as they are, without grouping separators.
      resolved[i] = args[i] instanceof Key k ? format(locale, k.key()) : args[i] instanceof Number n ? n.toString() : args[i];
    }
    return new MessageFormat(pattern, locale).format(resolved);
  }

  /** An argument that is itself a text to translate, e.g. a status name. */
  public record Key(String key) {
  }

  private static ResourceBundle bundle(Locale locale) {
    Locale l = "en".equals(locale.getLanguage()) ? Locale.ROOT : CHINESE;
    return ResourceBundle.getBundle("hotline.messages", l, ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }
}
