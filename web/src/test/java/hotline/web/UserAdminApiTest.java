package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Creating users as the admin page does: without a password the server draws a temporary one, answers it once, and
 * the new user must change it before anything else; a refusal names the field the form shows it at.
 */
class UserAdminApiTest extends ApiTestBase {

  @Test
  void aUserCreatedWithoutAPasswordGetsATemporaryOneShownOnceAndMustChangeIt() throws Exception {
    JsonObject created = post(adminToken, "/api/users", new JsonObject().put("username", "xinren").put("displayName", "新人")
        .put("roles", new JsonArray().add("agent"))).expect(201).json();
    String temporary = created.getString("temporaryPassword");
    assertTrue(temporary != null && temporary.length() >= 12, created.encode());
    assertTrue(created.getBoolean("mustChangePassword"));
    // Listed as having to change it; the list never carries a password.
    JsonObject listed = get(adminToken, "/api/users").expect(200).array().stream().map(JsonObject.class::cast)
        .filter(u -> u.getString("username").equals("xinren")).findFirst().orElseThrow();
    assertTrue(listed.getBoolean("mustChangePassword"));
    assertNull(listed.getString("temporaryPassword"));
    assertFalse(listed.encode().contains(temporary));

    JsonObject session = post(null, "/api/session", new JsonObject().put("username", "xinren").put("password", temporary))
        .expect(200).json();
    assertTrue(session.getBoolean("mustChangePassword"));
    String token = session.getString("token");
    assertTrue(get(token, "/api/cases").expect(403).json().getJsonObject("error").getBoolean("mustChangePassword"));
    String chosen = "Lotus-Ferry-Amber-19";
    call("PUT", "/api/me/password", token, new JsonObject().put("currentPassword", temporary).put("newPassword", chosen).encode(),
        java.util.Map.of()).expect(200);
    get(token, "/api/cases").expect(200);
    login("xinren", chosen);

    // A given password is the user's own: nothing to change, nothing answered back.
    JsonObject own = post(adminToken, "/api/users", new JsonObject().put("username", "laoren").put("password", "Copper-Reed-Glacier-82")
        .put("roles", new JsonArray().add("agent"))).expect(201).json();
    assertFalse(own.getBoolean("mustChangePassword"));
    assertNull(own.getString("temporaryPassword"));
  }

  @Test
  void refusalsNameTheFieldOfTheForm() throws Exception {
    JsonObject taken = post(adminToken, "/api/users", new JsonObject().put("username", "admin").put("roles", new JsonArray().add("agent")))
        .expect(409).error();
    assertEquals("username", taken.getString("field"));
    assertEquals("username", post(adminToken, "/api/users", new JsonObject().put("username", "mail-gateway")
        .put("roles", new JsonArray().add("agent"))).expect(409).error().getString("field"));
    assertEquals("username", post(adminToken, "/api/users", new JsonObject().put("username", "有 空格")
        .put("roles", new JsonArray().add("agent"))).expect(400).error().getString("field"));
    JsonObject noUnit = post(adminToken, "/api/users", new JsonObject().put("username", "danwei")
        .put("roles", new JsonArray().add("unit_responder"))).expect(400).error();
    assertEquals("unitId", noUnit.getString("field"));
    assertEquals("unitId", post(adminToken, "/api/users", new JsonObject().put("username", "danwei")
        .put("roles", new JsonArray().add("unit_responder")).put("unitId", 987654)).expect(400).error().getString("field"));
    assertEquals("password", post(adminToken, "/api/users", new JsonObject().put("username", "ruomima").put("password", "12345678")
        .put("roles", new JsonArray().add("agent"))).expect(400).error().getString("field"));
    // Nothing of it was created.
    assertTrue(get(adminToken, "/api/users").expect(200).array().stream().map(JsonObject.class::cast)
        .noneMatch(u -> u.getString("username").equals("danwei") || u.getString("username").equals("ruomima")));
  }
}
