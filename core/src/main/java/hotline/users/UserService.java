package hotline.users;

import java.util.function.Supplier;
import java.time.ZoneId;
import hotline.time.Times;
import hotline.audit.AuditLog;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.errors.Messages;
import hotline.validation.Input;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User accounts and signing in: creating users, the first admin, gateway accounts, and the sign-in that checks a
 * password ({@link Passwords}) and issues a session ({@link Tokens}).
 */
public final class UserService {

  private static final Logger LOG = LoggerFactory.getLogger(UserService.class);
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{2,64}");

  private static final String INSERT_USER =
      "INSERT INTO users (username, display_name, password_hash, roles, unit_id) VALUES ($1, $2, $3, $4, $5) RETURNING id";
  private static final String INSERT_USER_ONCE =
      "INSERT INTO users (username, display_name, password_hash, roles, unit_id) VALUES ($1, $2, $3, $4, $5) "
          + "ON CONFLICT (username) DO NOTHING";
  private static final String USER_BY_NAME =
      "SELECT id, username, display_name, password_hash, roles, unit_id FROM users WHERE username = $1 AND active";
  private static final String LIST_USERS =
      "SELECT id, username, display_name, roles, unit_id, active, created_at FROM users ORDER BY id";

  private final Pool pool;
  private final Clock clock;
  private final AuditLog audit;
  private final Duration sessionTtl;
  private final Supplier<ZoneId> zone;
  private final Passwords passwords;
  private final Tokens tokens;
  private final LoginFailures failures = new LoginFailures(5, Duration.ofMinutes(15));

  public UserService(Vertx vertx, Pool pool, Clock clock, AuditLog audit, Duration sessionTtl, Supplier<ZoneId> zone) {
    this.zone = zone;
    this.pool = pool;
    this.clock = clock;
    this.audit = audit;
    this.sessionTtl = sessionTtl;
    this.passwords = new Passwords(vertx);
    this.tokens = new Tokens(pool, clock);
  }

  /** A new user from {@code {"username","password","displayName","roles":[…],"unitId"}}. */
  public Future<JsonObject> create(Principal actor, JsonObject body) {
    if (!Permission.USERS_MANAGE.allows(actor)) {
      return Future.failedFuture(Permission.USERS_MANAGE.refusal());
    }
    Input in = Input.of(body);
    String username = in.required("username", 64);
    String password = in.verbatim("password", 256);
    if (!USERNAME.matcher(username).matches()) {
      return Future.failedFuture(HotlineException.invalid("user.username"));
    }
    if (password.length() < 8) {
      return Future.failedFuture(HotlineException.invalid("user.password"));
    }
    JsonArray rolesJson = in.array("roles", 5);
    if (rolesJson.isEmpty()) {
      return Future.failedFuture(HotlineException.invalid("required", "roles"));
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Object r : rolesJson) {
      if (!(r instanceof String role)) {
        return Future.failedFuture(HotlineException.wrongType("roles", "string"));
      }
      roles.add(Role.parse(role));
    }
    Long unitId = in.optionalId("unitId");
    if (roles.contains(Role.UNIT_RESPONDER) && unitId == null) {
      return Future.failedFuture(HotlineException.invalid("user.unitRequired"));
    }
    String givenName = in.optional("displayName", 100);
    String displayName = givenName == null ? username : givenName;
    return passwords.hash(password)
        .compose(hash -> pool.withTransaction(tx -> tx.preparedQuery(INSERT_USER)
            .execute(Tuple.of(username, displayName, hash, roles.stream().map(Role::id).toArray(String[]::new), unitId))
            .compose(rows -> {
              long id = rows.iterator().next().getLong(0);
              return audit.append(tx, actor.actor(), "user.create", null, new JsonObject().put("userId", id).put("username", username))
                  .map(v -> new Principal(id, username, displayName, roles, unitId).toJson());
            })))
        .recover(t -> Future.failedFuture(t instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? new HotlineException(ErrorCode.CONFLICT, "user.exists", username)
            : t instanceof PgException pg2 && "23503".equals(pg2.getSqlState())
                ? HotlineException.invalid("notFound", new Messages.Key("entity.unit"), unitId)
                : t));
  }

  /** Creates the admin on first start; the password comes from configuration or is generated and printed once. */
  public Future<Void> ensureAdmin(String username, String configuredPassword) {
    return pool.preparedQuery("SELECT 1 FROM users WHERE username = $1").execute(Tuple.of(username)).compose(rows -> {
      if (rows.size() > 0) {
        return Future.succeededFuture();
      }
      boolean generated = configuredPassword == null || configuredPassword.isBlank();
      String password = generated ? Passwords.randomToken().substring(0, 20) : configuredPassword;
      return passwords.hash(password)
          .compose(hash -> pool.preparedQuery(INSERT_USER_ONCE)
              .execute(Tuple.of(username, "管理员", hash, new String[] {Role.ADMIN.id()}, null)))
          .onSuccess(v -> {
            if (generated) {
              // Printed to the console only, never to the log files: the operator needs it once to log in.
              System.out.println("Hotline: created user '" + username + "' with password " + password
                  + "  (set HOTLINE_ADMIN_PASSWORD to choose it)");
            } else {
              LOG.info("created admin user [username: {}]", username);
            }
          })
          .mapEmpty();
    });
  }

  /** Logs in; answers a session token and the user. Wrong name or password: 401, same message for both. */
  public Future<JsonObject> login(String username, String password, String clientAddress) {
    if (username == null || password == null || username.length() > 64 || password.length() > 256) {
      return Future.failedFuture(new HotlineException(ErrorCode.UNAUTHORIZED, "login.failed"));
    }
    // Failures count per name and client address, so a stranger elsewhere cannot lock a user out.
    String attempt = username + "|" + clientAddress;
    long lockedForSeconds = failures.lockedForSeconds(attempt, System.nanoTime());
    if (lockedForSeconds > 0) {
      return Future.failedFuture(new HotlineException(ErrorCode.TOO_MANY_REQUESTS,
          new JsonObject().put("retryAfterSeconds", lockedForSeconds), "login.locked", (lockedForSeconds + 59) / 60));
    }
    return pool.preparedQuery(USER_BY_NAME).execute(Tuple.of(username)).compose(rows -> {
      Row row = rows.size() == 0 ? null : rows.iterator().next();
      return passwords.verify(row == null ? null : row.getString("password_hash"), password).compose(ok -> {
        // A gateway account never signs in, whatever is typed.
        if (!ok || row == null || principal(row).has(Role.GATEWAY)) {
          failures.failed(attempt, System.nanoTime());
          return Future.failedFuture(new HotlineException(ErrorCode.UNAUTHORIZED, "login.failed"));
        }
        failures.succeeded(attempt);
        Principal p = principal(row);
        return tokens.issue(p, "session", null, sessionTtl).map(token -> new JsonObject()
            .put("token", token).put("expiresAt", Times.iso(now().plus(sessionTtl), zone.get())).put("user", p.toJson()));
      });
    });
  }

  /** A long-lived API token for the caller. */
  public Future<JsonObject> createApiToken(Principal p, String name, int days) {
    if (days < 1 || days > 366) {
      return Future.failedFuture(HotlineException.invalid("token.days"));
    }
    Duration ttl = Duration.ofDays(days);
    return tokens.issue(p, "api", name, ttl)
        .map(token -> new JsonObject().put("token", token).put("name", name).put("expiresAt", Times.iso(now().plus(ttl), zone.get())));
  }

  /** The user a token belongs to, if it is valid (and the user active); null otherwise. */
  public Future<Principal> authenticate(String token) {
    return tokens.authenticate(token);
  }

  /**
   * A gateway's own account (role gateway), made on first use: it owns the cases its gateway files until an agent
   * takes them, and signs the timeline entries of receipts that arrive through it. Its password is random and never
   * known, and sign-in refuses it anyway.
   */
  public Future<Principal> gatewayAccount(String username, String displayName) {
    Future<Principal> existing = pool.preparedQuery("SELECT id, username, display_name, roles, unit_id FROM users WHERE username = $1")
        .execute(Tuple.of(username)).map(rows -> rows.size() == 0 ? null : principal(rows.iterator().next()));
    return existing.compose(p -> {
      if (p != null) {
        return p.has(Role.GATEWAY) ? Future.succeededFuture(p)
            : Future.failedFuture(new IllegalStateException("user '" + username + "' exists and is not a gateway account"));
      }
      return passwords.hash(Passwords.randomToken())
          .compose(hash -> pool.preparedQuery(INSERT_USER_ONCE)
              .execute(Tuple.of(username, displayName, hash, new String[] {Role.GATEWAY.id()}, null)))
          .compose(v -> gatewayAccount(username, displayName));
    });
  }

  /** An active user as a principal, or null: for work done on a user's behalf (screen pops, callbacks). */
  public Future<Principal> principal(long userId) {
    return pool.preparedQuery("SELECT id, username, display_name, roles, unit_id FROM users WHERE id = $1 AND active")
        .execute(Tuple.of(userId)).map(rows -> rows.size() == 0 ? null : principal(rows.iterator().next()));
  }

  public Future<Void> logout(String token) {
    return tokens.revoke(token);
  }

  public Future<JsonArray> list(Principal actor) {
    if (!Permission.USERS_LIST.allows(actor)) {
      return Future.failedFuture(Permission.USERS_LIST.refusal());
    }
    return pool.query(LIST_USERS).execute().map(rows -> {
      JsonArray out = new JsonArray();
      for (Row r : rows) {
        out.add(principal(r).toJson().put("active", r.getBoolean("active")).put("createdAt", Times.iso(r.getOffsetDateTime("created_at"), zone.get())));
      }
      return out;
    });
  }

  static Principal principal(Row row) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : row.getArrayOfStrings("roles")) {
      roles.add(Role.of(r));
    }
    return new Principal(row.getLong("id"), row.getString("username"), row.getString("display_name"), roles,
        row.getLong("unit_id"));
  }

  private OffsetDateTime now() {
    return tokens.now();
  }
}
