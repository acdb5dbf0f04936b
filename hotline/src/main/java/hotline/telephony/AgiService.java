package hotline.telephony;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.MappingStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asterisk-Java's FastAGI server: {@code startup()} never returns, so it runs on a thread of its own; scripts run
 * on its pool. Only the {@code callback} script exists; any other name is refused.
 */
final class AgiService {

  private static final Logger LOG = LoggerFactory.getLogger(AgiService.class);

  private final Vertx vertx;
  private final int port;
  private final DefaultAgiServer server;
  private Thread thread;

  AgiService(Vertx vertx, int port, AgiScript callback) {
    this.vertx = vertx;
    this.port = port;
    MappingStrategy mapping = (request, channel) -> "callback".equals(request.getScript()) ? callback : null;
    this.server = new DefaultAgiServer(mapping);
    server.setPort(port);
    // A callee who never answers a command does not hold a thread forever.
    server.setSocketReadTimeout(60_000);
  }

  void start() {
    thread = new Thread(() -> {
      try {
        server.startup();
      } catch (Exception e) {
        LOG.error("FastAGI server stopped [port: {}]: {}", port, e.toString());
      }
    }, "hotline-fastagi");
    thread.setDaemon(true);
    thread.start();
    LOG.info("FastAGI server starting [port: {}]", port);
  }

  Future<Void> stop() {
    return vertx.executeBlocking(() -> {
      try {
        server.shutdown();
      } catch (IllegalStateException e) {
        // never started
      }
      return null;
    }, false);
  }
}
