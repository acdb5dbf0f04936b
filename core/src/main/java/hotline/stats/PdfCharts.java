package hotline.stats;

import hotline.forms.CjkText;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bulletin's charts as PDF vector graphics: vertical bars (one series with its values on top, or several stacked
 * with a legend) and horizontal bars of rates (0–100 %). Each is measured when made (every text cleaned through the
 * font, so its glyphs are in the subset) and drawn later at a given top, as a {@link BulletinPdf.Block}.
 */
final class PdfCharts {

  static final float TITLE = 9.5f;
  static final float SMALL = 7f;

  private PdfCharts() {
  }

  /** A series: its name (for the legend), colour and one value per category. */
  record Series(String name, Color color, List<? extends Number> values) {
  }

  /** Nice axis steps: 1, 2 or 5 times a power of ten, about four of them up to the largest value. */
  static double step(double max) {
    if (max <= 0) {
      return 1;
    }
    double raw = max / 4;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double n = raw / mag;
    double s = n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10;
    return Math.max(1, s * mag);
  }

  static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  /** Vertical bars over categories; several series are stacked. */
  static final class Bars implements BulletinPdf.Block {
    private final float x;
    private final float width;
    private final float height;
    private final String title;
    private final List<List<String>> labels = new ArrayList<>();
    private final List<List<Float>> labelWidths = new ArrayList<>();
    private final List<Series> series;
    private final int labelEvery;
    private final List<String> legend = new ArrayList<>();
    private final List<Float> legendWidth = new ArrayList<>();
    private final List<String> valueText = new ArrayList<>();
    private final List<Float> valueWidth = new ArrayList<>();
    private final List<String> ticks = new ArrayList<>();
    private final List<Float> tickWidth = new ArrayList<>();
    private final double top;
    private final double step;
    private final float axisW;
    private final int labelLines;
    private final int n;

    Bars(CjkText t, String title, List<String> categories, List<Series> series, float x, float width, float height,
        int labelEvery) throws IOException {
      this.x = x;
      this.width = width;
      this.height = height;
      this.title = t.clean(title);
      this.series = series;
      this.labelEvery = Math.max(1, labelEvery);
      this.n = categories.size();
      double max = 0;
      for (int i = 0; i < n; i++) {
        double sum = 0;
        for (Series s : series) {
          sum += value(s, i);
        }
        max = Math.max(max, sum);
      }
      this.step = step(max);
      this.top = Math.max(step, Math.ceil(max / step) * step);
      float w = 0;
      for (double v = 0; v <= top + step / 2; v += step) {
        String s = t.clean(number(v));
        ticks.add(s);
        float tw = t.width(s, SMALL);
        tickWidth.add(tw);
        w = Math.max(w, tw);
      }
      this.axisW = w + 4;
      float slot = (width - axisW) / Math.max(1, n);
      int lines = 1;
      for (int i = 0; i < n; i++) {
        List<String> l = i % this.labelEvery == 0 ? t.wrap(t.clean(categories.get(i)), slot * this.labelEvery - 2, SMALL)
            : List.of();
        if (l.size() > 2) {
          l = List.of(l.get(0), l.get(1).length() > 1 ? l.get(1).substring(0, l.get(1).length() - 1) + "…" : l.get(1));
          t.clean("…");
        }
        labels.add(l);
        List<Float> lw = new ArrayList<>();
        for (String line : l) {
          lw.add(t.width(line, SMALL));
        }
        labelWidths.add(lw);
        lines = Math.max(lines, l.size());
      }
      this.labelLines = lines;
      if (series.size() == 1) {
        for (int i = 0; i < n; i++) {
          String s = t.clean(number(value(series.get(0), i)));
          valueText.add(s);
          valueWidth.add(t.width(s, SMALL));
        }
      } else {
        for (Series s : series) {
          String name = t.clean(s.name());
          legend.add(name);
          legendWidth.add(t.width(name, SMALL));
        }
      }
    }

    private static double value(Series s, int i) {
      Number v = i < s.values().size() ? s.values().get(i) : null;
      return v == null ? 0 : Math.max(0, v.doubleValue());
    }

    @Override
    public float height() {
      return height;
    }

    @Override
    public void draw(Pen pen, float y) throws IOException {
      pen.bold(title, x, y - TITLE, TITLE, Pen.INK);
      if (!legend.isEmpty()) { // the legend at the title's right, last series rightmost
        float lx = x + width;
        for (int i = legend.size() - 1; i >= 0; i--) {
          lx -= legendWidth.get(i);
          pen.text(legend.get(i), lx, y - TITLE + 1, SMALL, Pen.MUTED);
          lx -= 10;
          pen.fill(series.get(i).color(), lx, y - TITLE + 1, 7, 6);
          lx -= 8;
        }
      }
      float plotTop = y - TITLE - 14;
      float plotBottom = y - height + labelLines * (SMALL + 2) + 4;
      float plotLeft = x + axisW;
      float plotW = width - axisW;
      float plotH = plotTop - plotBottom;
      for (int i = 0; i < ticks.size(); i++) {
        float gy = plotBottom + (float) (i * step / top) * plotH;
        pen.line(i == 0 ? Pen.RULE : Pen.GRID, 0.5f, plotLeft, gy, plotLeft + plotW, gy);
        pen.text(ticks.get(i), plotLeft - 3 - tickWidth.get(i), gy - SMALL * 0.35f, SMALL, Pen.MUTED);
      }
      float slot = plotW / Math.max(1, n);
      float bar = Math.max(1.5f, Math.min(28, slot * 0.6f));
      for (int i = 0; i < n; i++) {
        float bx = plotLeft + i * slot + (slot - bar) / 2;
        float base = plotBottom;
        for (Series s : series) {
          float h = (float) (value(s, i) / top) * plotH;
          pen.fill(s.color(), bx, base, bar, h);
          base += h;
        }
        if (!valueText.isEmpty()) {
          pen.text(valueText.get(i), bx + bar / 2 - valueWidth.get(i) / 2, base + 2, SMALL, Pen.INK);
        }
        List<String> l = labels.get(i);
        for (int k = 0; k < l.size(); k++) {
          // Centred under its slot (or under the slots it labels when only every few are labelled).
          float lx = plotLeft + (i + 0.5f) * slot - labelWidths.get(i).get(k) / 2;
          pen.text(l.get(k), Math.max(x, lx), plotBottom - (k + 1) * (SMALL + 2) - 1, SMALL, Pen.INK);
        }
      }
    }
  }

  /** Horizontal bars of rates (0..1) by name, the rate written after each bar ("—" without one). */
  static final class RateBars implements BulletinPdf.Block {
    static final float ROW = 13;
    private final float x;
    private final float width;
    private final String title;
    private final String note;
    private final float titleW;
    private final List<String> names = new ArrayList<>();
    private final List<Number> rates;
    private final List<String> valueText = new ArrayList<>();
    private final List<String> ticks = new ArrayList<>();
    private final List<Float> tickWidth = new ArrayList<>();
    private final float nameW;
    private final Color color;

    RateBars(CjkText t, String title, String note, List<String> names, List<Number> rates, float x, float width,
        Color color) throws IOException {
      this.x = x;
      this.width = width;
      this.title = t.clean(title);
      this.note = note == null ? "" : t.clean(note);
      this.titleW = t.width(this.title, TITLE);
      this.rates = rates;
      this.color = color;
      float widest = 0;
      float cap = Math.min(130, width * 0.3f);
      for (String name : names) {
        String c = t.clean(name);
        if (t.width(c, SMALL) > cap) { // too long: as much as fits, then "…"
          while (c.length() > 1 && t.width(c + "…", SMALL) > cap) {
            c = c.substring(0, c.length() - 1);
          }
          c = c + t.clean("…");
        }
        this.names.add(c);
        widest = Math.max(widest, t.width(c, SMALL));
      }
      this.nameW = widest + 6;
      for (Number r : rates) {
        valueText.add(t.clean(r == null ? "—" : String.format(Locale.ROOT, "%.1f%%", r.doubleValue() * 100)));
      }
      for (int p = 0; p <= 100; p += 25) {
        String s = t.clean(p + "%");
        ticks.add(s);
        tickWidth.add(t.width(s, SMALL));
      }
    }

    @Override
    public float height() {
      return TITLE + 8 + names.size() * ROW + SMALL + 8;
    }

    @Override
    public void draw(Pen pen, float y) throws IOException {
      pen.bold(title, x, y - TITLE, TITLE, Pen.INK);
      if (!note.isEmpty()) {
        pen.text(note, x + 4 + titleW, y - TITLE, SMALL, Pen.MUTED);
      }
      float plotLeft = x + nameW;
      float plotW = width - nameW - 34;
      float plotTop = y - TITLE - 8;
      float plotBottom = plotTop - names.size() * ROW;
      for (int i = 0; i < ticks.size(); i++) {
        float gx = plotLeft + plotW * i / 4;
        pen.line(i == 0 ? Pen.RULE : Pen.GRID, 0.5f, gx, plotBottom, gx, plotTop);
        pen.text(ticks.get(i), gx - tickWidth.get(i) / 2, plotBottom - SMALL - 2, SMALL, Pen.MUTED);
      }
      for (int i = 0; i < names.size(); i++) {
        float rowTop = plotTop - i * ROW;
        float baseline = rowTop - ROW / 2 - SMALL * 0.35f;
        pen.text(names.get(i), x, baseline, SMALL, Pen.INK);
        Number r = rates.get(i);
        float w = r == null ? 0 : (float) Math.max(0, Math.min(1, r.doubleValue())) * plotW;
        pen.fill(color, plotLeft, rowTop - ROW + 3, w, ROW - 6);
        pen.text(valueText.get(i), plotLeft + w + 3, baseline, SMALL, Pen.INK);
      }
    }
  }

  /** Two blocks side by side (each made with its own x), as tall as the taller. */
  record Side(BulletinPdf.Block left, BulletinPdf.Block right) implements BulletinPdf.Block {
    @Override
    public float height() {
      return Math.max(left.height(), right.height());
    }

    @Override
    public void draw(Pen pen, float top) throws IOException {
      left.draw(pen, top);
      right.draw(pen, top);
    }
  }
}
