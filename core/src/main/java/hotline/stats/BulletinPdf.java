package hotline.stats;

import hotline.config.Config;
import hotline.forms.CjkText;
import hotline.forms.FormPdf;
import hotline.stats.BulletinTables.Column;
import hotline.stats.BulletinTables.Figure;
import hotline.stats.BulletinTables.Kind;
import hotline.stats.BulletinTables.Table;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The bulletin as an A4 PDF in Chinese (or English), 《热线受理情况通报》: the title, range and time it was made, the
 * headline figures, then volume, handling, satisfaction and telephony, each with its charts (vector bars drawn here,
 * see {@link PdfCharts}) and its table (a table longer than a page goes on, its header repeated), and the definitions
 * last. The forms' CJK font, embedded as a subset ({@link CjkText}). Blocking (PDFBox): call it on a worker.
 * Thread-safe: each render borrows its own font copy.
 */
public final class BulletinPdf {

  public static final String CONTENT_TYPE = "application/pdf";

  static final float MM = 72f / 25.4f;
  static final float PAGE_W = PDRectangle.A4.getWidth();
  static final float PAGE_H = PDRectangle.A4.getHeight();
  static final float MARGIN = 18 * MM;
  static final float W = PAGE_W - 2 * MARGIN;
  static final float BOTTOM = MARGIN;
  static final float PAD = 2.5f;

  /** Something of a known height drawn at a given top. */
  interface Block {
    float height();

    void draw(Pen pen, float top) throws IOException;
  }

  private final Path fontFile;

  public BulletinPdf(Path fontFile) {
    this.fontFile = fontFile;
  }

  /** With the record forms' font ({@code forms.font}). */
  public static BulletinPdf from(Config config) {
    return new BulletinPdf(Path.of(config.string("forms.font", FormPdf.DEFAULT_FONT)));
  }

  /** Whether the font is there; without it there is no PDF (Chinese without glyphs would be unreadable). */
  public boolean available() {
    return CjkText.available(fontFile);
  }

  /** The bulletin's PDF bytes. */
  public byte[] render(JsonObject bulletin, Locale locale) throws IOException {
    BulletinTables tables = new BulletinTables(bulletin, locale);
    Layout layout;
    PDType0Font font;
    try (CjkText t = CjkText.open(fontFile); PDDocument doc = new PDDocument()) {
      layout = new Layout(t, tables);
      layout.build();
      font = t.embed(doc); // every text is measured: the subset is complete
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle(tables.title() + " " + tables.rangeText());
      info.setCreator("Hotline");
      doc.getDocumentCatalog().setLanguage(tables.english() ? "en" : "zh-CN");
      layout.draw(doc, font);
      ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
      doc.save(out);
      return out.toByteArray();
    }
  }

  /** One render: the blocks measured and placed on pages, then drawn. */
  private static final class Layout {
    private final CjkText t;
    private final BulletinTables tables;
    private final List<List<Float>> tops = new ArrayList<>();
    private final List<List<Block>> pages = new ArrayList<>();
    private final List<String> footers = new ArrayList<>();
    private final List<Float> footerW = new ArrayList<>();
    private String running;
    private float y;
    private int section;

    Layout(CjkText t, BulletinTables tables) {
      this.t = t;
      this.tables = tables;
    }

    void build() throws IOException {
      running = t.clean(tables.title() + " · " + tables.rangeText());
      newPage();
      add(new Paragraph(t, List.of(t.clean(tables.title())), 20, true, Pen.INK, true, 0, 6));
      add(new Paragraph(t, List.of(t.clean(tables.t("range") + (tables.english() ? ": " : "：") + tables.rangeText())), 10.5f,
          false, Pen.INK, true, 0, 2));
      add(new Paragraph(t, List.of(t.clean(tables.t("generated") + (tables.english() ? ": " : "：")
          + tables.generatedText() + tables.t("generatedNote"))), 9, false, Pen.MUTED, true, 0, 4));
      add(new Rule());

      heading(tables.t("headline"), new Figures(t, tables, tables.headline()));

      // Volume: by kind and by channel side by side, then the table.
      float half = (W - 16) / 2;
      Block kinds = bars(tables.t("chart.kind"), tables.counts("byKind"), MARGIN, half, Pen.PALETTE[0]);
      Block channels = bars(tables.t("chart.channel"), tables.counts("byChannel"), MARGIN + half + 16, half,
          Pen.PALETTE[0]);
      heading(tables.t("sheet.volume"), new PdfCharts.Side(kinds, channels));
      add(new Gap(8));
      table(tables.volumeTable(), new float[] {80, W - 80 - 140, 70, 70}, 8.5f, true);

      Table handling = tables.handlingTable();
      heading(tables.t("sheet.handling"), rates(tables.t("chart.onTime"), handling, "dispatched", "onTimeRate",
          Pen.PALETTE[0]));
      add(new Gap(6));
      table(handling, widths(15, 88), 7, false);

      Table satisfaction = tables.satisfactionTable();
      heading(tables.t("sheet.satisfaction"), rates(tables.t("fig.satisfiedRate"), satisfaction, "reached", null,
          Pen.PALETTE[1]));
      add(new Gap(6));
      table(satisfaction, widths(10, 120), 7.5f, false);

      Table phone = tables.telephonyTable();
      if (phone == null) {
        heading(tables.t("sheet.telephony"), paragraph(tables.t("telephonyOff"), 9.5f, Pen.MUTED, 0));
      } else {
        List<String> hours = new ArrayList<>();
        List<Number> answered = new ArrayList<>();
        List<Number> abandoned = new ArrayList<>();
        for (Object o : tables.telephonyByHour()) {
          JsonObject h = (JsonObject) o;
          hours.add(String.valueOf(h.getInteger("hour", 0)));
          answered.add(h.getNumber("answered"));
          abandoned.add(h.getNumber("abandoned"));
        }
        Block chart = new PdfCharts.Bars(t, tables.t("chart.hours"), hours, List.of(
            new PdfCharts.Series(tables.t("chart.answered"), Pen.PALETTE[0], answered),
            new PdfCharts.Series(tables.t("chart.abandoned"), Pen.PALETTE[3], abandoned)), MARGIN, W, 170, 1);
        heading(tables.t("sheet.telephony"), chart);
        add(new Gap(6));
        table(phone, widths(9, 76), 7.5f, false);
      }

      List<String[]> defs = tables.definitions();
      if (!defs.isEmpty()) {
        List<Block> blocks = new ArrayList<>();
        for (String[] d : defs) {
          blocks.add(new Paragraph(t, List.of(t.clean(d[0])), 9, true, Pen.INK, false, 0, 1));
          blocks.add(paragraph(d[1], 9, Pen.INK, 12));
        }
        heading(tables.t("definitions"), blocks.get(0));
        for (int i = 1; i < blocks.size(); i++) {
          if (i % 2 == 0) {
            keep(blocks.get(i), blocks.get(i + 1)); // a definition's name never alone at a page's foot
            i++;
          } else {
            add(blocks.get(i));
          }
        }
      }

      for (int i = 1; i <= pages.size(); i++) {
        String f = t.clean(tables.english() ? "Page " + i + " of " + pages.size() : "第 " + i + " 页 共 " + pages.size() + " 页");
        footers.add(f);
        footerW.add(t.width(f, 8));
      }
    }

    void draw(PDDocument doc, PDType0Font font) throws IOException {
      for (int i = 0; i < pages.size(); i++) {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          Pen pen = new Pen(cs, font);
          if (i > 0) {
            pen.text(running, MARGIN, PAGE_H - MARGIN + 10, 8, Pen.MUTED);
            pen.line(Pen.RULE, 0.5f, MARGIN, PAGE_H - MARGIN + 6, MARGIN + W, PAGE_H - MARGIN + 6);
          }
          List<Block> blocks = pages.get(i);
          for (int k = 0; k < blocks.size(); k++) {
            blocks.get(k).draw(pen, tops.get(i).get(k));
          }
          pen.text(footers.get(i), MARGIN + (W - footerW.get(i)) / 2, MARGIN / 2, 8, Pen.MUTED);
        }
      }
    }

    private Block bars(String title, List<Object[]> counts, float x, float width, Color color) throws IOException {
      List<String> labels = counts.stream().map(c -> (String) c[0]).toList();
      List<Number> values = counts.stream().map(c -> (Number) c[1]).toList();
      return new PdfCharts.Bars(t, title, labels, List.of(new PdfCharts.Series(title, color, values)), x, width, 150, 1);
    }

    private static final int MAX_BARS = 30;

    /** A rate by unit, of the units with the largest {@code weight}, in the table's order; null field: satisfied rate. */
    private Block rates(String title, Table table, String weight, String field, Color color) throws IOException {
      int weightCol = column(table, weight);
      int rateCol = field == null ? -1 : column(table, field);
      List<List<Object>> units = table.rows().subList(0, table.rows().size() - table.totalRows());
      List<Integer> shown = IntStream.range(0, units.size()).boxed()
          .sorted(Comparator.comparingDouble(i -> -num(units.get(i).get(weightCol)))).limit(MAX_BARS).sorted().toList();
      List<String> names = new ArrayList<>();
      List<Number> values = new ArrayList<>();
      for (int i : shown) {
        List<Object> row = units.get(i);
        names.add(String.valueOf(row.get(0)));
        if (rateCol >= 0) {
          values.add((Number) row.get(rateCol));
        } else {
          Number v = (Number) row.get(column(table, "verySatisfiedShare"));
          Number s = (Number) row.get(column(table, "satisfiedShare"));
          values.add(v == null || s == null ? null : v.doubleValue() + s.doubleValue());
        }
      }
      String note = units.size() > MAX_BARS ? tables.t("chart.more").replace("{0}", String.valueOf(MAX_BARS)) : null;
      return new PdfCharts.RateBars(t, title, note, names, values, MARGIN, W, color);
    }

    private static double num(Object o) {
      return o instanceof Number n ? n.doubleValue() : 0;
    }

    private static int column(Table table, String field) {
      for (int i = 0; i < table.columns().size(); i++) {
        if (table.columns().get(i).field().equals(field)) {
          return i;
        }
      }
      throw new IllegalArgumentException(field);
    }

    /** The first column {@code first} wide, the others sharing the rest. */
    private static float[] widths(int n, float first) {
      float[] w = new float[n];
      w[0] = first;
      for (int i = 1; i < n; i++) {
        w[i] = (W - first) / (n - 1);
      }
      return w;
    }

    private Paragraph paragraph(String text, float size, Color color, float indent) throws IOException {
      return new Paragraph(t, t.wrap(t.clean(text), W - indent, size), size, false, color, false, indent, 3);
    }

    private void heading(String text, Block first) throws IOException {
      section++;
      String number = tables.english() ? section + ". " : "一二三四五六七八九十".charAt(Math.min(9, section - 1)) + "、";
      add(new Gap(12));
      keep(new Paragraph(t, List.of(t.clean(number + text)), 12, true, Pen.INK, false, 0, 6), first);
    }

    private void table(Table table, float[] widths, float size, boolean blankRepeats) throws IOException {
      List<Column> cols = table.columns();
      List<String> headers = cols.stream().map(Column::header).toList();
      Row header = new Row(t, headers, null, widths, size, true, Pen.SHADE, true);
      List<Row> rows = new ArrayList<>();
      // With blankRepeats, a row whose first cell repeats the one above leaves it blank, but not at a page's head.
      List<Row> heads = new ArrayList<>();
      int totals = table.rows().size() - table.totalRows();
      List<Kind> kinds = cols.stream().map(Column::kind).toList();
      Object previous = null;
      for (int i = 0; i < table.rows().size(); i++) {
        List<Object> r = table.rows().get(i);
        List<String> texts = new ArrayList<>();
        for (int c = 0; c < cols.size(); c++) {
          Object v = c < r.size() ? r.get(c) : null;
          texts.add(tables.format(v, cols.get(c).kind()));
        }
        boolean total = i >= totals;
        Color shade = total ? Pen.TOTAL : null;
        Row full = new Row(t, texts, kinds, widths, size, total, shade, false);
        Object first = r.isEmpty() ? null : r.get(0);
        if (blankRepeats && !total && first != null && first.equals(previous)) {
          texts.set(0, "");
          rows.add(new Row(t, texts, kinds, widths, size, false, null, false));
        } else {
          rows.add(full);
        }
        heads.add(full);
        previous = first;
      }
      if (rows.isEmpty()) {
        add(header);
        return;
      }
      keep(header, rows.get(0));
      for (int i = 1; i < rows.size(); i++) {
        if (y - rows.get(i).height() < BOTTOM) {
          newPage();
          add(header);
          add(heads.get(i));
        } else {
          add(rows.get(i));
        }
      }
    }

    private void newPage() {
      pages.add(new ArrayList<>());
      tops.add(new ArrayList<>());
      y = PAGE_H - MARGIN;
    }

    private void add(Block b) {
      if (y - b.height() < BOTTOM && !pages.get(pages.size() - 1).isEmpty()) {
        newPage();
      }
      if (b instanceof Gap && pages.get(pages.size() - 1).isEmpty()) {
        return; // no gap at a page's head
      }
      pages.get(pages.size() - 1).add(b);
      tops.get(tops.size() - 1).add(y);
      y -= b.height();
    }

    /** Blocks that go on one page together when they fit on one. */
    private void keep(Block... blocks) {
      float h = 0;
      for (Block b : blocks) {
        h += b.height();
      }
      if (y - h < BOTTOM && h <= PAGE_H - MARGIN - BOTTOM && !pages.get(pages.size() - 1).isEmpty()) {
        newPage();
      }
      for (Block b : blocks) {
        add(b);
      }
    }
  }

  /** Empty space. */
  private record Gap(float height) implements Block {
    @Override
    public void draw(Pen pen, float top) {
    }
  }

  /** A thin rule across the page. */
  private record Rule() implements Block {
    @Override
    public float height() {
      return 10;
    }

    @Override
    public void draw(Pen pen, float top) throws IOException {
      pen.line(Pen.RULE, 0.8f, MARGIN, top - 4, MARGIN + W, top - 4);
    }
  }

  /** Lines of cleaned text, left or centred, with some space after. */
  private static final class Paragraph implements Block {
    private final List<String> lines;
    private final float size;
    private final boolean bold;
    private final Color color;
    private final boolean centred;
    private final float indent;
    private final float after;
    private final float[] widths;

    Paragraph(CjkText t, List<String> lines, float size, boolean bold, Color color, boolean centred, float indent,
        float after) throws IOException {
      this.lines = lines;
      this.widths = new float[lines.size()];
      for (int i = 0; i < lines.size(); i++) {
        widths[i] = centred ? t.width(lines.get(i), size) : 0;
      }
      this.size = size;
      this.bold = bold;
      this.color = color;
      this.centred = centred;
      this.indent = indent;
      this.after = after;
    }

    @Override
    public float height() {
      return lines.size() * size * 1.45f + after;
    }

    @Override
    public void draw(Pen pen, float top) throws IOException {
      float baseline = top - size * 1.1f;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        float x = centred ? MARGIN + (W - widths[i]) / 2 : MARGIN + indent;
        if (bold) {
          pen.bold(line, x, baseline, size, color);
        } else {
          pen.text(line, x, baseline, size, color);
        }
        baseline -= size * 1.45f;
      }
    }

  }

  /** The headline figures as cards, five to a row: the label small, the figure large. */
  private static final class Figures implements Block {
    private static final int PER_ROW = 5;
    private static final float GAP = 6;
    private static final float CARD_H = 46;
    private final List<List<String>> labels = new ArrayList<>();
    private final List<String> values = new ArrayList<>();
    private final List<Float> valueW = new ArrayList<>();

    private final List<Figure> figures;

    Figures(CjkText t, BulletinTables tables, List<Figure> figures) throws IOException {
      this.figures = figures;
      float cw = (W - (PER_ROW - 1) * GAP) / PER_ROW;
      for (Figure f : figures) {
        List<String> l = t.wrap(t.clean(f.label()), cw - 8, 7.5f);
        labels.add(l.size() > 2 ? l.subList(0, 2) : l);
        String v = t.clean(tables.format(f.value(), f.kind()));
        values.add(v);
        valueW.add(t.width(v, 15));
      }
    }

    @Override
    public float height() {
      int rows = (figures.size() + PER_ROW - 1) / PER_ROW;
      return rows * CARD_H + (rows - 1) * GAP + 4;
    }

    @Override
    public void draw(Pen pen, float top) throws IOException {
      float cw = (W - (PER_ROW - 1) * GAP) / PER_ROW;
      for (int i = 0; i < figures.size(); i++) {
        float x = MARGIN + (i % PER_ROW) * (cw + GAP);
        float y = top - (i / PER_ROW) * (CARD_H + GAP) - CARD_H;
        pen.fill(new Color(0xF5F7FA), x, y, cw, CARD_H);
        pen.box(Pen.GRID, 0.6f, x, y, cw, CARD_H);
        List<String> l = labels.get(i);
        for (int k = 0; k < l.size(); k++) {
          pen.text(l.get(k), x + 4, y + CARD_H - 10 - k * 9, 7.5f, Pen.MUTED);
        }
        pen.bold(values.get(i), x + cw - 5 - valueW.get(i), y + 6, 15, Pen.INK);
      }
    }
  }

  /** One row of a table: cells wrapped (text) or right-aligned (numbers), shaded for the header and totals. */
  private static final class Row implements Block {
    private final List<List<String>> cells = new ArrayList<>();
    private final List<List<Float>> cellW = new ArrayList<>();
    private final List<Kind> kinds;
    private final float[] widths;
    private final float size;
    private final boolean bold;
    private final Color shade;
    private final boolean centred;
    private final int lines;

    Row(CjkText t, List<String> texts, List<Kind> kinds, float[] widths, float size, boolean bold, Color shade,
        boolean centred) throws IOException {
      this.kinds = kinds;
      this.widths = widths;
      this.size = size;
      this.bold = bold;
      this.shade = shade;
      this.centred = centred;
      int n = 1;
      for (int c = 0; c < widths.length; c++) {
        String s = t.clean(c < texts.size() ? texts.get(c) : "");
        boolean number = kinds != null && kinds.get(c) != Kind.TEXT;
        List<String> l = number ? List.of(s) : t.wrap(s, widths[c] - 2 * PAD, size);
        List<Float> w = new ArrayList<>();
        for (String line : l) {
          w.add(t.width(line, size));
        }
        cells.add(l);
        cellW.add(w);
        n = Math.max(n, l.size());
      }
      this.lines = n;
    }

    private float leading() {
      return size * 1.35f;
    }

    @Override
    public float height() {
      return lines * leading() + 2 * PAD;
    }

    @Override
    public void draw(Pen pen, float top) throws IOException {
      float h = height();
      float x = MARGIN;
      if (shade != null) {
        pen.fill(shade, MARGIN, top - h, W, h);
      }
      for (int c = 0; c < widths.length; c++) {
        pen.box(Pen.RULE, 0.4f, x, top - h, widths[c], h);
        List<String> l = cells.get(c);
        float block = l.size() * leading();
        float first = top - (h - block) / 2 - leading() / 2 - 0.36f * size; // the lines centred in the row
        for (int k = 0; k < l.size(); k++) {
          float w = cellW.get(c).get(k);
          boolean number = kinds != null && kinds.get(c) != Kind.TEXT;
          float tx = centred ? x + (widths[c] - w) / 2 : number ? x + widths[c] - PAD - w : x + PAD;
          float baseline = first - k * leading();
          if (bold) {
            pen.bold(l.get(k), tx, baseline, size, Pen.INK);
          } else {
            pen.text(l.get(k), tx, baseline, size, Pen.INK);
          }
        }
        x += widths[c];
      }
    }
  }
}
