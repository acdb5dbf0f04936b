package hotline.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;

/**
 * The public pages' texts, one JSON bundle per language ({@code public-form/zh-CN.json}, {@code public-form/en.json}):
 * Simplified Chinese unless {@code ?lang=en} (a link or a form's hidden field) or, without one, the browser's
 * Accept-Language asks for English. Texts are plain: the pages escape them.
 */
final class PublicTexts {

  static final PublicTexts ZH = load("zh-CN");
  static final PublicTexts EN = load("en");

  private final JsonObject texts;
  final String lang;

  private PublicTexts(String lang, JsonObject texts) {
    this.lang = lang;
    this.texts = texts;
  }

  /** The page's language: a {@code lang} parameter (query or form), else the browser's preference. */
  static PublicTexts of(RoutingContext ctx) {
    return of(ctx, null);
  }

  /** The page's language, {@code formLang} the form's own field when the body handler did not merge it into the parameters. */
  static PublicTexts of(RoutingContext ctx, String formLang) {
    // A multipart form's fields are among the parameters once the body is read (BodyHandler merges them).
    String lang = ctx.request().getParam("lang");
    if (lang == null) {
      lang = formLang;
    }
    if ("en".equals(lang)) {
      return EN;
    }
    if ("zh-CN".equals(lang)) {
      return ZH;
    }
    return Requests.locale(ctx).getLanguage().equals("en") ? EN : ZH;
  }

  boolean english() {
    return this == EN;
  }

  Locale locale() {
    return english() ? Locale.ENGLISH : hotline.errors.Messages.CHINESE;
  }

  /** The text of the key with its arguments; a missing key is a bug, shown as the key. */
  String t(String key, Object... args) {
    String pattern = texts.getString(key, key);
    if (args.length == 0) {
      return pattern;
    }
    Object[] plain = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      plain[i] = String.valueOf(args[i]);
    }
    return new MessageFormat(pattern, locale()).format(plain);
  }

  private static PublicTexts load(String lang) {
    try (InputStream in = PublicTexts.class.getResourceAsStream("/public-form/" + lang + ".json")) {
      if (in == null) {
        throw new IllegalStateException("public-form/" + lang + ".json is missing from the classpath");
      }
      return new PublicTexts(lang, new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
