package hotline.telephony;

import hotline.config.Config;
import java.time.Duration;
import java.time.LocalTime;

/** The callback dialer (and fax calls out): when it may call, how often it retries, and where calls go in the dialplan. */
public record CallbackSettings(LocalTime callingFrom, LocalTime callingUntil, int maxAttempts, Duration spacing,
    String outboundContext, String callbackContext, String callerId, int agiPort, String promptSatisfaction,
    String promptReceipt, String promptThanks, Duration pollEvery, String faxSendContext) {

  public static CallbackSettings from(Config config) {
    return new CallbackSettings(config.time("callbacks.calling-from", LocalTime.of(9, 0)),
        config.time("callbacks.calling-until", LocalTime.of(17, 30)), config.integer("callbacks.max-attempts", 3),
        Duration.ofMinutes(config.integer("callbacks.spacing-minutes", 30)),
        config.string("callbacks.outbound-context", "hotline-outbound"),
        config.string("callbacks.callback-context", "hotline-callback"),
        config.string("callbacks.caller-id", "\"Hotline\" <8008064888>"), config.integer("agi.port", 4573),
        config.string("callbacks.prompts.satisfaction", "hotline/satisfaction"),
        config.string("callbacks.prompts.receipt", "hotline/receipt"),
        config.string("callbacks.prompts.thanks", "hotline/thanks"),
        Duration.ofSeconds(config.integer("callbacks.poll-seconds", 5)),
        config.string("fax.send-context", "hotline-fax-send"));
  }
}
