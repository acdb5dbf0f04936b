package hotline.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One Hotline at a time owns a data dir: it holds an operating-system lock on {@code <data dir>/hotline.lock} for as
 * long as it runs, with its process id written in the file. The lock goes with the process, however it ends; a
 * second Hotline on the same data dir is refused in one sentence naming the first.
 */
final class DataDirLock implements AutoCloseable {

  static final String FILE = "hotline.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DataDirLock acquire(Path root) throws IOException {
    Path file = root.resolve(FILE);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      // Held by this very process (another Hotline started in the same JVM).
      lock = null;
    }
    if (lock == null) {
      String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
      channel.close();
      throw new InUse(root, holder.matches("\\d+") ? holder : null);
    }
    channel.truncate(0);
    channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(true);
    return new DataDirLock(channel, lock);
  }

  /** Another running Hotline holds the data dir: said naming its process, if it wrote one. */
  static final class InUse extends StartupRefused {

    private static final long serialVersionUID = 1L;

    private final transient Path root;
    private final String holder;

    InUse(Path root, String holderOrNull) {
      super("The data directory " + root + " is in use by another running Hotline"
          + (holderOrNull != null ? " (process " + holderOrNull + ")" : "") + ": stop it first, or give this one its own HOTLINE_DATA_DIR.");
      this.root = root;
      this.holder = holderOrNull;
    }

    Path root() {
      return root;
    }

    /** The process id of the Hotline that holds it; null if it wrote none. */
    String holder() {
      return holder;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } finally {
      channel.close();
    }
  }
}
