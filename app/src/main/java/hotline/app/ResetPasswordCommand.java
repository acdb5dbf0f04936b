package hotline.app;

import hotline.audit.AuditLog;
import hotline.config.Config;
import hotline.db.Database;
import hotline.db.DatabaseSettings;
import hotline.errors.HotlineException;
import hotline.errors.Messages;
import hotline.users.UserService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar hotline.jar reset-password <user name> [--password-stdin]}: the operator's way back in when nobody
 * can sign in as an admin. It works without the service running: on the configured database URL (a running Hotline
 * there is fine), or else on the embedded database in the data dir, which it starts itself with the password file
 * Hotline keeps there (refused, naming the process, while a Hotline holds the data dir). It gives the user a
 * temporary password, generated and printed once or read as one line from standard input, which must be changed at the
 * next sign-in; revokes every token of the user; forgets their failed sign-ins; and writes {@code user.password_reset}
 * to the audit log with the command and the operating-system user as its actor.
 */
final class ResetPasswordCommand {

  static final String NAME = "reset-password";
  private static final Logger LOG = LoggerFactory.getLogger(ResetPasswordCommand.class);
  private static final long TIMEOUT_SECONDS = 120;

  private final Config config;
  private final InputStream stdin;
  private final PrintStream out;
  private final PrintStream err;
  private final Locale locale;

  ResetPasswordCommand(Config config, InputStream stdin, PrintStream out, PrintStream err, Locale locale) {
    this.config = config;
    this.stdin = stdin;
    this.out = out;
    this.err = err;
    this.locale = locale;
  }

  /** Runs {@code reset-password <user> [--password-stdin]}; answers the exit status: 0 done, 1 refused or failed, 2 usage. */
  int run(String[] args) {
    String username = null;
    boolean fromStdin = false;
    for (int i = 1; i < args.length; i++) {
      if ("--password-stdin".equals(args[i])) {
        fromStdin = true;
      } else if (username == null && !args[i].startsWith("-")) {
        username = args[i];
      } else {
        username = null;
        break;
      }
    }
    if (username == null) {
      err.println(text("cli.resetPassword.usage"));
      return 2;
    }
    String given = null;
    if (fromStdin) {
      given = firstLine();
      if (given == null || given.isEmpty()) {
        err.println(text("cli.resetPassword.emptyStdin"));
        return 1;
      }
    }
    Vertx vertx = Vertx.vertx();
    EmbeddedDatabase embedded = null;
    Pool pool = null;
    try {
      DatabaseSettings db = DatabaseSettings.from(config);
      PgConnectOptions target;
      if (db.embedded()) {
        Path dataDir = Path.of(config.string("data.dir", "./data")).toAbsolutePath();
        if (!Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION"))) {
          err.println(text("cli.resetPassword.noDatabase", dataDir));
          return 1;
        }
        embedded = EmbeddedDatabase.start(dataDir, 0);
        target = embedded.connectOptions();
      } else {
        target = DatabaseSettings.connectOptions(db.url());
      }
      // A newer release may run it on an older schema: bring it up to date as a start would.
      await(Database.migrate(vertx, target));
      pool = Database.pool(vertx, target, 2);
      ZoneId zone = ZoneId.of(config.string("calendar.zone", "Asia/Shanghai"));
      AuditLog audit = new AuditLog(pool, Clock.systemUTC(), () -> zone);
      UserService users = new UserService(vertx, pool, Clock.systemUTC(), audit, Duration.ofHours(1), () -> zone);
      JsonObject reset = await(users.resetPasswordFromConsole(username, given, System.getProperty("user.name", "?")));
      if (given == null) {
        out.println(text("cli.resetPassword.generated", username));
        out.println(reset.getString("temporaryPassword"));
      } else {
        out.println(text("cli.resetPassword.given", username));
      }
      out.println(text("cli.resetPassword.revoked", reset.getInteger("revokedTokens")));
      return 0;
    } catch (DataDirLock.InUse e) {
      err.println(e.holder() == null ? text("cli.resetPassword.inUse", e.root())
          : text("cli.resetPassword.inUseBy", e.root(), e.holder()));
      return 1;
    } catch (StartupRefused e) {
      err.println(text("cli.resetPassword.failed", e.getMessage()));
      return 1;
    } catch (HotlineException e) {
      err.println(text("cli.resetPassword.failed", e.message(locale)));
      return 1;
    } catch (Exception e) {
      LOG.error("reset-password failed", e);
      err.println(text("cli.resetPassword.failed", String.valueOf(e.getMessage())));
      return 1;
    } finally {
      close(vertx, pool, embedded);
    }
  }

  /** One line of standard input, without its line break; null at its end. */
  private String firstLine() {
    try {
      return new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private String text(String key, Object... args) {
    return Messages.format(locale, key, args);
  }

  /** The value of the future, from this (non-event-loop) thread; its own failure is thrown as it is. */
  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static void close(Vertx vertx, Pool pool, EmbeddedDatabase embedded) {
    try {
      if (pool != null) {
        await(pool.close());
      }
      await(vertx.close());
    } catch (Exception e) {
      LOG.warn("closing after reset-password: {}", e.toString());
    }
    if (embedded != null) {
      try {
        embedded.close();
      } catch (java.io.IOException e) {
        LOG.warn("stopping the embedded database after reset-password: {}", e.toString());
      }
    }
  }
}
