package hotline.testing;

import hotline.Core;
import hotline.calendar.CalendarSource;
import hotline.config.Config;
import hotline.db.Database;
import hotline.users.Principal;
import hotline.users.Role;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The case core as every module's tests run it: Vert.x with a low blocked-thread limit (a blocking call on an event
 * loop shows in the log), the real core on a fresh embedded-PostgreSQL database, the calendars of {@code config/},
 * a clock the test moves, the first admin, and — when asked ({@link #cast()}) — people of every role and a responsible
 * unit. One per
 * test class; {@link #close()} it after the class.
 */
public final class CoreFixture implements AutoCloseable {

  /** Thursday 2026-02-12 10:00 in Shanghai: the week before the Spring Festival, with a make-up Saturday after it. */
  public static final Instant START = Instant.parse("2026-02-12T02:00:00Z");
  /** The event loops' limit: anything that blocks them longer is logged with its stack. */
  public static final long BLOCKED_LOOP_MS = 100;

  public final Vertx vertx;
  public final Pool pool;
  public final Core core;
  public final MutableClock clock;
  public final CalendarSource calendar;
  /** Where its database is: another fixture started with {@link Builder#sameDatabase} is a second node on it. */
  public final PgConnectOptions database;

  private final Principal admin;

  private CoreFixture(Vertx vertx, Pool pool, PgConnectOptions database, Core core, MutableClock clock, CalendarSource calendar,
      Principal admin) {
    this.vertx = vertx;
    this.pool = pool;
    this.database = database;
    this.core = core;
    this.clock = clock;
    this.calendar = calendar;
    this.admin = admin;
  }

  /** How a test class wants its core: configuration keys, pool size, whether a database is there at all. */
  public static final class Builder {
    private final Map<String, String> config = new HashMap<>();
    private int poolSize = 8;
    private long blockedLoopMs = BLOCKED_LOOP_MS;
    private PgConnectOptions database;
    private boolean shared;

    public Builder config(String key, String value) {
      config.put(key, value);
      return this;
    }

    public Builder config(Map<String, String> more) {
      config.putAll(more);
      return this;
    }

    public Builder poolSize(int size) {
      poolSize = size;
      return this;
    }

    public Builder blockedLoopMs(long ms) {
      blockedLoopMs = ms;
      return this;
    }

    /** A database nothing answers on: the pool is lazy, so the core builds; every query fails as a lost database does. */
    public Builder unreachableDatabase() {
      // Port 1 on loopback: nothing listens, every connection is refused.
      database = new PgConnectOptions().setHost("127.0.0.1").setPort(1).setUser("x").setDatabase("x");
      return this;
    }

    /**
     * The database of another fixture: this one is a second node of the same centre (its own Vert.x, pool and core),
     * as another server of a cluster would be.
     */
    public Builder sameDatabase(CoreFixture other) {
      database = other.database;
      shared = true;
      return this;
    }

    /** Starts it: blocks, on the test thread. */
    public CoreFixture start() throws Exception {
      Vertx vertx = Vertx.vertx(new VertxOptions().setMaxEventLoopExecuteTime(TimeUnit.MILLISECONDS.toNanos(blockedLoopMs))
          .setMaxEventLoopExecuteTimeUnit(TimeUnit.NANOSECONDS));
      boolean real = database == null || shared;
      PgConnectOptions target = database == null ? PgTestSupport.freshDatabase() : database;
      Pool pool = Database.pool(vertx, target, poolSize);
      MutableClock clock = new MutableClock(START);
      CalendarSource calendar = new CalendarSource(Path.of("../config/calendar"), ZoneId.of("Asia/Shanghai"), LocalTime.of(17, 30));
      Core core = Core.create(vertx, pool, Config.of(config), real ? clock : Clock.systemUTC(), calendar);
      Principal admin = null;
      if (real) {
        Waiting.await(core.calendars().start());
        Waiting.await(core.users().ensureAdmin("admin", ADMIN_PASSWORD));
        // The well-known test password fails the password policy (it holds the user name), so the first start marks it
        // to be changed: the fixture's admin is one that changed it already.
        Waiting.await(pool.query("UPDATE users SET must_change_password = false WHERE username = 'admin'").execute());
        admin = Waiting.await(core.users().login("admin", ADMIN_PASSWORD, "fixture")
            .compose(j -> core.users().authenticate(j.getString("token"))));
      }
      return new CoreFixture(vertx, pool, target, core, clock, calendar, admin);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The core on a fresh database with the default configuration. */
  public static CoreFixture start() throws Exception {
    return builder().start();
  }

  /**
   * The people of a centre, one of each role, and one responsible unit: made once per fixture by {@link #cast()}.
   * The unit is 宝安区局, its first responsible person 宝安区局负责人 ({@link #UNIT_EMAIL}, fax 0755-66668888);
   * {@code responder} is that unit's; {@code gateway} the mail gateway's account.
   */
  public record Cast(long unitId, Principal admin, Principal agent, Principal agent2, Principal leader,
      Principal supervisor, Principal responder, Principal gateway) {
  }

  /** The e-mail address of the cast's unit's first responsible person. */
  public static final String UNIT_EMAIL = "head@units.example.cn";

  private Cast cast;

  /** The cast of people and the unit, made on first call (users {@code agent}, {@code agent2}, {@code leader}…). */
  public synchronized Cast cast() throws Exception {
    if (cast == null) {
      long unitId = unit("宝安区局", "宝安区局负责人", UNIT_EMAIL, "0755-66668888");
      cast = new Cast(unitId, admin, person("agent", Role.AGENT), person("agent2", Role.AGENT), person("leader", Role.LEADER),
          person("supervisor", Role.SUPERVISOR), person("resp", unitId, Role.UNIT_RESPONDER),
          Waiting.await(core.users().gatewayAccount("mail-gateway", "邮件网关")));
    }
    return cast;
  }

  /** The first admin's password. */
  public static final String ADMIN_PASSWORD = "admin-password";

  /** The first admin, signed in ({@code admin} / {@code admin-password}). */
  public Principal admin() {
    return admin;
  }

  /** A new user with these roles (a unit responder needs {@code unitId}); password {@link #password}. */
  public Principal person(String username, Long unitId, Role... roles) throws Exception {
    JsonArray r = new JsonArray();
    for (Role role : roles) {
      r.add(role.id());
    }
    JsonObject body = new JsonObject().put("username", username).put("password", password(username)).put("displayName", username)
        .put("roles", r).put("unitId", unitId);
    long id = Waiting.await(core.users().create(admin, body)).getLong("id");
    return Waiting.await(core.users().principal(id));
  }

  public Principal person(String username, Role... roles) throws Exception {
    return person(username, null, roles);
  }

  /**
   * The password {@link #person} gives a user: one the password policy takes for any role (it does not hold the user
   * name, and is hard enough to guess), different for each name.
   */
  public static String password(String username) {
    return "Vq7-" + Integer.toString(username.hashCode() & 0x7fffffff, 36) + "-marsh-kettle";
  }

  /**
   * A responsible unit with its first responsible person, as {@code {"name","kind","contacts":[…]}} for the directory;
   * answers its id.
   */
  public long unit(JsonObject unit) throws Exception {
    return Waiting.await(core.directory().createUnit(admin, unit)).getLong("id");
  }

  /** A county bureau whose first responsible person has a phone, e-mail and fax. */
  public long unit(String name, String head, String email, String fax) throws Exception {
    return unit(new JsonObject().put("name", name).put("kind", "county_bureau")
        .put("contacts", new JsonArray().add(new JsonObject().put("name", head).put("phone", "0755-88880000")
            .put("email", email).put("fax", fax))));
  }

  @Override
  public void close() throws Exception {
    Waiting.await(vertx.close());
  }
}
