package hotline.webform;

import hotline.config.Config;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The public web form's limits, from configuration ({@code public-form.*}), with the defaults of
 * {@code config/hotline.yaml}: what one submission may carry, how long a rendered form stays valid, how many
 * submissions and look-ups are let through, and whose {@code X-Forwarded-For} is believed.
 */
public record WebFormSettings(int maxContentChars, int maxSubjectChars, int maxAttachments, int maxAttachmentBytes,
    Duration formValidity, int perIpHour, int perIpDay, int perDay, int lookupsPerIpHour, int failedLookupsPerNumberDay,
    List<String> trustedProxies, String secret) {

  public static final WebFormSettings DEFAULTS = new WebFormSettings(5000, 100, 3, 5 * 1024 * 1024, Duration.ofHours(4),
      5, 20, 1000, 30, 10, List.of(), null);

  public static WebFormSettings from(Config config) {
    WebFormSettings d = DEFAULTS;
    String proxies = config.string("public-form.trusted-proxies", "");
    List<String> trusted = Arrays.stream(proxies.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    WebFormSettings s = new WebFormSettings(
        config.integer("public-form.max-content-chars", d.maxContentChars()),
        config.integer("public-form.max-subject-chars", d.maxSubjectChars()),
        config.integer("public-form.max-attachments", d.maxAttachments()),
        config.integer("public-form.max-attachment-bytes", d.maxAttachmentBytes()),
        Duration.ofMinutes(config.integer("public-form.form-minutes", (int) d.formValidity().toMinutes())),
        config.integer("public-form.per-ip-hour", d.perIpHour()),
        config.integer("public-form.per-ip-day", d.perIpDay()),
        config.integer("public-form.per-day", d.perDay()),
        config.integer("public-form.lookups-per-ip-hour", d.lookupsPerIpHour()),
        config.integer("public-form.failed-lookups-per-number-day", d.failedLookupsPerNumberDay()),
        trusted, config.string("public-form.secret", null));
    if (s.maxContentChars() < 1 || s.maxContentChars() > hotline.cases.Intake.MAX_CONTENT) {
      throw new IllegalArgumentException("public-form.max-content-chars must be 1.." + hotline.cases.Intake.MAX_CONTENT);
    }
    if (s.maxAttachments() < 0 || s.maxAttachmentBytes() < 1) {
      throw new IllegalArgumentException("public-form.max-attachments and max-attachment-bytes must be positive");
    }
    return s;
  }

  /** The largest request body the form can send: every file at its limit and room for the text fields. */
  public long maxBodyBytes() {
    return (long) maxAttachments * maxAttachmentBytes + 256 * 1024;
  }

  public WebFormSettings withLimits(int ipHour, int ipDay, int day) {
    return new WebFormSettings(maxContentChars, maxSubjectChars, maxAttachments, maxAttachmentBytes, formValidity, ipHour, ipDay,
        day, lookupsPerIpHour, failedLookupsPerNumberDay, trustedProxies, secret);
  }

  public WebFormSettings withTrustedProxies(List<String> proxies) {
    return new WebFormSettings(maxContentChars, maxSubjectChars, maxAttachments, maxAttachmentBytes, formValidity, perIpHour,
        perIpDay, perDay, lookupsPerIpHour, failedLookupsPerNumberDay, List.copyOf(proxies), secret);
  }
}
