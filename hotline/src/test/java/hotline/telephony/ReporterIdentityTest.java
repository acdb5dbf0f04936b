package hotline.telephony;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import hotline.Addresses;
import hotline.cases.CaseKind;
import hotline.cases.CaseQuery;
import hotline.cases.Channel;
import hotline.cases.Intake;
import hotline.config.Config;
import hotline.outbox.Outbox;
import hotline.testing.CoreFixture;
import hotline.users.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * For whoever may not see a report's reporter, the report behaves as if its identity and the links to it did not
 * exist: a filter on the reporter's number, customer or the report's calls and callbacks matches nothing, lists no
 * row and counts nothing. The owning agent and the leaders see them.
 */
class ReporterIdentityTest {

  static final String REPORTER = "13800138000";

  static CoreFixture fixture;
  static CoreFixture.Cast cast;
  static long reportId;
  static long customerId;
  static String normalized;

  @BeforeAll
  static void start() throws Exception {
    fixture = CoreFixture.builder().poolSize(4).start();
    cast = fixture.cast();
    customerId = await(fixture.core.directory().createCustomer(cast.agent2(), new JsonObject().put("name", "李举报")
        .put("partyType", "consumer").put("phones", new JsonArray().add(REPORTER)))).getLong("id");
    // agent2 takes the report: its owner, who may see the reporter; agent may not.
    reportId = await(fixture.core.cases().create(cast.agent2(), Intake.of(CaseKind.REPORT, Channel.PHONE, "举报某零售户售假")
        .withContact(new Intake.Contact("李举报", List.of(REPORTER), null, null)))).getLong("id");
    normalized = fixture.core.directory().phones().normalize(REPORTER);
    await(fixture.pool.preparedQuery("INSERT INTO calls (linkedid, uniqueid, direction, caller_raw, caller_normalized, started_at, "
        + "disposition, case_id, recording) VALUES ('report-call', 'report-call', 'inbound', $1, $2, now(), 'answered', $3, "
        + "'/var/spool/asterisk/monitor/hotline-report-call.wav')")
        .execute(Tuple.of(REPORTER, normalized, reportId)));
    await(fixture.core.outbox().add(new Outbox.Item("phone", "satisfaction_call", "callback:report-test", reportId, null, REPORTER,
        null, new JsonObject().put("maxAttempts", 3).put("requestedBy", cast.agent2().id()))));
    // The call log and the callbacks, without a PBX (telephony answers them all the same).
    await(fixture.vertx.deployVerticle(new TelephonyVerticle(fixture.core, new TelephonySettings("", 5038, "hotline", "",
        Set.of("from-pstn"), Set.of(), Duration.ofSeconds(2), 1000, "agents", Set.of("hotline-outbound"),
        "https://recordings.example.cn/{file}?call={linkedid}"), CallbackSettings.from(Config.of(Map.of())), Clock.systemUTC())));
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static JsonObject ask(String address, Principal viewer, JsonObject request) throws Exception {
    return await(fixture.vertx.eventBus().<JsonObject>request(address, request.put("viewer", viewer.toJson()))).body();
  }

  /** What each filter finds of the report for this viewer: by number, by the report's calls, its callbacks, its customer. */
  private static List<Long> found(Principal viewer) throws Exception {
    long byNumber = ask(Addresses.CALLS_LIST, viewer, new JsonObject().put("normalizedNumber", normalized)).getLong("total");
    long byCase = ask(Addresses.CALLS_LIST, viewer, new JsonObject().put("caseId", reportId)).getLong("total");
    JsonArray callbacks = ask(Addresses.CALLBACKS_LIST, viewer, new JsonObject().put("caseId", reportId)).getJsonArray("items");
    long byCustomer = await(fixture.core.cases().list(viewer, new CaseQuery(CaseKind.REPORT, null, null, null, null, null,
        customerId, 1, 20))).getLong("total");
    long anyKindOfTheCustomer = await(fixture.core.cases().list(viewer, new CaseQuery(null, null, null, null, null, null,
        customerId, 1, 20))).getLong("total");
    return List.of(byNumber, byCase, (long) callbacks.size(), byCustomer, anyKindOfTheCustomer);
  }

  @Test
  void whoMayNotSeeTheReporterFindsNothingThroughTheirIdentity() throws Exception {
    assertEquals(List.of(0L, 0L, 0L, 0L, 0L), found(cast.agent()), "another agent");
    assertEquals(List.of(0L, 0L, 0L, 0L, 0L), found(cast.admin()), "an admin");
  }

  @Test
  void theOwnerAndTheLeadersFindTheReport() throws Exception {
    assertEquals(List.of(1L, 1L, 1L, 1L, 1L), found(cast.agent2()), "the owning agent");
    assertEquals(List.of(1L, 1L, 1L, 1L, 1L), found(cast.leader()), "a leader");
    assertEquals(List.of(1L, 1L, 1L, 1L, 1L), found(cast.supervisor()), "the supervision office");
  }

  @Test
  void theCallItselfStaysInTheLogMaskedAndUnlinked() throws Exception {
    JsonObject all = ask(Addresses.CALLS_LIST, cast.agent(), new JsonObject());
    assertEquals(1L, all.getLong("total"));
    JsonObject call = all.getJsonArray("items").getJsonObject(0);
    assertEquals(null, call.getString("callerNumber"));
    assertEquals(null, call.getLong("caseId"));
    assertEquals(true, call.getBoolean("identityMasked"));
    // The recording is the reporter's voice: no link for them either; the owner has it.
    assertFalse(call.containsKey("recordingUrl"), call.encode());
    JsonObject owners = ask(Addresses.CALLS_LIST, cast.agent2(), new JsonObject()).getJsonArray("items").getJsonObject(0);
    assertEquals("https://recordings.example.cn/hotline-report-call.wav?call=report-call", owners.getString("recordingUrl"));
  }
}
