package hotline.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The embedded server's superuser password: generated on first start (256 random bits), kept in
 * {@code <data dir>/postgres.password} readable by the owner only (0600), and given to the server and the pool. An
 * operator who needs to reach the database reads it from there.
 */
record DatabasePassword(Path file, String password) {

  static final String FILE = "postgres.password";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final SecureRandom RANDOM = new SecureRandom();

  static DatabasePassword in(Path root) throws IOException {
    Path file = root.resolve(FILE);
    if (!Files.exists(file)) {
      byte[] b = new byte[32];
      RANDOM.nextBytes(b);
      Path tmp = root.resolve(FILE + ".new");
      Files.deleteIfExists(tmp);
      createOwnerOnly(tmp);
      Files.writeString(tmp, Base64.getUrlEncoder().withoutPadding().encodeToString(b) + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException e) {
        Files.deleteIfExists(tmp);
      }
    }
    restrict(file);
    String password = Files.readString(file, StandardCharsets.UTF_8).strip();
    // Only the characters it is made of: it is written into SQL once, when an older cluster is given it.
    if (!password.matches("[A-Za-z0-9_-]{16,200}")) {
      throw new StartupRefused("The database password in " + file + " is not one Hotline made (16 or more letters, digits, '-' or '_'): "
          + "put the right one back, or remove the file only together with the data it protects.");
    }
    return new DatabasePassword(file, password);
  }

  private static void createOwnerOnly(Path file) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, OWNER_ONLY);
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: its own access rules apply.
    }
  }
}
