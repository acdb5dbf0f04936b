package hotline.mail;

import hotline.cases.CaseKind;
import hotline.config.Config;
import hotline.outbox.Outbox;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The mail gateway's configuration ({@code mail.*}), read once. */
record MailSettings(String imapHost, int imapPort, String smtpHost, int smtpPort, Security security, String username,
    String password, String address, String fromName, String sslTrust, String inboxFolder, String processedFolder,
    String quarantineFolder, boolean idle, Duration idleRefresh, Duration pollEvery, int batch, Duration connectTimeout,
    Duration readTimeout, long maxMessageBytes, List<String> letterSenders,
    List<String> letterAddresses, List<String> faxSenders, Map<String, CaseKind> kindKeywords, boolean acknowledge,
    String feedbackKeyword, int sendBatch, Duration sendPollEvery, Outbox.Retry retry, Duration staleAfter,
    Duration leaderRetry) {

  enum Security { NONE, STARTTLS, TLS }

  static MailSettings from(Config c) {
    Security security = switch (c.string("mail.security", "tls").strip().toLowerCase(Locale.ROOT)) {
      case "none" -> Security.NONE;
      case "starttls" -> Security.STARTTLS;
      case "tls", "ssl" -> Security.TLS;
      default -> throw new IllegalArgumentException("configuration mail.security (HOTLINE_MAIL_SECURITY) must be none, "
          + "starttls or tls, not '" + c.string("mail.security", "") + "'");
    };
    Map<String, CaseKind> keywords = new LinkedHashMap<>();
    Map<CaseKind, String> defaults = Map.of(CaseKind.REPORT, "举报", CaseKind.INQUIRY, "咨询", CaseKind.SUGGESTION, "建议");
    for (CaseKind k : List.of(CaseKind.REPORT, CaseKind.INQUIRY, CaseKind.SUGGESTION)) {
      String word = c.string("mail.kind-keywords." + k.name().toLowerCase(Locale.ROOT), defaults.get(k));
      if (!word.isBlank()) {
        keywords.put(word.strip(), k);
      }
    }
    String address = c.string("mail.address", "").strip();
    return new MailSettings(c.string("mail.imap-host", "").strip(), c.integer("mail.imap-port", 993),
        c.string("mail.smtp-host", "").strip(), c.integer("mail.smtp-port", 465), security,
        c.string("mail.username", ""), c.string("mail.password", ""), address,
        c.string("mail.from-name", "监督热线"), c.string("mail.ssl-trust", "").strip(),
        c.string("mail.folders.inbox", "INBOX"), folder(c, "mail.folders.processed", "Processed"),
        folder(c, "mail.folders.quarantine", "Quarantine"), c.bool("mail.idle", true),
        Duration.ofMinutes(c.integer("mail.idle-minutes", 9)), Duration.ofSeconds(c.integer("mail.poll-seconds", 30)),
        c.integer("mail.batch", 500), Duration.ofSeconds(c.integer("mail.connect-timeout-seconds", 15)),
        Duration.ofSeconds(c.integer("mail.read-timeout-seconds", 60)), c.longValue("mail.max-message-bytes", 50L << 20),
        list(c, "mail.letter-senders"), list(c, "mail.letter-addresses"), list(c, "mail.fax-senders"), Map.copyOf(keywords),
        c.bool("mail.acknowledge", true), c.string("mail.feedback-keyword", "反馈").strip(), c.integer("mail.send-batch", 20),
        Duration.ofSeconds(c.integer("mail.send-poll-seconds", 5)),
        new Outbox.Retry(c.integer("mail.max-attempts", 8), Duration.ofMinutes(c.integer("mail.retry-first-minutes", 1)),
            Duration.ofMinutes(c.integer("mail.retry-max-minutes", 60))),
        Duration.ofMinutes(c.integer("mail.stale-minutes", 10)),
        Duration.ofSeconds(c.integer("mail.leader-retry-seconds", 10)));
  }

  /** A folder name; "none" means the message stays in the inbox, flagged seen. */
  private static String folder(Config c, String key, String defaultName) {
    String v = c.string(key, defaultName).strip();
    return v.equalsIgnoreCase("none") ? "" : v;
  }

  private static List<String> list(Config c, String key) {
    return Arrays.stream(c.string(key, "").split("[,;\\s]+")).map(s -> s.strip().toLowerCase(Locale.ROOT))
        .filter(s -> !s.isEmpty()).toList();
  }

  boolean inboundEnabled() {
    return !imapHost.isEmpty();
  }

  boolean outboundEnabled() {
    return !smtpHost.isEmpty();
  }

  /** The domain of the hotline's address, for the Message-IDs of what it sends. */
  String domain() {
    int at = address.lastIndexOf('@');
    return at < 0 ? "hotline.invalid" : address.substring(at + 1).toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    // Never the password.
    return "MailSettings[imap=" + imapHost + ":" + imapPort + ", smtp=" + smtpHost + ":" + smtpPort + ", security=" + security
        + ", username=" + username + ", address=" + address + "]";
  }
}
