package hotline.errors;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * A failure a person may see: an {@link ErrorCode}, a message key into {@code hotline/messages*.properties} with
 * its arguments, and optional details (e.g. the transitions allowed next). The HTTP layer renders it in the
 * caller's language; {@link #getMessage()} is the English text, for logs.
 */
public final class HotlineException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String messageKey;
  private final transient Object[] args;
  private final transient JsonObject details;

  public HotlineException(ErrorCode code, String messageKey, Object... args) {
    this(code, null, messageKey, args);
  }

  public HotlineException(ErrorCode code, JsonObject details, String messageKey, Object... args) {
    super(Messages.format(Locale.ENGLISH, messageKey, args), null, false, false);
    this.code = code;
    this.messageKey = messageKey;
    this.args = args.clone();
    this.details = details;
  }

  public static HotlineException notFound(String what, Object id) {
    return new HotlineException(ErrorCode.NOT_FOUND, "notFound", new Messages.Key("entity." + what), String.valueOf(id));
  }

  public static HotlineException invalid(String messageKey, Object... args) {
    return new HotlineException(ErrorCode.VALIDATION_FAILED, messageKey, args);
  }

  /**
   * A validation failure of one field of the request: {@code field} is its JSON path ({@code content},
   * {@code contact.phones[0]}, {@code attachments[2].name}), given to the client as the error's {@code field} so that
   * a form shows the message at that field.
   */
  public static HotlineException invalidAt(String field, String messageKey, Object... args) {
    return new HotlineException(ErrorCode.VALIDATION_FAILED, new JsonObject().put("field", field), messageKey, args);
  }

  /**
   * A field of the wrong kind: {@code type} names the kind ({@code string}, {@code integer}, {@code datetime}…), written
   * in the caller's language from {@code type.<type>}.
   */
  public static HotlineException wrongType(String field, String type) {
    return wrongType(field, field, type);
  }

  /** A field of the wrong kind at this JSON path ({@code contact.name}), the message naming it {@code field}. */
  public static HotlineException wrongType(String field, String path, String type) {
    return new HotlineException(ErrorCode.VALIDATION_FAILED, new JsonObject().put("field", path), "wrongType", field,
        new Messages.Key("type." + type));
  }

  public static HotlineException forbidden() {
    return new HotlineException(ErrorCode.FORBIDDEN, "forbidden");
  }

  public ErrorCode code() {
    return code;
  }

  public JsonObject details() {
    return details;
  }

  /** The JSON path of the request's field this failure is about ({@link #invalidAt}); null when it is about none. */
  public String field() {
    return details == null ? null : details.getString("field");
  }

  /**
   * This failure as JSON, to cross the event bus: {@code {"code","key","args","details"}}; arguments that are texts
   * to translate travel as {@code {"key": …}}. {@link #fromJson} makes the same failure on the other side.
   */
  public JsonObject toJson() {
    return new JsonObject().put("code", code.name()).put("key", messageKey).put("args", argsJson(args)).put("details", details);
  }

  private static io.vertx.core.json.JsonArray argsJson(Object[] args) {
    io.vertx.core.json.JsonArray a = new io.vertx.core.json.JsonArray();
    for (Object arg : args) {
      a.add(arg instanceof Messages.Key k ? new JsonObject().put("key", k.key()).put("args", argsJson(k.args()))
          : arg == null ? null : String.valueOf(arg));
    }
    return a;
  }

  private static Object[] args(io.vertx.core.json.JsonArray a) {
    Object[] args = new Object[a.size()];
    for (int i = 0; i < args.length; i++) {
      Object v = a.getValue(i);
      args[i] = v instanceof JsonObject k
          ? new Messages.Key(k.getString("key"), args(k.getJsonArray("args", new io.vertx.core.json.JsonArray()))) : v;
    }
    return args;
  }

  /** The failure {@link #toJson} described; null when the text is not such a description. */
  public static HotlineException fromJson(String text) {
    try {
      JsonObject j = new JsonObject(text);
      Object[] args = args(j.getJsonArray("args", new io.vertx.core.json.JsonArray()));
      return new HotlineException(ErrorCode.valueOf(j.getString("code")), j.getJsonObject("details"), j.getString("key"), args);
    } catch (RuntimeException e) {
      return null;
    }
  }

  public String message(Locale locale) {
    return Messages.format(locale, messageKey, args);
  }
}
