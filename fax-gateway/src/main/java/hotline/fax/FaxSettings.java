package hotline.fax;

import hotline.config.Config;
import hotline.outbox.Outbox;
import java.nio.file.Path;
import java.time.Duration;

/** The fax gateway's configuration ({@code fax.*}), read once. */
record FaxSettings(boolean enabled, Path spoolDir, String asteriskSpoolDir, Duration scanEvery, Duration settle,
    String header, String localStationId, int sendBatch, Duration sendPollEvery, Outbox.Retry retry, Duration resultTimeout,
    Duration staleAfter, Duration eventMerge) {

  static FaxSettings from(Config c) {
    String spool = c.string("fax.spool-dir", "");
    return new FaxSettings(!spool.isBlank(), Path.of(spool.isBlank() ? "fax-spool" : spool),
        trimSlash(c.string("fax.asterisk-spool-dir", "/var/spool/asterisk/fax/hotline")),
        Duration.ofSeconds(c.integer("fax.scan-seconds", 30)), Duration.ofSeconds(c.integer("fax.settle-seconds", 10)),
        c.string("fax.header", "Hotline"), c.string("fax.local-station-id", "8008064888"), c.integer("fax.send-batch", 5),
        Duration.ofSeconds(c.integer("fax.send-poll-seconds", 10)),
        new Outbox.Retry(c.integer("fax.max-attempts", 5), Duration.ofMinutes(c.integer("fax.retry-first-minutes", 5)),
            Duration.ofMinutes(c.integer("fax.retry-max-minutes", 60))),
        Duration.ofMinutes(c.integer("fax.result-minutes", 15)), Duration.ofMinutes(c.integer("fax.stale-minutes", 30)),
        Duration.ofMillis(c.integer("fax.event-merge-millis", 1000)));
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** Where Hotline writes the TIFFs it sends, inside the shared spool. */
  Path outDir() {
    return spoolDir.resolve("out");
  }

  /** Where a picked-up fax goes once its case is committed. */
  Path processedDir() {
    return spoolDir.resolve("processed");
  }
}
