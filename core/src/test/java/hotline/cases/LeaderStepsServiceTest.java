package hotline.cases;

import static hotline.testing.CaseSteps.entries;
import static hotline.testing.CaseSteps.failure;
import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.testing.CaseSteps;
import hotline.testing.CoreFixture;
import hotline.users.Principal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the leader's pages need of the core, on a real database: an instruction that names the unit dispatches in the
 * same transaction (or, refused, changes nothing); the queue oldest first with what each row may do and the deadline
 * a dispatch would get; a unit's feedback with files, stored with the dispatch and bounded as intake's.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LeaderStepsServiceTest {

  /** A dispatch at the fixture's start (Thursday 2026-02-12 10:00) with 2 working days: the make-up Saturday. */
  static final String DUE_TWO_DAYS = "2026-02-14T17:30+08:00";

  static CoreFixture fixture;
  static CaseSteps steps;
  static long unit;
  static long unitWithoutMail;
  static Principal agent;
  static Principal leader;
  static Principal responder;

  @BeforeAll
  static void start() throws Exception {
    fixture = CoreFixture.start();
    steps = new CaseSteps(fixture);
    CoreFixture.Cast cast = fixture.cast();
    unit = cast.unitId();
    agent = cast.agent();
    leader = cast.leader();
    responder = cast.responder();
    unitWithoutMail = fixture.unit(new JsonObject().put("name", "无邮箱单位").put("kind", "department")
        .put("contacts", new JsonArray().add(new JsonObject().put("name", "赵科长").put("phone", "0755-88881111"))));
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @BeforeEach
  void resetClock() {
    fixture.clock.set(CoreFixture.START);
  }

  long submitted(String subject) throws Exception {
    long id = steps.file(agent, CaseSteps.complaint(subject));
    steps.step(agent, id, Action.SUBMIT);
    return id;
  }

  @Test
  void anInstructionNamingTheUnitDispatchesInTheSameStep() throws Exception {
    long id = submitted("一步批示派单");
    JsonObject before = steps.view(leader, id);
    assertEquals(new JsonObject().put("workingDays", 2).put("dueAt", DUE_TWO_DAYS).put("provisional", false),
        before.getJsonObject("nextDispatch"), "the deadline a dispatch now would get");

    CaseService.Transitioned t = steps.step(leader, id, Action.INSTRUCT,
        new JsonObject().put("instruction", "请宝安区局两日内核实").put("unitId", unit));
    assertEquals(CaseStatus.AWAITING_INSTRUCTION, t.from());
    assertEquals(CaseStatus.DISPATCHED, t.to());

    JsonObject c = steps.view(agent, id);
    assertEquals("dispatched", c.getString("status"));
    assertEquals("请宝安区局两日内核实", c.getString("instruction"));
    assertNull(c.getJsonObject("nextDispatch"), "dispatched: no next dispatch to announce");
    JsonObject d = c.getJsonObject("currentDispatch");
    assertEquals(unit, d.getLong("unitId"));
    assertEquals(DUE_TWO_DAYS, d.getString("dueAt"), "the deadline shown before is the one it got");
    assertEquals("email", d.getString("method"));
    JsonObject instruct = entries(c, "instruct").get(0);
    JsonObject dispatch = entries(c, "dispatch").get(0);
    assertEquals("instructed", instruct.getString("to"));
    assertEquals("instructed", dispatch.getString("from"));
    assertEquals(leader.id(), dispatch.getLong("actorId"), "dispatched by the instruction's author");
    assertTrue(dispatch.getLong("id") > instruct.getLong("id"));
  }

  @Test
  void aRefusedDispatchRefusesTheInstructionToo() throws Exception {
    long id = submitted("无邮箱单位");
    HotlineException e = failure(fixture.core.cases().transition(leader, id, Action.INSTRUCT,
        new JsonObject().put("instruction", "请处理").put("unitId", unitWithoutMail)));
    assertEquals(ErrorCode.UNPROCESSABLE, e.code());
    JsonObject c = steps.view(agent, id);
    assertEquals("awaiting_instruction", c.getString("status"), "nothing of the step stays");
    assertNull(c.getString("instruction"));
    assertEquals(List.of(), entries(c, "instruct"));
    // Without a unit it is the instruction alone, as before: the owner dispatches.
    assertEquals(CaseStatus.INSTRUCTED, steps.step(leader, id, Action.INSTRUCT, new JsonObject().put("instruction", "请处理")).to());
  }

  @Test
  void theQueueListsTheLongestWaitingFirstWithWhatTheRowMayDo() throws Exception {
    long first = submitted("先受理");
    fixture.clock.set(CoreFixture.START.plusSeconds(600));
    long second = submitted("后受理");
    CaseQuery q = new CaseQuery(null, null, CaseStatus.AWAITING_INSTRUCTION, null, null, null, null, null, null, true, 1, 200);
    JsonArray items = await(fixture.core.cases().list(leader, q)).getJsonArray("items");
    List<Long> ids = items.stream().map(i -> ((JsonObject) i).getLong("id")).toList();
    assertTrue(ids.indexOf(first) < ids.indexOf(second), ids.toString());
    JsonObject row = items.stream().map(JsonObject.class::cast).filter(i -> i.getLong("id") == first).findFirst().orElseThrow();
    assertEquals(List.of("instruct"), row.getJsonArray("allowedActions").getList());
    assertEquals(2, row.getJsonObject("nextDispatch").getInteger("workingDays"));
    JsonObject asAgent = await(fixture.core.cases().list(agent, q)).getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> i.getLong("id") == first).findFirst().orElseThrow();
    assertEquals(List.of(), asAgent.getJsonArray("allowedActions").getList(), "the agent may not instruct");
    List<Long> newest = await(fixture.core.cases().list(leader,
        new CaseQuery(null, null, CaseStatus.AWAITING_INSTRUCTION, null, null, null, null, 1, 200))).getJsonArray("items").stream().map(i -> ((JsonObject) i).getLong("id")).toList();
    assertTrue(newest.indexOf(second) < newest.indexOf(first), "by default the newest first: " + newest);
  }

  @Test
  void aUnitsFeedbackCarriesFilesStoredWithItsDispatch() throws Exception {
    long id = submitted("反馈附件");
    steps.step(leader, id, Action.INSTRUCT, new JsonObject().put("instruction", "请核实").put("unitId", unit));
    byte[] scan = "%PDF-1.4 处理决定书".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    await(fixture.core.cases().transition(responder, id, Action.FEEDBACK, new JsonObject().put("result", "已立案查处，决定书附后。"),
        List.of(new CaseFile("处理决定书.pdf", "application/pdf", Buffer.buffer(scan)), new CaseFile("现场.jpg", null, Buffer.buffer(new byte[] {1, 2, 3})))));
    JsonObject c = steps.view(agent, id);
    assertEquals("handled", c.getString("status"));
    long dispatchId = c.getJsonObject("currentDispatch").getLong("id");
    JsonArray files = c.getJsonArray("attachments");
    assertEquals(2, files.size());
    assertEquals("处理决定书.pdf", files.getJsonObject(0).getString("name"));
    assertEquals("application/octet-stream", files.getJsonObject(1).getString("contentType"), "a missing type, as at intake");
    files.forEach(f -> assertEquals(dispatchId, ((JsonObject) f).getLong("dispatchId")));
    assertArrayEquals(scan, await(fixture.core.cases().attachment(responder, id, files.getJsonObject(0).getLong("id"))).data().getBytes());
    JsonArray named = entries(c, "feedback").get(0).getJsonObject("detail").getJsonArray("attachments");
    assertEquals(List.of("处理决定书.pdf", "现场.jpg"), named.stream().map(n -> ((JsonObject) n).getString("name")).toList());
  }

  @Test
  void feedbackFilesKeepToTheIntakeLimitsAndOnlyFeedbackTakesFiles() throws Exception {
    long id = submitted("附件上限");
    steps.step(leader, id, Action.INSTRUCT, new JsonObject().put("instruction", "请核实").put("unitId", unit));
    int max = fixture.core.cases().settings().maxAttachments();
    List<CaseFile> tooMany = Collections.nCopies(max + 1, new CaseFile("a.txt", "text/plain", Buffer.buffer("x")));
    HotlineException many = failure(fixture.core.cases().transition(responder, id, Action.FEEDBACK,
        new JsonObject().put("result", "结果"), tooMany));
    assertEquals("attachments", many.field());
    Buffer big = Buffer.buffer(new byte[fixture.core.cases().settings().maxAttachmentBytes() + 1]);
    HotlineException large = failure(fixture.core.cases().transition(responder, id, Action.FEEDBACK,
        new JsonObject().put("result", "结果"), List.of(new CaseFile("big.bin", null, big))));
    assertEquals("attachments[0]", large.field());
    HotlineException other = failure(fixture.core.cases().transition(responder, id, Action.RECEIPT,
        new JsonObject().put("method", "reply"), List.of(new CaseFile("a.txt", "text/plain", Buffer.buffer("x")))));
    assertEquals("attachments", other.field());
    JsonObject c = steps.view(agent, id);
    assertEquals("dispatched", c.getString("status"), "a refused step leaves the case as it was");
    assertEquals(0, c.getJsonArray("attachments").size());
  }
}
