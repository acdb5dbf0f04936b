package hotline.forms;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.util.Matrix;

/**
 * One form laid out on A4 pages: the title and subtitle on every page, then each section as a boxed table, rows as
 * tall as their wrapped text (at least their {@code lines}), a page break between rows (a row taller than a page is
 * split between lines), a continued section's heading repeated with "（续）", and "第 n 页 共 m 页" at the foot.
 * Measures everything first, then draws, so that the page count is known. One render's; not thread-safe.
 */
final class Sheet {

  static final float MM = 72f / 25.4f;
  static final float MARGIN = 18 * MM;
  static final float PAGE_W = PDRectangle.A4.getWidth();
  static final float PAGE_H = PDRectangle.A4.getHeight();
  static final float WIDTH = PAGE_W - 2 * MARGIN;
  static final float TITLE_SIZE = 18;
  static final float SIZE = 10.5f;
  static final float FOOT_SIZE = 9;
  static final float LEADING = 15;
  static final float PAD_X = 4;
  static final float PAD_Y = 2.5f;
  static final float SECTION_GAP = 6;
  static final float LABEL_MIN = 56;
  static final float LABEL_MAX = 0.45f * WIDTH / 2;
  private static final float LABEL_GRAY = 0.93f;
  private static final float HEADING_GRAY = 0.84f;
  private static final String COLON = "：";

  private final TextFit fit;
  private final FormLayout layout;
  private final RecordForm form;
  private final float labelWidth;
  private final List<String> titleLines;
  private final List<Float> titleX = new ArrayList<>();
  private final String subLeft;
  private final String subRight;
  private final float subRightX;
  private final boolean subTwoLines;
  private final float headerHeight;
  private final List<List<Placed>> pages = new ArrayList<>();
  private final List<String> footers = new ArrayList<>();
  private final List<Float> footerX = new ArrayList<>();
  private List<Placed> page;
  private float y;
  private PDType0Font font;

  /** A cell measured: its box, its label column (0 wide without a label) and its lines. */
  private record MeasuredCell(float x, float width, float labelWidth, List<String> label, List<String> value) {
  }

  private record MeasuredRow(List<MeasuredCell> cells, int lines) {
  }

  /**
   * A heading row (its text cleaned) or lines {@code [from, to)} of a row, at {@code top} on its page, in section
   * {@code section}.
   */
  private record Placed(String heading, MeasuredRow row, int from, int to, float top, float height, int section) {
  }

  /** Measures the form and lays it out on pages; every character it will draw has then passed {@link TextFit#clean}. */
  Sheet(TextFit fit, FormLayout layout, RecordForm form) throws IOException {
    this.fit = fit;
    this.layout = layout;
    this.form = form;
    float widest = 0;
    for (FormLayout.Section s : layout.sections()) {
      for (FormLayout.Row r : s.rows()) {
        for (FormLayout.Cell c : r.cells()) {
          if (c.label() != null) {
            widest = Math.max(widest, fit.width(fit.clean(c.label() + COLON), SIZE));
          }
        }
      }
    }
    this.labelWidth = Math.min(LABEL_MAX, Math.max(LABEL_MIN, widest + 2 * PAD_X));
    this.titleLines = fit.wrap(fit.clean(layout.title()), WIDTH, TITLE_SIZE);
    FormLayout.Subtitle sub = layout.subtitle();
    this.subLeft = sub == null ? "" : fit.clean(FormLayout.fill(sub.left(), form));
    this.subRight = sub == null ? "" : fit.clean(FormLayout.fill(sub.right(), form));
    for (String t : titleLines) {
      titleX.add(MARGIN + Math.max(0, (WIDTH - fit.width(t, TITLE_SIZE)) / 2));
    }
    this.subRightX = MARGIN + Math.max(0, WIDTH - fit.width(subRight, SIZE));
    this.subTwoLines = !subLeft.isEmpty() && !subRight.isEmpty()
        && fit.width(subLeft, SIZE) + fit.width(subRight, SIZE) + 2 * SIZE > WIDTH;
    int subLines = subLeft.isEmpty() && subRight.isEmpty() ? 0 : subTwoLines ? 2 : 1;
    this.headerHeight = titleLines.size() * TITLE_SIZE * 1.4f + 6 + subLines * LEADING + 4;
    paginate();
    for (int i = 1; i <= pages.size(); i++) {
      String foot = fit.clean("第 " + i + " 页 共 " + pages.size() + " 页");
      footers.add(foot);
      footerX.add(MARGIN + (WIDTH - fit.width(foot, FOOT_SIZE)) / 2);
    }
  }

  /**
   * Draws the pages into the document, in a font that has the glyphs of every character cleaned. Measures nothing
   * (the font copy the measures came from may be another render's by now).
   */
  void draw(PDDocument doc, PDType0Font font) throws IOException {
    this.font = font;
    for (int i = 0; i < pages.size(); i++) {
      PDPage p = new PDPage(PDRectangle.A4);
      doc.addPage(p);
      try (PDPageContentStream cs = new PDPageContentStream(doc, p)) {
        drawPage(cs, pages.get(i), i);
      }
    }
  }

  private float top() {
    return PAGE_H - MARGIN - headerHeight;
  }

  private void newPage() {
    page = new ArrayList<>();
    pages.add(page);
    y = top();
  }

  private static float height(int lines) {
    return lines * LEADING + 2 * PAD_Y;
  }

  private void paginate() throws IOException {
    newPage();
    float full = top() - MARGIN;
    List<FormLayout.Section> sections = layout.sections();
    for (int s = 0; s < sections.size(); s++) {
      FormLayout.Section section = sections.get(s);
      List<MeasuredRow> rows = new ArrayList<>();
      float total = section.heading() == null ? 0 : height(1);
      for (FormLayout.Row r : section.rows()) {
        MeasuredRow m = measure(r);
        rows.add(m);
        total += height(m.lines());
      }
      if (s > 0 && page.size() > 0) {
        y -= SECTION_GAP;
      }
      // Never a heading alone at the foot of a page: it goes with its first row (two lines of a longer one);
      // the receipt goes whole.
      float head = section.heading() == null ? 0 : height(1);
      float first = rows.isEmpty() ? 0 : height(rows.get(0).lines());
      if (head + first > full) {
        first = height(2);
      }
      if (y - MARGIN < (section.receipt() && total <= full ? total : head + first) && !page.isEmpty()) {
        newPage();
      }
      if (section.heading() != null) {
        place(new Placed(fit.clean(section.heading()), null, 0, 0, y, height(1), s));
      }
      for (MeasuredRow row : rows) {
        placeRow(row, s, section.heading());
      }
    }
  }

  /** Places a row whole on this page or the next, or split between lines when it is taller than a page. */
  private void placeRow(MeasuredRow row, int s, String heading) throws IOException {
    float h = height(row.lines());
    float continued = heading == null ? 0 : height(1);
    if (y - h < MARGIN && h <= top() - MARGIN - continued) {
      continueSection(s, heading);
    }
    int from = 0;
    while (from < row.lines()) {
      int fits = (int) Math.floor((y - MARGIN - 2 * PAD_Y) / LEADING);
      int rest = row.lines() - from;
      if (fits < Math.min(2, rest)) {
        continueSection(s, heading);
        continue;
      }
      int to = from + Math.min(fits, rest);
      place(new Placed(null, row, from, to, y, height(to - from), s));
      from = to;
    }
  }

  private void continueSection(int s, String heading) throws IOException {
    newPage();
    if (heading != null) {
      place(new Placed(fit.clean(heading + "（续）"), null, 0, 0, y, height(1), s));
    }
  }

  private void place(Placed p) {
    page.add(p);
    y -= p.height();
  }

  private MeasuredRow measure(FormLayout.Row row) throws IOException {
    List<MeasuredCell> cells = new ArrayList<>();
    int n = row.cells().size();
    float cellWidth = WIDTH / n;
    int lines = 1;
    for (int i = 0; i < n; i++) {
      FormLayout.Cell c = row.cells().get(i);
      float x = MARGIN + i * cellWidth;
      float lw = c.label() == null ? 0 : labelWidth;
      List<String> label = c.label() == null ? List.of() : fit.wrap(fit.clean(c.label() + COLON), lw - 2 * PAD_X, SIZE);
      String value = c.text() != null ? c.text() : c.key() == null ? null : form.value(c.key());
      List<String> v = fit.wrap(fit.clean(value), cellWidth - lw - 2 * PAD_X, SIZE);
      cells.add(new MeasuredCell(x, cellWidth, lw, label, v));
      lines = Math.max(lines, Math.max(c.lines(), Math.max(label.size(), v.size())));
    }
    return new MeasuredRow(cells, lines);
  }

  private void drawPage(PDPageContentStream cs, List<Placed> blocks, int index) throws IOException {
    // Shading first, then the rules over it, then the text on top.
    cs.setNonStrokingColor(LABEL_GRAY, LABEL_GRAY, LABEL_GRAY);
    boolean any = false;
    for (Placed b : blocks) {
      if (b.row() != null) {
        for (MeasuredCell c : b.row().cells()) {
          if (c.labelWidth() > 0) {
            cs.addRect(c.x(), b.top() - b.height(), c.labelWidth(), b.height());
            any = true;
          }
        }
      }
    }
    if (any) {
      cs.fill();
    }
    any = false;
    cs.setNonStrokingColor(HEADING_GRAY, HEADING_GRAY, HEADING_GRAY);
    for (Placed b : blocks) {
      if (b.heading() != null) {
        cs.addRect(MARGIN, b.top() - b.height(), WIDTH, b.height());
        any = true;
      }
    }
    if (any) {
      cs.fill();
    }
    cs.setNonStrokingColor(0f, 0f, 0f);
    cs.setStrokingColor(0f, 0f, 0f);
    cs.setLineWidth(0.5f);
    for (Placed b : blocks) {
      float bottom = b.top() - b.height();
      cs.moveTo(MARGIN, bottom);
      cs.lineTo(MARGIN + WIDTH, bottom);
      if (b.row() != null) {
        for (MeasuredCell c : b.row().cells()) {
          if (c.x() > MARGIN) {
            cs.moveTo(c.x(), bottom);
            cs.lineTo(c.x(), b.top());
          }
          if (c.labelWidth() > 0) {
            cs.moveTo(c.x() + c.labelWidth(), bottom);
            cs.lineTo(c.x() + c.labelWidth(), b.top());
          }
        }
      }
    }
    cs.stroke();
    cs.setLineWidth(1f);
    for (int i = 0; i < blocks.size(); ) { // each section's outline on this page
      int j = i;
      while (j + 1 < blocks.size() && blocks.get(j + 1).section() == blocks.get(i).section()) {
        j++;
      }
      float top = blocks.get(i).top();
      float bottom = blocks.get(j).top() - blocks.get(j).height();
      cs.addRect(MARGIN, bottom, WIDTH, top - bottom);
      i = j + 1;
    }
    cs.stroke();

    cs.setLineWidth(0.35f); // the stroke that makes bold-ish text
    cs.beginText();
    cs.setFont(font, TITLE_SIZE);
    cs.setRenderingMode(RenderingMode.FILL_STROKE);
    float ty = PAGE_H - MARGIN - TITLE_SIZE;
    for (int i = 0; i < titleLines.size(); i++) {
      show(cs, titleLines.get(i), titleX.get(i), ty);
      ty -= TITLE_SIZE * 1.4f;
    }
    cs.setRenderingMode(RenderingMode.FILL);
    cs.setFont(font, SIZE);
    float sy = ty - 6 + TITLE_SIZE * 1.4f - LEADING - 2;
    if (!subLeft.isEmpty()) {
      show(cs, subLeft, MARGIN, sy);
    }
    if (!subRight.isEmpty()) {
      show(cs, subRight, subRightX, subTwoLines ? sy - LEADING : sy);
    }
    for (Placed b : blocks) {
      if (b.heading() != null) {
        cs.setRenderingMode(RenderingMode.FILL_STROKE);
        show(cs, b.heading(), MARGIN + PAD_X, baseline(b.top(), 0));
        cs.setRenderingMode(RenderingMode.FILL);
        continue;
      }
      for (MeasuredCell c : b.row().cells()) {
        lines(cs, c.label(), c.x() + PAD_X, b);
        lines(cs, c.value(), c.x() + c.labelWidth() + PAD_X, b);
      }
    }
    cs.setFont(font, FOOT_SIZE);
    show(cs, footers.get(index), footerX.get(index), MARGIN - 2.2f * FOOT_SIZE);
    cs.endText();
  }

  private void lines(PDPageContentStream cs, List<String> lines, float x, Placed b) throws IOException {
    for (int i = b.from(); i < b.to() && i < lines.size(); i++) {
      if (!lines.get(i).isEmpty()) {
        show(cs, lines.get(i), x, baseline(b.top(), i - b.from()));
      }
    }
  }

  /** The baseline of line {@code i} of a block: the glyphs' middle on the middle of the line's slot. */
  private static float baseline(float top, int i) {
    return top - PAD_Y - i * LEADING - LEADING / 2 - 0.36f * SIZE;
  }

  private static void show(PDPageContentStream cs, String s, float x, float y) throws IOException {
    cs.setTextMatrix(Matrix.getTranslateInstance(x, y));
    cs.showText(s);
  }
}
