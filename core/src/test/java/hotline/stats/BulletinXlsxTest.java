package hotline.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.Test;

class BulletinXlsxTest {

  @Test
  void theWorkbookReadsBackWithTheBulletinsFiguresInChinese() throws Exception {
    JsonObject b = BulletinSample.quarter();
    b.getJsonObject("volume").put("uncategorised", 7);
    byte[] xlsx = BulletinXlsx.render(b, Locale.SIMPLIFIED_CHINESE);
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx), new ReadingOptions(true, true))) {
      List<String> names = wb.getSheets().map(Sheet::getName).toList();
      assertEquals(List.of("概要", "受理量", "办理情况", "满意度", "话务"), names);

      List<Row> summary = rows(wb, "概要");
      assertEquals("热线受理情况通报", text(summary.get(0), 0));
      assertEquals("2026年第三季度（2026-07-01 至 2026-09-30）", find(summary, "统计期间").getCellText(1));
      assertEquals("2026-10-08 17:00（北京时间）", find(summary, "生成时间").getCellText(1));
      assertEquals(new BigDecimal("1234"), find(summary, "受理总量").getCell(1).asNumber());
      Cell onTime = find(summary, "按时办结率").getCell(1);
      assertEquals(0, new BigDecimal("0.9059").compareTo(onTime.asNumber()));
      assertEquals("0.0%", onTime.getDataFormatString());
      assertTrue(find(summary, "按时办结").getCellText(1).contains("反馈时间不晚于办理期限"), "the definitions are there");

      List<Row> volume = rows(wb, "受理量");
      assertEquals(List.of("维度", "项目", "件数", "占比"), header(volume.get(0), 4));
      Row complaint = volume.stream().filter(r -> "投诉".equals(r.getCellText(1))).findFirst().orElseThrow();
      assertEquals("类型", complaint.getCellText(0));
      assertEquals(new BigDecimal("512"), complaint.getCell(2).asNumber());
      assertEquals(0, new BigDecimal("0.4149").compareTo(complaint.getCell(3).asNumber()));
      assertTrue(volume.stream().anyMatch(r -> "未填".equals(r.getCellText(1))), "a party type not given has its row");
      Row none = volume.stream().filter(r -> "未分类".equals(r.getCellText(1))).findFirst().orElseThrow();
      assertEquals("主要事项", none.getCellText(0));
      assertEquals(new BigDecimal("7"), none.getCell(2).asNumber());
      Row repeat = volume.stream().filter(r -> "重复来电人数".equals(r.getCellText(1))).findFirst().orElseThrow();
      assertEquals(new BigDecimal("12"), repeat.getCell(2).asNumber());

      List<Row> handling = rows(wb, "办理情况");
      assertEquals("单位", text(handling.get(0), 0));
      assertEquals("按时办结率", text(handling.get(0), 7));
      assertEquals(12, handling.size(), "a header, ten units and the totals");
      Row unit = handling.get(1);
      assertEquals("市局专卖科", unit.getCellText(0));
      JsonObject first = b.getJsonObject("handling").getJsonArray("byUnit").getJsonObject(0);
      assertEquals(new BigDecimal(first.getInteger("dispatched")), unit.getCell(1).asNumber());
      assertEquals(0, BigDecimal.valueOf(first.getDouble("onTimeRate")).compareTo(unit.getCell(7).asNumber()));
      assertEquals("0.0%", unit.getCell(7).getDataFormatString());
      assertEquals("0.00", unit.getCell(13).getDataFormatString());
      Row total = handling.get(11);
      assertEquals("合计", total.getCellText(0));
      assertEquals(new BigDecimal("476"), total.getCell(1).asNumber());

      List<Row> satisfaction = rows(wb, "满意度");
      assertEquals("回访成功率", text(satisfaction.get(0), 3));
      assertEquals(0, new BigDecimal("0.9316").compareTo(satisfaction.get(11).getCell(3).asNumber()));

      List<Row> phone = rows(wb, "话务");
      assertEquals(26, phone.size(), "a header, 24 hours and the totals");
      assertEquals("09:00–10:00", phone.get(10).getCellText(0));
      assertEquals(new BigDecimal("5720"), phone.get(25).getCell(1).asNumber());
    }
  }

  @Test
  void englishAndWithoutTelephony() throws Exception {
    JsonObject b = BulletinSample.quarter();
    b.put("telephony", new JsonObject().put("available", false));
    b.getJsonObject("handling").getJsonObject("totals").putNull("onTimeRate");
    byte[] xlsx = BulletinXlsx.render(b, Locale.ENGLISH);
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx), new ReadingOptions(true, true))) {
      assertEquals(List.of("Summary", "Volume", "Handling", "Satisfaction", "Telephony"),
          wb.getSheets().map(Sheet::getName).toList());
      List<Row> summary = rows(wb, "Summary");
      assertEquals("Hotline bulletin", text(summary.get(0), 0));
      Row onTime = find(summary, "On-time rate");
      assertTrue(onTime.getCellCount() < 2 || onTime.getCell(1) == null || onTime.getCellText(1).isEmpty(),
          "no denominator: no figure, not 0");
      assertFalse(summary.stream().anyMatch(r -> "Calls offered".equals(r.getCellText(0))));
      List<Row> phone = rows(wb, "Telephony");
      assertTrue(phone.get(0).getCellText(0).startsWith("The telephony module is not deployed"));
      assertNull(find(rows(wb, "Handling"), "Total").getCell(7).getValue(), "the totals' on-time rate is left empty");
    }
  }

  private static List<Row> rows(ReadableWorkbook wb, String sheet) throws Exception {
    Optional<Sheet> s = wb.findSheet(sheet);
    return s.orElseThrow().read();
  }

  private static Row find(List<Row> rows, String label) {
    return rows.stream().filter(r -> label.equals(r.getCellText(0))).findFirst()
        .orElseThrow(() -> new AssertionError("no row " + label));
  }

  private static String text(Row r, int c) {
    return r.getCellText(c);
  }

  private static List<String> header(Row r, int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(r::getCellText).toList();
  }
}
