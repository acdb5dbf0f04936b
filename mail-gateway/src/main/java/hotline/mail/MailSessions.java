package hotline.mail;

import jakarta.mail.Session;
import java.util.Properties;

/** Jakarta Mail sessions for the configured servers: protocol, TLS, timeouts; never an unbounded wait. */
final class MailSessions {

  private MailSessions() {
  }

  static String imapProtocol(MailSettings s) {
    return s.security() == MailSettings.Security.TLS ? "imaps" : "imap";
  }

  static String smtpProtocol(MailSettings s) {
    return s.security() == MailSettings.Security.TLS ? "smtps" : "smtp";
  }

  static Session imap(MailSettings s) {
    Properties p = common(s, imapProtocol(s));
    // Whole messages in one literal, not 16 KiB partial fetches.
    p.put("mail." + imapProtocol(s) + ".partialfetch", "false");
    return Session.getInstance(p);
  }

  static Session smtp(MailSettings s) {
    String proto = smtpProtocol(s);
    Properties p = common(s, proto);
    p.put("mail." + proto + ".auth", String.valueOf(!s.username().isEmpty()));
    p.put("mail." + proto + ".from", s.address());
    p.put("mail." + proto + ".localhost", s.domain());
    return Session.getInstance(p);
  }

  private static Properties common(MailSettings s, String proto) {
    Properties p = new Properties();
    String prefix = "mail." + proto + ".";
    p.put(prefix + "connectiontimeout", String.valueOf(s.connectTimeout().toMillis()));
    p.put(prefix + "timeout", String.valueOf(s.readTimeout().toMillis()));
    p.put(prefix + "writetimeout", String.valueOf(s.readTimeout().toMillis()));
    if (s.security() == MailSettings.Security.STARTTLS) {
      p.put(prefix + "starttls.enable", "true");
      p.put(prefix + "starttls.required", "true");
    }
    if (s.security() != MailSettings.Security.NONE) {
      // "*" is for test servers with self-signed certificates: any certificate, any name. Named hosts are trusted
      // without a CA but must still carry their name.
      p.put(prefix + "ssl.checkserveridentity", String.valueOf(!"*".equals(s.sslTrust())));
      if (!s.sslTrust().isEmpty()) {
        p.put(prefix + "ssl.trust", s.sslTrust());
      }
    }
    p.put("mail.mime.address.strict", "false");
    p.put("mail.debug", System.getProperty("hotline.mail.debug", "false"));
    return p;
  }
}
