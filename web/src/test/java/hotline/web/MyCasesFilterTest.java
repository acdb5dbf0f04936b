package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The desk's "my cases": {@code mine=true} lists the caller's own, {@code open} splits open from closed. */
class MyCasesFilterTest extends ApiTestBase {

  @Test
  void mineListsOnlyTheCallersCasesAndOpenSplitsOpenFromClosed() throws Exception {
    User agent = user("mine-agent", null, "agent");
    User other = user("mine-other", null, "agent");
    long open = post(agent.token(), "/api/cases", complaint("我的未办结")).expect(201).json().getLong("id");
    long closed = post(agent.token(), "/api/cases", complaint("我的已办结")).expect(201).json().getLong("id");
    post(agent.token(), "/api/cases/" + closed + "/answer", new JsonObject().put("answer", "已当场答复")).expect(200);
    long theirs = post(other.token(), "/api/cases", complaint("别人的")).expect(201).json().getLong("id");

    assertEquals(List.of(closed, open), ids(get(agent.token(), "/api/cases?mine=true").expect(200).json()));
    assertEquals(List.of(open), ids(get(agent.token(), "/api/cases?mine=true&open=true").expect(200).json()));
    assertEquals(List.of(closed), ids(get(agent.token(), "/api/cases?mine=true&open=false").expect(200).json()));
    assertEquals(List.of(theirs), ids(get(other.token(), "/api/cases?mine=true").expect(200).json()));
    assertEquals(400, get(agent.token(), "/api/cases?mine=maybe").status());
  }

  private static List<Long> ids(JsonObject page) {
    JsonArray items = page.getJsonArray("items");
    return items.stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }
}
