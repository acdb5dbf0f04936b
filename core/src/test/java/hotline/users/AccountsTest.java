package hotline.users;

import static hotline.testing.CaseSteps.failure;
import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.testing.CoreFixture;
import hotline.testing.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The accounts' upkeep through {@link UserService}: deactivation that reaches every node's next request, roles and who
 * may grant the ones that see identities, password resets and changes, tokens, reserved names, the first admin.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AccountsTest {

  static CoreFixture fixture;
  static UserService users;
  static CoreFixture.Cast cast;

  @BeforeAll
  static void start() throws Exception {
    fixture = CoreFixture.start();
    users = fixture.core.users();
    cast = fixture.cast();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  private static String signIn(String username, String password) throws Exception {
    return await(users.login(username, password, "127.0.0.1")).getString("token");
  }

  private static List<Row> audit(String action, long userId) throws Exception {
    return Sql.rows(fixture.pool, "SELECT actor_name, detail FROM audit_log WHERE action = $1 AND (detail->>'userId')::bigint = $2 ORDER BY id",
        action, userId);
  }

  @Test
  void aDeactivatedUsersTokensAreRefusedOnAnotherNodeAtOnce() throws Exception {
    Principal leaving = fixture.person("leaving", Role.AGENT);
    String session = signIn("leaving", CoreFixture.password("leaving"));
    String api = await(users.createApiToken(leaving, "script", 30)).getString("token");
    try (CoreFixture other = CoreFixture.builder().sameDatabase(fixture).start()) {
      UserService otherNode = other.core.users();
      other.clock.set(fixture.clock.instant());
      assertEquals(leaving.id(), await(otherNode.authenticate(session)).id(), "the other node knows the session");
      assertEquals(leaving.id(), await(otherNode.authenticate(api)).id());

      JsonObject after = await(users.deactivate(fixture.admin(), leaving.id()));
      assertFalse(after.getBoolean("active"));
      // The very next request on the other node: no wait, no cache to run out.
      assertNull(await(otherNode.authenticate(session)), "session refused on the other node");
      assertNull(await(otherNode.authenticate(api)), "API token refused on the other node");
      assertNull(await(users.authenticate(session)));
      HotlineException e = failure(otherNode.login("leaving", CoreFixture.password("leaving"), "127.0.0.1"));
      assertEquals(ErrorCode.UNAUTHORIZED, e.code());
      assertEquals("This account has been deactivated. Ask an administrator.", e.message(Locale.ENGLISH));
      assertEquals(2, audit("user.deactivate", leaving.id()).get(0).getJsonObject("detail").getInteger("revokedTokens"));

      await(otherNode.reactivate(other.admin(), leaving.id()));
      assertNull(await(users.authenticate(session)), "reactivation does not bring revoked tokens back");
      assertNotNull(signIn("leaving", CoreFixture.password("leaving")));
      assertEquals(1, audit("user.reactivate", leaving.id()).size());
    }
  }

  @Test
  void deactivationIsForAdminsAndNeverOfOneselfOrAGateway() throws Exception {
    Principal target = fixture.person("stays", Role.AGENT);
    assertEquals(ErrorCode.FORBIDDEN, failure(users.deactivate(cast.leader(), target.id())).code());
    assertEquals(ErrorCode.FORBIDDEN, failure(users.deactivate(cast.agent(), target.id())).code());
    assertEquals("user.ownAccount", key(failure(users.deactivate(fixture.admin(), fixture.admin().id()))));
    assertEquals(ErrorCode.CONFLICT, failure(users.deactivate(fixture.admin(), cast.gateway().id())).code());
    assertEquals(ErrorCode.NOT_FOUND, failure(users.deactivate(fixture.admin(), 999_999)).code());
  }

  /** The message key of a failure, from its English text's stable part. */
  private static String key(HotlineException e) {
    return e.toJson().getString("key");
  }

  @Test
  void leaderAndSupervisorAreGrantedByALeaderOrAnAdminAndNobodyGrantsThemselves() throws Exception {
    Principal clerk = fixture.person("clerk", Role.AGENT);
    JsonObject toLeader = new JsonObject().put("roles", new JsonArray().add("agent").add("leader"));

    // Nobody changes their own roles: an admin cannot make itself a leader.
    assertEquals("user.ownRoles", key(failure(users.changeRoles(fixture.admin(), fixture.admin().id(), toLeader))));
    assertEquals("user.ownRoles", key(failure(users.changeRoles(cast.leader(), cast.leader().id(),
        new JsonObject().put("roles", new JsonArray().add("leader").add("admin"))))));
    // Neither agents nor the supervision office change roles.
    assertEquals(ErrorCode.FORBIDDEN, failure(users.changeRoles(cast.agent(), clerk.id(), toLeader)).code());
    assertEquals(ErrorCode.FORBIDDEN, failure(users.changeRoles(cast.supervisor(), clerk.id(), toLeader)).code());
    // A leader grants leader and supervisor, not the other roles.
    assertEquals("user.roleAdminOnly", key(failure(users.changeRoles(cast.leader(), clerk.id(),
        new JsonObject().put("roles", new JsonArray().add("agent").add("admin"))))));

    JsonObject led = await(users.changeRoles(cast.leader(), clerk.id(), new JsonObject().put("roles", new JsonArray().add("agent").add("supervisor"))));
    assertEquals(new JsonArray().add("agent").add("supervisor"), led.getJsonArray("roles"));
    JsonObject byAdmin = await(users.changeRoles(fixture.admin(), clerk.id(), toLeader));
    assertEquals(new JsonArray().add("agent").add("leader"), byAdmin.getJsonArray("roles"));
    assertEquals(Set.of(Role.AGENT, Role.LEADER), await(users.principal(clerk.id())).roles(), "in force at once");

    List<Row> grants = audit("user.grant_sensitive_role", clerk.id());
    assertEquals(2, grants.size());
    assertEquals("leader", grants.get(0).getString("actor_name"));
    assertEquals("supervisor", grants.get(0).getJsonObject("detail").getString("role"));
    assertEquals("admin", grants.get(1).getString("actor_name"));
    assertEquals("leader", grants.get(1).getJsonObject("detail").getString("role"));
    assertEquals(1, audit("user.revoke_sensitive_role", clerk.id()).size(), "supervisor withdrawn when leader was given");

    // Leaders read those entries; agents do not.
    JsonArray seen = await(users.sensitiveChanges(cast.leader(), 1, 200)).getJsonArray("items");
    long aboutClerk = seen.stream().map(o -> (JsonObject) o)
        .filter(o -> o.getJsonObject("detail").getLong("userId") == clerk.id()).count();
    assertEquals(5, aboutClerk, "two grants, one withdrawal, two role changes: " + seen.encodePrettily());
    assertTrue(seen.stream().map(o -> (JsonObject) o).anyMatch(o -> o.getString("action").equals("user.grant_sensitive_role")
        && o.getJsonObject("detail").getString("username").equals("leader")), "the cast's leader was granted at creation");
    assertEquals(ErrorCode.FORBIDDEN, failure(users.sensitiveChanges(cast.agent(), 1, 20)).code());
  }

  @Test
  void theUnitFollowsTheRoleOfAUnitResponder() throws Exception {
    Principal clerk = fixture.person("to-unit", Role.AGENT);
    JsonObject noUnit = new JsonObject().put("roles", new JsonArray().add("unit_responder"));
    assertEquals("user.unitRequired", key(failure(users.changeRoles(fixture.admin(), clerk.id(), noUnit))));
    JsonObject moved = await(users.changeRoles(fixture.admin(), clerk.id(), noUnit.copy().put("unitId", cast.unitId())));
    assertEquals(cast.unitId(), moved.getLong("unitId"));
    assertEquals(ErrorCode.VALIDATION_FAILED, failure(users.changeRoles(fixture.admin(), clerk.id(),
        noUnit.copy().put("unitId", 999_999))).code(), "an unknown unit");
    assertEquals(ErrorCode.CONFLICT, failure(users.changeRoles(fixture.admin(), cast.gateway().id(),
        new JsonObject().put("roles", new JsonArray().add("agent")))).code(), "a gateway's account is its own");
  }

  @Test
  void aResetPasswordMustBeChangedAndEndsEverySession() throws Exception {
    Principal forgetful = fixture.person("forgot", Role.AGENT);
    String before = signIn("forgot", CoreFixture.password("forgot"));
    assertEquals(ErrorCode.FORBIDDEN, failure(users.resetPassword(cast.leader(), forgetful.id(), new JsonObject())).code());
    assertEquals("user.ownPassword", key(failure(users.resetPassword(fixture.admin(), fixture.admin().id(), new JsonObject()))));

    JsonObject reset = await(users.resetPassword(fixture.admin(), forgetful.id(), new JsonObject()));
    String temporary = reset.getString("temporaryPassword");
    assertTrue(temporary.matches("[a-z2-9]{4}(-[a-z2-9]{4}){3}"), temporary);
    assertTrue(reset.getBoolean("mustChangePassword"));
    assertNull(await(users.authenticate(before)), "the session before the reset is revoked");
    failure(users.login("forgot", CoreFixture.password("forgot"), "127.0.0.1"));

    JsonObject session = await(users.login("forgot", temporary, "127.0.0.1"));
    assertTrue(session.getBoolean("mustChangePassword"));
    Authenticated caller = await(users.authenticateToken(session.getString("token")));
    assertTrue(caller.mustChangePassword());

    JsonObject same = new JsonObject().put("currentPassword", temporary).put("newPassword", temporary);
    assertEquals("password.unchanged", key(failure(users.changeOwnPassword(caller, same, "127.0.0.1"))));
    JsonObject weak = new JsonObject().put("currentPassword", temporary).put("newPassword", "12345678");
    assertEquals("password.weak", key(failure(users.changeOwnPassword(caller, weak, "127.0.0.1"))));
    JsonObject named = new JsonObject().put("currentPassword", temporary).put("newPassword", "forgot-it-again-2x!");
    assertEquals("password.containsUsername", key(failure(users.changeOwnPassword(caller, named, "127.0.0.1"))));
    JsonObject wrong = new JsonObject().put("currentPassword", "not-the-one").put("newPassword", "lantern quietly orbit 77");
    HotlineException wrongCurrent = failure(users.changeOwnPassword(caller, wrong, "127.0.0.1"));
    assertEquals("password.wrongCurrent", key(wrongCurrent));
    assertEquals("The field \"currentPassword\": the current password is wrong.", wrongCurrent.message(Locale.ENGLISH));

    String other = signIn("forgot", temporary);
    JsonObject changed = await(users.changeOwnPassword(caller,
        new JsonObject().put("currentPassword", temporary).put("newPassword", "lantern quietly orbit 77"), "127.0.0.1"));
    assertFalse(changed.getBoolean("mustChangePassword"));
    assertEquals(1, changed.getInteger("revokedTokens"));
    Authenticated still = await(users.authenticateToken(session.getString("token")));
    assertFalse(still.mustChangePassword(), "the session that changed it goes on, no longer restricted");
    assertNull(await(users.authenticate(other)), "every other session is revoked");
    assertNotNull(signIn("forgot", "lantern quietly orbit 77"));

    JsonObject resetDetail = audit("user.password_reset", forgetful.id()).get(0).getJsonObject("detail");
    assertTrue(resetDetail.getBoolean("generated"));
    assertFalse(resetDetail.containsKey("sensitive"), "an agent's reset is not for the leaders' list");
    assertEquals(1, audit("user.password_change", forgetful.id()).size());
  }

  @Test
  void aGivenTemporaryPasswordMeetsThePolicyOfTheUsersRoles() throws Exception {
    Principal boss = fixture.person("boss", Role.LEADER);
    // Strong enough for an agent, not for a leader.
    HotlineException weak = failure(users.resetPassword(fixture.admin(), boss.id(), new JsonObject().put("password", "password-123")));
    assertEquals("password.weak", key(weak));
    JsonObject reset = await(users.resetPassword(fixture.admin(), boss.id(), new JsonObject().put("password", "violet tundra sparrow 19")));
    assertFalse(reset.containsKey("temporaryPassword"), "a given password is not echoed");
    assertTrue(audit("user.password_reset", boss.id()).get(0).getJsonObject("detail").getBoolean("sensitive"),
        "a leader's password reset is for the leaders' list");
  }

  @Test
  void tokensAreListedWithoutSecretsAndRevokedByTheirId() throws Exception {
    Principal holder = fixture.person("holder", Role.AGENT);
    String session = signIn("holder", CoreFixture.password("holder"));
    String api = await(users.createApiToken(holder, "nightly export", 30)).getString("token");
    Authenticated caller = await(users.authenticateToken(session));

    JsonArray mine = await(users.tokens(holder, holder.id(), caller.tokenId()));
    assertEquals(2, mine.size());
    for (Object o : mine) {
      JsonObject t = (JsonObject) o;
      assertEquals(Set.of("id", "kind", "name", "createdAt", "expiresAt", "lastUsedAt", "current"), t.fieldNames());
      assertFalse(t.encode().contains(session) || t.encode().contains(api), "no secret in the list");
    }
    JsonObject apiEntry = mine.getJsonObject(1);
    assertEquals("api", apiEntry.getString("kind"));
    assertEquals("nightly export", apiEntry.getString("name"));
    assertTrue(mine.getJsonObject(0).getBoolean("current"));
    assertNotNull(mine.getJsonObject(0).getString("lastUsedAt"), "the session was used to authenticate");

    // Someone else's token is not found through one's own list, and others' lists are for admins.
    assertEquals(ErrorCode.NOT_FOUND, failure(users.revokeToken(cast.agent(), cast.agent().id(), apiEntry.getLong("id"))).code());
    assertEquals(ErrorCode.FORBIDDEN, failure(users.tokens(cast.agent(), holder.id(), null)).code());
    assertEquals(2, await(users.tokens(fixture.admin(), holder.id(), null)).size());

    await(users.revokeToken(holder, holder.id(), apiEntry.getLong("id")));
    assertNull(await(users.authenticate(api)));
    assertEquals(ErrorCode.NOT_FOUND, failure(users.revokeToken(holder, holder.id(), apiEntry.getLong("id"))).code(), "once");
    await(users.revokeToken(fixture.admin(), holder.id(), caller.tokenId()));
    assertNull(await(users.authenticate(session)));
    assertEquals(1, audit("user.token_revoke", holder.id()).size(), "an admin's revocation is audited");
  }

  @Test
  void theGatewaysNamesAreReserved() throws Exception {
    for (String name : new String[] {"mail-gateway", "fax-gateway", "Fax-Gateway", "system"}) {
      HotlineException e = failure(users.create(fixture.admin(), new JsonObject().put("username", name)
          .put("password", "violet tundra sparrow 19").put("roles", new JsonArray().add("agent"))));
      assertEquals(ErrorCode.CONFLICT, e.code(), name);
      assertEquals("用户名“" + name + "”为热线系统自身保留（网关与系统账号），不能使用。", e.message(hotline.errors.Messages.CHINESE));
    }
    // The gateways still make theirs.
    assertTrue(await(users.gatewayAccount("fax-gateway", "传真网关")).has(Role.GATEWAY));
  }

  @Test
  void creatingAUserAppliesThePolicyAndAuditsSensitiveGrants() throws Exception {
    JsonObject leader = new JsonObject().put("username", "newboss").put("displayName", "李明")
        .put("roles", new JsonArray().add("leader"));
    assertEquals("password.containsUsername", key(failure(users.create(fixture.admin(), leader.copy().put("password", "newboss-2026-xyz")))));
    assertEquals("password.weak", key(failure(users.create(fixture.admin(), leader.copy().put("password", "password-123")))));
    long id = await(users.create(fixture.admin(), leader.copy().put("password", "violet tundra sparrow 19"))).getLong("id");
    assertEquals(1, audit("user.grant_sensitive_role", id).size());
    // An agent's password needs less.
    assertNotNull(await(users.create(fixture.admin(), new JsonObject().put("username", "newclerk").put("password", "password-123")
        .put("roles", new JsonArray().add("agent")))));
  }

  @Test
  void theFirstAdminMustChangeAGeneratedOrWeakPasswordAndAnExistingOneIsLeftAlone() throws Exception {
    await(users.ensureAdmin("root-gen", null));
    await(users.ensureAdmin("root-weak", "root-weak-pw"));
    await(users.ensureAdmin("root-strong", "violet tundra sparrow 19"));
    assertTrue(mustChange("root-gen"));
    assertTrue(mustChange("root-weak"), "holds the user name");
    assertFalse(mustChange("root-strong"));
    // A second start with another setting: nothing changes.
    await(users.ensureAdmin("root-strong", "x"));
    assertFalse(mustChange("root-strong"));
    assertNotNull(signIn("root-strong", "violet tundra sparrow 19"));
  }

  private static boolean mustChange(String username) throws Exception {
    return Sql.rows(fixture.pool, "SELECT must_change_password FROM users WHERE username = $1", username).get(0).getBoolean(0);
  }
}
