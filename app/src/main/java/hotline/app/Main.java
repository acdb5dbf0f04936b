package hotline.app;

import hotline.config.Config;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the configuration and starts Hotline; stops it cleanly on SIGTERM/Ctrl-C. {@code reset-password <user>} runs
 * that operator command instead ({@link ResetPasswordCommand}) and exits with its status.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  /**
   * The console in the system's charset; in UTF-8 where that charset cannot write Chinese (a POSIX locale, or one that is
   * not installed), as a terminal of today reads it.
   */
  private static java.io.PrintStream console(java.io.FileDescriptor fd) {
    java.nio.charset.Charset cs = java.nio.charset.Charset.defaultCharset();
    if (!cs.newEncoder().canEncode('中')) {
      cs = java.nio.charset.StandardCharsets.UTF_8;
    }
    return new java.io.PrintStream(new java.io.FileOutputStream(fd), true, cs);
  }

  public static void main(String[] args) {
    String file = System.getenv().getOrDefault("HOTLINE_CONFIG", "config/hotline.yaml");
    Config config = Config.load(Path.of(file), System.getenv());
    if (args.length > 0 && ResetPasswordCommand.NAME.equals(args[0])) {
      // An operator's command: what it says is on the console, not in the log.
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
      System.exit(new ResetPasswordCommand(config, System.in, console(java.io.FileDescriptor.out), console(java.io.FileDescriptor.err),
          java.util.Locale.getDefault()).run(args));
    }
    if (java.util.Arrays.asList(args).contains("--demo")) {
      // The same as HOTLINE_DEMO=true: seed a demo desk (see DemoSeed).
      config = config.with(java.util.Map.of("demo", "true"));
    }
    // With the metrics options when metrics are configured (metrics.token / metrics.port): they are given at build time.
    Vertx vertx = HotlineVertx.create(config, new VertxOptions().setMaxWorkerExecuteTime(TimeUnit.SECONDS.toNanos(120)));
    Hotline hotline = new Hotline(vertx, config);
    AtomicBoolean stopped = new AtomicBoolean();
    hotline.start()
        .onSuccess(h -> LOG.info("Hotline is up [http: {}]", h.httpPort()))
        .onFailure(t -> {
          if (t instanceof StartupRefused refused) {
            // A reason the operator can act on: one sentence, no stack trace.
            LOG.error("Hotline did not start: {}", refused.getMessage());
          } else {
            LOG.error("Hotline failed to start", t);
          }
          stopped.set(true);
          hotline.stop().onComplete(ar -> vertx.close().onComplete(x -> System.exit(1)));
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (stopped.getAndSet(true)) {
        return;
      }
      CountDownLatch stoppedAll = new CountDownLatch(1);
      hotline.stop().compose(x -> vertx.close()).onComplete(ar -> stoppedAll.countDown());
      try {
        if (!stoppedAll.await(30, TimeUnit.SECONDS)) {
          LOG.warn("shutdown did not finish in 30 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "hotline-shutdown"));
  }
}
