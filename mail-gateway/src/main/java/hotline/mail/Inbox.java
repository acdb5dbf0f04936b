package hotline.mail;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hotline's IMAP inbox, by UID: new messages after a cursor, read whole in one FETCH per batch (BODY.PEEK, so
 * nothing is marked read before it is filed), then moved to the processed or quarantine folder (or flagged seen).
 * Blocking (Jakarta Mail): used only from the gateway's own reader thread.
 */
final class Inbox implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

  /**
   * One message as read: whole, or only its header when it is larger than the limit; {@code arrived}: when the server
   * took it into the mailbox (its INTERNALDATE), null when the server did not say.
   */
  record Raw(long uid, long size, byte[] bytes, boolean complete, Instant arrived) {

    /** Bytes of the message that were not read (all of its body when only the header was). */
    long notRead() {
      return complete ? 0 : Math.max(0, size - bytes.length);
    }
  }

  private final MailSettings settings;
  private final Session session;
  private final ScheduledExecutorService idleWatch = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "hotline-mail-idle-watch");
    t.setDaemon(true);
    return t;
  });
  private volatile Store store;
  private volatile IMAPFolder folder;

  Inbox(MailSettings settings) {
    this.settings = settings;
    this.session = MailSessions.imap(settings);
  }

  boolean isOpen() {
    IMAPFolder f = folder;
    return f != null && f.isOpen() && store != null && store.isConnected();
  }

  void open() throws MessagingException {
    close();
    highestSeen = 0;
    Store s = session.getStore(MailSessions.imapProtocol(settings));
    s.connect(settings.imapHost(), settings.imapPort(), settings.username(), settings.password());
    store = s;
    for (String name : List.of(settings.processedFolder(), settings.quarantineFolder())) {
      if (!name.isEmpty()) {
        Folder f = s.getFolder(name);
        if (!f.exists() && !f.create(Folder.HOLDS_MESSAGES)) {
          throw new MessagingException("cannot create the mail folder " + name);
        }
      }
    }
    IMAPFolder inbox = (IMAPFolder) s.getFolder(settings.inboxFolder());
    inbox.open(Folder.READ_WRITE);
    folder = inbox;
    LOG.info("mail inbox open [host: {}, folder: {}, idle: {}]", settings.imapHost(), settings.inboxFolder(), supportsIdle());
  }

  long uidValidity() throws MessagingException {
    return folder.getUIDValidity();
  }

  /**
   * Messages with a UID above {@code lastUid}, oldest first: at most {@code max}, and no more bytes than
   * {@code maxBatchBytes} (at least one message). A message over the message limit comes as its header only.
   */
  List<Raw> fetchAfter(long lastUid, int max, long maxBatchBytes) throws MessagingException {
    // A window of UIDs first, so that a long inbox is not listed whole for every batch; an empty window (a gap in
    // the UIDs, or nothing new) falls back to everything after the cursor.
    List<long[]> sizes = sizesAfter(lastUid, "UID FETCH " + (lastUid + 1) + ":" + (lastUid + 2L * max) + " (UID RFC822.SIZE)");
    if (sizes.isEmpty()) {
      sizes = sizesAfter(lastUid, "UID FETCH " + (lastUid + 1) + ":* (UID RFC822.SIZE)");
    }
    sizes.sort(Comparator.comparingLong(a -> a[0]));
    List<Long> whole = new ArrayList<>();
    List<Long> headersOnly = new ArrayList<>();
    java.util.Map<Long, Long> sizeOf = new java.util.HashMap<>();
    long bytes = 0;
    for (long[] s : sizes) {
      if (whole.size() + headersOnly.size() >= max) {
        break;
      }
      boolean tooLarge = s[1] > settings.maxMessageBytes();
      if (!tooLarge && bytes + s[1] > maxBatchBytes && !(whole.isEmpty() && headersOnly.isEmpty())) {
        break;
      }
      sizeOf.put(s[0], s[1]);
      if (tooLarge) {
        headersOnly.add(s[0]);
      } else {
        whole.add(s[0]);
        bytes += s[1];
      }
    }
    List<Raw> out = new ArrayList<>();
    fetchBodies(whole, "BODY.PEEK[]", true, sizeOf, out);
    fetchBodies(headersOnly, "BODY.PEEK[HEADER]", false, sizeOf, out);
    out.sort(Comparator.comparingLong(Raw::uid));
    highestSeen = Math.max(highestSeen, out.isEmpty() ? lastUid : out.get(out.size() - 1).uid());
    return out;
  }

  /** UIDs above {@code lastUid} with their sizes, from one UID FETCH. */
  private List<long[]> sizesAfter(long lastUid, String fetch) throws MessagingException {
    List<long[]> sizes = new ArrayList<>();
    command(fetch, rs -> {
      for (Response r : rs) {
        if (r instanceof FetchResponse fr) {
          UID uid = fr.getItem(UID.class);
          RFC822SIZE size = fr.getItem(RFC822SIZE.class);
          // "n:*" also answers the last message when none is above n.
          if (uid != null && uid.uid > lastUid) {
            sizes.add(new long[] {uid.uid, size == null ? 0 : size.size});
          }
        }
      }
    });
    return sizes;
  }

  private void fetchBodies(List<Long> uids, String item, boolean complete, java.util.Map<Long, Long> sizeOf, List<Raw> out)
      throws MessagingException {
    if (uids.isEmpty()) {
      return;
    }
    command("UID FETCH " + uidSet(uids) + " (UID INTERNALDATE " + item + ")", rs -> {
      for (Response r : rs) {
        if (r instanceof FetchResponse fr) {
          UID uid = fr.getItem(UID.class);
          BODY body = fr.getItem(BODY.class);
          INTERNALDATE arrived = fr.getItem(INTERNALDATE.class);
          if (uid != null && body != null && sizeOf.containsKey(uid.uid)) {
            out.add(new Raw(uid.uid, sizeOf.get(uid.uid), body.getByteArray().getNewBytes(), complete,
                arrived == null || arrived.getDate() == null ? null : arrived.getDate().toInstant()));
          }
        }
      }
    });
  }

  /** Moves the messages to a folder; with no folder named, flags them seen where they are. */
  void move(List<Long> uids, String destination) throws MessagingException {
    if (uids.isEmpty()) {
      return;
    }
    String set = uidSet(uids);
    if (destination.isEmpty()) {
      command("UID STORE " + set + " +FLAGS.SILENT (\\Seen)", rs -> { });
      return;
    }
    String mailbox = BASE64MailboxEncoder.encode(destination);
    if (((IMAPStore) store).hasCapability("MOVE")) {
      command("UID MOVE " + set, mailbox, rs -> { });
    } else {
      command("UID COPY " + set, mailbox, rs -> { });
      command("UID STORE " + set + " +FLAGS.SILENT (\\Deleted \\Seen)", rs -> { });
      command(((IMAPStore) store).hasCapability("UIDPLUS") ? "UID EXPUNGE " + set : "EXPUNGE", rs -> { });
    }
  }

  boolean supportsIdle() {
    try {
      return settings.idle() && store instanceof IMAPStore s && s.hasCapability("IDLE");
    } catch (MessagingException e) {
      return false;
    }
  }

  /** The highest UID a read of this folder has reached (0: none yet); reset when the folder is opened again. */
  private long highestSeen;

  /**
   * Waits for new mail: IMAP IDLE, ended by the server's news or after the refresh interval (a watchdog touches the
   * folder, which ends the IDLE); without IDLE, a sleep of the poll interval.
   */
  void waitForNew() throws MessagingException, InterruptedException {
    if (!supportsIdle()) {
      Thread.sleep(settings.pollEvery().toMillis());
      return;
    }
    // Mail that arrived after the last read, while it was being filed: the server told of it in answer to the commands
    // since (a move, a flag), so IDLE would not report it again. Look once more before waiting.
    if (highestSeen > 0 && !sizesAfter(highestSeen, "UID FETCH " + (highestSeen + 1) + ":* (UID RFC822.SIZE)").isEmpty()) {
      return;
    }
    IMAPFolder f = folder;
    ScheduledFuture<?> wake = idleWatch.schedule(() -> touch(f), settings.idleRefresh().toMillis(), TimeUnit.MILLISECONDS);
    try {
      f.idle(true);
    } finally {
      wake.cancel(false);
    }
  }

  /** Ends a wait in IDLE from another thread (on refresh and on close). */
  private static void touch(IMAPFolder f) {
    try {
      if (f.isOpen()) {
        f.getMessageCount();
      }
    } catch (MessagingException | RuntimeException e) {
      LOG.debug("touching the folder to end IDLE failed", e);
    }
  }

  @Override
  public void close() {
    IMAPFolder f = folder;
    Store s = store;
    folder = null;
    store = null;
    try {
      if (f != null && f.isOpen()) {
        f.close(false);
      }
    } catch (MessagingException | RuntimeException e) {
      LOG.debug("closing the inbox folder", e);
    }
    try {
      if (s != null) {
        s.close();
      }
    } catch (MessagingException | RuntimeException e) {
      LOG.debug("closing the mail store", e);
    }
  }

  /** Also stops the IDLE watchdog: for good. */
  void shutdown() {
    close();
    idleWatch.shutdownNow();
  }

  private interface Responses {
    void handle(Response[] rs) throws MessagingException;
  }

  private void command(String command, Responses handler) throws MessagingException {
    command(command, null, handler);
  }

  /** One IMAP command on the open folder's connection; untagged news (EXISTS, EXPUNGE) goes to the folder as usual. */
  private void command(String command, String mailbox, Responses handler) throws MessagingException {
    Response[] rs = (Response[]) folder.doCommand(p -> {
      Argument args = null;
      if (mailbox != null) {
        args = new Argument();
        args.writeString(mailbox);
      }
      Response[] r = p.command(command, args);
      List<Response> news = new ArrayList<>();
      for (int i = 0; i < r.length - 1; i++) {
        if (!(r[i] instanceof FetchResponse)) {
          news.add(r[i]);
        }
      }
      p.notifyResponseHandlers(news.toArray(Response[]::new));
      p.handleResult(r[r.length - 1]);
      return r;
    });
    handler.handle(rs);
  }

  /** {@code 3:5,9}: UIDs, sorted, as an IMAP set. */
  static String uidSet(List<Long> uids) {
    List<Long> sorted = uids.stream().sorted().toList();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < sorted.size(); i++) {
      long start = sorted.get(i);
      long end = start;
      while (i + 1 < sorted.size() && sorted.get(i + 1) == end + 1) {
        end = sorted.get(++i);
      }
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(start);
      if (end != start) {
        b.append(':').append(end);
      }
    }
    return b.toString();
  }
}
