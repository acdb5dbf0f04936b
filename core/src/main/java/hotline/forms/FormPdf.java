package hotline.forms;

import hotline.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A record form as an A4 PDF in Simplified Chinese, drawn as its kind's {@link FormLayout} says (boxed tables,
 * wrapped text, page breaks between rows), with the CJK font embedded as a subset. A character the font lacks is
 * written as "?" rather than left without a glyph. Blocking (PDFBox): call it on a worker.
 * <p>
 * Thread-safe: renders run in parallel, each on its own parsed copy of the font (at most one copy per processor and
 * font file in the process, parsed once and kept; see {@link FontCopies}).
 */
public final class FormPdf {

  /** Debian's fonts-wqy-zenhei: TrueType outlines, embedding allowed. */
  public static final String DEFAULT_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";

  private final Path fontFile;
  private final FormLayouts layouts;
  private final FontCopies fonts;

  /**
   * With the layouts of {@code config/forms} (or {@code HOTLINE_FORMS_DIR}), each falling back to the bundled copy.
   * A layout file that does not check out fails here, with IllegalArgumentException.
   */
  public FormPdf(Path fontFile) {
    this(fontFile, FormLayouts.from(Config.of(Map.of()).withEnv(System.getenv())));
  }

  public FormPdf(Path fontFile, FormLayouts layouts) {
    this.fontFile = fontFile;
    this.layouts = layouts;
    this.fonts = fontFile == null ? null : FontCopies.of(fontFile);
  }

  /** From the configuration: {@code forms.font} and {@code forms.dir}. */
  public static FormPdf from(Config config) {
    return new FormPdf(Path.of(config.string("forms.font", DEFAULT_FONT)), FormLayouts.from(config));
  }

  /** Whether the font file is there; without it no PDF is made (a form without its glyphs would be unreadable). */
  public boolean available() {
    return fontFile != null && Files.isRegularFile(fontFile);
  }

  public Path fontFile() {
    return fontFile;
  }

  public FormLayouts layouts() {
    return layouts;
  }

  /** The form as PDF bytes, in its kind's layout. */
  public byte[] render(RecordForm form) throws IOException {
    return render(form, layouts.forForm(form));
  }

  /** The form as PDF bytes, in the given layout. */
  public byte[] render(RecordForm form, FormLayout layout) throws IOException {
    Sheet sheet;
    TrueTypeFont subset;
    if (fonts == null) {
      throw new IOException("no font for record forms (forms.font)");
    }
    FontCopies.Copy copy = fonts.acquire();
    try {
      TextFit fit = new TextFit(fonts, copy);
      sheet = new Sheet(fit, layout, form);
      subset = fonts.subset(copy, fit.used());
    } finally {
      fonts.release(copy);
    }
    try (PDDocument doc = new PDDocument()) {
      PDType0Font font = PDType0Font.load(doc, subset, false); // already a subset: embedded whole
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle(form.title() + " " + form.number());
      info.setCreator("Hotline");
      doc.getDocumentCatalog().setLanguage("zh-CN");
      sheet.draw(doc, font);
      ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
      doc.save(out);
      return out.toByteArray();
    }
  }
}
