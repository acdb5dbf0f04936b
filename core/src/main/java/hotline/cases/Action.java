package hotline.cases;

import java.util.Locale;

/** The transitions of the case lifecycle; each is one endpoint {@code POST /api/cases/{id}/<path>}. */
public enum Action {
  ANSWER("answer"),
  SUBMIT("submit"),
  INSTRUCT("instruct"),
  DISPATCH("dispatch"),
  RECEIPT("receipt"),
  EXTEND("extend"),
  FEEDBACK("feedback"),
  FOLLOW_UP("follow-up"),
  REVIEW("review"),
  REOPEN("reopen"),
  CLOSE("close"),
  /** An agent takes a case a gateway filed (mail, fax) and owns it from then on; a supervisor may reassign any. */
  TAKE("take");

  private final String path;

  Action(String path) {
    this.path = path;
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
