package hotline.forms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The record forms' CJK font for other documents (the statistics bulletin): text cleaned to what the font can draw,
 * measured and wrapped as the forms do ({@link TextFit}), then embedded as a subset of exactly the characters cleaned.
 * Holds one of the process's parsed font copies ({@link FontCopies}) from {@link #open} until {@link #close} or
 * {@link #embed}, whichever comes first: measure everything, then embed, then draw. One render's; not thread-safe.
 * Blocking: call it on a worker.
 */
public final class CjkText implements AutoCloseable {

  private final FontCopies fonts;
  private FontCopies.Copy copy;
  private final TextFit fit;

  private CjkText(FontCopies fonts, FontCopies.Copy copy) {
    this.fonts = fonts;
    this.copy = copy;
    this.fit = new TextFit(fonts, copy);
  }

  /** Whether the font file is there (without it, nothing can be drawn in Chinese). */
  public static boolean available(Path fontFile) {
    return fontFile != null && Files.isRegularFile(fontFile);
  }

  /** Borrows a parsed copy of the font file (waiting for one when every copy is lent). */
  public static CjkText open(Path fontFile) throws IOException {
    if (!available(fontFile)) {
      throw new IOException("no CJK font at " + fontFile + " (forms.font; Debian: fonts-wqy-zenhei)");
    }
    FontCopies fonts = FontCopies.of(fontFile);
    return new CjkText(fonts, fonts.acquire());
  }

  /** Text the font can draw (characters it lacks as "?"); everything drawn must pass here first. */
  public String clean(String s) throws IOException {
    return fit.clean(s);
  }

  /** The width of cleaned text, in points. */
  public float width(String cleaned, float size) throws IOException {
    return fit.width(cleaned, size);
  }

  /** Cleaned text as lines no wider than {@code max} points (an empty text is no line). */
  public List<String> wrap(String cleaned, float max, float size) throws IOException {
    return fit.wrap(cleaned, max, size);
  }

  /** The subset of every character cleaned so far, loaded into the document; gives the font copy back. */
  public PDType0Font embed(PDDocument doc) throws IOException {
    TrueTypeFont subset;
    try {
      subset = fonts.subset(copy, fit.used());
    } finally {
      close();
    }
    return PDType0Font.load(doc, subset, false); // a subset already: embedded whole
  }

  @Override
  public void close() {
    if (copy != null) {
      fonts.release(copy);
      copy = null;
    }
  }
}
