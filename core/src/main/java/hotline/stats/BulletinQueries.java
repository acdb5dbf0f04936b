package hotline.stats;

/**
 * The bulletin's SQL: aggregates in the database, compact rows where the working-day clock is needed. Parameters
 * {@code $1}, {@code $2}: the range's first instant and the first instant after it. Nothing here reads or matches a
 * reporter's identity (contact, customer of a report).
 */
final class BulletinQueries {

  private BulletinQueries() {
  }

  /** Cases received in the range by kind, channel, party type and category, and all of them: one scan. */
  static final String VOLUME =
      "SELECT kind, channel, party_type, category, GROUPING(kind) AS gk, GROUPING(channel) AS gc, GROUPING(party_type) AS gp, "
          + "GROUPING(category) AS gt, count(*) AS n FROM cases WHERE received_at >= $1 AND received_at < $2 "
          + "GROUP BY GROUPING SETS ((kind), (channel), (party_type), (category), ())";

  /**
   * The unit of each case's first dispatch. A case is dispatched after it is received (intake takes a receipt time at most
   * five minutes ahead of the clock), so its first dispatch was sent after the day before the range: that bound lets the
   * plan read only the dispatches since then, not all of them.
   */
  static final String RESPONSIBLE =
      "SELECT d.unit_id, u.name, count(*) AS n FROM cases c JOIN dispatches d ON d.case_id = c.id AND d.round = 1 "
          + "JOIN units u ON u.id = d.unit_id WHERE c.received_at >= $1 AND c.received_at < $2 AND d.dispatched_at >= $1::timestamptz - interval '1 day' "
          + "GROUP BY d.unit_id, u.name ORDER BY n DESC, u.name";

  /** The unit complained about or reported (of the directory, or as written). */
  static final String RESPONDENT =
      "SELECT c.respondent_unit_id AS unit_id, coalesce(u.name, c.respondent_unit_name) AS name, count(*) AS n FROM cases c "
          + "LEFT JOIN units u ON u.id = c.respondent_unit_id WHERE c.received_at >= $1 AND c.received_at < $2 "
          + "AND (c.respondent_unit_id IS NOT NULL OR c.respondent_unit_name IS NOT NULL) GROUP BY 1, 2 ORDER BY n DESC, name";

  /**
   * Repeat callers and repeat cases: a case repeats when the same customer had another case received in the 30 days
   * before it; a repeat case has the same category too. Reports are left out on both sides (their reporter is
   * confidential: nothing may match on it).
   */
  static final String REPEAT =
      // One scan of the range and the 30 days before it: each case's previous case of the same customer (and of the same
      // customer and category), by (received_at, id); the latest one before it is in the window if any is.
      "WITH w AS (SELECT c.id, c.customer_id, c.category, c.received_at, "
          + "  lag(c.received_at) OVER (PARTITION BY c.customer_id ORDER BY c.received_at, c.id) AS prev_at, "
          + "  lag(c.received_at) OVER (PARTITION BY c.customer_id, c.category ORDER BY c.received_at, c.id) AS prev_subject_at "
          + "  FROM cases c WHERE c.received_at >= $1::timestamptz - make_interval(days => $3::int) AND c.received_at < $2 "
          + "  AND c.kind <> 'report' AND c.customer_id IS NOT NULL), "
          + "r AS (SELECT customer_id, prev_at >= received_at - make_interval(days => $3) AS rep, "
          + "  category IS NOT NULL AND prev_subject_at >= received_at - make_interval(days => $3) AS rep_subject "
          + "  FROM w WHERE received_at >= $1), "
          + "callers AS (SELECT DISTINCT customer_id FROM r WHERE rep) "
          + "SELECT (SELECT count(*) FROM callers) AS callers, "
          + "(SELECT count(*) FROM r WHERE customer_id IN (SELECT customer_id FROM callers)) AS caller_cases, "
          + "(SELECT count(*) FROM r WHERE rep_subject) AS cases";

  /**
   * Every dispatch sent, due or answered in the range: the times the working-day facts need, and for one replaced by a
   * further round without feedback, when that round was sent.
   */
  static final String DISPATCHES =
      "SELECT d.unit_id, d.round, d.dispatched_at, d.received_at, d.due_at, d.feedback_at, "
          + DispatchFacts.supersededAtSql("d") + " AS superseded_at "
          + "FROM dispatches d "
          + "WHERE (d.dispatched_at >= $1 AND d.dispatched_at < $2) OR (d.due_at >= $1 AND d.due_at < $2) "
          + "OR (d.feedback_at >= $1 AND d.feedback_at < $2)";

  static final String UNIT_NAMES = "SELECT id, name FROM units WHERE id = ANY($1)";

  /** Extensions granted in the range, by the unit of the dispatch extended. */
  static final String EXTENSIONS =
      "SELECT d.unit_id, count(*) AS n FROM case_events e JOIN dispatches d ON d.id = (e.detail ->> 'dispatchId')::bigint "
          + "WHERE e.action = 'extend' AND e.at >= $1 AND e.at < $2 GROUP BY d.unit_id";

  /** Follow-up results recorded in the range, by the unit of the dispatch answered (the case's latest before it). */
  static final String FOLLOW_UPS =
      "SELECT x.unit_id, e.detail ->> 'satisfaction' AS satisfaction, count(*) AS n FROM case_events e "
          + "LEFT JOIN LATERAL (SELECT d.unit_id FROM dispatches d WHERE d.case_id = e.case_id AND d.dispatched_at <= e.at "
          + "  ORDER BY d.round DESC LIMIT 1) x ON true "
          + "WHERE e.action = 'follow_up' AND e.at >= $1 AND e.at < $2 GROUP BY 1, 2";
}
