package hotline.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.errors.HotlineException;
import hotline.errors.Messages;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The permission table's rules, and the refusal each permission answers in both languages. */
class PermissionTest {

  static Principal person(long id, Long unit, Role... roles) {
    return new Principal(id, "u" + id, "u" + id, Set.of(roles), unit);
  }

  static final Principal AGENT = person(1, null, Role.AGENT);
  static final Principal OTHER_AGENT = person(2, null, Role.AGENT);
  static final Principal LEADER = person(3, null, Role.LEADER);
  static final Principal SUPERVISOR = person(4, null, Role.SUPERVISOR);
  static final Principal UNIT = person(5, 10L, Role.UNIT_RESPONDER);
  static final Principal OTHER_UNIT = person(6, 11L, Role.UNIT_RESPONDER);
  static final Principal ADMIN = person(7, null, Role.ADMIN);

  /** A complaint the agent owns, dispatched to unit 10. */
  static final Permission.Subject OWNED = new Permission.Subject(1L, false, false, 10L);

  @Test
  void ownershipAndTheUnitOfTheDispatchAreWhatTheyMean() {
    assertTrue(Permission.CASE_ANSWER.allows(AGENT, OWNED));
    assertFalse(Permission.CASE_ANSWER.allows(OTHER_AGENT, OWNED));
    assertTrue(Permission.CASE_ANSWER.couldAllow(OTHER_AGENT), "an agent may answer their own cases");
    assertTrue(Permission.CASE_ANSWER.allows(SUPERVISOR, OWNED));
    assertFalse(Permission.CASE_ANSWER.allows(ADMIN, OWNED));
    assertFalse(Permission.CASE_ANSWER.couldAllow(ADMIN));
    assertTrue(Permission.CASE_RECEIPT.allows(UNIT, OWNED));
    assertFalse(Permission.CASE_RECEIPT.allows(OTHER_UNIT, OWNED));
    assertFalse(Permission.CASE_RECEIPT.allows(UNIT, null), "a condition without its subject does not hold");
  }

  @Test
  void instructingAnInquiryAndTakingACaseHaveTheirOwnConditions() {
    Permission.Subject inquiry = new Permission.Subject(1L, false, true, null);
    assertTrue(Permission.CASE_INSTRUCT.allows(SUPERVISOR, inquiry));
    assertFalse(Permission.CASE_INSTRUCT.allows(SUPERVISOR, OWNED));
    assertTrue(Permission.CASE_INSTRUCT.allows(LEADER, OWNED));

    Permission.Subject mail = new Permission.Subject(99L, true, false, null);
    assertTrue(Permission.CASE_TAKE.allows(AGENT, mail), "an agent takes what a gateway filed");
    assertFalse(Permission.CASE_TAKE.allows(OTHER_AGENT, OWNED), "but not a person's case");
    assertTrue(Permission.CASE_TAKE.allows(SUPERVISOR, OWNED), "the supervision office moves it");
    assertFalse(Permission.CASE_TAKE.allows(SUPERVISOR, new Permission.Subject(4L, false, false, null)), "not to itself");

    assertTrue(Permission.ACCESS_DECIDE.allows(LEADER, Permission.Subject.requestedBy(1)));
    assertFalse(Permission.ACCESS_DECIDE.allows(LEADER, Permission.Subject.requestedBy(3)), "never one's own request");
  }

  @Test
  void automatedCallbacksAreForTheOwnerTheSupervisionOfficeAndLeaders() {
    assertTrue(Permission.CALLBACK_START.allows(AGENT, OWNED));
    assertTrue(Permission.CALLBACK_START.allows(LEADER, OWNED));
    assertTrue(Permission.CALLBACK_START.allows(SUPERVISOR, OWNED));
    assertFalse(Permission.CALLBACK_START.allows(OTHER_AGENT, OWNED));
    assertFalse(Permission.CALLBACK_START.allows(ADMIN, OWNED));
    assertFalse(Permission.CALLBACK_START.allows(UNIT, OWNED));
  }

  @Test
  void aReportersIdentityIsForLeadersTheSupervisionOfficeAndItsOwner() {
    assertTrue(Permission.REPORTER_IDENTITY.allows(LEADER));
    assertTrue(Permission.REPORTER_IDENTITY.allows(SUPERVISOR));
    assertTrue(Permission.REPORTER_IDENTITY.allows(AGENT, OWNED));
    assertFalse(Permission.REPORTER_IDENTITY.allows(OTHER_AGENT, OWNED));
    assertFalse(Permission.REPORTER_IDENTITY.allows(ADMIN, OWNED));
    assertFalse(Permission.REPORTER_IDENTITY.allows(UNIT, OWNED));
  }

  @Test
  void everyRefusalIsWhollyInTheCallersLanguageAndSurvivesTheEventBus() {
    for (Permission p : Permission.values()) {
      if (p.isPublic()) {
        continue;
      }
      HotlineException e = p.refusal();
      HotlineException carried = HotlineException.fromJson(e.toJson().encode());
      for (Locale l : new Locale[] {Messages.CHINESE, Locale.ENGLISH}) {
        String m = carried.message(l);
        assertEquals(e.message(l), m, p.id());
        assertFalse(m.contains("{") || m.contains("role.") || m.contains("needs.") || m.contains("list."), p.id() + ": " + m);
      }
      assertFalse(e.message(Messages.CHINESE).matches(".*[A-Za-z].*"), p.id() + ": " + e.message(Messages.CHINESE));
      assertEquals(p.id(), e.details().getString("permission"));
    }
    assertEquals("您无权执行此操作：需要整顿办或本工单的承办人。", Permission.CASE_ANSWER.refusal().message(Messages.CHINESE));
    assertEquals("You are not allowed to do this: it needs the supervision office or the case’s owner.",
        Permission.CASE_ANSWER.refusal().message(Locale.ENGLISH));
    assertEquals("您无权执行此操作：需要分管领导、整顿办或本工单的承办人。", Permission.CASE_EXTEND.refusal().message(Messages.CHINESE));
    assertEquals("您无权执行此操作：需要整顿办（仅限他人承办的工单）或受理员或分管领导（仅限网关受理、尚无人承办的工单）。",
        Permission.CASE_TAKE.refusal().message(Messages.CHINESE));
  }
}
