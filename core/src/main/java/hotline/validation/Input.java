package hotline.validation;

import hotline.errors.HotlineException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Reads fields of a JSON request body, failing with a clear validation error naming the field; the error carries the
 * field's JSON path ({@link HotlineException#field()}), with the prefix of a nested object read {@link #of(JsonObject,
 * String) at a path} (the message names the field alone, as before).
 */
public final class Input {

  private final JsonObject body;
  private final String at;

  private Input(JsonObject body, String at) {
    this.body = body == null ? new JsonObject() : body;
    this.at = at;
  }

  public static Input of(JsonObject body) {
    return new Input(body, null);
  }

  /** A nested object of a request, at this JSON path ({@code contact}, {@code attachments[2]}): errors name {@code contact.name}. */
  public static Input of(JsonObject body, String path) {
    return new Input(body, path);
  }

  /** The JSON path of a field of this object. */
  public String path(String field) {
    return at == null ? field : at + "." + field;
  }

  public JsonObject json() {
    return body;
  }

  /** A required string, trimmed, 1..max characters. */
  public String required(String field, int max) {
    String v = optional(field, max);
    if (v == null) {
      throw HotlineException.invalidAt(path(field), "required", field);
    }
    return v;
  }

  /** A required string taken exactly as sent (passwords): not trimmed, 1..max characters. */
  public String verbatim(String field, int max) {
    Object raw = body.getValue(field);
    if (raw == null || (raw instanceof String s && s.isEmpty())) {
      throw HotlineException.invalidAt(path(field), "required", field);
    }
    if (!(raw instanceof String s)) {
      throw HotlineException.wrongType(field, path(field), "string");
    }
    if (s.length() > max) {
      throw HotlineException.invalidAt(path(field), "tooLong", field, max);
    }
    if (!Texts.storable(s)) {
      throw HotlineException.invalidAt(path(field), "invalidCharacters", field);
    }
    return s;
  }

  /** An optional string, trimmed; blank is null; longer than max is an error. */
  public String optional(String field, int max) {
    Object raw = body.getValue(field);
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof String s)) {
      throw HotlineException.wrongType(field, path(field), "string");
    }
    if (!Texts.storable(s)) {
      throw HotlineException.invalidAt(path(field), "invalidCharacters", field);
    }
    String v = s.strip();
    if (v.isEmpty()) {
      return null;
    }
    if (v.length() > max) {
      throw HotlineException.invalidAt(path(field), "tooLong", field, max);
    }
    return v;
  }

  public Long optionalId(String field) {
    Object raw = body.getValue(field);
    if (raw == null) {
      return null;
    }
    if (raw instanceof Number n && n.longValue() > 0 && n.doubleValue() == n.longValue()) {
      return n.longValue();
    }
    if (raw instanceof String s && s.matches("\\d{1,18}")) {
      return Long.parseLong(s);
    }
    throw HotlineException.wrongType(field, path(field), "id");
  }

  public long requiredId(String field) {
    Long v = optionalId(field);
    if (v == null) {
      throw HotlineException.invalidAt(path(field), "required", field);
    }
    return v;
  }

  public Integer optionalInt(String field, int min, int max) {
    Object raw = body.getValue(field);
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof Number n) || n.doubleValue() != n.longValue()) {
      throw HotlineException.wrongType(field, path(field), "integer");
    }
    long v = n.longValue();
    if (v < min || v > max) {
      throw HotlineException.invalidAt(path(field), "outOfRange", field, min, max);
    }
    return (int) v;
  }

  public boolean bool(String field, boolean defaultValue) {
    Object raw = body.getValue(field);
    if (raw == null) {
      return defaultValue;
    }
    if (!(raw instanceof Boolean b)) {
      throw HotlineException.wrongType(field, path(field), "boolean");
    }
    return b;
  }

  /** An optional instant in ISO-8601 with an offset ({@code 2026-02-12T10:00:00+08:00}). */
  public Instant optionalInstant(String field) {
    String v = optional(field, 64);
    if (v == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw HotlineException.wrongType(field, path(field), "datetime");
    }
  }

  public JsonObject object(String field) {
    Object raw = body.getValue(field);
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof JsonObject o)) {
      throw HotlineException.wrongType(field, path(field), "object");
    }
    return o;
  }

  public JsonArray array(String field, int maxItems) {
    Object raw = body.getValue(field);
    if (raw == null) {
      return new JsonArray();
    }
    if (!(raw instanceof JsonArray a)) {
      throw HotlineException.wrongType(field, path(field), "array");
    }
    if (a.size() > maxItems) {
      throw HotlineException.invalidAt(path(field), "tooMany", field, maxItems);
    }
    return a;
  }

  /** A required value out of an enum, written in lower case with underscores ({@code walk_in}). */
  public <E extends Enum<E>> E requiredEnum(String field, Class<E> type) {
    E v = optionalEnum(field, type);
    if (v == null) {
      throw HotlineException.invalidAt(path(field), "required", field);
    }
    return v;
  }

  public <E extends Enum<E>> E optionalEnum(String field, Class<E> type) {
    String v = optional(field, 64);
    return v == null ? null : parseEnum(field, path(field), v, type);
  }

  public static <E extends Enum<E>> E parseEnum(String field, String value, Class<E> type) {
    return parseEnum(field, field, value, type);
  }

  private static <E extends Enum<E>> E parseEnum(String field, String path, String value, Class<E> type) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value.replace('-', '_'))) {
        return e;
      }
    }
    throw HotlineException.invalidAt(path, "invalidValue", field, value);
  }

  /** The lower-case wire name of an enum constant. */
  public static String id(Enum<?> e) {
    return e == null ? null : e.name().toLowerCase(Locale.ROOT);
  }

}
