package hotline.users;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** The authenticated user behind a request. */
public record Principal(long id, String username, String displayName, Set<Role> roles, Long unitId) {

  /** The system itself (sweeps, gateways): acts with no user row. */
  public static final Principal SYSTEM = new Principal(0, "system", "system", Set.of(), null);

  public boolean has(Role role) {
    return roles.contains(role);
  }

  public boolean hasAny(Role... rs) {
    for (Role r : rs) {
      if (roles.contains(r)) {
        return true;
      }
    }
    return false;
  }

  public boolean isSystem() {
    return this == SYSTEM;
  }

  /** The user id for foreign keys: null for the system. */
  public Long userId() {
    return isSystem() ? null : id;
  }

  /**
   * The principal {@link #toJson()} described, as it crosses the event bus with a request (the web layer
   * authenticated it); null without one.
   */
  public static Principal fromJson(JsonObject v) {
    if (v == null || v.getLong("id") == null) {
      return null;
    }
    java.util.Set<Role> roles = java.util.EnumSet.noneOf(Role.class);
    for (Object r : v.getJsonArray("roles", new JsonArray())) {
      // A role this build does not know (another node's newer one) grants nothing here.
      for (Role role : Role.values()) {
        if (role.id().equals(String.valueOf(r))) {
          roles.add(role);
        }
      }
    }
    return new Principal(v.getLong("id"), v.getString("username"), v.getString("displayName"), Set.copyOf(roles),
        v.getLong("unitId"));
  }

  /** This principal as it signs audit entries. */
  public hotline.audit.AuditLog.Actor actor() {
    return new hotline.audit.AuditLog.Actor(userId(), username);
  }

  public JsonObject toJson() {
    JsonArray r = new JsonArray();
    roles.stream().map(Role::id).sorted().forEach(r::add);
    return new JsonObject().put("id", id).put("username", username).put("displayName", displayName)
        .put("roles", r).put("unitId", unitId);
  }
}
