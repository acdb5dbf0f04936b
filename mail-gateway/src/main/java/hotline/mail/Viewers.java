package hotline.mail;

import hotline.users.Principal;
import hotline.users.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.Set;

/**
 * The viewer a request on the bus carries, as the web layer authenticated it ({@link Principal#toJson()}), rebuilt
 * as a {@link Principal} so that roles are checked by {@link Role}, not by strings. The same idea as telephony's
 * {@code CallRequests.viewer()}, until one such helper lives in core; the caller checks the roles it needs.
 */
final class Viewers {

  private Viewers() {
  }

  /**
   * The viewer of a request, or null when there is none or it cannot be read. Roles this build does not know are
   * left out; an id that is missing reads as 0 (only the roles are checked here).
   */
  static Principal of(JsonObject request) {
    try {
      JsonObject v = request.getJsonObject("viewer");
      if (v == null) {
        return null;
      }
      Set<Role> roles = EnumSet.noneOf(Role.class);
      for (Object r : v.getJsonArray("roles", new JsonArray())) {
        for (Role role : Role.values()) {
          if (role.id().equals(String.valueOf(r))) {
            roles.add(role);
          }
        }
      }
      return new Principal(v.getLong("id", 0L), v.getString("username"), v.getString("displayName"), roles,
          v.getLong("unitId"));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
