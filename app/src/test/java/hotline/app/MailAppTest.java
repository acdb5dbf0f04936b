package hotline.app;

import static hotline.testing.Waiting.await;
import static hotline.testing.Waiting.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import hotline.config.Config;
import hotline.testing.CoreFixture;
import hotline.testing.PgTestSupport;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole process with its mail gateway switched on by configuration alone: a mail to the hotline becomes a case
 * an agent takes over HTTP; the case is dispatched by mail; the unit's reply confirms receipt.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MailAppTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String HOTLINE = "hotline@centre.example.cn";

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private int port;

  private JsonObject call(String method, String path, String token, JsonObject body, int expected) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(expected, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  private String person(String admin, String name, String role) throws Exception {
    call("POST", "/api/users", admin, new JsonObject().put("username", name).put("password", CoreFixture.password(name))
        .put("roles", new JsonArray().add(role)), 201);
    return call("POST", "/api/session", null, new JsonObject().put("username", name).put("password", CoreFixture.password(name)), 200)
        .getString("token");
  }

  @Test
  void aMailIsTakenDispatchedByMailAndTheUnitsReplyConfirmsReceipt() throws Exception {
    int imapPort = freePort();
    int smtpPort = freePort();
    GreenMail imap = new GreenMail(new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
    GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    imap.start();
    smtp.start();
    GreenMailUser box = imap.setUser(HOTLINE, "hotline", "secret");
    smtp.setUser(HOTLINE, "hotline", "secret");
    PgConnectOptions db = PgTestSupport.freshDatabase();
    Map<String, String> values = new HashMap<>(Map.of("http.port", "0", "http.host", "127.0.0.1",
        "calendar.dir", "../config/calendar", "admin.password", "first-start-pw",
        "database.url", "postgresql://" + db.getUser() + ":" + db.getPassword() + "@" + db.getHost() + ":" + db.getPort() + "/"
            + db.getDatabase()));
    // As an operator would set them: HOTLINE_MAIL_*.
    Map<String, String> env = Map.of("HOTLINE_MAIL_IMAP_HOST", "127.0.0.1", "HOTLINE_MAIL_IMAP_PORT", String.valueOf(imapPort),
        "HOTLINE_MAIL_SMTP_HOST", "127.0.0.1", "HOTLINE_MAIL_SMTP_PORT", String.valueOf(smtpPort), "HOTLINE_MAIL_SECURITY", "none",
        "HOTLINE_MAIL_USERNAME", "hotline", "HOTLINE_MAIL_PASSWORD", "secret", "HOTLINE_MAIL_ADDRESS", HOTLINE,
        "HOTLINE_MAIL_SEND_POLL_SECONDS", "1", "HOTLINE_MAIL_POLL_SECONDS", "1");
    // Measured (a scrape token): mail intake's counters are read at the end.
    values.put("metrics.token", "mail-test-scrape-token");
    Vertx vertx = HotlineVertx.create(Config.of(values), new io.vertx.core.VertxOptions());
    try {
      Hotline h = await(new Hotline(vertx, Config.of(values).withEnv(env)).start());
      port = h.httpPort();
      String admin = call("POST", "/api/session", null,
          new JsonObject().put("username", "admin").put("password", "first-start-pw"), 200).getString("token");
      String agent = person(admin, "agent1", "agent");
      String leader = person(admin, "leader1", "leader");
      long unit = call("POST", "/api/units", admin, new JsonObject().put("name", "物流中心").put("kind", "department")
          .put("contacts", new JsonArray().add(new JsonObject().put("name", "刘主任").put("email", "liu@logistics.example.cn"))), 201)
          .getLong("id");

      String raw = "Message-ID: <e2e-1@example.cn>\r\nFrom: citizen@example.cn\r\nTo: " + HOTLINE + "\r\n"
          + "Subject: =?UTF-8?B?" + Base64.getEncoder().encodeToString("投诉配送延误".getBytes(StandardCharsets.UTF_8)) + "?=\r\n"
          + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
          + Base64.getMimeEncoder().encodeToString("卷烟配送一再延误。".getBytes(StandardCharsets.UTF_8)) + "\r\n";
      imap.getManagers().getImapHostManager().getInbox(box).appendMessage(
          new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))),
          new Flags(), new Date());

      JsonObject[] filed = new JsonObject[1];
      waitFor("the mail filed", () -> {
        JsonArray items = call("GET", "/api/cases?channel=email", agent, null, 200).getJsonArray("items");
        filed[0] = items.isEmpty() ? null : items.getJsonObject(0);
        return filed[0] != null;
      });
      long id = filed[0].getLong("id");
      assertEquals("投诉配送延误", filed[0].getString("subject"));
      // The case commits first; the message is moved (and counted) right after.
      waitFor("the message counted as processed", () -> {
        JsonObject mail = call("GET", "/health", null, null, 200).getJsonObject("mail");
        return mail.getBoolean("enabled") && mail.getJsonObject("inbound").getLong("processed") >= 1;
      });

      call("POST", "/api/cases/" + id + "/take", agent, null, 200);
      call("POST", "/api/cases/" + id + "/submit", agent, new JsonObject(), 200);
      call("POST", "/api/cases/" + id + "/instruct", leader, new JsonObject().put("instruction", "请物流中心核实"), 200);
      call("POST", "/api/cases/" + id + "/dispatch", agent, new JsonObject().put("unitId", unit).put("method", "email"), 200);

      waitFor("the dispatch mail and the acknowledgement", () -> smtp.getReceivedMessages().length >= 2);
      MimeMessage dispatch = null;
      for (MimeMessage m : smtp.getReceivedMessages()) {
        if (m.getSubject().contains("派单")) {
          dispatch = m;
        }
      }
      assertTrue(dispatch != null, "a dispatch mail");
      String reply = "Message-ID: <e2e-reply@logistics.example.cn>\r\nFrom: liu@logistics.example.cn\r\nTo: " + HOTLINE + "\r\n"
          + "In-Reply-To: " + dispatch.getMessageID() + "\r\nSubject: Re: dispatch\r\n"
          + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
          + Base64.getMimeEncoder().encodeToString("已收到。".getBytes(StandardCharsets.UTF_8)) + "\r\n";
      imap.getManagers().getImapHostManager().getInbox(box).appendMessage(
          new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(reply.getBytes(StandardCharsets.US_ASCII))),
          new Flags(), new Date());
      waitFor("receipt by reply",
          () -> "receipt_confirmed".equals(call("GET", "/api/cases/" + id, agent, null, 200).getString("status")));
      // The mail log: the supervision office and leaders see what became of each message, without who sent it.
      waitFor("the reply logged", () -> call("GET", "/api/mail/messages", leader, null, 200).getLong("total") >= 2);
      JsonArray log = call("GET", "/api/mail/messages?outcome=receipt", leader, null, 200).getJsonArray("items");
      assertEquals(1, log.size());
      assertEquals("mail:e2e-reply@logistics.example.cn", log.getJsonObject(0).getString("messageKey"));
      assertEquals(filed[0].getString("number"), log.getJsonObject(0).getString("number"));
      JsonObject first = call("GET", "/api/mail/messages?outcome=case", leader, null, 200).getJsonArray("items").getJsonObject(0);
      assertTrue(!first.encode().contains("citizen@example.cn"), first.encode());
      call("GET", "/api/mail/messages", agent, null, 403);
      call("GET", "/api/mail/messages?outcome=lost", leader, null, 400);
      // Mail intake as Prometheus sees it: two messages read (a case, a receipt), one case made, none refused.
      var meters = hotline.metrics.Meters.of(vertx);
      assertEquals(1.0, meters.get("hotline.mail.messages.read").tag("outcome", "case").counter().count());
      assertEquals(1.0, meters.get("hotline.mail.messages.read").tag("outcome", "receipt").counter().count());
      assertEquals(1.0, meters.get("hotline.mail.cases.created").counter().count());
      assertTrue(meters.find("hotline.mail.rejected").counters().isEmpty(), "nothing quarantined");
      await(h.stop());
    } finally {
      await(vertx.close());
      smtp.stop();
      imap.stop();
    }
  }
}
