package hotline.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Flat configuration: the keys of {@code config/hotline.yaml} in dotted form ({@code http.port}), each overridable
 * by an environment variable {@code HOTLINE_<KEY>} where dots and dashes become underscores
 * ({@code HOTLINE_HTTP_PORT}, {@code HOTLINE_HTTP_MAX_BODY_BYTES}).
 * Typed slices ({@code HttpSettings.from(config)}) read it once at the edge; nothing else calls the getters.
 */
public final class Config {

  private final Map<String, String> values;
  /** The same values by environment-variable name, so that {@code http.max-body-bytes} and {@code http.max.body.bytes} are one key. */
  private final Map<String, String> byEnvName = new LinkedHashMap<>();

  private Config(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(values);
    values.forEach((k, v) -> byEnvName.put(envName(k), v));
  }

  /** Reads the YAML file (or the bundled default when it does not exist) and applies the environment. */
  public static Config load(Path yamlFile, Map<String, String> env) {
    Map<String, String> flat = new LinkedHashMap<>();
    if (Files.isRegularFile(yamlFile)) {
      try (Reader r = Files.newBufferedReader(yamlFile, StandardCharsets.UTF_8)) {
        flatten("", parse(r, yamlFile.toString()), flat);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read configuration " + yamlFile + ": " + e.getMessage(), e);
      }
    } else {
      try (InputStream in = Config.class.getResourceAsStream("/config/hotline.yaml")) {
        if (in != null) {
          flatten("", parse(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)),
              "classpath:/config/hotline.yaml"), flat);
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read bundled configuration: " + e.getMessage(), e);
      }
    }
    return new Config(flat).withEnv(env);
  }

  /** A configuration made of the given values only (tests, tools). */
  public static Config of(Map<String, String> values) {
    return new Config(new LinkedHashMap<>(values));
  }

  /** Environment variables {@code HOTLINE_*} override the keys they name; unknown ones are kept as new keys. */
  public Config withEnv(Map<String, String> env) {
    Map<String, String> merged = new LinkedHashMap<>(values);
    Map<String, String> byEnvName = new LinkedHashMap<>();
    for (String key : values.keySet()) {
      byEnvName.put(envName(key), key);
    }
    env.forEach((name, value) -> {
      if (!name.startsWith("HOTLINE_") || name.equals("HOTLINE_CONFIG")) {
        return;
      }
      String key = byEnvName.get(name);
      if (key == null) {
        key = name.substring("HOTLINE_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
      }
      merged.put(key, value);
    });
    return new Config(merged);
  }

  /** A copy with some keys replaced (tests). */
  public Config with(Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(values);
    merged.putAll(overrides);
    return new Config(merged);
  }

  public static String envName(String key) {
    return "HOTLINE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public String string(String key, String defaultValue) {
    String v = byEnvName.get(envName(key));
    return v == null || v.isBlank() ? defaultValue : v.trim();
  }

  public int integer(String key, int defaultValue) {
    long v = longValue(key, defaultValue);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("configuration " + key + " (" + envName(key) + ") is out of range: " + v);
    }
    return (int) v;
  }

  public long longValue(String key, long defaultValue) {
    String v = string(key, null);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("configuration " + key + " (" + envName(key) + ") must be a whole number, not '" + v + "'");
    }
  }

  public boolean bool(String key, boolean defaultValue) {
    String v = string(key, null);
    if (v == null) {
      return defaultValue;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException("configuration " + key + " (" + envName(key) + ") must be true or false, not '" + v + "'");
    };
  }

  public LocalTime time(String key, LocalTime defaultValue) {
    String v = string(key, null);
    if (v == null) {
      return defaultValue;
    }
    try {
      return LocalTime.parse(v);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("configuration " + key + " (" + envName(key) + ") must be a time of day such as "
          + "\"17:30\" (quoted in YAML), not '" + v + "'");
    }
  }

  public Duration seconds(String key, Duration defaultValue) {
    String v = string(key, null);
    return v == null ? defaultValue : Duration.ofSeconds(longValue(key, 0));
  }

  public Map<String, String> asMap() {
    return values;
  }

  private static Object parse(Reader r, String name) {
    try {
      return new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed configuration " + name + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Object node, Map<String, String> out) {
    if (node instanceof Map<?, ?> map) {
      ((Map<Object, Object>) map).forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
    } else if (node != null) {
      out.put(prefix, Objects.toString(node));
    } else if (!prefix.isEmpty()) {
      out.put(prefix, "");
    }
  }
}
