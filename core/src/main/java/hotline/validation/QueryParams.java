package hotline.validation;

import hotline.errors.HotlineException;
import java.util.function.Function;

/** Typed query-string parameters; absent or blank is null (or the default), malformed is a 400 naming the parameter. */
public final class QueryParams {

  private final Function<String, String> param;

  public QueryParams(Function<String, String> param) {
    this.param = param;
  }

  public String text(String name, int max) {
    String v = param.apply(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    if (v.length() > max) {
      throw HotlineException.invalid("tooLong", name, max);
    }
    if (!Texts.storable(v)) {
      throw HotlineException.invalid("invalidCharacters", name);
    }
    return v.strip();
  }

  public <E extends Enum<E>> E enumValue(String name, Class<E> type) {
    String v = text(name, 64);
    return v == null ? null : Input.parseEnum(name, v, type);
  }

  public Long id(String name) {
    String v = text(name, 20);
    if (v == null) {
      return null;
    }
    if (!v.matches("\\d{1,18}")) {
      throw HotlineException.wrongType(name, "id");
    }
    return Long.parseLong(v);
  }

  public Boolean bool(String name) {
    String v = text(name, 10);
    if (v == null) {
      return null;
    }
    return switch (v) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw HotlineException.wrongType(name, "boolean");
    };
  }

  public int integer(String name, int def, int min, int max) {
    String v = text(name, 12);
    if (v == null) {
      return def;
    }
    try {
      int i = Integer.parseInt(v);
      if (i < min || i > max) {
        throw HotlineException.invalid("outOfRange", name, min, max);
      }
      return i;
    } catch (NumberFormatException e) {
      throw HotlineException.wrongType(name, "integer");
    }
  }

  public int page() {
    return integer("page", 1, 1, 100_000);
  }

  public int size(int max) {
    return integer("size", 20, 1, max);
  }
}
