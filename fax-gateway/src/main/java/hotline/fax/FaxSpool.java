package hotline.fax;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faxes in from Asterisk's spool directory (shared with Asterisk): a file is picked up when Asterisk reports it
 * (ReceiveFAX, or the dialplan's HotlineFax event), or by a scan when no event came (a file left alone for the
 * settle time). Either way it is filed once: the file name is the case's source reference, and the file moves to
 * {@code processed/} only after the case commits. On the event loop; file work on the worker pool.
 */
final class FaxSpool {

  private static final Logger LOG = LoggerFactory.getLogger(FaxSpool.class);

  private final FaxSettings settings;
  private final FaxIntake intake;
  private final FaxLimits limits;
  private final WorkerExecutor workers;
  private final Clock clock;
  /** Names being filed now: an event and a scan at once file a document once on this node too. */
  /** The files being filed, with the sender's number as far as known (an event may still bring it meanwhile). */
  private final Map<String, String> inFlight = new HashMap<>();

  /**
   * Events of a fax waiting out the merge window before it is filed, with the sender's number as far as they tell it:
   * ReceiveFAX and the dialplan's HotlineFax event tell of one fax at once, and either may be the one with the number.
   */
  private final Map<String, String> merging = new HashMap<>();
  private final Vertx vertx;

  FaxSpool(Vertx vertx, FaxSettings settings, FaxIntake intake, FaxLimits limits, WorkerExecutor workers, Clock clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.intake = intake;
    this.limits = limits;
    this.workers = workers;
    this.clock = clock;
  }

  /** A fax event from the telephony side ({@code telephony.fax.event}, type receive). */
  Future<Void> onEvent(JsonObject e) {
    String file = e.getString("file");
    if (file == null || file.isBlank()) {
      return Future.succeededFuture();
    }
    Integer pages = e.getInteger("pages");
    if (!"SUCCESS".equalsIgnoreCase(e.getString("status")) && (pages == null || pages == 0)) {
      // Nothing usable arrived; a partial file, if any, is picked up by the scan with a note.
      LOG.info("fax reception failed [file: {}, error: {}]", name(file), e.getString("error"));
      return Future.succeededFuture();
    }
    String sender = firstNonBlank(e.getString("callerId"), e.getString("remoteStationId"));
    String name = name(file);
    if (merging.containsKey(name)) {
      if (merging.get(name) == null && sender != null) {
        merging.put(name, sender);
      }
      return Future.succeededFuture();
    }
    merging.put(name, sender);
    Promise<Void> filed = Promise.promise();
    vertx.setTimer(Math.max(1, settings.eventMerge().toMillis()), id -> file(name, "event", merging.remove(name)).onComplete(filed));
    return filed.future();
  }

  /** Files every document in the spool that has not changed for the settle time. Answers how many it filed. */
  Future<Integer> scan() {
    Instant cutoff = clock.instant().minus(settings.settle());
    return workers.<List<String>>executeBlocking(() -> {
      List<String> names = new ArrayList<>();
      if (!Files.isDirectory(settings.spoolDir())) {
        return names;
      }
      try (DirectoryStream<Path> dir = Files.newDirectoryStream(settings.spoolDir())) {
        for (Path p : dir) {
          String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
          if (Files.isRegularFile(p) && (n.endsWith(".tif") || n.endsWith(".tiff") || n.endsWith(".pdf"))
              && !Files.getLastModifiedTime(p).toInstant().isAfter(cutoff)) {
            names.add(p.getFileName().toString());
          }
        }
      }
      names.sort(null);
      return names;
    }, false).compose(names -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (String n : names) {
        chain = chain.compose(count -> file(n, "spool", null).map(v -> count + 1).otherwise(count));
      }
      return chain;
    });
  }

  private Future<Void> file(String name, String origin, String sender) {
    if (inFlight.containsKey(name)) {
      if (inFlight.get(name) == null && sender != null) {
        inFlight.put(name, sender);
      }
      return Future.succeededFuture();
    }
    inFlight.put(name, sender);
    Path path = settings.spoolDir().resolve(name);
    return workers.executeBlocking(() -> read(path), false).compose(read -> {
      if (read == null) {
        // Filed already (moved to processed/), or not (yet) visible here: then the scan files it when it appears.
        if ("event".equals(origin)) {
          return workers.executeBlocking(() -> Files.exists(settings.processedDir().resolve(name)), false).map(done -> {
            if (!done) {
              LOG.warn("fax event for {} but no such file in the spool {}: filed when the scan finds it", name,
                  settings.spoolDir().toAbsolutePath());
            }
            return (Void) null;
          });
        }
        return Future.<Void>succeededFuture();
      }
      FaxIntake.Received r = new FaxIntake.Received("fax:" + name, origin, name, read.data(), inFlight.get(name), null, read.note());
      return intake.file(r).compose(c -> workers.executeBlocking(() -> {
        Files.createDirectories(settings.processedDir());
        Files.move(path, settings.processedDir().resolve(name), StandardCopyOption.REPLACE_EXISTING);
        return null;
      }, false)).onSuccess(v -> LOG.info("fax filed [file: {}, from: {}]", name, origin)).mapEmpty();
    }).onComplete(x -> inFlight.remove(name)).onFailure(t -> LOG.warn("fax {} not filed yet: {}", name, t.toString()));
  }

  private record Read(byte[] data, String note) {
  }

  /** The file's bytes, at most the limit; a larger file is filed with a note and stays in the spool's processed/. */
  private Read read(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      return null;
    }
    long size = Files.size(path);
    if (size > limits.maxBytes()) {
      return new Read(new byte[0], "传真文件 " + path.getFileName() + " 大小 " + hotline.cases.GatewayIntake.megabytes(size) + "，超过 "
          + hotline.cases.GatewayIntake.megabytes(limits.maxBytes()) + " 的上限，未读取；原件保存在传真目录 processed/ 中。");
    }
    try (InputStream in = Files.newInputStream(path)) {
      return new Read(in.readNBytes((int) size), null);
    }
  }

  static String name(String file) {
    int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
    return file.substring(slash + 1);
  }

  private static String firstNonBlank(String a, String b) {
    return a != null && !a.isBlank() && !a.equals("<unknown>") ? a : b != null && !b.isBlank() ? b : null;
  }
}
