package hotline.fax;

import hotline.config.Config;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OCR of fax pages with the {@code tesseract} command (Debian: {@code tesseract-ocr tesseract-ocr-chi-sim}).
 * Blocking: call it from a worker. Each page goes as PNG to the command's stdin
 * ({@code tesseract stdin stdout -l chi_sim+eng --psm 3}); the whole call is bounded by the timeout, after which the
 * running process is killed. Tesseract runs single-threaded ({@code OMP_THREAD_LIMIT=1}) so that a few pages at once
 * do not oversubscribe the cores.
 */
final class Ocr {

  private static final Logger LOG = LoggerFactory.getLogger(Ocr.class);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
  /** Output kept from one run; a page of text is a few kilobytes. */
  private static final int MAX_OUTPUT_BYTES = 4 << 20;

  private static final AtomicInteger THREADS = new AtomicInteger();
  /** Feeds stdin and drains stdout/stderr; daemon threads, ending with their process. */
  private static final ExecutorService PIPES = Executors.newCachedThreadPool(task -> {
    Thread t = new Thread(task, "ocr-pipe-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  private final String command;
  private final String languages;
  private final Duration timeout;
  private volatile Boolean available;

  /**
   * @param command   the tesseract executable ("tesseract", or a path)
   * @param languages tesseract's {@code -l} argument, "chi_sim+eng"
   * @param timeout   for one {@link #recognize} call, all pages together
   */
  Ocr(String command, String languages, Duration timeout) {
    if (command == null || command.isBlank() || languages == null || languages.isBlank()) {
      throw new IllegalArgumentException("OCR needs a command and languages");
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("OCR timeout must be positive: " + timeout);
    }
    this.command = command.strip();
    this.languages = languages.strip();
    this.timeout = timeout;
  }

  /** Keys {@code fax.ocr-command} ("tesseract"), {@code fax.ocr-languages} ("chi_sim+eng"), {@code fax.ocr-seconds} (120). */
  static Ocr from(Config c) {
    return new Ocr(c.string("fax.ocr-command", "tesseract"), c.string("fax.ocr-languages", "chi_sim+eng"),
        c.seconds("fax.ocr-seconds", Duration.ofSeconds(120)));
  }

  /**
   * Whether OCR can run here: the command answers {@code --version} with exit 0 within a few seconds and
   * {@code --list-langs} names every requested language. Asked once, then cached.
   */
  boolean available() {
    Boolean a = available;
    if (a == null) {
      synchronized (this) {
        a = available;
        if (a == null) {
          a = probe();
          available = a;
        }
      }
    }
    return a;
  }

  private boolean probe() {
    try {
      Result version = run(List.of(command, "--version"), null, PROBE_TIMEOUT);
      if (version.timedOut() || version.exit() != 0) {
        LOG.info("OCR not available [command: {}]: --version {}", command,
            version.timedOut() ? "timed out" : "exited with " + version.exit());
        return false;
      }
      Result langs = run(List.of(command, "--list-langs"), null, PROBE_TIMEOUT);
      if (langs.timedOut() || langs.exit() != 0) {
        LOG.info("OCR not available [command: {}]: --list-langs {}", command,
            langs.timedOut() ? "timed out" : "exited with " + langs.exit());
        return false;
      }
      // Tesseract 4/5 list the languages on stdout, 3.x on stderr; the first line is a heading.
      Set<String> installed = new HashSet<>();
      for (String line : (langs.stdout() + "\n" + langs.stderr()).split("\\R")) {
        installed.add(line.strip());
      }
      List<String> missing = new ArrayList<>();
      for (String lang : languages.split("\\+")) {
        if (!installed.contains(lang.strip())) {
          missing.add(lang.strip());
        }
      }
      if (!missing.isEmpty()) {
        LOG.info("OCR not available [command: {}]: languages not installed: {}", command, missing);
        return false;
      }
      LOG.info("OCR available [command: {}, languages: {}, version: {}]", command, languages,
          firstLine(version.stdout().isBlank() ? version.stderr() : version.stdout()));
      return true;
    } catch (IOException e) {
      LOG.info("OCR not available [command: {}]: {}", command, e.getMessage());
      return false;
    }
  }

  /**
   * The text of the pages, in order, joined with {@code "\f\n"}. One tesseract process per page, each page written
   * to it as PNG; the timeout covers all of them: at the timeout the running process is killed and this throws.
   *
   * @throws IOException the command cannot run, exits non-zero (the message has its stderr's first line), or timed out
   */
  String recognize(List<BufferedImage> pages) throws IOException {
    long deadline = System.nanoTime() + DocumentGuard.nanos(timeout);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < pages.size(); i++) {
      ByteArrayOutputStream png = new ByteArrayOutputStream(64 * 1024);
      if (!ImageIO.write(pages.get(i), "png", png)) {
        throw new IOException("OCR: page " + (i + 1) + " cannot be written as PNG");
      }
      long left = deadline - System.nanoTime();
      Result r = left <= 0 ? Result.TIMED_OUT
          : run(List.of(command, "stdin", "stdout", "-l", languages, "--psm", "3"), png.toByteArray(), Duration.ofNanos(left));
      if (r.timedOut()) {
        throw new IOException("OCR timed out after " + DocumentGuard.human(timeout) + " (at page " + (i + 1) + " of "
            + pages.size() + ")");
      }
      if (r.exit() != 0) {
        String why = firstLine(r.stderr().replaceAll("(?m)^Estimating resolution as \\d+\\s*$", ""));
        throw new IOException("OCR failed with exit code " + r.exit() + (why.isEmpty() ? "" : ": " + why));
      }
      if (i > 0) {
        text.append("\f\n");
      }
      text.append(r.stdout().stripTrailing());
    }
    return text.toString();
  }

  private record Result(int exit, String stdout, String stderr, boolean timedOut) {
    static final Result TIMED_OUT = new Result(-1, "", "", true);
  }

  /** Runs the command with the input on stdin (or none), stdout and stderr read as UTF-8; kills it at the timeout. */
  private static Result run(List<String> cmd, byte[] input, Duration timeout) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(cmd);
    builder.environment().put("OMP_THREAD_LIMIT", "1");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IOException("cannot run OCR command '" + cmd.get(0) + "': " + e.getMessage(), e);
    }
    Future<byte[]> out = PIPES.submit(() -> drain(process.getInputStream()));
    Future<byte[]> err = PIPES.submit(() -> drain(process.getErrorStream()));
    if (input == null) {
      process.getOutputStream().close();
    } else {
      CompletableFuture.runAsync(() -> {
        try (OutputStream stdin = process.getOutputStream()) {
          stdin.write(input);
        } catch (IOException e) {
          // the process ended or was killed before reading everything: its exit code says what happened
        }
      }, PIPES);
    }
    try {
      if (!process.waitFor(DocumentGuard.nanos(timeout), TimeUnit.NANOSECONDS)) {
        process.destroyForcibly();
        return Result.TIMED_OUT;
      }
      return new Result(process.exitValue(), utf8(out), utf8(err), false);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("OCR interrupted");
    }
  }

  private static byte[] drain(InputStream in) throws IOException {
    try (in) {
      byte[] kept = in.readNBytes(MAX_OUTPUT_BYTES);
      in.transferTo(OutputStream.nullOutputStream());
      return kept;
    }
  }

  private static String utf8(Future<byte[]> output) throws InterruptedException {
    try {
      return new String(output.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    } catch (ExecutionException | TimeoutException e) {
      output.cancel(true);
      return "";
    }
  }

  private static String firstLine(String s) {
    return Arrays.stream(s.split("\\R")).map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
  }
}
