package hotline.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded server runs as a process of its own, so it outlives a Hotline killed without a chance to stop it
 * ({@code kill -9}, a power cut of the JVM only). Before starting on a data dir this Hotline now owns (it holds the
 * {@link DataDirLock}), a server still running on it is such a leftover: it is stopped, said in one log line, and
 * started afresh. Committed work is safe: the server recovers from its write-ahead log.
 */
final class StalePostmaster {

  private static final Logger LOG = LoggerFactory.getLogger(StalePostmaster.class);

  private StalePostmaster() {
  }

  static void stopIfRunning(Path pgdata) throws IOException {
    Path pidFile = pgdata.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).strip().matches("\\d{1,10}")) {
      return;
    }
    long pid = Long.parseLong(lines.get(0).strip());
    Optional<ProcessHandle> found = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    // A pid file whose process is gone, or whose number another program now has, PostgreSQL itself sees through.
    if (found.isEmpty() || !servesDataDir(found.get(), pgdata)) {
      return;
    }
    ProcessHandle postmaster = found.get();
    LOG.warn("stopping the PostgreSQL server [pid: {}] that a Hotline which did not shut down left running on {}", pid, pgdata);
    // SIGTERM: a smart shutdown, which finishes at once since that Hotline's connections died with it.
    postmaster.destroy();
    if (!exited(postmaster, 30) && postmaster.destroyForcibly() && !exited(postmaster, 10)) {
      throw new StartupRefused("The PostgreSQL server (process " + pid + ") left running on " + pgdata
          + " could not be stopped: stop it by hand, then start Hotline again.");
    }
  }

  /** Whether the process is a PostgreSQL server of this data dir (its command line names it). */
  private static boolean servesDataDir(ProcessHandle p, Path pgdata) {
    String command = p.info().command().orElse("");
    String[] args = p.info().arguments().orElse(new String[0]);
    boolean postgres = Path.of(command.isEmpty() ? "-" : command).getFileName().toString().startsWith("postgres");
    String dir = pgdata.toAbsolutePath().normalize().toString();
    for (String a : args) {
      if (a.equals(dir) || a.equals(dir + "/")) {
        return postgres;
      }
    }
    return false;
  }

  private static boolean exited(ProcessHandle p, int seconds) {
    try {
      p.onExit().get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !p.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !p.isAlive();
    }
  }
}
