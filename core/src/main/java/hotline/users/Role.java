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
  ADMIN,
  /**
   * A gateway's own account (mail, fax): files the cases that arrive through it, until an agent takes them, and
   * records receipts and feedback that arrive through it. It cannot sign in and is never assigned by hand.
   */
  GATEWAY;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A role as stored or carried between our own components (gateway included). */
  public static Role of(String s) {
    for (Role r : values()) {
      if (r.id().equals(s)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role " + s);
  }

  /** A role given by an administrator: any but {@link #GATEWAY}. */
  public static Role parse(String s) {
    for (Role r : values()) {
      if (r != GATEWAY && r.id().equals(s)) {
        return r;
      }
    }
    throw HotlineException.invalid("invalidValue", "roles", s);
  }
}
