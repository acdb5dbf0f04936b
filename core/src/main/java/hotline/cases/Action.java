package hotline.cases;

import hotline.users.Permission;
import java.util.Locale;

/** The transitions of the case lifecycle; each is one endpoint {@code POST /api/cases/{id}/<path>}. */
public enum Action {
  ANSWER("answer", Permission.CASE_ANSWER),
  SUBMIT("submit", Permission.CASE_SUBMIT),
  INSTRUCT("instruct", Permission.CASE_INSTRUCT),
  DISPATCH("dispatch", Permission.CASE_DISPATCH),
  RECEIPT("receipt", Permission.CASE_RECEIPT),
  EXTEND("extend", Permission.CASE_EXTEND),
  FEEDBACK("feedback", Permission.CASE_FEEDBACK),
  FOLLOW_UP("follow-up", Permission.CASE_FOLLOW_UP),
  REVIEW("review", Permission.CASE_REVIEW),
  REOPEN("reopen", Permission.CASE_REOPEN),
  CLOSE("close", Permission.CASE_CLOSE),
  /** An agent takes a case a gateway filed (mail, fax) and owns it from then on; a supervisor may reassign any. */
  TAKE("take", Permission.CASE_TAKE);

  private final String path;
  private final Permission permission;

  Action(String path, Permission permission) {
    this.path = path;
    this.permission = permission;
  }

  /** Who may take this step ({@link Permission}: the one table). */
  public Permission permission() {
    return permission;
  }

  /** The URL segment and the name clients see: {@code follow-up}. */
  public String path() {
    return path;
  }

  /** The name written on the timeline: {@code follow_up}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
