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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.hashing.HashingStrategy;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users, passwords (PBKDF2-HMAC-SHA512 from vertx-auth-common, hashed on a worker) and tokens: browser sessions and
 * API tokens are random 256-bit strings of which only the SHA-256 is stored.
 */
public final class UserService {

  private static final Logger LOG = LoggerFactory.getLogger(UserService.class);
  private static final Map<String, String> PBKDF2_PARAMS = Map.of("it", "210000");
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{2,64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  static {
    // Seed the generator now, on whichever thread builds the service, not later on an event loop.
    RANDOM.nextBytes(new byte[32]);
  }

  private static final String INSERT_USER =
      "INSERT INTO users (username, display_name, password_hash, roles, unit_id) VALUES ($1, $2, $3, $4, $5) RETURNING id";
  private static final String INSERT_USER_ONCE =
      "INSERT INTO users (username, display_name, password_hash, roles, unit_id) VALUES ($1, $2, $3, $4, $5) "
          + "ON CONFLICT (username) DO NOTHING";
  private static final String USER_BY_NAME =
      "SELECT id, username, display_name, password_hash, roles, unit_id FROM users WHERE username = $1 AND active";
  private static final String INSERT_TOKEN =
      "INSERT INTO auth_tokens (token_hash, user_id, kind, name, expires_at) VALUES ($1, $2, $3, $4, $5)";
  private static final String PRINCIPAL_BY_TOKEN =
      "SELECT u.id, u.username, u.display_name, u.roles, u.unit_id, t.expires_at FROM auth_tokens t JOIN users u ON u.id = t.user_id "
          + "WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 AND u.active";
  private static final String REVOKE_TOKEN = "UPDATE auth_tokens SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL";
  private static final String LIST_USERS =
      "SELECT id, username, display_name, roles, unit_id, active, created_at FROM users ORDER BY id";

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final AuditLog audit;
  private final Duration sessionTtl;
  private final Supplier<ZoneId> zone;
  private final HashingStrategy hashing = HashingStrategy.load();
  private final Map<String, CachedToken> tokenCache = new ConcurrentHashMap<>();
  private final LoginFailures failures = new LoginFailures(5, Duration.ofMinutes(15));
  private static final long TOKEN_CACHE_NANOS = Duration.ofSeconds(10).toNanos();
  private static final int TOKEN_CACHE_MAX = 10_000;

  public UserService(Vertx vertx, Pool pool, Clock clock, AuditLog audit, Duration sessionTtl, Supplier<ZoneId> zone) {
    this.zone = zone;
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.audit = audit;
    this.sessionTtl = sessionTtl;
  }

  /** A new user from {@code {"username","password","displayName","roles":[…],"unitId"}}. */
  public Future<JsonObject> create(Principal actor, JsonObject body) {
    if (!actor.has(Role.ADMIN)) {
      return Future.failedFuture(HotlineException.forbidden());
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
        return Future.failedFuture(HotlineException.invalid("wrongType", "roles", "string"));
      }
      roles.add(Role.parse(role));
    }
    Long unitId = in.optionalId("unitId");
    if (roles.contains(Role.UNIT_RESPONDER) && unitId == null) {
      return Future.failedFuture(HotlineException.invalid("user.unitRequired"));
    }
    String givenName = in.optional("displayName", 100);
    String displayName = givenName == null ? username : givenName;
    return hash(password)
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
      String password = generated ? randomToken().substring(0, 20) : configuredPassword;
      return hash(password)
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
      // Verify against a dummy hash when the user is unknown, so timing does not tell names apart.
      String stored = row == null ? DUMMY_HASH : row.getString("password_hash");
      return vertx.executeBlocking(() -> hashing.verify(stored, password), false).compose(ok -> {
        // A gateway account never signs in, whatever is typed.
        if (!ok || row == null || principal(row).has(Role.GATEWAY)) {
          failures.failed(attempt, System.nanoTime());
          return Future.failedFuture(new HotlineException(ErrorCode.UNAUTHORIZED, "login.failed"));
        }
        failures.succeeded(attempt);
        Principal p = principal(row);
        return issueToken(p, "session", null, sessionTtl).map(token -> new JsonObject()
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
    return issueToken(p, "api", name, ttl)
        .map(token -> new JsonObject().put("token", token).put("name", name).put("expiresAt", Times.iso(now().plus(ttl), zone.get())));
  }

  /**
   * The user a token belongs to, if it is valid. A valid token is remembered for a few seconds so that a busy
   * client does not cost a query per request; logging out on this node forgets it at once.
   */
  public Future<Principal> authenticate(String token) {
    if (token == null || token.isBlank() || token.length() > 200) {
      return Future.succeededFuture(null);
    }
    long nanoNow = System.nanoTime();
    CachedToken cached = tokenCache.get(token);
    if (cached != null && nanoNow - cached.cachedAtNanos() < TOKEN_CACHE_NANOS && cached.expiresAt().isAfter(now())) {
      return Future.succeededFuture(cached.principal());
    }
    return pool.preparedQuery(PRINCIPAL_BY_TOKEN).execute(Tuple.of(tokenHash(token), now())).map(rows -> {
      if (rows.size() == 0) {
        tokenCache.remove(token);
        return null;
      }
      Row row = rows.iterator().next();
      Principal p = principal(row);
      if (tokenCache.size() >= TOKEN_CACHE_MAX) {
        tokenCache.clear();
      }
      tokenCache.put(token, new CachedToken(p, row.getOffsetDateTime("expires_at"), nanoNow));
      return p;
    });
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
      return hash(randomToken())
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
    tokenCache.remove(token);
    return pool.preparedQuery(REVOKE_TOKEN).execute(Tuple.of(tokenHash(token), now())).mapEmpty();
  }

  private record CachedToken(Principal principal, OffsetDateTime expiresAt, long cachedAtNanos) {
  }

  public Future<JsonArray> list(Principal actor) {
    if (!actor.hasAny(Role.ADMIN, Role.LEADER, Role.SUPERVISOR)) {
      return Future.failedFuture(HotlineException.forbidden());
    }
    return pool.query(LIST_USERS).execute().map(rows -> {
      JsonArray out = new JsonArray();
      for (Row r : rows) {
        out.add(principal(r).toJson().put("active", r.getBoolean("active")).put("createdAt", Times.iso(r.getOffsetDateTime("created_at"), zone.get())));
      }
      return out;
    });
  }

  private Future<String> issueToken(Principal p, String kind, String name, Duration ttl) {
    String token = randomToken();
    return pool.preparedQuery(INSERT_TOKEN)
        .execute(Tuple.of(tokenHash(token), p.id(), kind, name, now().plus(ttl)))
        .map(token);
  }

  private Future<String> hash(String password) {
    return vertx.executeBlocking(() -> {
      byte[] salt = new byte[16];
      RANDOM.nextBytes(salt);
      return hashing.hash("pbkdf2", PBKDF2_PARAMS, Base64.getEncoder().withoutPadding().encodeToString(salt), password);
    }, false);
  }

  private static final String DUMMY_HASH =
      HashingStrategy.load().hash("pbkdf2", PBKDF2_PARAMS, "AAAAAAAAAAAAAAAAAAAAAA", "not a password");

  static Principal principal(Row row) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : row.getArrayOfStrings("roles")) {
      roles.add(Role.of(r));
    }
    return new Principal(row.getLong("id"), row.getString("username"), row.getString("display_name"), roles,
        row.getLong("unit_id"));
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }

  private static String randomToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static Buffer tokenHash(String token) {
    try {
      return Buffer.buffer(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
