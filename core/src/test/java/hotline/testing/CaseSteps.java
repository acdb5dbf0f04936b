package hotline.testing;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hotline.cases.Action;
import hotline.cases.CaseKind;
import hotline.cases.CaseService;
import hotline.cases.Channel;
import hotline.cases.Intake;
import hotline.errors.HotlineException;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * The case lifecycle driven through the core's services, from the test thread: file a case, take a step, read the case
 * back, and see why a step was refused. The same scenarios as the web tests, without HTTP.
 */
public final class CaseSteps {

  private final CoreFixture fixture;

  public CaseSteps(CoreFixture fixture) {
    this.fixture = fixture;
  }

  /** A phoned-in complaint about a retailer, with the caller's name and phone (the web tests' {@code complaint}). */
  public static Intake complaint(String subject) {
    return Intake.of(CaseKind.COMPLAINT, Channel.PHONE, "在某零售店购买的香烟疑似假冒，要求查处。").withSubject(subject)
        .withContact(new Intake.Contact("张三", List.of("138 0013 8000"), null, null));
  }

  /** Files the intake as {@code p} (who becomes its owner); answers the new case's id. */
  public long file(Principal p, Intake intake) throws Exception {
    return await(fixture.core.cases().create(p, intake)).getLong("id");
  }

  public CaseService.Transitioned step(Principal p, long caseId, Action action, JsonObject body) throws Exception {
    return await(fixture.core.cases().transition(p, caseId, action, body));
  }

  public CaseService.Transitioned step(Principal p, long caseId, Action action) throws Exception {
    return step(p, caseId, action, new JsonObject());
  }

  /** The step refused: the failure it answered. */
  public HotlineException refused(Principal p, long caseId, Action action, JsonObject body) {
    return failure(fixture.core.cases().transition(p, caseId, action, body));
  }

  /** A complaint filed by {@code owner}, submitted, instructed by {@code leader} and dispatched to the unit. */
  public long dispatched(Principal owner, Principal leader, long unitId, String method, String subject) throws Exception {
    long id = file(owner, complaint(subject));
    step(owner, id, Action.SUBMIT);
    step(leader, id, Action.INSTRUCT, new JsonObject().put("instruction", "请核实处理"));
    step(owner, id, Action.DISPATCH, new JsonObject().put("unitId", unitId).put("method", method));
    return id;
  }

  /** The case as {@code p} sees it (a report read unmasked is audited). */
  public JsonObject view(Principal p, long caseId) throws Exception {
    return await(fixture.core.cases().get(p, caseId));
  }

  /** The actions of a case view's timeline, in order. */
  public static List<String> actions(JsonObject view) {
    return view.getJsonArray("timeline").stream().map(e -> ((JsonObject) e).getString("action")).toList();
  }

  /** The timeline entries of a case view with this action. */
  public static List<JsonObject> entries(JsonObject view, String action) {
    JsonArray timeline = view.getJsonArray("timeline");
    return timeline.stream().map(JsonObject.class::cast).filter(e -> action.equals(e.getString("action"))).toList();
  }

  /** The last timeline entry of a case view. */
  public static JsonObject last(JsonObject view) {
    JsonArray timeline = view.getJsonArray("timeline");
    return timeline.getJsonObject(timeline.size() - 1);
  }

  /** The future failed, with a {@link HotlineException}: answers it. */
  public static HotlineException failure(Future<?> f) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(f));
    return assertInstanceOf(HotlineException.class, e.getCause(), () -> "failed with " + e.getCause());
  }
}
