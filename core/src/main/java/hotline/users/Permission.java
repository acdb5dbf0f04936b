package hotline.users;

import static hotline.users.Role.ADMIN;
import static hotline.users.Role.AGENT;
import static hotline.users.Role.GATEWAY;
import static hotline.users.Role.LEADER;
import static hotline.users.Role.SUPERVISOR;
import static hotline.users.Role.UNIT_RESPONDER;

import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.errors.Messages;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who may do what: the one table. Each permission lists its grants, a set of roles and the condition under which they
 * hold (always, as the case's owner, as the unit a case is dispatched to, …). The core services enforce it; the HTTP
 * routes and the event-bus handlers name the permission instead of repeating role lists; the OpenAPI document states
 * each operation's permission and roles, and a test walks every operation × every role against this table.
 *
 * <p>Who may <em>see</em> what (a report's reporter, a unit's cases) is the case core's masking and scoping rule; this
 * table says who may <em>act</em>.
 */
public enum Permission {
  /** Open to anyone, signed in or not: health, the API document, sign-in, the calendar. */
  PUBLIC("public"),
  /** Anyone signed in: one's own session and tokens, lists that are scoped to the caller. */
  SIGNED_IN("signed_in", always(AGENT, LEADER, SUPERVISOR, UNIT_RESPONDER, ADMIN, GATEWAY)),

  /** One's own account: one's password, one's tokens (a person's; a gateway's account never signs in). */
  OWN_ACCOUNT("account.own", always(AGENT, LEADER, SUPERVISOR, UNIT_RESPONDER, ADMIN)),
  USERS_LIST("users.list", always(ADMIN, LEADER, SUPERVISOR)),
  /** Creating users. */
  USERS_MANAGE("users.manage", always(ADMIN)),
  /** Deactivating, reactivating and resetting the password of someone else's account. */
  USER_ACCOUNT("users.account", when(Condition.NOT_SELF, ADMIN)),
  /** Changing someone else's roles: which roles, the two below say. */
  USER_ROLES("users.roles", when(Condition.NOT_SELF, ADMIN, LEADER)),
  /** Granting or withdrawing leader or supervisor, the roles that see reporters: a leader or an admin, never for oneself. */
  ROLES_SENSITIVE("users.roles.sensitive", when(Condition.NOT_SELF, LEADER, ADMIN)),
  /** Granting or withdrawing the other roles, and moving someone to another unit: an admin. */
  ROLES_OTHER("users.roles.other", when(Condition.NOT_SELF, ADMIN)),
  /** A user's sessions and API tokens: the user themselves, or an admin. */
  USER_TOKENS("users.tokens", always(ADMIN), when(Condition.SELF, AGENT, LEADER, SUPERVISOR, UNIT_RESPONDER)),
  /** What changed about the accounts that see reporters (grants of leader and supervisor among them). */
  SENSITIVE_CHANGES("users.sensitive_changes", always(LEADER, SUPERVISOR, ADMIN)),
  AGENT_PHONE_SET("telephony.agent_phone", always(ADMIN)),

  UNITS_READ("units.read", always(AGENT, LEADER, SUPERVISOR, UNIT_RESPONDER, ADMIN, GATEWAY)),
  UNITS_MANAGE("units.manage", always(ADMIN)),
  CUSTOMERS("customers", always(AGENT, SUPERVISOR, LEADER, ADMIN)),

  CASE_FILE("case.file", always(AGENT, SUPERVISOR, LEADER, GATEWAY)),
  /**
   * Reading a case: staff; a unit's people, the cases ever dispatched to their unit or lent to them (else the case is
   * not found: the store checks that condition).
   */
  CASE_READ("case.read", always(AGENT, LEADER, SUPERVISOR, ADMIN, GATEWAY), when(Condition.DISPATCHED_TO_UNIT, UNIT_RESPONDER)),
  /**
   * Seeing a report's reporter (name, phones, e-mail, address, customer, and the calls and callbacks that lead to
   * them): leaders, the supervision office and the report's owner. Everyone sees who filed the other kinds.
   */
  REPORTER_IDENTITY("report.identity", always(LEADER, SUPERVISOR), owner()),
  CASE_LIST("case.list", always(AGENT, LEADER, SUPERVISOR, UNIT_RESPONDER, ADMIN, GATEWAY)),
  CASE_ANSWER("case.answer", always(SUPERVISOR), owner()),
  CASE_SUBMIT("case.submit", always(SUPERVISOR), owner()),
  /**
   * The leader's instruction (the supervision office's for an inquiry). An instruction that names the unit dispatches the
   * case to it in the same step, as its author: who may instruct may send the instruction where it says.
   */
  CASE_INSTRUCT("case.instruct", always(LEADER), when(Condition.INQUIRY, SUPERVISOR)),
  CASE_DISPATCH("case.dispatch", always(SUPERVISOR), owner()),
  CASE_RECEIPT("case.receipt", always(SUPERVISOR, GATEWAY), owner(), when(Condition.UNIT_OF_DISPATCH, UNIT_RESPONDER)),
  CASE_EXTEND("case.extend", always(SUPERVISOR, LEADER), owner()),
  CASE_FEEDBACK("case.feedback", always(SUPERVISOR, GATEWAY), owner(), when(Condition.UNIT_OF_DISPATCH, UNIT_RESPONDER)),
  CASE_FOLLOW_UP("case.follow_up", always(SUPERVISOR), owner()),
  CASE_REVIEW("case.review", always(LEADER)),
  CASE_REOPEN("case.reopen", always(SUPERVISOR, LEADER)),
  CASE_CLOSE("case.close", always(SUPERVISOR, LEADER)),
  /** Agents and leaders take what a gateway filed; only the supervision office moves a case from one person to another. */
  CASE_TAKE("case.take", when(Condition.NOT_OWNER, SUPERVISOR), when(Condition.GATEWAY_FILED, AGENT, LEADER)),
  /** Exporting needs, besides this, an approved export request of the caller's for the case. */
  CASE_EXPORT("case.export", always(AGENT, LEADER, SUPERVISOR, UNIT_RESPONDER, ADMIN)),
  /** The automated callbacks (satisfaction, receipt): the owner, the supervision office and leaders. */
  CALLBACK_START("callback.start", always(SUPERVISOR, LEADER), owner()),
  CALLBACK_LIST("callback.list", always(AGENT, SUPERVISOR, LEADER, ADMIN)),

  CALLS_LIST("calls.list", always(AGENT, SUPERVISOR, LEADER, ADMIN)),
  CALL_LINK("calls.link", always(AGENT, SUPERVISOR, LEADER, ADMIN)),
  CALL_DIAL("calls.dial", always(AGENT, SUPERVISOR, LEADER)),
  /**
   * Marking missed calls handled (one, or all up to a time): the people who call back, the agents, the supervision
   * office and leaders; not admins, who see the log but do not work it.
   */
  CALLS_HANDLE("calls.handle", always(AGENT, SUPERVISOR, LEADER)),
  /**
   * One's own phone bar (extension, queue state, talk time today) and pausing oneself in the queue: whoever takes calls,
   * as for click-to-call (agents; leaders and the supervision office when they sit at a phone). Only one's own.
   */
  PHONE_BAR("phone.bar", always(AGENT, SUPERVISOR, LEADER)),
  PHONE_PAUSE("phone.pause", always(AGENT, SUPERVISOR, LEADER)),
  /**
   * The standard service phrases (标准服务用语) and the words not to use (服务忌语), read and checked by the staff who
   * speak and write to customers; filled from a case only where the caller may read the case.
   */
  PHRASES_READ("phrases.read", always(AGENT, LEADER, SUPERVISOR, ADMIN)),
  /** Writing, retiring and ordering the phrases and the list of words not to use: the supervision office and admins. */
  PHRASES_MANAGE("phrases.manage", always(SUPERVISOR, ADMIN)),

  DISPATCH_LIST("dispatch.list", always(AGENT, LEADER, SUPERVISOR, UNIT_RESPONDER, ADMIN, GATEWAY)),
  DISPATCH_SWEEP("dispatch.sweep", always(ADMIN, SUPERVISOR)),
  /**
   * The supervision office's boards (due today, overdue by unit, extensions, receipts unconfirmed, waiting for a further
   * round): the office, and leaders who read them.
   */
  SUPERVISION_BOARD("supervision.board", always(SUPERVISOR, LEADER)),
  /**
   * The live wallboard (实时监控大屏: the phones now, today's calls, cases filed, due, overdue and unconfirmed, callbacks
   * pending), counts only: the supervision office and leaders, and agents, since the wall screen of the centre is read by
   * the agents in the room and it shows nothing a staff member could not list case by case anyway.
   */
  STATS_WALLBOARD("stats.wallboard", always(AGENT, SUPERVISOR, LEADER)),
  /** A further round from the board in one step (reopen with the reason, dispatch round n+1): the supervision office. */
  CASE_REDISPATCH("case.redispatch", always(SUPERVISOR)),
  /** Pressing the unit of an open dispatch by mail, fax or an automated receipt callback: the office and leaders. */
  CASE_REMIND("case.remind", always(SUPERVISOR, LEADER)),
  /**
   * Recording a finding (问题认定: improper handling, falsification, delay without cause) against a dispatch: the
   * supervision office, whose finding it is. Withdrawing one (with the reason): the office, or a leader on appeal.
   */
  FINDING_RECORD("finding.record", always(SUPERVISOR)),
  FINDING_WITHDRAW("finding.withdraw", always(SUPERVISOR, LEADER)),
  /**
   * A quarter's unit scores (季度绩效考核): leaders and the supervision office read every unit; a unit's responder reads
   * the quarter too, but the core gives them their own unit's row only.
   */
  ACCOUNTABILITY_READ("accountability.read", always(LEADER, SUPERVISOR, UNIT_RESPONDER)),
  /** One unit's score with the cases behind every deduction: leaders, the supervision office, and that unit's people. */
  ACCOUNTABILITY_UNIT("accountability.unit", always(LEADER, SUPERVISOR), when(Condition.OWN_UNIT, UNIT_RESPONDER)),
  /** Closing a quarter (its scores published, frozen) and recomputing a closed one as a new version: a leader. */
  ACCOUNTABILITY_CLOSE("accountability.close", always(LEADER)),
  /**
   * The outbox with every attempt: the supervision office and leaders; admins too, who look after the gateways and
   * retry what was given up (a report's recipient is masked for them: they do not see reporters).
   */
  OUTBOX_LIST("outbox.list", always(SUPERVISOR, LEADER, ADMIN)),
  OUTBOX_RETRY("outbox.retry", always(SUPERVISOR, ADMIN)),
  /** The mail log (outcomes, without sender or subject): the supervision office, leaders, and admins for the gateways. */
  MAIL_LOG("mail.log", always(SUPERVISOR, LEADER, ADMIN)),
  /** The statistics bulletins (通报: counts, rates, working days; never a name or number): leaders and the supervision office. */
  STATS_READ("stats.read", always(LEADER, SUPERVISOR)),
  CALENDAR_RELOAD("calendar.reload", always(ADMIN)),
  /** Uploading a year's working-day calendar (the State Council's holidays and make-up days), in force on every node. */
  CALENDAR_UPLOAD("calendar.upload", always(ADMIN)),

  /**
   * The knowledge base (知识库). Reading: agents, leaders and the supervision office every article; a unit's responder the
   * published ones in force, and their own unit's submissions (the core scopes it).
   */
  KNOWLEDGE_READ("knowledge.read", always(AGENT, LEADER, SUPERVISOR, UNIT_RESPONDER)),
  /** Writing drafts, editing them and sending them for review; proposing an article from a handled case: agents and the office. */
  KNOWLEDGE_WRITE("knowledge.write", always(AGENT, SUPERVISOR)),
  /**
   * Editing an article and sending a draft for review: a draft by the writers and the reviewers, an article in review
   * or published by the reviewers only (the core checks the status).
   */
  KNOWLEDGE_EDIT("knowledge.edit", always(AGENT, SUPERVISOR, LEADER)),
  /**
   * Reviewing (the centre): editing an article in review or published, publishing, returning to draft, retiring; the
   * review queue and the expiry list. The supervision office and leaders.
   */
  KNOWLEDGE_REVIEW("knowledge.review", always(SUPERVISOR, LEADER)),
  /** A unit's policy update (营销政策、专卖管理、货源供应), for the responder's own unit: it lands in review. */
  KNOWLEDGE_SUBMIT("knowledge.submit", always(UNIT_RESPONDER)),
  /** Linking the article used to a case (also the answer given on the spot): those who work cases, on a case they read. */
  KNOWLEDGE_LINK("knowledge.link", always(AGENT, SUPERVISOR, LEADER)),

  ACCESS_REQUEST("access.request", always(AGENT, LEADER, SUPERVISOR, UNIT_RESPONDER, ADMIN)),
  /** Deciding an access request: a leader, never on their own request. */
  ACCESS_DECIDE("access.decide", when(Condition.NOT_REQUESTER, LEADER)),
  /** Every access request, not only one's own: leaders and the supervision office. */
  ACCESS_LIST_ALL("access.list_all", always(LEADER, SUPERVISOR)),
  AUDIT_READ("audit.read", always(ADMIN, SUPERVISOR));

  /** What must hold of the subject (a case, a request) for a grant to apply. */
  public enum Condition {
    ALWAYS,
    /** The caller owns the case (首问负责). */
    OWNER,
    /** The caller belongs to the unit the case is dispatched to now. */
    UNIT_OF_DISPATCH,
    /**
     * The case was dispatched to the caller's unit (in any round) or lent to the caller: needs the case's dispatches,
     * so the case store checks it.
     */
    DISPATCHED_TO_UNIT,
    /** The case is an inquiry (咨询). */
    INQUIRY,
    /** The case was filed by a gateway (mail, fax) and no person has taken it yet. */
    GATEWAY_FILED,
    /** The caller does not own the case. */
    NOT_OWNER,
    /** The request is someone else's. */
    NOT_REQUESTER,
    /** The account is the caller's own. */
    SELF,
    /** The account is someone else's. */
    NOT_SELF,
    /** The subject is the caller's own unit (a unit's score): {@link Subject#dispatchedUnitId()} names the unit. */
    OWN_UNIT
  }

  /** Some roles, under a condition. */
  public record Grant(Set<Role> roles, Condition condition) {
  }

  /**
   * What the conditions look at: who owns the case (or made the request), whether a gateway filed it and nobody took
   * it, whether it is an inquiry, and which unit it is dispatched to now. Null fields are unknown or absent.
   */
  public record Subject(Long ownerId, boolean gatewayFiled, boolean inquiry, Long dispatchedUnitId) {

    /** A user's account. */
    public static Subject account(long userId) {
      return new Subject(userId, false, false, null);
    }

    /** A request (an access request) made by this user. */
    public static Subject requestedBy(long userId) {
      return new Subject(userId, false, false, null);
    }
  }

  private final String id;
  private final List<Grant> grants;

  Permission(String id, Grant... grants) {
    this.id = id;
    this.grants = List.of(grants);
  }

  private static Grant always(Role... roles) {
    return when(Condition.ALWAYS, roles);
  }

  /** The case's owner, as one of the staff roles that own cases (not a gateway's account). */
  private static Grant owner() {
    return when(Condition.OWNER, AGENT, SUPERVISOR, LEADER);
  }

  private static Grant when(Condition condition, Role... roles) {
    EnumSet<Role> set = EnumSet.noneOf(Role.class);
    set.addAll(List.of(roles));
    return new Grant(Set.copyOf(set), condition);
  }

  /** The permission of this name ({@link #id()}); an unknown name is a programming error. */
  public static Permission of(String id) {
    for (Permission p : values()) {
      if (p.id.equals(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException("no permission " + id);
  }

  /** The name the OpenAPI document and error details use: {@code case.answer}. */
  public String id() {
    return id;
  }

  public List<Grant> grants() {
    return grants;
  }

  /** Every role that some grant names: who may do this under some condition. */
  public Set<Role> roles() {
    EnumSet<Role> all = EnumSet.noneOf(Role.class);
    grants.forEach(g -> all.addAll(g.roles()));
    return all;
  }

  /** Whether this is open to callers who have not signed in. */
  public boolean isPublic() {
    return this == PUBLIC;
  }

  /**
   * Whether the caller holds a role that could ever be granted this: what a route checks before it reads the request,
   * so that someone who may never do it gets 403, not a complaint about their input.
   */
  public boolean couldAllow(Principal p) {
    return isPublic() || grants.stream().anyMatch(g -> holds(p, g.roles()));
  }

  /** Whether the caller may do this whatever the subject: a grant without a condition. */
  public boolean allows(Principal p) {
    return allows(p, null);
  }

  /** Whether the caller may do this to this subject (null: no subject; conditional grants then do not apply). */
  public boolean allows(Principal p, Subject s) {
    if (isPublic()) {
      return true;
    }
    for (Grant g : grants) {
      if (holds(p, g.roles()) && meets(p, g.condition(), s)) {
        return true;
      }
    }
    return false;
  }

  /** Refuses (403, naming what it needs in the caller's language) unless the caller could ever be granted this. */
  public Principal require(Principal p) {
    if (!couldAllow(p)) {
      throw refusal();
    }
    return p;
  }

  /** Refuses (403, naming what it needs) unless the caller may do this to this subject. */
  public void require(Principal p, Subject s) {
    if (!allows(p, s)) {
      throw refusal();
    }
  }

  /**
   * The 403 for this permission: "this needs the supervision office or the case's owner", written from the grants in
   * the caller's language; its details name the permission and the roles.
   */
  public HotlineException refusal() {
    List<Messages.Key> options = new ArrayList<>();
    for (Grant g : grants) {
      List<Messages.Key> roles = g.roles().stream().sorted().map(r -> new Messages.Key("role." + r.id())).toList();
      switch (g.condition()) {
        case ALWAYS -> options.addAll(roles);
        case OWNER -> options.add(new Messages.Key("needs.owner"));
        default -> options.add(new Messages.Key("needs." + g.condition().name().toLowerCase(Locale.ROOT),
            new Messages.Key(Messages.LIST_OR, roles.toArray())));
      }
    }
    io.vertx.core.json.JsonArray roles = new io.vertx.core.json.JsonArray();
    roles().stream().map(Role::id).forEach(roles::add);
    return new HotlineException(ErrorCode.FORBIDDEN,
        new io.vertx.core.json.JsonObject().put("permission", id).put("roles", roles),
        "forbidden.needs", new Messages.Key(Messages.LIST_OR, options.toArray()));
  }

  private static boolean holds(Principal p, Set<Role> roles) {
    for (Role r : roles) {
      if (p.has(r)) {
        return true;
      }
    }
    return false;
  }

  private static boolean meets(Principal p, Condition c, Subject s) {
    if (c == Condition.ALWAYS) {
      return true;
    }
    if (s == null) {
      return false;
    }
    return switch (c) {
      case ALWAYS -> true;
      case OWNER, SELF -> s.ownerId() != null && s.ownerId() == p.id();
      case NOT_OWNER, NOT_REQUESTER, NOT_SELF -> s.ownerId() == null || s.ownerId() != p.id();
      case UNIT_OF_DISPATCH -> p.unitId() != null && p.unitId().equals(s.dispatchedUnitId());
      // Of what the store checks (every round, lending), the current round is what a subject knows.
      case DISPATCHED_TO_UNIT -> p.unitId() != null && p.unitId().equals(s.dispatchedUnitId());
      case INQUIRY -> s.inquiry();
      case GATEWAY_FILED -> s.gatewayFiled() && (s.ownerId() == null || s.ownerId() != p.id());
      case OWN_UNIT -> p.unitId() != null && p.unitId().equals(s.dispatchedUnitId());
    };
  }
}
