package hotline.mail;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox loop, on its own thread (Jakarta Mail blocks; IDLE blocks for minutes): read the messages after the
 * cursor, parse them here, hand them to {@link MailIntake} on the event loop and wait for their outcomes, move
 * each to the processed or quarantine folder (or leave it for the next round), then advance the cursor past what
 * is done. A lost connection is reopened with backoff.
 */
final class MailReader {

  private static final Logger LOG = LoggerFactory.getLogger(MailReader.class);
  /** Bytes read in one round, whatever the number of messages. */
  private static final long BATCH_BYTES = 64L << 20;
  /** A message that keeps failing for reasons that may pass goes to quarantine after this many rounds. */
  private static final int MAX_RETRIES = 20;

  private final MailSettings settings;
  private final Context context;
  private final MailIntake intake;
  private final MailStore store;
  private final MailParser parser;
  private final Inbox inbox;
  private final Thread thread;
  private final java.util.Map<Long, Integer> retries = new java.util.HashMap<>();
  private volatile boolean running = true;

  /** Counters for health and the benchmark. */
  final AtomicLong read = new AtomicLong();
  final AtomicLong filed = new AtomicLong();
  final AtomicLong quarantined = new AtomicLong();
  volatile String state = "starting";
  volatile String lastError;

  /** {@code limits}: the case core's intake limits, which the parser keeps to (what a case could not hold is not read). */
  MailReader(MailSettings settings, hotline.cases.CaseSettings limits, Context context, MailIntake intake, MailStore store) {
    this.settings = settings;
    this.context = context;
    this.intake = intake;
    this.store = store;
    this.parser = new MailParser(new MailParser.Limits(limits.maxAttachmentBytes(), Math.max(limits.maxAttachments(), 1) + 10,
        hotline.cases.Intake.MAX_CONTENT, 20, 500));
    this.inbox = new Inbox(settings);
    this.thread = new Thread(this::loop, "hotline-mail-reader");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Stops the loop: ends an IDLE or a sleep, closes the connection, waits for the thread briefly. */
  void stop() {
    running = false;
    thread.interrupt();
    inbox.shutdown();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    long backoff = 1_000;
    while (running) {
      try {
        if (!inbox.isOpen()) {
          state = "connecting";
          inbox.open();
          state = "connected";
        }
        boolean more = round();
        backoff = 1_000;
        if (!more && running) {
          state = "waiting";
          inbox.waitForNew();
          state = "connected";
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (Exception e) {
        if (!running) {
          break;
        }
        lastError = MailIntake.redact(e.getClass().getSimpleName() + ": " + e.getMessage());
        state = "retrying";
        LOG.warn("mail inbox [host: {}]: {}; again in {} s", settings.imapHost(), lastError, backoff / 1000);
        inbox.close();
        sleep(backoff);
        backoff = Math.min(backoff * 2, 60_000);
      }
    }
    state = "stopped";
  }

  /** A batch as read and parsed, with the outcomes to come. */
  private record Batch(List<Inbox.Raw> raw, List<ParsedMail> parsed) {
    long lastUid() {
      return raw.get(raw.size() - 1).uid();
    }
  }

  /**
   * Everything new, batch after batch. While one batch is being filed on the event loop, the next is read and parsed
   * here, so the mailbox, the parser and the database work at once. Answers whether to look again at once.
   */
  private boolean round() throws Exception {
    String folder = settings.inboxFolder();
    long validity = inbox.uidValidity();
    MailStore.Cursor cursor = await(() -> store.cursor(folder));
    long after = cursor == null || cursor.uidValidity() != validity ? 0 : cursor.lastUid();
    if (cursor != null && cursor.uidValidity() != validity) {
      // The server renumbered the folder: read it all again; source keys keep that from filing twice.
      LOG.warn("mail folder {} has a new UIDVALIDITY ({} → {}); reading it again", folder, cursor.uidValidity(), validity);
    }
    Batch current = read(after);
    while (current != null) {
      Batch filing = current;
      java.util.concurrent.CompletableFuture<List<MailIntake.Outcome>> outcomes =
          onLoop(() -> intake.processAll(filing.raw(), filing.parsed()));
      Batch next = read(current.lastUid());
      boolean retry = finish(folder, validity, after, current,
          outcomes.get(Duration.ofMinutes(5).toMillis(), TimeUnit.MILLISECONDS));
      if (retry) {
        // Something failed that may pass (the database restarting): read again from there after a pause, not in a
        // tight loop, and not only when new mail wakes the IDLE.
        sleep(Math.min(settings.pollEvery().toMillis(), 5_000));
        return true;
      }
      after = current.lastUid();
      current = next;
    }
    return false;
  }

  private Batch read(long after) throws Exception {
    List<Inbox.Raw> raw = inbox.fetchAfter(after, settings.batch(), BATCH_BYTES);
    if (raw.isEmpty()) {
      return null;
    }
    List<ParsedMail> parsed = new ArrayList<>(raw.size());
    for (Inbox.Raw r : raw) {
      parsed.add(parser.parse(r.bytes(), r.notRead()));
    }
    read.addAndGet(raw.size());
    return new Batch(raw, parsed);
  }

  /** Moves what is done, logs it, advances the cursor past it. Answers whether a message is to be tried again. */
  private boolean finish(String folder, long validity, long after, Batch batch, List<MailIntake.Outcome> outcomes)
      throws Exception {
    List<Long> done = new ArrayList<>();
    List<Long> quarantine = new ArrayList<>();
    List<MailStore.Logged> log = new ArrayList<>();
    long firstRetry = Long.MAX_VALUE;
    for (int i = 0; i < batch.raw().size(); i++) {
      long uid = batch.raw().get(i).uid();
      MailIntake.Outcome o = outcomes.get(i);
      if (o.move() == MailIntake.Move.RETRY && retries.merge(uid, 1, Integer::sum) >= MAX_RETRIES) {
        o = MailIntake.Outcome.quarantine("gave up after " + MAX_RETRIES + " attempts: " + o.note());
      }
      MailIntake.logOutcome(uid, o);
      switch (o.move()) {
        case PROCESSED -> done.add(uid);
        case QUARANTINE -> quarantine.add(uid);
        case RETRY -> {
          firstRetry = Math.min(firstRetry, uid);
          lastError = MailIntake.redact(o.note());
          continue;
        }
      }
      retries.remove(uid);
      log.add(new MailStore.Logged(batch.parsed().get(i).messageKey(), folder, uid, o.outcome(), o.caseId(), o.dispatchId(), o.note()));
    }
    inbox.move(done, settings.processedFolder());
    inbox.move(quarantine, settings.quarantineFolder().isEmpty() ? settings.processedFolder() : settings.quarantineFolder());
    filed.addAndGet(done.size());
    quarantined.addAndGet(quarantine.size());
    long upTo = firstRetry == Long.MAX_VALUE ? batch.lastUid() : firstRetry - 1;
    await(() -> store.log(log).compose(v -> upTo > after
        ? store.saveCursor(folder, new MailStore.Cursor(validity, upTo)) : Future.succeededFuture()));
    return firstRetry != Long.MAX_VALUE;
  }

  /** Runs on the gateway's event loop and waits here, on the reader's own thread, for the result. */
  private <T> T await(Supplier<Future<T>> work) throws Exception {
    return onLoop(work).get(Duration.ofMinutes(5).toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts work on the gateway's event loop; the reader waits for it when it needs the result. */
  private <T> java.util.concurrent.CompletableFuture<T> onLoop(Supplier<Future<T>> work) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> {
      try {
        work.get().onComplete(p);
      } catch (RuntimeException e) {
        p.fail(e);
      }
    });
    return p.future().toCompletionStage().toCompletableFuture();
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
