package hotline.dispatch;

import hotline.cases.CaseStatus;
import hotline.cases.CaseTimeline;
import hotline.outbox.Outbox;
import hotline.time.Times;
import hotline.users.Principal;
import hotline.validation.Input;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;

/**
 * What the sending of a dispatch form means to its dispatch: the outbox's settlement of {@link Outbox#KIND_DISPATCH}
 * rows. Sent: the dispatch is delivered, and the case's timeline says so. Given up (after the last retry, or returned
 * by a mail server after it was sent): the timeline says the form did not arrive. The case's status stays as it is;
 * delivery is not receipt.
 */
final class DispatchDeliveries implements Outbox.Settlement {

  private static final String DELIVERED =
      "UPDATE dispatches SET delivered_at = $2, delivery = $3 WHERE id = $1 RETURNING case_id, "
          + "(SELECT status FROM cases WHERE id = case_id) AS case_status";
  private static final String UNDELIVERED =
      "UPDATE dispatches SET delivered_at = NULL, delivery = $2 WHERE id = $1 RETURNING case_id, "
          + "(SELECT status FROM cases WHERE id = case_id) AS case_status";
  private static final String CASE_STATUS = "SELECT status FROM cases WHERE id = $1";

  private final Pool pool;
  private final Outbox outbox;

  DispatchDeliveries(Pool pool, Outbox outbox) {
    this.pool = pool;
    this.outbox = outbox;
  }

  static String outboxKey(long dispatchId) {
    return "dispatch:" + dispatchId;
  }

  @Override
  public Future<Void> sent(SqlConnection tx, Principal actor, Outbox.Claimed row, JsonObject detail, Instant now) {
    if (row.dispatchId() == null) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(DELIVERED).execute(Tuple.of(row.dispatchId(), Times.utc(now), detail.copy().put("channel", row.channel())))
        .compose(d -> d.size() == 0 ? Future.succeededFuture()
            : timeline(tx, actor, d.iterator().next().getLong("case_id"), d.iterator().next().getString("case_status"), now,
                "delivered", row, detail));
  }

  @Override
  public Future<Void> gaveUp(SqlConnection tx, Principal actor, Outbox.Claimed row, JsonObject detail, Instant now) {
    if (row.dispatchId() == null || row.caseId() == null) {
      return Future.succeededFuture();
    }
    if (detail.containsKey("bounced")) {
      // Returned after it was sent: it is no longer delivered.
      return tx.preparedQuery(UNDELIVERED).execute(Tuple.of(row.dispatchId(), detail))
          .compose(d -> timeline(tx, actor, row.caseId(), d.iterator().next().getString("case_status"), now, "delivery_failed",
              row, detail));
    }
    JsonObject failed = new JsonObject().put("dispatchId", row.dispatchId()).put("channel", row.channel()).mergeIn(detail);
    return tx.preparedQuery(CASE_STATUS).execute(Tuple.of(row.caseId()))
        .compose(c -> timeline(tx, actor, row.caseId(), c.iterator().next().getString("status"), now, "delivery_failed", row, failed));
  }

  /**
   * A dispatch mail the SMTP server took and a later server returned (a bounce, a DSN saying failed): its outbox row is
   * given up after all, and the case's timeline says the form did not arrive. Answers whether a sent row was found
   * (false: unknown, or already recorded, so a bounce read twice is recorded once).
   */
  Future<Boolean> bounced(Principal gateway, long dispatchId, String reason) {
    return pool.withTransaction(tx -> outbox.returned(tx, gateway, outboxKey(dispatchId), reason)).map(row -> row != null);
  }

  /** A delivery on the case's timeline; the case's status stays as it is. */
  private static Future<Void> timeline(SqlConnection tx, Principal actor, long caseId, String caseStatus, Instant now,
      String action, Outbox.Claimed row, JsonObject detail) {
    CaseStatus status = Input.parseEnum("status", caseStatus, CaseStatus.class);
    return CaseTimeline.append(tx, new CaseTimeline.Entry(caseId, actor, now, action, row.channel(), status, status, null,
        detail.copy().put("dispatchId", row.dispatchId()).put("outboxId", row.id())));
  }
}
