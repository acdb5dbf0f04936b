package hotline.users;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Set;

/** The users table: the statements of {@link UserService}, each on the client it is given (the pool or a transaction). */
final class UserRepository {

  /** A user row as the account operations read it. */
  record Account(Principal principal, boolean active, boolean mustChangePassword, String passwordHash) {

    long id() {
      return principal.id();
    }

    String username() {
      return principal.username();
    }

    Set<Role> roles() {
      return principal.roles();
    }
  }

  private static final String COLUMNS = "id, username, display_name, password_hash, roles, unit_id, active, must_change_password";
  private static final String INSERT_USER =
      "INSERT INTO users (username, display_name, password_hash, roles, unit_id, password_changed_at, must_change_password) "
          + "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
  private static final String INSERT_USER_ONCE =
      "INSERT INTO users (username, display_name, password_hash, roles, unit_id, must_change_password) "
          + "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING";
  private static final String BY_NAME = "SELECT " + COLUMNS + " FROM users WHERE username = $1";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM users WHERE id = $1";
  /** Locks the row: two changes of one account (two admins, or a reset and a role change) are made one after the other. */
  private static final String BY_ID_FOR_UPDATE = "SELECT " + COLUMNS + " FROM users WHERE id = $1 FOR UPDATE";
  private static final String SET_ACTIVE = "UPDATE users SET active = $2 WHERE id = $1";
  private static final String SET_ROLES = "UPDATE users SET roles = $2, unit_id = $3 WHERE id = $1";
  private static final String SET_PASSWORD =
      "UPDATE users SET password_hash = $2, must_change_password = $3, password_changed_at = $4 WHERE id = $1";
  private static final String LIST =
      "SELECT id, username, display_name, roles, unit_id, active, must_change_password, created_at FROM users ORDER BY id";

  private final Pool pool;

  UserRepository(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  Future<Long> insert(SqlClient client, String username, String displayName, String hash, Set<Role> roles, Long unitId,
      OffsetDateTime now, boolean mustChangePassword) {
    return client.preparedQuery(INSERT_USER)
        .execute(Tuple.of(username, displayName, hash, ids(roles), unitId, now, mustChangePassword))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Inserts the user unless the name is taken (first admin, gateway accounts); answers whether it did. */
  Future<Boolean> insertOnce(String username, String displayName, String hash, Set<Role> roles, boolean mustChangePassword) {
    return pool.preparedQuery(INSERT_USER_ONCE)
        .execute(Tuple.of(username, displayName, hash, ids(roles), null, mustChangePassword))
        .map(rows -> rows.rowCount() > 0);
  }

  /** The account of the name, active or not; null when there is none. */
  Future<Account> byName(String username) {
    return pool.preparedQuery(BY_NAME).execute(Tuple.of(username)).map(UserRepository::first);
  }

  /** The account, active or not; null when there is none. */
  Future<Account> byId(SqlClient client, long id) {
    return client.preparedQuery(BY_ID).execute(Tuple.of(id)).map(UserRepository::first);
  }

  /** The account, locked until the transaction ends; null when there is none. */
  Future<Account> lock(SqlClient tx, long id) {
    return tx.preparedQuery(BY_ID_FOR_UPDATE).execute(Tuple.of(id)).map(UserRepository::first);
  }

  Future<Void> setActive(SqlClient tx, long id, boolean active) {
    return tx.preparedQuery(SET_ACTIVE).execute(Tuple.of(id, active)).mapEmpty();
  }

  Future<Void> setRoles(SqlClient tx, long id, Set<Role> roles, Long unitId) {
    return tx.preparedQuery(SET_ROLES).execute(Tuple.of(id, ids(roles), unitId)).mapEmpty();
  }

  Future<Void> setPassword(SqlClient tx, long id, String hash, boolean mustChange, OffsetDateTime now) {
    return tx.preparedQuery(SET_PASSWORD).execute(Tuple.of(id, hash, mustChange, now)).mapEmpty();
  }

  Future<RowSet<Row>> list() {
    return pool.query(LIST).execute();
  }

  static String[] ids(Set<Role> roles) {
    return roles.stream().map(Role::id).sorted().toArray(String[]::new);
  }

  private static Account first(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    Row r = rows.iterator().next();
    return new Account(UserService.principal(r), r.getBoolean("active"), r.getBoolean("must_change_password"),
        r.getString("password_hash"));
  }
}
