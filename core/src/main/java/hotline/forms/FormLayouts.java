package hotline.forms;

import hotline.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four record-form layouts: {@code <dir>/complaint.yaml}, {@code inquiry.yaml}, {@code suggestion.yaml},
 * {@code report.yaml}, each taken from the jar's bundled copy ({@code /config/forms/}) when the directory or the
 * file is missing. All are read and checked at once, so a broken file stops the start, not a dispatch.
 */
public final class FormLayouts {

  private static final Logger LOG = LoggerFactory.getLogger(FormLayouts.class);

  public static final List<String> KINDS = List.of("complaint", "inquiry", "suggestion", "report");
  public static final String DEFAULT_DIR = "config/forms";
  /** Where the copies bundled in the core jar live on the class path. */
  static final String BUNDLED = "/config/forms/";

  private final Map<String, FormLayout> byKind;

  private FormLayouts(Map<String, FormLayout> byKind) {
    this.byKind = Map.copyOf(byKind);
  }

  /** The layouts of {@code forms.dir} (default {@code config/forms}). */
  public static FormLayouts from(Config config) {
    return load(Path.of(config.string("forms.dir", DEFAULT_DIR)));
  }

  /** The layouts of a directory, file by file falling back to the bundled copies. */
  public static FormLayouts load(Path dir) {
    Map<String, FormLayout> m = new LinkedHashMap<>();
    for (String kind : KINDS) {
      Path file = dir.resolve(kind + ".yaml");
      if (Files.isRegularFile(file)) {
        m.put(kind, FormLayout.read(kind, file));
      } else {
        LOG.debug("form layout not found, using the bundled one [file: {}]", file.toAbsolutePath());
        m.put(kind, bundled(kind));
      }
    }
    return new FormLayouts(m);
  }

  /** The copies bundled in the core jar. */
  public static FormLayouts bundled() {
    Map<String, FormLayout> m = new LinkedHashMap<>();
    for (String kind : KINDS) {
      m.put(kind, bundled(kind));
    }
    return new FormLayouts(m);
  }

  private static FormLayout bundled(String kind) {
    String name = BUNDLED + kind + ".yaml";
    try (InputStream in = FormLayouts.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("bundled form layout missing from the class path: " + name);
      }
      return FormLayout.parse(kind, new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + name);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read bundled form layout " + name + ": " + e.getMessage(), e);
    }
  }

  /** The layout of a kind; IllegalArgumentException for a kind without one. */
  public FormLayout get(String kind) {
    FormLayout l = kind == null ? null : byKind.get(kind);
    if (l == null) {
      throw new IllegalArgumentException("no form layout for kind '" + kind + "' (known: " + String.join(", ", KINDS) + ")");
    }
    return l;
  }

  /** The layout of the form's kind, or a plain one (a row per field) for a form without a known kind. */
  public FormLayout forForm(RecordForm form) {
    FormLayout l = form.kind() == null ? null : byKind.get(form.kind());
    return l != null ? l : FormLayout.plain(form);
  }
}
