package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The accounts over HTTP: a reset password that must be changed before anything else, deactivation, roles and who may
 * grant leader and supervisor (and the list leaders read about it), tokens without their secrets, the password policy's
 * refusals in the caller's language, and the gateways' reserved names.
 */
class AccountsApiTest extends ApiTestBase {

  private static final Map<String, String> EN = Map.of("Accept-Language", "en");

  private static Res put(String token, String path, JsonObject body) throws Exception {
    return call("PUT", path, token, body.encode(), Map.of());
  }

  private static Res delete(String token, String path) throws Exception {
    return call("DELETE", path, token, null, Map.of());
  }

  private static JsonObject newUser(String username, String password, String... roles) {
    return new JsonObject().put("username", username).put("password", password).put("roles", new JsonArray(java.util.List.of((Object[]) roles)));
  }

  @Test
  void aResetPasswordMustBeChangedBeforeAnythingElse() throws Exception {
    User clerk = user("reset-clerk", null, "agent");
    JsonObject reset = post(adminToken, "/api/users/" + clerk.id() + "/password-reset", new JsonObject()).expect(200).json();
    String temporary = reset.getString("temporaryPassword");
    assertNotNull(temporary);
    assertTrue(reset.getBoolean("mustChangePassword"));
    get(clerk.token(), "/api/me").expect(401);

    JsonObject session = post(null, "/api/session", new JsonObject().put("username", "reset-clerk").put("password", temporary))
        .expect(200).json();
    assertTrue(session.getBoolean("mustChangePassword"));
    String token = session.getString("token");
    JsonObject me = get(token, "/api/me").expect(200).json();
    assertTrue(me.getBoolean("mustChangePassword"));
    assertEquals("reset-clerk", me.getString("username"));

    Res refused = get(token, "/api/cases");
    assertEquals(403, refused.status(), refused.body());
    assertEquals("forbidden", refused.error().getString("code"));
    assertTrue(refused.error().getBoolean("mustChangePassword"));
    assertEquals("您的密码已被重置，请先修改密码（PUT /api/me/password），然后才能进行其他操作。", refused.error().getString("message"));
    Res english = call("POST", "/api/tokens", token, new JsonObject().put("name", "x").encode(), EN);
    assertEquals(403, english.status());
    assertEquals("Your password was reset: change it (PUT /api/me/password) before doing anything else.",
        english.error().getString("message"));
    get(token, "/api/tokens").expect(403);

    put(token, "/api/me/password", new JsonObject().put("currentPassword", temporary).put("newPassword", "harbour lichen violin 42"))
        .expect(200);
    assertFalse(get(token, "/api/me").expect(200).json().getBoolean("mustChangePassword"));
    get(token, "/api/cases").expect(200);
    login("reset-clerk", "harbour lichen violin 42");
  }

  @Test
  void changingOnesOwnPasswordNeedsTheCurrentOneAndAGoodNewOne() throws Exception {
    User self = user("own-change", null, "leader");
    Res wrong = call("PUT", "/api/me/password", self.token(),
        new JsonObject().put("currentPassword", "nope-nope").put("newPassword", "harbour lichen violin 42").encode(), EN);
    assertEquals(400, wrong.status(), wrong.body());
    assertEquals("The field \"currentPassword\": the current password is wrong.", wrong.error().getString("message"));
    Res weak = put(self.token(), "/api/me/password",
        new JsonObject().put("currentPassword", password("own-change")).put("newPassword", "password-123"));
    assertEquals(400, weak.status(), weak.body());
    assertEquals("validation_failed", weak.error().getString("code"));
    assertTrue(weak.error().getString("message").startsWith("“newPassword”：该密码太容易被猜到"), weak.body());
    put(self.token(), "/api/me/password",
        new JsonObject().put("currentPassword", password("own-change")).put("newPassword", "harbour lichen violin 42")).expect(200);
    get(self.token(), "/api/me").expect(200);
  }

  @Test
  void aDeactivatedUserIsSignedOutEverywhereAndCannotSignIn() throws Exception {
    User leaving = user("api-leaving", null, "agent");
    get(leaving.token(), "/api/me").expect(200);
    post(leaving.token(), "/api/users/" + leaving.id() + "/deactivate", null).expect(403);
    JsonObject after = post(adminToken, "/api/users/" + leaving.id() + "/deactivate", null).expect(200).json();
    assertFalse(after.getBoolean("active"));
    get(leaving.token(), "/api/me").expect(401);
    Res signIn = call("POST", "/api/session", null,
        new JsonObject().put("username", "api-leaving").put("password", password("api-leaving")).encode(), EN);
    assertEquals(401, signIn.status());
    assertEquals("This account has been deactivated. Ask an administrator.", signIn.error().getString("message"));
    post(adminToken, "/api/users/" + leaving.id() + "/reactivate", null).expect(200);
    login("api-leaving", password("api-leaving"));
  }

  @Test
  void leaderAndSupervisorAreGrantedByLeadersOrAdminsNeverByOneselfAndLeadersSeeIt() throws Exception {
    User leader = user("grant-leader", null, "leader");
    User clerk = user("grant-clerk", null, "agent");
    long adminId = get(adminToken, "/api/me").expect(200).json().getLong("id");
    JsonObject toLeader = new JsonObject().put("roles", new JsonArray().add("admin").add("leader"));
    Res self = call("PUT", "/api/users/" + adminId + "/roles", adminToken, toLeader.encode(), EN);
    assertEquals(403, self.status(), self.body());
    assertTrue(self.error().getString("message").startsWith("Nobody changes their own roles"), self.body());
    put(clerk.token(), "/api/users/" + leader.id() + "/roles", new JsonObject().put("roles", new JsonArray().add("agent"))).expect(403);

    JsonObject granted = put(leader.token(), "/api/users/" + clerk.id() + "/roles",
        new JsonObject().put("roles", new JsonArray().add("agent").add("supervisor"))).expect(200).json();
    assertEquals(new JsonArray().add("agent").add("supervisor"), granted.getJsonArray("roles"));
    get(clerk.token(), "/api/audit").expect(200); // in force on the next request: the supervision office reads the audit log
    put(leader.token(), "/api/users/" + clerk.id() + "/roles",
        new JsonObject().put("roles", new JsonArray().add("admin").add("supervisor"))).expect(403);

    JsonArray items = get(leader.token(), "/api/users/sensitive-changes").expect(200).json().getJsonArray("items");
    JsonObject latest = items.getJsonObject(0);
    assertEquals("user.grant_sensitive_role", latest.getString("action"));
    assertEquals("grant-leader", latest.getString("actor"));
    assertEquals("supervisor", latest.getJsonObject("detail").getString("role"));
    assertEquals(clerk.id(), latest.getJsonObject("detail").getLong("userId"));
    assertTrue(items.stream().map(o -> (JsonObject) o).anyMatch(o -> "user.grant_sensitive_role".equals(o.getString("action"))
        && "grant-leader".equals(o.getJsonObject("detail").getString("username")) && "admin".equals(o.getString("actor"))),
        "the admin's grant at creation is there too");
    get(user("grant-agent", null, "agent").token(), "/api/users/sensitive-changes").expect(403);
  }

  @Test
  void tokensAreListedWithoutSecretsAndRevokedByTheirId() throws Exception {
    User holder = user("token-holder", null, "agent");
    String api = post(holder.token(), "/api/tokens", new JsonObject().put("name", "报表脚本")).expect(201).json().getString("token");
    Res list = get(holder.token(), "/api/tokens").expect(200);
    assertFalse(list.body().contains(api) || list.body().contains(holder.token()), "no secret in the list");
    JsonArray tokens = list.array();
    assertEquals(2, tokens.size());
    assertEquals("session", tokens.getJsonObject(0).getString("kind"));
    assertTrue(tokens.getJsonObject(0).getBoolean("current"));
    JsonObject apiEntry = tokens.getJsonObject(1);
    assertEquals("api", apiEntry.getString("kind"));
    assertEquals("报表脚本", apiEntry.getString("name"));
    assertNotNull(apiEntry.getString("expiresAt"));

    get(api, "/api/me").expect(200);
    delete(holder.token(), "/api/tokens/" + apiEntry.getLong("id")).expect(200);
    get(api, "/api/me").expect(401);
    delete(holder.token(), "/api/tokens/" + apiEntry.getLong("id")).expect(404);

    User other = user("token-other", null, "agent");
    get(other.token(), "/api/users/" + holder.id() + "/tokens").expect(403);
    JsonArray byAdmin = get(adminToken, "/api/users/" + holder.id() + "/tokens").expect(200).array();
    assertEquals(1, byAdmin.size());
    assertFalse(byAdmin.getJsonObject(0).getBoolean("current"));
    delete(other.token(), "/api/users/" + holder.id() + "/tokens/" + byAdmin.getJsonObject(0).getLong("id")).expect(403);
    delete(adminToken, "/api/users/" + holder.id() + "/tokens/" + byAdmin.getJsonObject(0).getLong("id")).expect(200);
    get(holder.token(), "/api/me").expect(401);
  }

  @Test
  void thePasswordPolicyRefusesInTheCallersLanguage() throws Exception {
    Res named = post(adminToken, "/api/users", newUser("policy-lead", "policy-lead-2026!", "leader"));
    assertEquals(400, named.status(), named.body());
    assertEquals("“password”：密码不能包含用户名。", named.error().getString("message"));
    Res weak = call("POST", "/api/users", adminToken, newUser("policy-lead", "password-123", "leader").encode(), EN);
    assertEquals(400, weak.status(), weak.body());
    assertTrue(weak.error().getString("message").startsWith("The field \"password\": this password is too easy to guess"),
        weak.body());
    Res common = post(adminToken, "/api/users", newUser("policy-clerk", "12345678", "agent"));
    assertEquals(400, common.status(), common.body());
    post(adminToken, "/api/users", newUser("policy-clerk", "password-123", "agent")).expect(201);
  }

  @Test
  void theGatewaysNamesAreReserved() throws Exception {
    for (String name : new String[] {"mail-gateway", "fax-gateway"}) {
      Res r = call("POST", "/api/users", adminToken, newUser(name, "harbour lichen violin 42", "agent").encode(), EN);
      assertEquals(409, r.status(), r.body());
      assertEquals("conflict", r.error().getString("code"));
      assertEquals("The user name \"" + name + "\" is reserved for the hotline itself (its gateways and the system).",
          r.error().getString("message"));
    }
  }
}
