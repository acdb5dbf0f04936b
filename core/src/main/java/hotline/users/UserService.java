package hotline.users;

import hotline.audit.AuditLog;
import hotline.db.Pages;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.errors.Messages;
import hotline.time.Times;
import hotline.users.UserRepository.Account;
import hotline.validation.Input;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User accounts and signing in: creating users, the first admin, gateway accounts, the sign-in that checks a password
 * ({@link Passwords}, after counting the attempt in {@link LoginFailures}) and issues a session ({@link Tokens}), and
 * the accounts' upkeep: deactivation, roles, password resets and changes ({@link PasswordPolicy}), tokens.
 *
 * <p>Who may do what is checked at the top of each operation, one rule each:
 * <ul>
 * <li>create a user, deactivate or reactivate one, reset a password, list or revoke another user's tokens: admin;
 * <li>grant or withdraw leader or supervisor (the roles that see reporters' identities): a leader or an admin; the
 * other roles (agent, unit responder, admin) and the unit: an admin; every grant and withdrawal of leader or supervisor
 * is its own audit entry ({@code user.grant_sensitive_role}, {@code user.revoke_sensitive_role}), which leaders read in
 * {@link #sensitiveChanges};
 * <li>nobody changes their own roles, deactivates themselves or resets their own password (they change it, knowing
 * the current one);
 * <li>one's own tokens and password: anyone signed in.
 * </ul>
 */
public final class UserService {

  private static final Logger LOG = LoggerFactory.getLogger(UserService.class);
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{2,64}");
  /** The accounts the gateways sign their work with ({@link #gatewayAccount}), and the system's name in the audit log. */
  static final Set<String> RESERVED_NAMES = Set.of("mail-gateway", "fax-gateway", "web-form", "system");
  /** The roles that see reporters' identities. */
  static final Set<Role> SENSITIVE_ROLES = EnumSet.of(Role.LEADER, Role.SUPERVISOR);
  /** Sign-ins whose password is checked per user name and client address within {@link #LOGIN_WINDOW}. */
  static final int LOGIN_LIMIT = 5;
  static final Duration LOGIN_WINDOW = Duration.ofMinutes(15);
  /** The actor of the reset-password command in the audit log: whoever runs it has the server, not an account. */
  public static final String CONSOLE_ACTOR = "reset-password command";

  private static final String SENSITIVE_CHANGES =
      "SELECT id, at, actor_id, actor_name, action, detail, count(*) OVER () AS total FROM audit_log "
          + "WHERE action LIKE 'user.%' AND detail @> '{\"sensitive\": true}' ORDER BY id DESC LIMIT $1 OFFSET $2";

  private final Vertx vertx;
  private final Pool pool;
  private final AuditLog audit;
  private final Duration sessionTtl;
  private final Supplier<ZoneId> zone;
  private final Passwords passwords;
  private final Tokens tokens;
  private final LoginFailures failures;
  private final UserRepository users;

  public UserService(Vertx vertx, Pool pool, Clock clock, AuditLog audit, Duration sessionTtl, Supplier<ZoneId> zone) {
    this.vertx = vertx;
    this.zone = zone;
    this.pool = pool;
    this.audit = audit;
    this.sessionTtl = sessionTtl;
    this.passwords = new Passwords(vertx);
    this.tokens = new Tokens(pool, clock, zone);
    this.failures = new LoginFailures(pool, LOGIN_LIMIT, LOGIN_WINDOW);
    this.users = new UserRepository(pool);
  }

  /**
   * A new user from {@code {"username","password","displayName","roles":[…],"unitId"}}. Without a password one is
   * generated (as a reset's is), answered once as {@code temporaryPassword}, and must be changed at the first sign-in.
   */
  public Future<JsonObject> create(Principal actor, JsonObject body) {
    return validated(() -> {
      if (!Permission.USERS_MANAGE.allows(actor)) {
        return Future.failedFuture(Permission.USERS_MANAGE.refusal());
      }
      Input in = Input.of(body);
      String username = in.required("username", 64);
      boolean generate = body.getValue("password") == null;
      String given = generate ? null : in.verbatim("password", PasswordPolicy.MAX_LENGTH);
      if (!USERNAME.matcher(username).matches()) {
        return Future.failedFuture(HotlineException.invalidAt("username", "user.username"));
      }
      if (RESERVED_NAMES.contains(username.toLowerCase(Locale.ROOT))) {
        return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, new JsonObject().put("field", "username"),
            "user.reserved", username));
      }
      if (!generate) {
        PasswordPolicy.checkShape("password", given, username);
      }
      Set<Role> roles = roles(in);
      Long unitId = in.optionalId("unitId");
      if (roles.contains(Role.UNIT_RESPONDER) && unitId == null) {
        return Future.failedFuture(HotlineException.invalidAt("unitId", "user.unitRequired"));
      }
      String givenName = in.optional("displayName", 100);
      String displayName = givenName == null ? username : givenName;
      Future<String> password = generate
          ? vertx.executeBlocking(() -> generated(new Principal(0, username, displayName, roles, unitId)), false)
          : Future.succeededFuture(given);
      return password.compose(pw -> acceptable("password", pw, username, displayName, roles)
          .compose(hash -> pool.withTransaction(tx -> users.insert(tx, username, displayName, hash, roles, unitId, now(), generate)
              .compose(id -> audit.append(tx, actor.actor(), "user.create", null, new JsonObject().put("userId", id).put("username", username)
                      .put("generatedPassword", generate))
                  .compose(v -> roleGrants(tx, actor, id, username, EnumSet.noneOf(Role.class), roles))
                  .map(v -> {
                    JsonObject out = new Principal(id, username, displayName, roles, unitId).toJson().put("active", true)
                        .put("mustChangePassword", generate);
                    return generate ? out.put("temporaryPassword", pw) : out;
                  }))))
          .recover(t -> Future.failedFuture(t instanceof PgException pg && "23505".equals(pg.getSqlState())
              ? new HotlineException(ErrorCode.CONFLICT, new JsonObject().put("field", "username"), "user.exists", username)
              : unknownUnit(t, unitId))));
    });
  }

  /**
   * Creates the admin on first start (an existing admin is left as it is, whatever the configuration says now). The
   * password comes from configuration or is generated and printed once; a generated one, and a configured one the
   * password policy refuses, must be changed at the first sign-in.
   */
  public Future<Void> ensureAdmin(String username, String configuredPassword) {
    return users.byName(username).compose(existing -> {
      if (existing != null) {
        return Future.succeededFuture();
      }
      boolean generated = configuredPassword == null || configuredPassword.isBlank();
      String password = generated ? Passwords.randomToken().substring(0, 20) : configuredPassword;
      Future<Boolean> weak = generated ? Future.succeededFuture(false) : vertx.executeBlocking(() -> {
        try {
          PasswordPolicy.check("admin.password", password, username, "管理员", Set.of(Role.ADMIN));
          return false;
        } catch (HotlineException e) {
          LOG.warn("the configured admin password does not meet the password policy; it must be changed at the first "
              + "sign-in [reason: {}]", e.getMessage());
          return true;
        }
      }, false);
      return weak.compose(mustChange -> passwords.hash(password)
          .compose(hash -> users.insertOnce(username, "管理员", hash, Set.of(Role.ADMIN), generated || mustChange))
          .onSuccess(created -> {
            if (created && generated) {
              // Printed to the console only, never to the log files: the operator needs it once to log in.
              System.out.println("Hotline: created user '" + username + "' with password " + password
                  + "  (to be changed at the first sign-in; set HOTLINE_ADMIN_PASSWORD to choose it)");
            } else if (created) {
              LOG.info("created admin user [username: {}, must change password: {}]", username, mustChange);
            }
          }))
          .mapEmpty();
    });
  }

  /**
   * Logs in; answers a session token and the user. Wrong name or password: 401, same message for both. The attempt is
   * counted before the password is checked: past {@link #LOGIN_LIMIT} within {@link #LOGIN_WINDOW}, 429 with the
   * seconds to wait, without a check.
   */
  public Future<JsonObject> login(String username, String password, String clientAddress) {
    if (username == null || password == null || username.length() > 64 || password.length() > 256) {
      return Future.failedFuture(new HotlineException(ErrorCode.UNAUTHORIZED, "login.failed"));
    }
    // Counted per name and client address, so a stranger elsewhere cannot lock a user out.
    String attempt = LoginFailures.key(username, clientAddress);
    return failures.attempt(attempt, now()).compose(lockedFor -> {
      if (lockedFor > 0) {
        return Future.failedFuture(locked(lockedFor));
      }
      return users.byName(username).compose(account -> passwords.verify(account == null ? null : account.passwordHash(), password)
          .compose(ok -> {
            // A gateway account never signs in, whatever is typed.
            if (!ok || account == null || account.principal().has(Role.GATEWAY)) {
              return Future.failedFuture(new HotlineException(ErrorCode.UNAUTHORIZED, "login.failed"));
            }
            if (!account.active()) {
              // Said only to someone who knows the password.
              return Future.failedFuture(new HotlineException(ErrorCode.UNAUTHORIZED, "login.deactivated"));
            }
            Principal p = account.principal();
            return failures.succeeded(attempt)
                .compose(v -> tokens.issue(p, "session", null, sessionTtl))
                .map(token -> new JsonObject().put("token", token).put("expiresAt", Times.iso(now().plus(sessionTtl), zone.get()))
                    .put("mustChangePassword", account.mustChangePassword())
                    .put("user", p.toJson().put("mustChangePassword", account.mustChangePassword())));
          }));
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
    return tokens.authenticate(token).map(a -> a == null ? null : a.principal());
  }

  /**
   * The user a token belongs to with the token's id and whether the user must change the password (the web layer lets
   * such a session do nothing else); null when the token is not valid or the user not active.
   */
  public Future<Authenticated> authenticateToken(String token) {
    return tokens.authenticate(token);
  }

  /**
   * A gateway's own account (role gateway), made on first use: it owns the cases its gateway files until an agent
   * takes them, and signs the timeline entries of receipts that arrive through it. Its password is random and never
   * known, and sign-in refuses it anyway.
   */
  public Future<Principal> gatewayAccount(String username, String displayName) {
    return users.byName(username).compose(account -> {
      if (account != null) {
        return account.principal().has(Role.GATEWAY) ? Future.succeededFuture(account.principal())
            : Future.failedFuture(new IllegalStateException("user '" + username + "' exists and is not a gateway account"));
      }
      return passwords.hash(Passwords.randomToken())
          .compose(hash -> users.insertOnce(username, displayName, hash, Set.of(Role.GATEWAY), false))
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
    return users.list().map(rows -> {
      JsonArray out = new JsonArray();
      for (Row r : rows) {
        out.add(principal(r).toJson().put("active", r.getBoolean("active"))
            .put("mustChangePassword", r.getBoolean("must_change_password"))
            .put("createdAt", Times.iso(r.getOffsetDateTime("created_at"), zone.get())));
      }
      return out;
    });
  }

  // ---- accounts

  /** Deactivates a user (admin; not oneself): every token of theirs is revoked at once, and they cannot sign in. */
  public Future<JsonObject> deactivate(Principal actor, long userId) {
    return setActive(actor, userId, false);
  }

  /** Lets a deactivated user sign in again (admin; not oneself). */
  public Future<JsonObject> reactivate(Principal actor, long userId) {
    return setActive(actor, userId, true);
  }

  private Future<JsonObject> setActive(Principal actor, long userId, boolean active) {
    if (!Permission.USER_ACCOUNT.allows(actor, Permission.Subject.account(userId))) {
      return Future.failedFuture(actor.id() == userId && Permission.USER_ACCOUNT.couldAllow(actor)
          ? new HotlineException(ErrorCode.FORBIDDEN, "user.ownAccount") : Permission.USER_ACCOUNT.refusal());
    }
    return pool.withTransaction(tx -> account(tx, userId).compose(a -> {
      if (a.active() == active) {
        return Future.succeededFuture(json(a, active, a.mustChangePassword()));
      }
      Future<Integer> revoked = active ? Future.succeededFuture(0) : tokens.revokeAll(tx, userId, null);
      return users.setActive(tx, userId, active)
          .compose(v -> revoked)
          .compose(n -> audit.append(tx, actor.actor(), active ? "user.reactivate" : "user.deactivate", null,
              sensitive(detail(a).put("revokedTokens", n), a.roles())))
          .map(v -> json(a, active, a.mustChangePassword()));
    }));
  }

  /**
   * Sets a user's roles (and unit) from {@code {"roles":[…],"unitId"}} ({@code unitId} absent: the unit stays). Leader
   * and supervisor are granted and withdrawn by a leader or an admin, the other roles and the unit by an admin; nobody
   * changes their own. Each grant or withdrawal of leader or supervisor is also audited on its own.
   */
  public Future<JsonObject> changeRoles(Principal actor, long userId, JsonObject body) {
    return validated(() -> {
      if (!Permission.USER_ROLES.allows(actor, Permission.Subject.account(userId))) {
        return Future.failedFuture(actor.id() == userId && Permission.USER_ROLES.couldAllow(actor)
            ? new HotlineException(ErrorCode.FORBIDDEN, "user.ownRoles") : Permission.USER_ROLES.refusal());
      }
      Input in = Input.of(body);
      Set<Role> after = roles(in);
      boolean unitGiven = in.json().containsKey("unitId");
      Long givenUnit = in.optionalId("unitId");
      return pool.withTransaction(tx -> account(tx, userId).compose(a -> {
        Set<Role> before = a.roles();
        Long unitId = unitGiven ? givenUnit : a.principal().unitId();
        if (after.contains(Role.UNIT_RESPONDER) && unitId == null) {
          return Future.failedFuture(HotlineException.invalidAt("unitId", "user.unitRequired"));
        }
        Set<Role> changed = EnumSet.noneOf(Role.class);
        for (Role r : Role.values()) {
          if (before.contains(r) != after.contains(r)) {
            changed.add(r);
          }
        }
        for (Role r : changed) {
          if (!mayChangeRole(actor, userId, r)) {
            return Future.failedFuture(SENSITIVE_ROLES.contains(r)
                ? new HotlineException(ErrorCode.FORBIDDEN, "user.sensitiveRoleGrant")
                : new HotlineException(ErrorCode.FORBIDDEN, "user.roleAdminOnly", r.id()));
          }
        }
        boolean unitChanged = !Objects.equals(unitId, a.principal().unitId());
        if (unitChanged && !Permission.ROLES_OTHER.allows(actor, Permission.Subject.account(userId))) {
          return Future.failedFuture(new HotlineException(ErrorCode.FORBIDDEN, "user.unitAdminOnly"));
        }
        Principal updated = new Principal(a.id(), a.username(), a.principal().displayName(), Set.copyOf(after), unitId);
        Account now = new Account(updated, a.active(), a.mustChangePassword(), a.passwordHash());
        if (changed.isEmpty() && !unitChanged) {
          return Future.succeededFuture(json(now, a.active(), a.mustChangePassword()));
        }
        Set<Role> involved = EnumSet.copyOf(after);
        involved.addAll(before);
        return users.setRoles(tx, userId, after, unitId)
            .compose(v -> audit.append(tx, actor.actor(), "user.roles_change", null, sensitive(detail(a)
                .put("before", new JsonArray(java.util.List.of((Object[]) UserRepository.ids(before))))
                .put("after", new JsonArray(java.util.List.of((Object[]) UserRepository.ids(after))))
                .put("unitBefore", a.principal().unitId()).put("unitAfter", unitId), involved)))
            .compose(v -> roleGrants(tx, actor, userId, a.username(), before, after))
            .map(v -> json(now, a.active(), a.mustChangePassword()));
      })).recover(t -> Future.failedFuture(unknownUnit(t, givenUnit)));
    });
  }

  /** Whether the actor may grant or withdraw the role: leader and supervisor by a leader or an admin, the rest by an admin. */
  static boolean mayChangeRole(Principal actor, long userId, Role role) {
    if (role == Role.GATEWAY) {
      return false;
    }
    return (SENSITIVE_ROLES.contains(role) ? Permission.ROLES_SENSITIVE : Permission.ROLES_OTHER)
        .allows(actor, Permission.Subject.account(userId));
  }

  /**
   * Gives a user a temporary password (admin; not oneself): {@code {"password"}} if given (it must meet the policy
   * for that user), else a generated one, answered once as {@code temporaryPassword}. The user must change it at the
   * next sign-in; every token of theirs is revoked, and their failed sign-ins are forgotten.
   */
  public Future<JsonObject> resetPassword(Principal actor, long userId, JsonObject body) {
    return validated(() -> {
      if (!Permission.USER_ACCOUNT.allows(actor, Permission.Subject.account(userId))) {
        return Future.failedFuture(actor.id() == userId && Permission.USER_ACCOUNT.couldAllow(actor)
            ? new HotlineException(ErrorCode.FORBIDDEN, "user.ownPassword") : Permission.USER_ACCOUNT.refusal());
      }
      Input in = Input.of(body);
      String given = in.json().containsKey("password") ? in.verbatim("password", PasswordPolicy.MAX_LENGTH) : null;
      return users.byId(pool, userId).compose(a -> a == null ? Future.failedFuture(HotlineException.notFound("user", userId))
          : temporaryPassword(actor.actor(), a, given, new JsonObject()));
    });
  }

  /**
   * The reset-password command's reset, by user name: no account acts (whoever runs it holds the server), so the audit
   * entry names the command and the operating-system user. Otherwise as {@link #resetPassword}.
   */
  public Future<JsonObject> resetPasswordFromConsole(String username, String givenOrNull, String operatingSystemUser) {
    return users.byName(username).compose(a -> a == null
        ? Future.failedFuture(new HotlineException(ErrorCode.NOT_FOUND, "user.noSuchName", username))
        : temporaryPassword(new AuditLog.Actor(null, CONSOLE_ACTOR), a, givenOrNull,
            new JsonObject().put("via", "console").put("osUser", operatingSystemUser)));
  }

  private Future<JsonObject> temporaryPassword(AuditLog.Actor actor, Account target, String given, JsonObject extra) {
    if (target.principal().has(Role.GATEWAY)) {
      return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "user.gatewayAccount", target.username()));
    }
    Principal p = target.principal();
    Future<String> password = given != null
        ? vertx.executeBlocking(() -> {
          PasswordPolicy.check("password", given, p.username(), p.displayName(), p.roles());
          return given;
        }, false)
        : vertx.executeBlocking(() -> generated(p), false);
    return password.compose(pw -> passwords.hash(pw).compose(hash -> pool.withTransaction(tx -> account(tx, p.id())
        .compose(a -> users.setPassword(tx, a.id(), hash, true, now())
            .compose(v -> tokens.revokeAll(tx, a.id(), null))
            .compose(n -> failures.clearName(tx, a.username())
                .compose(v -> audit.append(tx, actor, "user.password_reset", null,
                    sensitive(detail(a).put("generated", given == null).put("revokedTokens", n).mergeIn(extra), a.roles())))
                .map(v -> {
                  JsonObject out = new JsonObject().put("user", json(a, a.active(), true)).put("mustChangePassword", true)
                      .put("revokedTokens", n);
                  return given == null ? out.put("temporaryPassword", pw) : out;
                }))))));
  }

  /** A generated temporary password that meets the policy for the user (one that happens to hold the name is drawn again). */
  private static String generated(Principal p) {
    for (int i = 0; ; i++) {
      String candidate = Passwords.temporary();
      try {
        PasswordPolicy.check("password", candidate, p.username(), p.displayName(), p.roles());
        return candidate;
      } catch (HotlineException e) {
        if (i >= 20) {
          throw e;
        }
      }
    }
  }

  /**
   * Changes the caller's own password from {@code {"currentPassword","newPassword"}}. The current one is checked like a
   * sign-in (the same count of attempts per name and address); the new one must meet the policy and differ from it.
   * Every other token of the caller is revoked; the one this request came with stays signed in.
   */
  public Future<JsonObject> changeOwnPassword(Authenticated caller, JsonObject body, String clientAddress) {
    return validated(() -> {
      Principal p = caller.principal();
      if (p.isSystem() || !Permission.OWN_ACCOUNT.allows(p)) {
        return Future.failedFuture(Permission.OWN_ACCOUNT.refusal());
      }
      Input in = Input.of(body);
      String current = in.verbatim("currentPassword", PasswordPolicy.MAX_LENGTH);
      String next = in.verbatim("newPassword", PasswordPolicy.MAX_LENGTH);
      PasswordPolicy.checkShape("newPassword", next, p.username());
      if (next.equals(current)) {
        return Future.failedFuture(HotlineException.invalid("password.unchanged", "newPassword"));
      }
      String attempt = LoginFailures.key(p.username(), clientAddress);
      return failures.attempt(attempt, now()).compose(lockedFor -> lockedFor > 0 ? Future.failedFuture(locked(lockedFor))
          : users.byId(pool, p.id()).compose(a -> passwords.verify(a == null ? null : a.passwordHash(), current).compose(ok -> {
            if (!ok || a == null) {
              return Future.failedFuture(HotlineException.invalid("password.wrongCurrent", "currentPassword"));
            }
            return failures.succeeded(attempt)
                .compose(v -> acceptable("newPassword", next, a.username(), a.principal().displayName(), a.roles()))
                .compose(hash -> pool.withTransaction(tx -> account(tx, a.id())
                    .compose(x -> users.setPassword(tx, a.id(), hash, false, now()))
                    .compose(v -> tokens.revokeAll(tx, a.id(), caller.tokenId()))
                    .compose(n -> audit.append(tx, p.actor(), "user.password_change", null, detail(a).put("revokedTokens", n))
                        .map(v -> new JsonObject().put("user", json(a, a.active(), false)).put("mustChangePassword", false)
                            .put("revokedTokens", n)))));
          })));
    });
  }

  // ---- tokens

  /** The live tokens of a user, without their secrets: one's own, or anyone's for an admin. */
  public Future<JsonArray> tokens(Principal actor, long userId, Long currentTokenId) {
    if (!Permission.USER_TOKENS.allows(actor, Permission.Subject.account(userId))) {
      return Future.failedFuture(Permission.USER_TOKENS.refusal());
    }
    if (actor.id() == userId) {
      return tokens.list(userId, currentTokenId);
    }
    return users.byId(pool, userId).compose(a -> a == null ? Future.failedFuture(HotlineException.notFound("user", userId))
        : tokens.list(userId, null));
  }

  /** Revokes one live token of a user by its id: one's own, or anyone's for an admin (audited). */
  public Future<JsonObject> revokeToken(Principal actor, long userId, long tokenId) {
    if (!Permission.USER_TOKENS.allows(actor, Permission.Subject.account(userId))) {
      return Future.failedFuture(Permission.USER_TOKENS.refusal());
    }
    return users.byId(pool, userId).compose(a -> {
      if (a == null) {
        return Future.failedFuture(HotlineException.notFound("user", userId));
      }
      return tokens.revoke(userId, tokenId).compose(t -> {
        if (t == null) {
          return Future.failedFuture(HotlineException.notFound("token", tokenId));
        }
        JsonObject out = new JsonObject().put("id", tokenId).put("kind", t.getString("kind")).put("name", t.getString("name"))
            .put("revoked", true);
        if (actor.id() == userId) {
          return Future.succeededFuture(out);
        }
        return audit.append(actor.actor(), "user.token_revoke", null,
            sensitive(detail(a).put("tokenId", tokenId).put("kind", t.getString("kind")), a.roles())).map(out);
      });
    });
  }

  // ---- what leaders read

  /**
   * The audit entries about the roles that see reporters' identities, newest first: every grant and withdrawal of leader
   * or supervisor, and deactivations, reactivations, password resets, role changes and token revocations of accounts
   * that hold (or held) them. For leaders, the supervision office and admins.
   */
  public Future<JsonObject> sensitiveChanges(Principal actor, int page, int size) {
    if (!Permission.SENSITIVE_CHANGES.allows(actor)) {
      return Future.failedFuture(Permission.SENSITIVE_CHANGES.refusal());
    }
    return pool.preparedQuery(SENSITIVE_CHANGES).execute(Tuple.of(size, (page - 1) * size)).map(rows -> {
      JsonArray items = new JsonArray();
      long total = 0;
      for (Row r : rows) {
        total = r.getLong("total");
        items.add(new JsonObject().put("id", r.getLong("id")).put("at", Times.iso(r.getOffsetDateTime("at"), zone.get()))
            .put("actorId", r.getLong("actor_id")).put("actor", r.getString("actor_name"))
            .put("action", r.getString("action")).put("caseId", null).put("detail", r.getJsonObject("detail")));
      }
      return new JsonObject().put("items", items).put("total", total).put("page", page).put("size", size);
    }).compose(result -> Pages.withTotal(result, page, first -> sensitiveChanges(actor, first, size)));
  }

  // ---- helpers

  /** Runs the operation's synchronous part (reading the body) so that a refusal there is a failed future too. */
  private static <T> Future<T> validated(Supplier<Future<T>> operation) {
    try {
      return operation.get();
    } catch (HotlineException e) {
      return Future.failedFuture(e);
    }
  }

  /** A grant and withdrawal entry for each of leader and supervisor that {@code before} and {@code after} differ in. */
  private Future<Void> roleGrants(SqlClient tx, Principal actor, long userId, String username, Set<Role> before, Set<Role> after) {
    Future<Void> f = Future.succeededFuture();
    for (Role r : SENSITIVE_ROLES) {
      if (before.contains(r) == after.contains(r)) {
        continue;
      }
      String action = after.contains(r) ? "user.grant_sensitive_role" : "user.revoke_sensitive_role";
      JsonObject detail = new JsonObject().put("userId", userId).put("username", username).put("role", r.id()).put("sensitive", true);
      f = f.compose(v -> audit.append(tx, actor.actor(), action, null, detail));
    }
    return f;
  }

  /** The account, locked for the transaction; a missing one is 404, a gateway's is 409 (its gateway manages it). */
  private Future<Account> account(SqlClient tx, long userId) {
    return users.lock(tx, userId).compose(a -> {
      if (a == null) {
        return Future.failedFuture(HotlineException.notFound("user", userId));
      }
      if (a.principal().has(Role.GATEWAY)) {
        return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "user.gatewayAccount", a.username()));
      }
      return Future.succeededFuture(a);
    });
  }

  /** Checks the password against the policy on a worker, then hashes it. */
  private Future<String> acceptable(String field, String password, String username, String displayName, Set<Role> roles) {
    return vertx.executeBlocking(() -> {
      PasswordPolicy.check(field, password, username, displayName, roles);
      return null;
    }, false).compose(v -> passwords.hash(password));
  }

  private static Set<Role> roles(Input in) {
    JsonArray rolesJson = in.array("roles", 5);
    if (rolesJson.isEmpty()) {
      throw HotlineException.invalid("required", "roles");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Object r : rolesJson) {
      if (!(r instanceof String role)) {
        throw HotlineException.wrongType("roles", "string");
      }
      roles.add(Role.parse(role));
    }
    return roles;
  }

  private static Throwable unknownUnit(Throwable t, Long unitId) {
    return t instanceof PgException pg && "23503".equals(pg.getSqlState())
        ? HotlineException.invalidAt("unitId", "notFound", new Messages.Key("entity.unit"), unitId) : t;
  }

  private static HotlineException locked(long seconds) {
    return new HotlineException(ErrorCode.TOO_MANY_REQUESTS, new JsonObject().put("retryAfterSeconds", seconds),
        "login.locked", (seconds + 59) / 60);
  }

  private static JsonObject detail(Account a) {
    return new JsonObject().put("userId", a.id()).put("username", a.username());
  }

  /** Marks an entry leaders read ({@link #sensitiveChanges}) when the account holds (or held) leader or supervisor. */
  private static JsonObject sensitive(JsonObject detail, Set<Role> roles) {
    for (Role r : roles) {
      if (SENSITIVE_ROLES.contains(r)) {
        return detail.put("sensitive", true);
      }
    }
    return detail;
  }

  private static JsonObject json(Account a, boolean active, boolean mustChangePassword) {
    return a.principal().toJson().put("active", active).put("mustChangePassword", mustChangePassword);
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
