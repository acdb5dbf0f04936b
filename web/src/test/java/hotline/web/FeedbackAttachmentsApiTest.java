package hotline.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A unit's feedback with files over HTTP, base64 as at intake: a body past the inline limit read on a worker and the
 * bytes stored as sent with the dispatch; bad base64 a 400 at its field with nothing recorded; and the leader's one
 * step, instruct with a unit.
 */
class FeedbackAttachmentsApiTest extends ApiTestBase {

  static long county;
  static User agent;
  static User leader;
  static User responder;

  @BeforeAll
  static void directory() throws Exception {
    county = unit("宝安区局", "county_bureau", null);
    agent = user("agent", null, "agent");
    leader = user("leader", null, "leader");
    responder = user("resp", String.valueOf(county), "unit_responder");
  }

  static long dispatched(String subject) throws Exception {
    long id = post(agent.token(), "/api/cases", complaint(subject)).expect(201).json().getLong("id");
    post(agent.token(), "/api/cases/" + id + "/submit", new JsonObject()).expect(200);
    JsonObject c = post(leader.token(), "/api/cases/" + id + "/instruct",
        new JsonObject().put("instruction", "请两日内核实").put("unitId", county).put("method", "hand")).expect(200).json();
    assertEquals("dispatched", c.getString("status"));
    assertEquals("hand", c.getJsonObject("currentDispatch").getString("method"));
    return id;
  }

  @Test
  void aLargeFeedbackWithAFileIsStoredAsSent() throws Exception {
    long id = dispatched("反馈带附件");
    byte[] scan = new byte[200 * 1024];
    new Random(7).nextBytes(scan);
    JsonObject body = new JsonObject().put("result", "已查处，决定书扫描件附后。").put("attachments", new JsonArray()
        .add(new JsonObject().put("name", "决定书.pdf").put("contentType", "application/pdf")
            .put("data", Base64.getMimeEncoder().encodeToString(scan))));
    JsonObject c = post(responder.token(), "/api/cases/" + id + "/feedback", body).expect(200).json();
    assertEquals("handled", c.getString("status"));
    JsonObject file = c.getJsonArray("attachments").getJsonObject(0);
    assertEquals(c.getJsonObject("currentDispatch").getLong("id"), file.getLong("dispatchId"));
    assertEquals(scan.length, file.getLong("size"));
    Res bytes = get(agent.token(), "/api/cases/" + id + "/attachments/" + file.getLong("id")).expect(200);
    assertArrayEquals(scan, bytes.raw().body());
  }

  @Test
  void badBase64IsRefusedAtItsFieldAndNothingIsRecorded() throws Exception {
    long id = dispatched("坏附件");
    Res r = post(responder.token(), "/api/cases/" + id + "/feedback", new JsonObject().put("result", "结果")
        .put("attachments", new JsonArray().add(new JsonObject().put("name", "a.jpg").put("data", "不是base64")))).expect(400);
    assertEquals("attachments[0].data", r.error().getString("field"));
    JsonObject c = get(agent.token(), "/api/cases/" + id).expect(200).json();
    assertEquals("dispatched", c.getString("status"));
    assertEquals(0, c.getJsonArray("attachments").size());
  }
}
