package hotline.mail;

import hotline.bus.Bus;
import io.vertx.core.Future;

import hotline.Addresses;
import hotline.Core;
import hotline.errors.HotlineException;
import hotline.users.Permission;
import hotline.users.Principal;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The mail log for the supervision office and leaders, asked over the bus ({@link Addresses#MAIL_LOG}): what became
 * of each message (quarantined ones with their reason), without sender or subject; the case, where there is one,
 * behind its own access rules. Answers and refusals go by the bus convention ({@link Bus}).
 */
final class MailLog {

  /** The outcomes the log holds, as {@link MailIntake.Outcome} names them. */
  static final Set<String> OUTCOMES = Set.of("case", "duplicate", "receipt", "feedback", "bounce", "fax", "ignored",
      "quarantined");

  private final MailStore store;
  private final Core core;

  MailLog(MailStore store, Core core) {
    this.store = store;
    this.core = core;
  }

  /** A page of the log: {@code viewer}, optional {@code outcome}, {@code page} (from 1), {@code size} (1–200). */
  void handle(Message<JsonObject> m) {
    Bus.reply(m, () -> {
      JsonObject body = m.body();
      String outcome = body.getString("outcome");
      HotlineException refused = refusal(Bus.viewer(body), outcome);
      if (refused != null) {
        return Future.failedFuture(refused);
      }
      int size = Math.max(1, Math.min(200, body.getInteger("size", 50)));
      int page = Math.max(1, body.getInteger("page", 1));
      return store.list(outcome, page, size, core.calendar().get().zone());
    });
  }

  /** Why {@code viewer} may not read the log of {@code outcome} (null: every outcome), or null when they may. */
  static HotlineException refusal(Principal viewer, String outcome) {
    if (viewer == null || !Permission.MAIL_LOG.allows(viewer)) {
      return Permission.MAIL_LOG.refusal();
    }
    if (outcome != null && !OUTCOMES.contains(outcome)) {
      return HotlineException.invalid("invalidValue", "outcome", outcome);
    }
    return null;
  }
}
