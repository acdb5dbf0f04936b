package hotline.fax;

import static hotline.testing.Waiting.await;
import static hotline.testing.Waiting.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hotline.Addresses;
import hotline.Core;
import hotline.cases.Action;
import hotline.config.Config;
import hotline.forms.FormPdf;
import hotline.telephony.AmiTranscript;
import hotline.telephony.CallbackSettings;
import hotline.telephony.FakeAmiPeer;
import hotline.telephony.TelephonySettings;
import hotline.telephony.TelephonyVerticle;
import hotline.testing.CoreFixture;
import hotline.testing.MutableClock;
import hotline.users.Principal;
import hotline.users.Role;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fax gateway with the real telephony module in front of a fake Asterisk that speaks the recorded AMI: faxes in
 * from the spool (on ReceiveFAX, or found by the scan), faxes out through Originate into the SendFAX context with the
 * dialplan's result event, and fax-to-mail over the bus.
 */
class FaxGatewayTest {

  static final Path RECEIVED = Path.of("../../shared/asterisk/fax/received-g3-fine.tif");

  static CoreFixture fixture;
  static Vertx vertx;
  static Pool pool;
  static Core core;
  static MutableClock clock;
  static FakeAmiPeer peer;
  static FaxGatewayVerticle fax;
  static Principal agent;
  static Principal leader;
  static long unitId;
  static final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

  /** Faxes counted filed from {@code origin} with {@code outcome} so far. */
  static double received(String origin, String outcome) {
    var c = meters.find("hotline.fax.received").tag("origin", origin).tag("outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }

  @TempDir
  static Path spool;

  static List<Row> rows(String sql, Object... args) throws Exception {
    return hotline.testing.Sql.rows(pool, sql, args);
  }

  static long count(String sql, Object... args) {
    return hotline.testing.Sql.count(pool, sql, args);
  }

  @BeforeAll
  static void start() throws Exception {
    FaxFixtures.shared(AmiTranscript.DIR);
    fixture = CoreFixture.builder().poolSize(6).start();
    vertx = fixture.vertx;
    // Measured, as the app's Vert.x is with metrics on: the fax intake's counters are asserted below.
    hotline.metrics.Meters.bind(vertx, meters, hotline.metrics.MetricsSettings.OFF);
    pool = fixture.pool;
    core = fixture.core;
    clock = fixture.clock;
    agent = fixture.person("fax-agent", Role.AGENT);
    leader = fixture.person("fax-leader", Role.LEADER);
    unitId = fixture.unit(new JsonObject().put("name", "专卖科").put("kind", "department")
        .put("contacts", new JsonArray().add(new JsonObject().put("name", "赵科长").put("fax", "0755-66668888"))));

    peer = await(FakeAmiPeer.start(vertx, "hotline", "hotline-secret"));
    int agiPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      agiPort = s.getLocalPort();
    }
    await(vertx.deployVerticle(new TelephonyVerticle(core, new TelephonySettings("127.0.0.1", peer.port(), "hotline",
        "hotline-secret", Set.of("from-pstn"), Set.of("8008064888"), Duration.ofSeconds(2), 20_000),
        CallbackSettings.from(Config.of(Map.of("agi.port", String.valueOf(agiPort), "callbacks.poll-seconds", "3600"))), clock)));
    waitFor("the AMI link", () -> peer.loginCount() > 0);
    Thread.sleep(500);

    Config config = Config.of(Map.of("fax.spool-dir", spool.toString(), "fax.asterisk-spool-dir", "/var/spool/asterisk/fax/hotline",
        "fax.settle-seconds", "0", "fax.scan-seconds", "3600", "fax.send-poll-seconds", "3600",
        // No OCR in these tests: the "awaiting transcription" path, whatever is installed.
        "fax.ocr-command", "hotline-no-such-ocr"));
    fax = new FaxGatewayVerticle(core, config);
    await(vertx.deployVerticle(fax));
    waitFor("this node filing from the spool", () -> fax.filingFromSpool());
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  static JsonObject caseById(long id) throws Exception {
    return await(core.cases().get(leader, id));
  }

  static Row logged(String sourceRef) throws Exception {
    waitFor("fax log of " + sourceRef, () -> count("SELECT count(*) FROM fax_inbound WHERE source_ref = $1", sourceRef) > 0);
    return rows("SELECT * FROM fax_inbound WHERE source_ref = $1 ORDER BY id", sourceRef).get(0);
  }

  @Test
  void aFaxAsteriskReportsBecomesACaseWithItsPagesAndTheSendersNumber() throws Exception {
    FaxFixtures.shared(RECEIVED);
    Principal admin = fixture.admin();
    long customer = await(core.directory().createCustomer(admin, new JsonObject().put("name", "传真客户").put("partyType", "consumer")
        .put("phones", new JsonArray().add("13800138000")))).getLong("id");
    Files.copy(RECEIVED, spool.resolve("in-1795884139.11.tif"));
    AmiTranscript t = AmiTranscript.load("06-fax-send-receive");
    await(peer.replay(t, block -> block.stream().anyMatch(e -> e.getKey().equals("Event") && e.getValue().equals("ReceiveFAX"))));
    Row log = logged("fax:in-1795884139.11.tif");
    assertEquals("event", log.getString("origin"));
    assertEquals("case", log.getString("outcome"), log.getString("note"));
    assertEquals(1, log.getInteger("pages"));
    JsonObject c = caseById(log.getLong("case_id"));
    assertEquals("fax", c.getString("channel"));
    assertEquals(new JsonArray().add("13800138000"), c.getJsonObject("contact").getJsonArray("phones"));
    assertEquals(customer, c.getLong("customerId"), "the sender's number finds the customer");
    assertTrue(c.getString("subject").contains("13800138000"), c.getString("subject"));
    assertTrue(c.getString("content").contains("待转录"), c.getString("content"));
    List<String> names = c.getJsonArray("attachments").stream().map(a -> ((JsonObject) a).getString("name")).toList();
    assertEquals(List.of("in-1795884139.11.tif", "in-1795884139.11.pdf"), names);
    assertEquals("image/tiff", c.getJsonArray("attachments").getJsonObject(0).getString("contentType"));
    // The case page shows the fax's PDF in the page; the TIFF a browser cannot draw stays a download.
    assertEquals(null, c.getJsonArray("attachments").getJsonObject(0).getString("preview"));
    assertEquals("pdf", c.getJsonArray("attachments").getJsonObject(1).getString("preview"));
    waitFor("moved to processed/", () -> Files.exists(spool.resolve("processed/in-1795884139.11.tif")));
    assertFalse(Files.exists(spool.resolve("in-1795884139.11.tif")));
  }

  /** ReceiveFAX as Asterisk 22 sends it for a machine that sets no station id: the caller only in CallerIDNum. */
  static List<Map.Entry<String, String>> receiveFax(String uniqueid, String callerIdNum) {
    return AmiTranscript.block("Event", "ReceiveFAX", "Privilege", "call,all", "Channel", "Local/receive@fax-test-0000000c;2",
        "ChannelState", "6", "ChannelStateDesc", "Up", "CallerIDNum", callerIdNum, "CallerIDName", "", "ConnectedLineNum", "",
        "ConnectedLineName", "", "Language", "en", "AccountCode", "", "Context", "hotline-fax-in", "Exten", "s", "Priority", "4",
        "Uniqueid", uniqueid, "Linkedid", uniqueid, "LocalStationID", "8008064888", "RemoteStationID", "", "PagesTransferred", "1",
        "Resolution", "8031x7700", "TransferRate", "14400", "FileName", "/var/spool/asterisk/fax/hotline/in-" + uniqueid + ".tif");
  }

  /** The dialplan's own word on the same fax (config/asterisk/extensions.conf, hotline-fax-in's h extension). */
  static List<Map.Entry<String, String>> hotlineFax(String uniqueid, String callerId) {
    return AmiTranscript.block("Event", "UserEvent", "Privilege", "user,all", "Channel", "Local/receive@fax-test-0000000c;2",
        "Uniqueid", uniqueid, "UserEvent", "HotlineFax", "Direction", "in", "Status", "SUCCESS", "Error", "", "Pages", "1",
        "RemoteStationID", "", "CallerID", callerId, "File", "/var/spool/asterisk/fax/hotline/in-" + uniqueid + ".tif");
  }

  static JsonArray phonesOfTheFaxCase(String uniqueid) throws Exception {
    Row log = logged("fax:in-" + uniqueid + ".tif");
    return caseById(log.getLong("case_id")).getJsonObject("contact").getJsonArray("phones");
  }

  @Test
  void aRealAsteriskNamesTheSenderInCallerIdNum() throws Exception {
    FaxFixtures.shared(RECEIVED);
    Files.copy(RECEIVED, spool.resolve("in-4000000000.1.tif"));
    await(peer.emit(receiveFax("4000000000.1", "13912345678")));
    // Not the station id the test fax carries in its TIFF (13800138000): the caller Asterisk named.
    assertEquals(new JsonArray().add("13912345678"), phonesOfTheFaxCase("4000000000.1"));
  }

  @Test
  void theTwoEventsOfOneFaxAreMergedWhicheverComesFirst() throws Exception {
    FaxFixtures.shared(RECEIVED);
    Files.copy(RECEIVED, spool.resolve("in-4000000001.1.tif"));
    // In the same millisecond: ReceiveFAX without a number first, the dialplan's event with it second.
    await(io.vertx.core.Future.all(peer.emit(receiveFax("4000000001.1", "<unknown>")),
        peer.emit(hotlineFax("4000000001.1", "13712345678"))));
    assertEquals(new JsonArray().add("13712345678"), phonesOfTheFaxCase("4000000001.1"));
    Files.copy(RECEIVED, spool.resolve("in-4000000002.1.tif"));
    await(io.vertx.core.Future.all(peer.emit(hotlineFax("4000000002.1", "13612345678")),
        peer.emit(receiveFax("4000000002.1", ""))));
    assertEquals(new JsonArray().add("13612345678"), phonesOfTheFaxCase("4000000002.1"));
  }

  @Test
  void aFileWithoutAnEventIsFoundByTheScanAndFiledOnce() throws Exception {
    FaxFixtures.shared(RECEIVED);
    double cases = received("spool", "case");
    double duplicates = received("spool", "duplicate");
    Files.copy(RECEIVED, spool.resolve("in-2000000000.1.tif"));
    await(fax.scanNow());
    Row log = logged("fax:in-2000000000.1.tif");
    waitFor("the fax counted", () -> received("spool", "case") == cases + 1);
    assertEquals("spool", log.getString("origin"));
    assertEquals("case", log.getString("outcome"));
    // No event, so no caller number: the station id the fax machine sent (spandsp writes it into the TIFF) stands in.
    assertEquals(new JsonArray().add("13800138000"), caseById(log.getLong("case_id")).getJsonObject("contact").getJsonArray("phones"));
    // The event arrives late: the file is gone, nothing more is filed.
    await(peer.emit(AmiTranscript.block("Event", "ReceiveFAX", "Privilege", "call,all", "Channel", "Local/receive@fax-test-00000009;2",
        "CallerIDNum", "13800138000", "Uniqueid", "2000000000.1", "Linkedid", "2000000000.0", "LocalStationID", "8008064888",
        "RemoteStationID", "13800138000", "PagesTransferred", "1", "Resolution", "8031x7700", "TransferRate", "14400",
        "FileName", "/var/spool/asterisk/fax/hotline/in-2000000000.1.tif")));
    // The same file back in the spool (a restore, a crash before the move): found by its name, no second case.
    Files.copy(RECEIVED, spool.resolve("in-2000000000.1.tif"));
    await(fax.scanNow());
    waitFor("the repeat logged", () -> count("SELECT count(*) FROM fax_inbound WHERE source_ref = 'fax:in-2000000000.1.tif'") == 2);
    assertEquals("duplicate", rows("SELECT outcome FROM fax_inbound WHERE source_ref = 'fax:in-2000000000.1.tif' ORDER BY id DESC")
        .get(0).getString(0));
    assertEquals(1, count("SELECT count(*) FROM cases WHERE source_ref = 'fax:in-2000000000.1.tif'"));
    waitFor("the repeat counted as a duplicate", () -> received("spool", "duplicate") == duplicates + 1);
    assertEquals(cases + 1, received("spool", "case"));
  }

  @Test
  void aBrokenFileIsStillACaseWithTheOriginalAndANote() throws Exception {
    Files.write(spool.resolve("in-3000000000.1.tif"), "II*\0garbage that is not a TIFF at all".getBytes());
    await(fax.scanNow());
    Row log = logged("fax:in-3000000000.1.tif");
    assertEquals("case", log.getString("outcome"));
    JsonObject c = caseById(log.getLong("case_id"));
    assertTrue(c.getString("content").contains("传真文件无法转换"), c.getString("content"));
    assertEquals(1, c.getJsonArray("attachments").size(), "the original, and no PDF");
  }

  @Test
  void aFaxToMailPdfBecomesAFaxCaseWithItsText() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
        cs.newLineAtOffset(72, 700);
        cs.showText("Complaint by fax: counterfeit cigarettes at shop 12");
        cs.endText();
      }
      doc.save(out);
    }
    JsonObject request = new JsonObject().put("sourceRef", "mail:fax-77@faxgw.example.cn").put("from", "fax@faxgw.example.cn")
        .put("subject", "Fax from 0755 2666 0000").put("text", "")
        .put("attachments", new JsonArray().add(new JsonObject().put("name", "fax-77.pdf").put("contentType", "application/pdf")
            .put("data", Base64.getEncoder().encodeToString(out.toByteArray())))
            .add(new JsonObject().put("name", "fax-77-p2.tif").put("contentType", "image/tiff")
                .put("data", Base64.getEncoder().encodeToString(FaxFixtures.faxTiff(FaxFixtures.Ccitt.G4, 1, 204, 196)))));
    JsonObject reply = await(vertx.eventBus().<JsonObject>request(Addresses.FAX_FROM_MAIL, request)).body();
    JsonObject c = caseById(reply.getLong("caseId"));
    assertEquals("fax", c.getString("channel"));
    assertTrue(c.getString("content").contains("counterfeit cigarettes at shop 12"), c.getString("content"));
    assertEquals(new JsonArray().add("0755 2666 0000"), c.getJsonObject("contact").getJsonArray("phones"));
    List<String> names = c.getJsonArray("attachments").stream().map(a -> ((JsonObject) a).getString("name")).toList();
    assertEquals(List.of("fax-77.pdf", "fax-77-p2.tif"), names, "a PDF original needs no second PDF; the other page as it came");
    assertEquals("mail", logged("mail:fax-77@faxgw.example.cn").getString("origin"));
  }

  @Test
  void aFaxToMailWithoutAttachmentsIsRefused() throws Exception {
    JsonObject request = new JsonObject().put("sourceRef", "mail:fax-78@faxgw.example.cn").put("subject", "Fax from 0755 2666 0001")
        .put("attachments", new JsonArray());
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> await(vertx.eventBus().<JsonObject>request(Addresses.FAX_FROM_MAIL, request)));
    ReplyException reply = assertInstanceOf(ReplyException.class, e.getCause());
    assertEquals(422, reply.failureCode());
    // The bus convention: the refusal itself, as JSON.
    assertEquals(hotline.errors.ErrorCode.UNPROCESSABLE, hotline.errors.HotlineException.fromJson(reply.getMessage()).code());
  }

  @Test
  void aFaxToMailWithMoreFilesThanACaseHoldsLeavesTheRestInTheMailboxAndSaysSo() throws Exception {
    JsonArray files = new JsonArray().add(new JsonObject().put("name", "fax-79.tif").put("contentType", "image/tiff")
        .put("data", Base64.getEncoder().encodeToString(FaxFixtures.faxTiff(FaxFixtures.Ccitt.G4, 1, 204, 196))));
    for (int i = 2; i <= 20; i++) {
      files.add(new JsonObject().put("name", "fax-79-p" + i + ".txt").put("contentType", "text/plain")
          .put("data", Base64.getEncoder().encodeToString(("page " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }
    JsonObject request = new JsonObject().put("sourceRef", "mail:fax-79@faxgw.example.cn").put("subject", "Fax from 0755 2666 0002")
        .put("attachments", files);
    JsonObject reply = await(vertx.eventBus().<JsonObject>request(Addresses.FAX_FROM_MAIL, request)).body();
    JsonObject c = caseById(reply.getLong("caseId"));
    assertEquals(c.getString("number"), reply.getString("number"));
    assertEquals(20, c.getJsonArray("attachments").size(), "the original, its PDF and 18 of the other 19 files");
    assertTrue(c.getString("content").contains("邮件中另有附件未存入工单（fax-79-p20.txt），保存在邮箱中。"), c.getString("content"));
  }

  @Test
  void anImageOnlyFaxIsReadByOcrMarkedAsSuchAndFoundBySearch() throws Exception {
    Ocr ocr = new Ocr("tesseract", "chi_sim+eng", Duration.ofSeconds(120));
    assumeTrue(ocr.available(), "tesseract-ocr with chi_sim not installed; skipped");
    Principal gateway = await(core.users().gatewayAccount(FaxGatewayVerticle.ACCOUNT, "传真网关"));
    io.vertx.core.WorkerExecutor workers = vertx.createSharedWorkerExecutor("test-fax-ocr", 1);
    try {
      FaxIntake intake = new FaxIntake(core, gateway, new FaxDocuments(FaxLimits.DEFAULT), ocr, workers);
      byte[] tiff = FaxFixtures.faxTiff(FaxFixtures.Ccitt.G4, 1, 204, 196);
      JsonObject filed = await(intake.file(new FaxIntake.Received("fax:ocr-1.tif", "spool", "ocr-1.tif", tiff, "13800138000", null, null)));
      JsonObject c = caseById(filed.getLong("id"));
      assertTrue(c.getString("content").startsWith("【OCR 识别文字"), c.getString("content"));
      assertTrue(c.getString("content").contains("12345"), c.getString("content"));
      JsonObject found = await(core.cases().list(leader, new hotline.cases.CaseQuery(null, null, null, null, null, "12345", null, 1, 20)));
      assertTrue(found.getJsonArray("items").stream().anyMatch(i -> ((JsonObject) i).getLong("id").equals(filed.getLong("id"))),
          found::encode);
    } finally {
      workers.close();
    }
  }

  static JsonObject dispatchedByFax(String subject) throws Exception {
    long id = await(core.cases().create(agent, hotline.cases.Intake.of(hotline.cases.CaseKind.COMPLAINT, hotline.cases.Channel.PHONE, "无证经营。").withSubject(subject)
        .withContact(new hotline.cases.Intake.Contact("钱七", java.util.List.of("13700137000"), null, null)))).getLong("id");
    await(core.cases().transition(agent, id, Action.SUBMIT, new JsonObject()));
    await(core.cases().transition(leader, id, Action.INSTRUCT, new JsonObject().put("instruction", "请专卖科查处")));
    await(core.cases().transition(agent, id, Action.DISPATCH, new JsonObject().put("unitId", unitId).put("method", "fax")));
    return await(core.cases().get(agent, id));
  }

  @Test
  void aDispatchByFaxGoesOutThroughSendFaxAndItsResultIsRecorded() throws Exception {
    FormPdf font = new FormPdf(Path.of(FormPdf.DEFAULT_FONT));
    assumeTrue(font.available(), "the CJK font is missing (fonts-wqy-zenhei): the form cannot be rendered; skipped");
    JsonObject c = dispatchedByFax("传真派单");
    long outboxId = rows("SELECT id FROM outbox WHERE case_id = $1", c.getLong("id")).get(0).getLong(0);
    int before = peer.received("Originate").size();
    assertEquals(1, (int) await(fax.tickNow()));
    Path tiff = spool.resolve("out/fax-" + outboxId + ".tif");
    assertTrue(Files.exists(tiff));
    assertTrue(new FaxDocuments(FaxLimits.DEFAULT).pageCount(Files.readAllBytes(tiff)) >= 1);
    waitFor("the Originate", () -> peer.received("Originate").size() > before);
    Map<String, String> originate = peer.received("Originate").get(peer.received("Originate").size() - 1);
    assertEquals("Local/075566668888@hotline-outbound", originate.get("channel"));
    assertEquals("hotline-fax-send", originate.get("context"));
    String vars = originate.get("variable");
    assertTrue(vars.contains("HOTLINE_FAX_FILE=/var/spool/asterisk/fax/hotline/out/fax-" + outboxId + ".tif"), vars);
    assertTrue(vars.contains("HOTLINE_FAX_JOB=" + outboxId), vars);

    await(peer.emit(AmiTranscript.block("Event", "UserEvent", "Privilege", "user,all", "Channel", "Local/075566668888@hotline-outbound-0000000a;1",
        "Uniqueid", "1795890000.20", "UserEvent", "HotlineFax", "Direction", "out", "Job", String.valueOf(outboxId),
        "Status", "SUCCESS", "Error", "", "Pages", "1", "RemoteStationID", "075566668888",
        "File", "/var/spool/asterisk/fax/hotline/out/fax-" + outboxId + ".tif")));
    waitFor("the fax recorded as sent", () -> "sent".equals(status(outboxId)));
    JsonObject after = caseById(c.getLong("id"));
    JsonObject delivery = after.getJsonObject("currentDispatch").getJsonObject("delivery");
    assertEquals("sent", delivery.getString("status"));
    assertNotNull(delivery.getString("deliveredAt"));
    assertEquals(1, delivery.getJsonObject("detail").getInteger("pages"));
    waitFor("the sent TIFF removed from the spool", () -> !Files.exists(tiff));
    assertEquals("075566668888", delivery.getJsonObject("detail").getString("remoteStationId"));
    assertEquals("dispatched", after.getString("status"), "delivered is not received: the unit still confirms");

    // A failed fax is tried again later.
    JsonObject second = dispatchedByFax("传真失败");
    long secondId = rows("SELECT id FROM outbox WHERE case_id = $1", second.getLong("id")).get(0).getLong(0);
    assertEquals(1, (int) await(fax.tickNow()));
    await(peer.emit(AmiTranscript.block("Event", "UserEvent", "Privilege", "user,all", "Channel", "Local/075566668888@hotline-outbound-0000000b;1",
        "Uniqueid", "1795890000.21", "UserEvent", "HotlineFax", "Direction", "out", "Job", String.valueOf(secondId),
        "Status", "FAILED", "Error", "NO_CARRIER", "Pages", "0", "RemoteStationID", "", "File", "")));
    waitFor("the failure recorded", () -> "pending".equals(status(secondId)));
    Row row = rows("SELECT attempts, last_error FROM outbox WHERE id = $1", secondId).get(0);
    assertEquals(1, row.getInteger("attempts"));
    assertTrue(row.getString("last_error").contains("NO_CARRIER"), row.getString("last_error"));
  }

  @Test
  void aReminderByFaxGoesOutAsItsSheet() throws Exception {
    FormPdf font = new FormPdf(Path.of(FormPdf.DEFAULT_FONT));
    assumeTrue(font.available(), "the CJK font is missing (fonts-wqy-zenhei): the sheet cannot be rendered; skipped");
    JsonObject c = dispatchedByFax("传真催办");
    await(fax.tickNow());
    hotline.supervision.Reminders reminders = new hotline.supervision.Reminders(vertx, pool, clock, core.calendar(), core.cases());
    JsonObject sent = await(reminders.send(leader, c.getLong("id"), "fax"));
    long outboxId = sent.getLong("outboxId");
    assertEquals("075566668888", sent.getString("recipient").replaceAll("[^0-9]", ""));
    int before = peer.received("Originate").size();
    assertTrue(await(fax.tickNow()) >= 1);
    Path tiff = spool.resolve("out/fax-" + outboxId + ".tif");
    assertTrue(Files.exists(tiff), "the reminder sheet rendered for fax");
    assertTrue(new FaxDocuments(FaxLimits.DEFAULT).pageCount(Files.readAllBytes(tiff)) >= 1);
    waitFor("the Originate", () -> peer.received("Originate").stream().skip(before)
        .anyMatch(o -> o.get("variable").contains("HOTLINE_FAX_JOB=" + outboxId)));
    await(peer.emit(AmiTranscript.block("Event", "UserEvent", "Privilege", "user,all", "Channel", "Local/075566668888@hotline-outbound-0000000c;1",
        "Uniqueid", "1795890000.22", "UserEvent", "HotlineFax", "Direction", "out", "Job", String.valueOf(outboxId),
        "Status", "SUCCESS", "Error", "", "Pages", "1", "RemoteStationID", "075566668888",
        "File", "/var/spool/asterisk/fax/hotline/out/fax-" + outboxId + ".tif")));
    waitFor("the reminder recorded as sent", () -> "sent".equals(status(outboxId)));
    // The sheet names the case, its deadline and the reminder's title.
    hotline.forms.RecordForm sheet = FaxOutbound.reminderSheet(await(core.outbox().row(outboxId)));
    assertEquals("督办通知单", sheet.title());
    assertEquals(c.getString("number"), sheet.number());
    assertTrue(sheet.text().contains("办理期限"), sheet.text());
    assertTrue(caseById(c.getLong("id")).getJsonArray("timeline").stream()
        .anyMatch(e -> "remind".equals(((JsonObject) e).getString("action"))), "the reminder is on the timeline");
  }

  static String status(long outboxId) {
    try {
      return rows("SELECT status FROM outbox WHERE id = $1", outboxId).get(0).getString(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
