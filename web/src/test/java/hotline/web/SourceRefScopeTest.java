package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An idempotency key is the filing account's own: another account's same key files its own case, and learns nothing. */
class SourceRefScopeTest extends ApiTestBase {

  static User first;
  static User second;

  @BeforeAll
  static void people() throws Exception {
    first = user("ref-first", null, "agent");
    second = user("ref-second", null, "agent");
  }

  @Test
  void theSameKeyFromAnotherAccountIsAnotherCase() throws Exception {
    JsonObject mine = post(first.token(), "/api/cases", complaint("一号").put("sourceRef", "form-42")).expect(201).json();
    JsonObject again = post(first.token(), "/api/cases", complaint("一号").put("sourceRef", "form-42")).expect(200).json();
    assertEquals(mine.getString("number"), again.getString("number"), "the same account's retry answers its case");
    JsonObject theirs = post(second.token(), "/api/cases", complaint("二号").put("sourceRef", "form-42")).expect(201).json();
    assertNotEquals(mine.getString("number"), theirs.getString("number"));
    assertEquals("二号", theirs.getString("subject"));
    assertFalse(theirs.encode().contains("一号"), "nothing of the other account's case: " + theirs.encode());
  }
}
