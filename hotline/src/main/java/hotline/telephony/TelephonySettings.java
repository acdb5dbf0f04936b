package hotline.telephony;

import hotline.config.Config;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How to reach Asterisk and what on it is the hotline. No AMI host means telephony is off: the call log stays
 * readable, nothing connects. {@code recordingUrl}: where a call's recording can be listened to, a template with
 * {@code {file}} (the MixMonitor file's name), {@code {linkedid}} and {@code {uniqueid}}; null or blank: calls carry
 * no link (the default: Hotline does not serve recordings itself).
 */
public record TelephonySettings(String host, int port, String username, String secret, Set<String> inboundContexts,
    Set<String> dids, Duration maxBackoff, int eventQueueCapacity, String agentsContext, Set<String> outboundContexts,
    String recordingUrl) {

  /** Without a recording link. */
  public TelephonySettings(String host, int port, String username, String secret, Set<String> inboundContexts,
      Set<String> dids, Duration maxBackoff, int eventQueueCapacity, String agentsContext, Set<String> outboundContexts) {
    this(host, port, username, secret, inboundContexts, dids, maxBackoff, eventQueueCapacity, agentsContext,
        outboundContexts, null);
  }

  /** With the default agents' and outbound contexts (tests): {@code agents}, {@code hotline-outbound}. */
  public TelephonySettings(String host, int port, String username, String secret, Set<String> inboundContexts,
      Set<String> dids, Duration maxBackoff, int eventQueueCapacity) {
    this(host, port, username, secret, inboundContexts, dids, maxBackoff, eventQueueCapacity, "agents",
        Set.of("hotline-outbound"));
  }

  public static TelephonySettings from(Config config) {
    return new TelephonySettings(config.string("ami.host", null), config.integer("ami.port", 5038),
        config.string("ami.username", "hotline"), config.string("ami.secret", ""),
        set(config.string("telephony.inbound-contexts", "from-pstn")), set(config.string("telephony.dids", "")),
        Duration.ofSeconds(config.integer("ami.max-backoff-seconds", 30)), config.integer("ami.event-queue", 20_000),
        config.string("telephony.agents-context", "agents"), set(config.string("callbacks.outbound-context", "hotline-outbound")),
        config.string("telephony.recording-url", ""));
  }

  public boolean enabled() {
    return host != null && !host.isBlank();
  }

  private static Set<String> set(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
  }
}
