package hotline.stats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The bulletin of the contract as a test fixture ({@code bulletin-sample.json}: a quarter, every section filled). */
final class BulletinSample {

  private BulletinSample() {
  }

  static JsonObject quarter() {
    try (InputStream in = BulletinSample.class.getResourceAsStream("bulletin-sample.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sample with {@code units} units (its ten repeated under new names): long tables over several pages. */
  static JsonObject manyUnits(int units) {
    JsonObject b = quarter();
    for (String section : new String[] {"handling", "satisfaction"}) {
      JsonArray base = b.getJsonObject(section).getJsonArray("byUnit");
      JsonArray all = new JsonArray();
      for (int i = 0; i < units; i++) {
        JsonObject u = base.getJsonObject(i % base.size()).copy();
        u.put("unitId", 1000 + i).put("name", i < base.size() ? u.getString("name") : u.getString("name") + "第" + (i / base.size() + 1) + "所");
        all.add(u);
      }
      b.getJsonObject(section).put("byUnit", all);
    }
    return b;
  }
}
