package hotline.users;

import hotline.errors.HotlineException;
import java.util.Locale;

/** What a user does at the hotline. */
public enum Role {
  /** 受理员: takes calls, files and owns cases. */
  AGENT,
  /** 分管领导: instructs and reviews. */
  LEADER,
  /** 整顿办: supervision office, supervises repeat dispatches. */
  SUPERVISOR,
  /** A responsible unit's person: sees and answers that unit's dispatches only. */
  UNIT_RESPONDER,
  /** Manages users and the directory. */
  ADMIN;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String s) {
    for (Role r : values()) {
      if (r.id().equals(s)) {
        return r;
      }
    }
    throw HotlineException.invalid("invalidValue", "roles", s);
  }
}
