package hotline.stats;

import hotline.stats.BulletinTables.Column;
import hotline.stats.BulletinTables.Figure;
import hotline.stats.BulletinTables.Kind;
import hotline.stats.BulletinTables.Table;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * The bulletin as an Excel workbook (.xlsx), the file Chinese offices circulate: a summary sheet (概要: the range, when
 * it was generated, the headline figures and the definitions), then one sheet per section (受理量, 办理情况, 满意度, 话务),
 * each one table with a bold, frozen header row, its totals row last, rates as percentages, working days with two
 * decimals, columns as wide as their text. Texts in the reader's language (zh-CN default, English). Written by
 * fastexcel (a lean streaming writer); blocking, but quick: call it on a worker all the same.
 */
public final class BulletinXlsx {

  public static final String CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  private static final String HEADER_FILL = "DDE5F0";
  private static final String TOTAL_FILL = "F2F2F2";

  private BulletinXlsx() {
  }

  /** The workbook's bytes. */
  public static byte[] render(JsonObject bulletin, Locale locale) throws IOException {
    BulletinTables t = new BulletinTables(bulletin, locale);
    ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
    Workbook wb = new Workbook(out, "Hotline", "1.0");
    wb.setGlobalDefaultFont(t.english() ? "Calibri" : "等线", 11);
    wb.properties().setTitle(t.title() + " " + t.rangeText());
    summary(wb.newWorksheet(t.t("sheet.summary")), t);
    table(wb.newWorksheet(t.t("sheet.volume")), t.volumeTable());
    table(wb.newWorksheet(t.t("sheet.handling")), t.handlingTable());
    table(wb.newWorksheet(t.t("sheet.satisfaction")), t.satisfactionTable());
    Table phone = t.telephonyTable();
    Worksheet tel = wb.newWorksheet(t.t("sheet.telephony"));
    if (phone != null) {
      table(tel, phone);
    } else {
      tel.value(0, 0, t.t("telephonyOff"));
      tel.width(0, 80);
    }
    wb.finish();
    return out.toByteArray();
  }

  private static void summary(Worksheet ws, BulletinTables t) {
    int r = 0;
    ws.value(r, 0, t.title());
    ws.style(r, 0).bold().fontSize(16).set();
    r += 2;
    ws.value(r, 0, t.t("range"));
    ws.value(r++, 1, t.rangeText());
    ws.value(r, 0, t.t("generated"));
    ws.value(r++, 1, t.generatedText() + t.t("generatedNote"));
    for (int i = 2; i < r; i++) {
      ws.style(i, 0).bold().set();
    }
    r++;
    ws.value(r, 0, t.t("headline"));
    ws.style(r++, 0).bold().fillColor(HEADER_FILL).set();
    for (Figure f : t.headline()) {
      ws.value(r, 0, f.label());
      if (f.value() != null) {
        ws.value(r, 1, f.value());
      }
      ws.style(r, 1).format(format(f.kind())).horizontalAlignment("left").set();
      r++;
    }
    r++;
    ws.value(r, 0, t.t("definitions"));
    ws.style(r++, 0).bold().fillColor(HEADER_FILL).set();
    for (String[] d : t.definitions()) {
      ws.value(r, 0, d[0]);
      ws.value(r, 1, d[1]);
      ws.style(r, 1).wrapText(true).verticalAlignment("top").set();
      ws.style(r, 0).verticalAlignment("top").set();
      r++;
    }
    ws.width(0, 30);
    ws.width(1, 90);
  }

  private static void table(Worksheet ws, Table table) {
    List<Column> cols = table.columns();
    double[] width = new double[cols.size()];
    for (int c = 0; c < cols.size(); c++) {
      ws.value(0, c, cols.get(c).header());
      ws.style(0, c).bold().fillColor(HEADER_FILL).wrapText(true).horizontalAlignment("center")
          .verticalAlignment("center").borderStyle("thin").set();
      width[c] = Math.min(16, textWidth(cols.get(c).header()) + 2);
    }
    int first = table.rows().size() - table.totalRows();
    for (int i = 0; i < table.rows().size(); i++) {
      List<Object> row = table.rows().get(i);
      int r = i + 1;
      for (int c = 0; c < cols.size(); c++) {
        Object v = c < row.size() ? row.get(c) : null;
        Kind kind = cols.get(c).kind();
        if (v instanceof Number n) {
          ws.value(r, c, n);
        } else if (v != null) {
          ws.value(r, c, String.valueOf(v));
          width[c] = Math.max(width[c], Math.min(50, textWidth(String.valueOf(v)) + 2));
        }
        var style = ws.style(r, c).borderStyle("thin");
        if (kind != Kind.TEXT) {
          style.format(format(kind));
        }
        if (i >= first) {
          style.bold().fillColor(TOTAL_FILL);
        }
        style.set();
      }
    }
    for (int c = 0; c < cols.size(); c++) {
      ws.width(c, Math.max(8, width[c]));
    }
    ws.rowHeight(0, 32);
    ws.freezePane(cols.get(0).kind() == Kind.TEXT ? 1 : 0, 1);
  }

  private static String format(Kind kind) {
    return switch (kind) {
      case RATE -> "0.0%";
      case DAYS -> "0.00";
      case SECONDS -> "0.0";
      case COUNT -> "#,##0";
      case TEXT -> "@";
    };
  }

  /** Display width in Excel's character units: a CJK (wide) character counts two. */
  static double textWidth(String s) {
    double w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      w += cp >= 0x1100 && (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN || cp >= 0x3000 && cp <= 0x303F
          || cp >= 0xFF00 && cp <= 0xFFEF) ? 2 : 1;
    }
    return w;
  }
}
