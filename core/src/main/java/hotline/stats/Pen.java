package hotline.stats;

import java.awt.Color;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.util.Matrix;

/**
 * Drawing on one page of the bulletin: text (already cleaned by {@code CjkText}, so its glyphs are in the subset) at a
 * baseline, filled and stroked rectangles, lines. Bold is the fill-and-stroke the record forms use (one font only).
 */
final class Pen {

  /** ECharts' default palette, so the PDF's charts look like the console's. */
  static final Color[] PALETTE = {new Color(0x5470C6), new Color(0x91CC75), new Color(0xFAC858),
      new Color(0xEE6666), new Color(0x73C0DE), new Color(0x3BA272), new Color(0xFC8452), new Color(0x9A60B4)};
  static final Color INK = new Color(0x222222);
  static final Color MUTED = new Color(0x666666);
  static final Color RULE = new Color(0xB0B0B0);
  static final Color GRID = new Color(0xE3E3E3);
  static final Color SHADE = new Color(0xDDE5F0);
  static final Color TOTAL = new Color(0xF2F2F2);

  private final PDPageContentStream cs;
  private final PDType0Font font;

  Pen(PDPageContentStream cs, PDType0Font font) {
    this.cs = cs;
    this.font = font;
  }

  void text(String s, float x, float baseline, float size, Color color) throws IOException {
    draw(s, x, baseline, size, color, false);
  }

  void bold(String s, float x, float baseline, float size, Color color) throws IOException {
    draw(s, x, baseline, size, color, true);
  }

  private void draw(String s, float x, float baseline, float size, Color color, boolean bold) throws IOException {
    if (s == null || s.isEmpty()) {
      return;
    }
    cs.beginText();
    cs.setFont(font, size);
    cs.setNonStrokingColor(color);
    if (bold) {
      cs.setStrokingColor(color);
      cs.setLineWidth(size / 30);
      cs.setRenderingMode(RenderingMode.FILL_STROKE);
    }
    cs.setTextMatrix(Matrix.getTranslateInstance(x, baseline));
    cs.showText(s);
    if (bold) {
      cs.setRenderingMode(RenderingMode.FILL);
    }
    cs.endText();
  }

  void fill(Color color, float x, float y, float w, float h) throws IOException {
    if (w <= 0 || h <= 0) {
      return;
    }
    cs.setNonStrokingColor(color);
    cs.addRect(x, y, w, h);
    cs.fill();
  }

  void box(Color color, float width, float x, float y, float w, float h) throws IOException {
    cs.setStrokingColor(color);
    cs.setLineWidth(width);
    cs.addRect(x, y, w, h);
    cs.stroke();
  }

  void line(Color color, float width, float x1, float y1, float x2, float y2) throws IOException {
    cs.setStrokingColor(color);
    cs.setLineWidth(width);
    cs.moveTo(x1, y1);
    cs.lineTo(x2, y2);
    cs.stroke();
  }
}
