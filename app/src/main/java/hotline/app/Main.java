package hotline.app;

import hotline.config.Config;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the configuration and starts Hotline; stops it cleanly on SIGTERM/Ctrl-C. */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    String file = System.getenv().getOrDefault("HOTLINE_CONFIG", "config/hotline.yaml");
    Config config = Config.load(Path.of(file), System.getenv());
    Vertx vertx = Vertx.vertx(new VertxOptions().setMaxWorkerExecuteTime(TimeUnit.SECONDS.toNanos(120)));
    Hotline hotline = new Hotline(vertx, config);
    AtomicBoolean stopped = new AtomicBoolean();
    hotline.start()
        .onSuccess(h -> LOG.info("Hotline is up [http: {}]", h.httpPort()))
        .onFailure(t -> {
          LOG.error("Hotline failed to start", t);
          stopped.set(true);
          hotline.stop().onComplete(ar -> vertx.close().onComplete(x -> System.exit(1)));
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (stopped.getAndSet(true)) {
        return;
      }
      try {
        hotline.stop().compose(x -> vertx.close()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("unclean shutdown: {}", e.toString());
      }
    }, "hotline-shutdown"));
  }
}
