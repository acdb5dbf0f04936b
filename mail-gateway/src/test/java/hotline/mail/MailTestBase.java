package hotline.mail;

import static hotline.testing.Waiting.await;
import static hotline.testing.Waiting.waitFor;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import hotline.Core;
import hotline.config.Config;
import hotline.forms.FormPdf;
import hotline.testing.CoreFixture;
import hotline.testing.MutableClock;
import hotline.users.Principal;
import hotline.users.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The mail gateway against real servers: GreenMail's IMAP holds the hotline's mailbox, a second GreenMail takes
 * what the gateway sends over SMTP (so a test can stop and start it); the case core runs on a fresh embedded
 * PostgreSQL database per class, with a clock the test moves ({@link CoreFixture}).
 */
abstract class MailTestBase {

  static final String HOTLINE = "hotline@centre.example.cn";
  static final Instant START = CoreFixture.START;

  static CoreFixture fixture;
  static Vertx vertx;
  static Pool pool;
  static Core core;
  static MutableClock clock;
  static GreenMail imap;
  static GreenMail smtp;
  static int imapPort;
  static int smtpPort;
  static GreenMailUser mailbox;
  static Principal admin;
  static Principal agent;
  static Principal leader;
  static long unitId;
  static final String UNIT_HEAD = "head@baoan.example.cn";

  MailGatewayVerticle gateway;
  String deployment;

  @BeforeAll
  static void start() throws Exception {
    fixture = CoreFixture.start();
    vertx = fixture.vertx;
    pool = fixture.pool;
    core = fixture.core;
    clock = fixture.clock;
    admin = fixture.admin();
    imapPort = freePort();
    smtpPort = freePort();
    imap = new GreenMail(new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
    imap.start();
    mailbox = imap.setUser(HOTLINE, "hotline", "secret");
    smtp = startSmtp();
    agent = fixture.person("mail-agent", Role.AGENT);
    leader = fixture.person("mail-leader", Role.LEADER);
    unitId = fixture.unit(new JsonObject().put("name", "宝安区局").put("kind", "county_bureau")
        .put("contacts", new JsonArray().add(new JsonObject().put("name", "王主任").put("email", "Head@BaoAn.example.cn")
            .put("fax", "0755-66668888"))));
  }

  static GreenMail startSmtp() {
    GreenMail g = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    g.start();
    g.setUser(HOTLINE, "hotline", "secret");
    return g;
  }

  @AfterEach
  void undeploy() throws Exception {
    if (deployment != null) {
      await(vertx.undeploy(deployment));
      deployment = null;
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (smtp != null) {
      smtp.stop();
    }
    if (imap != null) {
      imap.stop();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  static Map<String, String> settings() {
    Map<String, String> m = new HashMap<>();
    m.put("mail.imap-host", "127.0.0.1");
    m.put("mail.imap-port", String.valueOf(imapPort));
    m.put("mail.smtp-host", "127.0.0.1");
    m.put("mail.smtp-port", String.valueOf(smtpPort));
    m.put("mail.security", "none");
    m.put("mail.username", "hotline");
    m.put("mail.password", "secret");
    m.put("mail.address", HOTLINE);
    m.put("mail.poll-seconds", "1");
    m.put("mail.idle-minutes", "1");
    // The tests send when they say so.
    m.put("mail.send-poll-seconds", "3600");
    m.put("mail.letter-senders", "scanner@centre.example.cn");
    m.put("mail.fax-senders", "fax-gateway@centre.example.cn");
    m.put("mail.leader-retry-seconds", "1");
    return m;
  }

  void deploy(Map<String, String> overrides) throws Exception {
    Map<String, String> m = settings();
    m.putAll(overrides);
    gateway = new MailGatewayVerticle(core, MailSettings.from(Config.of(m)), new FormPdf(Path.of(FormPdf.DEFAULT_FONT)));
    deployment = await(vertx.deployVerticle(gateway));
  }

  void deploy() throws Exception {
    deploy(Map.of());
  }

  /** Puts a message as raw bytes into the hotline's inbox, as a mail server would after delivery. */
  static void arrive(byte[] raw) throws Exception {
    arrive(raw, new Date());
  }

  /** Puts a message into the inbox as having arrived at {@code at} (its INTERNALDATE). */
  static void arrive(byte[] raw, Date at) throws Exception {
    MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    imap.getManagers().getImapHostManager().getInbox(mailbox).appendMessage(m, new Flags(), at);
  }

  static void arrive(String raw) throws Exception {
    arrive(raw.getBytes(StandardCharsets.UTF_8));
  }

  static int folderSize(String name) throws Exception {
    var folder = imap.getManagers().getImapHostManager().getFolder(mailbox, name);
    return folder == null ? 0 : folder.getMessageCount();
  }

  /** Rows of a query, for assertions. */
  static List<Row> rows(String sql, Object... args) throws Exception {
    return hotline.testing.Sql.rows(pool, sql, args);
  }

  static long count(String sql, Object... args) {
    return hotline.testing.Sql.count(pool, sql, args);
  }

  /** The outcome the mail log holds for a message key, once there is one. */
  static Row logged(String messageKey) throws Exception {
    waitFor("mail log of " + messageKey, () -> count("SELECT count(*) FROM mail_inbound WHERE message_key = $1", messageKey) > 0);
    return rows("SELECT * FROM mail_inbound WHERE message_key = $1 ORDER BY id DESC", messageKey).get(0);
  }

  static JsonObject caseById(long id) throws Exception {
    return await(core.cases().get(leader, id));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /** A plain mail from someone, as raw RFC 5322 text (UTF-8 body). */
  static String plain(String messageId, String from, String subject, String body) {
    return "Message-ID: <" + messageId + ">\r\n"
        + "From: " + from + "\r\n"
        + "To: " + HOTLINE + "\r\n"
        + "Subject: " + jakartaEncode(subject) + "\r\n"
        + "Date: Thu, 12 Feb 2026 09:30:00 +0800\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=UTF-8\r\n"
        + "Content-Transfer-Encoding: base64\r\n\r\n"
        + java.util.Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) + "\r\n";
  }

  static String jakartaEncode(String s) {
    try {
      return jakarta.mail.internet.MimeUtility.encodeText(s, "UTF-8", "B");
    } catch (java.io.UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
