package hotline.fax;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounds around every fax document operation: a document's size is checked before its kind is read, and the work
 * runs on a private daemon thread that the caller waits for at most {@link FaxLimits#maxTime()}. On timeout the caller
 * gets a {@link FaxDocumentException} at once and the abandoned thread is interrupted; it stops at its next
 * {@link #checkpoint()}, which comes between pages (so one slow page still runs to its end in the background, bounded
 * by the per-page pixel limit). Anything the work throws, even an {@link OutOfMemoryError} while decoding, becomes a
 * {@link FaxDocumentException} with an English reason for the case's note.
 */
final class DocumentGuard {

  private static final AtomicInteger THREADS = new AtomicInteger();
  /** Daemon threads so that a document abandoned at its time limit never keeps the JVM alive. */
  private static final ExecutorService WORKERS = Executors.newCachedThreadPool(task -> {
    Thread t = new Thread(task, "fax-documents-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  private final FaxLimits limits;

  DocumentGuard(FaxLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** The document's kind, once it is known to be neither empty nor over the byte limit. */
  DocumentKind admit(byte[] d) throws FaxDocumentException {
    if (d == null || d.length == 0) {
      throw new FaxDocumentException("the document is empty");
    }
    if (d.length > limits.maxBytes()) {
      throw new FaxDocumentException("the document is " + d.length + " bytes, more than the limit of " + limits.maxBytes());
    }
    return DocumentKind.of(d);
  }

  /** Runs the work on a daemon thread, waiting at most maxTime; anything it throws becomes a FaxDocumentException. */
  <T> T bounded(String what, Callable<T> work) throws FaxDocumentException {
    Future<T> future = WORKERS.submit(work);
    try {
      return future.get(nanos(limits.maxTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true); // the thread stops at its next checkpoint
      throw new FaxDocumentException(what + " took longer than " + human(limits.maxTime()));
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new FaxDocumentException(what + " was interrupted", e);
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    }
  }

  private static FaxDocumentException failure(Throwable t) {
    if (t instanceof FaxDocumentException e) {
      return e;
    }
    if (t instanceof OutOfMemoryError) {
      return new FaxDocumentException("the document needs more memory than this server has free", t);
    }
    if (t instanceof StackOverflowError) {
      return new FaxDocumentException("the document is nested too deeply to read", t);
    }
    return new FaxDocumentException("the document cannot be read: " + message(t), t);
  }

  /** Between pages: an abandoned conversion ends here. */
  static void checkpoint() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("fax document work abandoned at its time limit");
    }
  }

  static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4; // centuries; room left to add System.nanoTime()
    }
  }

  static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** A throwable's message for a reason: its class when it has none, at most 300 characters. */
  static String message(Throwable t) {
    String m = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage().strip();
    return m.length() > 300 ? m.substring(0, 300) + "…" : m;
  }
}
