package hotline.telephony;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.calls.CallDisposition;
import hotline.directory.PhoneNumbers;
import hotline.testing.CoreFixture;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The call log's store on a real PostgreSQL: the disposition each write leaves on the row. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class CallLogTest {

  static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");

  static CoreFixture fixture;
  static Pool pool;
  static CallLog log;

  @BeforeAll
  static void start() throws Exception {
    fixture = CoreFixture.builder().poolSize(2).start();
    pool = fixture.pool;
    log = new CallLog(pool, new PhoneNumbers("CN", ""), () -> ZoneId.of("Asia/Shanghai"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  static CallState call(String linkedid) {
    CallState c = new CallState(linkedid, linkedid + "u", "inbound", T0);
    c.callerRaw = "13800138000";
    return c;
  }

  static String disposition(String linkedid) throws Exception {
    Row r = await(pool.preparedQuery("SELECT disposition FROM calls WHERE linkedid = $1").execute(Tuple.of(linkedid)))
        .iterator().next();
    return r.getString("disposition");
  }

  @Test
  void aCallUpHasWhatIsKnownSoFarAndAnEndedCallItsFinalDisposition() throws Exception {
    CallState c = call("log-1");
    await(log.save(c));
    assertEquals(null, disposition("log-1"));
    c.disposition = CallDisposition.BUSY;
    await(log.save(c));
    assertEquals("busy", disposition("log-1"));
    c.queue = "hotline";
    c.disposition = null;
    c.endedAt = T0.plusSeconds(9);
    await(log.save(c));
    assertEquals("abandoned", disposition("log-1"));
  }

  @Test
  void whatAsteriskSendsIsStoredAsCleanBoundedTextAndTheCallIsNotLost() throws Exception {
    // A caller ID may carry any byte: a NUL (which PostgreSQL cannot store), a broken UTF-16 half, control characters.
    CallState c = call("log-dirty");
    c.callerRaw = "138\u00000013\ud8008000";
    c.channel = "SIP/trunk-0001\r\nEvil: yes";
    c.queue = "hotline\u0007";
    c.recording = "/var/spool/asterisk/monitor/" + "x".repeat(5000);
    await(log.save(c));
    Row r = await(pool.preparedQuery("SELECT caller_raw, caller_normalized, channel, queue, recording FROM calls WHERE linkedid = $1")
        .execute(Tuple.of("log-dirty"))).iterator().next();
    assertEquals("1380013\uFFFD8000", r.getString("caller_raw"));
    assertEquals("SIP/trunk-0001  Evil: yes", r.getString("channel"));
    assertEquals("hotline ", r.getString("queue"));
    assertEquals(AmiText.MAX, r.getString("recording").length());
    assertTrue(r.getString("recording").endsWith("…"));
  }

  @Test
  void callsThatEndedWhileTheLinkWasDownAreClosedWithTheSameRuleAsTheTracker() throws Exception {
    CallState answered = call("log-answered");
    answered.answeredAt = T0.plusSeconds(2);
    CallState queued = call("log-queued");
    queued.queue = "hotline";
    CallState rang = call("log-rang");
    CallState busy = call("log-busy");
    busy.disposition = CallDisposition.BUSY;
    for (CallState c : List.of(answered, queued, rang, busy)) {
      await(log.save(c));
    }
    assertTrue(await(log.openLinkedids()).containsAll(List.of("log-answered", "log-queued", "log-rang", "log-busy")));

    assertEquals(4, await(log.closeUnknown(List.of("log-answered", "log-queued", "log-rang", "log-busy"), T0.plusSeconds(60))));
    assertEquals("answered", disposition("log-answered"));
    assertEquals("abandoned", disposition("log-queued"));
    assertEquals("no_answer", disposition("log-rang"));
    assertEquals("busy", disposition("log-busy"));
    assertEquals(0, await(log.closeUnknown(List.of("log-answered"), T0.plusSeconds(61))), "closed once");
  }

  @Test
  void aRecordingLinkIsTheTemplateWithTheFileNameAndIdsEncodedAndNoneWithoutATemplate() {
    String template = "https://rec.example.cn/play?f={file}&l={linkedid}&u={uniqueid}";
    assertEquals("https://rec.example.cn/play?f=hotline-1733.7.wav&l=1733.5&u=1733.7",
        CallLog.recordingUrl(template, "1733.5", "1733.7", "/var/spool/asterisk/monitor/hotline-1733.7.wav"));
    assertEquals("https://rec.example.cn/play?f=a%20b%26c.wav&l=x&u=",
        CallLog.recordingUrl(template, "x", null, "a b&c.wav"));
    assertEquals(null, CallLog.recordingUrl(null, "1", "1", "hotline-1.wav"), "no template");
    assertEquals(null, CallLog.recordingUrl(template, "1", "1", null), "no recording");
    assertEquals(null, CallLog.recordingUrl(template, "1", "1", "/var/spool/" + "x".repeat(20) + "…"), "a name cut short");
  }
}
