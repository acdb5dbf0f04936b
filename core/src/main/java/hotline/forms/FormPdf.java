package hotline.forms;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A record form as an A4 PDF in Simplified Chinese, with the CJK font embedded as a subset: a plain layout (title,
 * then label and value per line, wrapped), until the form layouts of {@code config/forms/} take over. Blocking
 * (PDFBox): call it on a worker. A character the font lacks is written as "?" rather than left without a glyph.
 */
public final class FormPdf {

  /** Debian's fonts-wqy-zenhei: TrueType outlines, embedding allowed. */
  public static final String DEFAULT_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";

  private static final float MARGIN = 56;
  private static final float TITLE_SIZE = 16;
  private static final float SIZE = 10.5f;
  private static final float LEADING = 16;
  private static final float LABEL_WIDTH = 80;

  private final Path fontFile;
  private TrueTypeCollection collection;
  private TrueTypeFont font;

  public FormPdf(Path fontFile) {
    this.fontFile = fontFile;
  }

  /** Whether the font file is there; without it no PDF is made (a form without its glyphs would be unreadable). */
  public boolean available() {
    return fontFile != null && Files.isRegularFile(fontFile);
  }

  public Path fontFile() {
    return fontFile;
  }

  /** The form as PDF bytes. */
  public synchronized byte[] render(RecordForm form) throws IOException {
    PDType0Font f;
    try (PDDocument doc = new PDDocument()) {
      f = PDType0Font.load(doc, font(), true);
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle(form.title() + " " + form.number());
      info.setCreator("Hotline");
      Writer w = new Writer(doc, f);
      w.centered(clean(f, form.title()), TITLE_SIZE);
      w.gap(LEADING / 2);
      w.right("编号：" + form.number(), SIZE);
      w.gap(LEADING / 2);
      for (RecordForm.Field field : form.fields()) {
        w.field(clean(f, field.label()), clean(f, field.value()));
      }
      w.close();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  private TrueTypeFont font() throws IOException {
    if (font == null) {
      if (fontFile.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".ttc")) {
        collection = new TrueTypeCollection(fontFile.toFile());
        List<TrueTypeFont> all = new ArrayList<>();
        collection.processAllFonts(all::add);
        font = all.get(0);
      } else {
        font = new org.apache.fontbox.ttf.TTFParser().parse(new org.apache.pdfbox.io.RandomAccessReadBufferedFile(fontFile.toFile()));
      }
    }
    return font;
  }

  /** Text the font can draw: tabs as spaces, other controls dropped, characters it lacks as "?". */
  private String clean(PDType0Font f, String s) throws IOException {
    org.apache.fontbox.ttf.CmapLookup cmap = font().getUnicodeCmapLookup();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\n') {
        b.append('\n');
      } else if (cp == '\t') {
        b.append("    ");
      } else if (Character.isISOControl(cp) || cp == 0xFEFF) {
        continue;
      } else if (cmap.getGlyphId(cp) > 0) {
        b.appendCodePoint(cp);
      } else {
        b.append('?');
      }
    }
    return b.toString();
  }

  /** Writes lines down the page, starting a new page when one is full. */
  private static final class Writer {
    private final PDDocument doc;
    private final PDType0Font font;
    private PDPageContentStream cs;
    private float y;
    private final float width = PDRectangle.A4.getWidth() - 2 * MARGIN;

    Writer(PDDocument doc, PDType0Font font) throws IOException {
      this.doc = doc;
      this.font = font;
      newPage();
    }

    private void newPage() throws IOException {
      if (cs != null) {
        cs.close();
      }
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      cs = new PDPageContentStream(doc, page);
      y = PDRectangle.A4.getHeight() - MARGIN;
    }

    private float width(String s, float size) throws IOException {
      return font.getStringWidth(s) / 1000 * size;
    }

    private void text(String s, float x, float size) throws IOException {
      if (y < MARGIN + LEADING) {
        newPage();
      }
      cs.beginText();
      cs.setFont(font, size);
      cs.newLineAtOffset(x, y);
      cs.showText(s);
      cs.endText();
    }

    void centered(String s, float size) throws IOException {
      text(s, MARGIN + Math.max(0, (width - width(s, size)) / 2), size);
      y -= size * 1.6f;
    }

    void right(String s, float size) throws IOException {
      text(s, MARGIN + Math.max(0, width - width(s, size)), size);
      y -= LEADING;
    }

    void gap(float g) {
      y -= g;
    }

    void field(String label, String value) throws IOException {
      List<String> lines = wrap(value, width - LABEL_WIDTH);
      text(label + "：", MARGIN, SIZE);
      for (String line : lines) {
        text(line, MARGIN + LABEL_WIDTH, SIZE);
        y -= LEADING;
      }
      y -= 4;
    }

    /** Wraps at the width, character by character (Chinese has no spaces to break at). */
    private List<String> wrap(String value, float max) throws IOException {
      List<String> out = new ArrayList<>();
      for (String para : value.split("\n", -1)) {
        StringBuilder line = new StringBuilder();
        float lineWidth = 0;
        for (int i = 0; i < para.length(); ) {
          int cp = para.codePointAt(i);
          i += Character.charCount(cp);
          String ch = new String(Character.toChars(cp));
          float w = width(ch, SIZE);
          if (lineWidth + w > max && line.length() > 0) {
            out.add(line.toString());
            line.setLength(0);
            lineWidth = 0;
          }
          line.append(ch);
          lineWidth += w;
        }
        out.add(line.toString());
      }
      return out;
    }

    void close() throws IOException {
      cs.close();
    }
  }
}
