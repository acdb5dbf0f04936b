package hotline.cases;

/** The SQL of the case store, next to the services that run it. */
final class CaseSql {

  private CaseSql() {
  }

  /**
   * Intake in one statement (one round trip, atomic on its own): link the customer the contact phones belong to
   * when exactly one does, insert the case with the next number, and append the intake to the timeline.
   * $15 customer id given by the agent, $19 the phones normalised, $20 actor name, $21 event detail, $22 the source
   * reference: a case already filed from it makes this statement insert nothing and answer no row; $23 the category;
   * $24–$29 the search documents without the number ({@link CaseSearchDocs}), which the statement adds.
   */
  static final String INTAKE =
      "WITH by_phone AS ("
          + "  SELECT CASE WHEN count(DISTINCT customer_id) = 1 THEN min(customer_id) END AS customer_id "
          + "  FROM customer_phones WHERE normalized = ANY($19::text[])), "
          + "by_email AS ("
          + "  SELECT CASE WHEN count(*) = 1 THEN min(id) END AS customer_id FROM customers "
          + "  WHERE $9::text IS NOT NULL AND lower(email) = lower($9::text)), "
          // The customer named, else the one customer the phones belong to, else the one with that e-mail address.
          + "linked AS (SELECT coalesce($15::bigint, by_phone.customer_id, by_email.customer_id) AS customer_id "
          + "  FROM by_phone, by_email), "
          + "n AS (SELECT next_case_number($1) AS number), "
          + "c AS (INSERT INTO cases (number, kind, channel, party_type, status, subject, content, contact_name, contact_phones, "
          + "  contact_email, contact_address, anonymous, respondent_person, respondent_unit_id, respondent_unit_name, "
          + "  customer_id, received_at, created_at, owner_id, source_ref, filed_by, category, "
          + "  search_doc, search_title, search_identity, search_text_grams, search_title_grams, search_identity_grams) "
          + "  SELECT n.number, $2, $3, $4, 'received', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
          + "         linked.customer_id, $16, $17, $18, $22, $18, $23, "
          + "         " + CaseSearchDocs.NUMBER_DOC + " || $24, $25, $26, " + CaseSearchDocs.NUMBER_GRAMS + " || $27::text[], "
          + "         $28::text[], $29::text[] FROM linked, n "
          + "  ON CONFLICT (filed_by, source_ref) WHERE source_ref IS NOT NULL DO NOTHING RETURNING id, number), "
          + CaseTimeline.INTAKE_CLAUSE
          + "SELECT id, number FROM c";

  static final String INSERT_ATTACHMENT =
      "INSERT INTO attachments (case_id, name, content_type, size, sha256, data, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)";

  static final String CASE =
      "SELECT c.*, u.display_name AS owner_name, 'gateway' = ANY(u.roles) AS owned_by_gateway, ru.name AS respondent_unit_label FROM cases c "
          + "JOIN users u ON u.id = c.owner_id LEFT JOIN units ru ON ru.id = c.respondent_unit_id WHERE c.id = $1";

  static final String CASE_EXISTS = "SELECT 1 FROM cases WHERE id = $1";

  static final String IDENTITY = "SELECT kind, owner_id FROM cases WHERE id = $1";

  static final String CASE_ID_BY_NUMBER = "SELECT id FROM cases WHERE number = $1";

  static final String CASE_BY_SOURCE = "SELECT id, number, kind FROM cases WHERE filed_by = $1 AND source_ref = $2";

  /** The case's status, its row locked: what a step of several transitions decides on first. */
  static final String CASE_STATUS_FOR_UPDATE = "SELECT status FROM cases WHERE id = $1 FOR UPDATE";
  static final String LOCK_CASE =
      "SELECT c.id, c.number, c.kind, c.channel, c.status, c.owner_id, c.round, c.current_dispatch_id, c.reopen_reason, "
          + "'gateway' = ANY(u.roles) AS owned_by_gateway FROM cases c JOIN users u ON u.id = c.owner_id WHERE c.id = $1 FOR UPDATE OF c";

  static final String DISPATCHES =
      "SELECT d.*, un.name AS unit_name, uc.name AS contact_name, uc.email AS contact_email, uc.fax AS contact_fax, uc.phone AS contact_phone, "
          + "o.status AS delivery_status, o.attempts AS delivery_attempts, o.last_error AS delivery_error "
          + "FROM dispatches d JOIN units un ON un.id = d.unit_id LEFT JOIN unit_contacts uc ON uc.id = d.contact_id "
          + "LEFT JOIN LATERAL (SELECT status, attempts, last_error FROM outbox WHERE dispatch_id = d.id AND kind = 'dispatch' "
          + "ORDER BY id DESC LIMIT 1) o ON true "
          + "WHERE d.case_id = $1 ORDER BY d.round";

  static final String EVENTS =
      "SELECT id, at, actor_id, actor_name, action, channel, from_status, to_status, note, detail FROM case_events "
          + "WHERE case_id = $1 ORDER BY id";

  static final String INSERT_DISPATCH_ATTACHMENT =
      "INSERT INTO attachments (case_id, name, content_type, size, sha256, data, created_by, dispatch_id) "
          + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";

  static final String ATTACHMENTS =
      "SELECT id, name, content_type, size, encode(sha256, 'hex') AS sha256, created_at, substring(data FROM 1 FOR 12) AS head, dispatch_id "
          + "FROM attachments WHERE case_id = $1 ORDER BY id";

  static final String ATTACHMENT_DATA =
      "SELECT name, content_type, data FROM attachments WHERE case_id = $1 AND id = $2";

  static final String DISPATCHED_TO_UNIT =
      "SELECT 1 FROM dispatches WHERE case_id = $1 AND unit_id = $2 LIMIT 1";

  static final String LIST =
      "SELECT c.id, c.number, c.kind, c.channel, c.status, c.subject, c.contact_name, c.anonymous, c.received_at, "
          + "c.owner_id, u.display_name AS owner_name, c.round, d.id AS dispatch_id, d.unit_id, un.name AS unit_name, "
          + "d.due_at, d.status AS dispatch_status, d.overdue, 'gateway' = ANY(u.roles) AS owned_by_gateway, c.satisfaction, d.feedback_at, "
          + "left(d.feedback, 300) AS feedback_excerpt, count(*) OVER () AS total "
          + "FROM cases c JOIN users u ON u.id = c.owner_id "
          + "LEFT JOIN dispatches d ON d.id = c.current_dispatch_id LEFT JOIN units un ON un.id = d.unit_id "
          + "WHERE ($1::text IS NULL OR c.kind = $1) AND ($2::text IS NULL OR c.channel = $2) "
          + "AND ($3::text IS NULL OR c.status = $3) AND ($4::bigint IS NULL OR d.unit_id = $4) "
          + "AND ($5::boolean IS NULL OR coalesce(d.status = 'open' AND d.overdue, false) = $5) "
          // $6: always null here; a text query is CaseSearch's (the identity rule below, $7 and $8, holds there too).
          + "AND $6::text IS NULL AND ($7::boolean OR true) "
          + "AND ($9::bigint IS NULL OR EXISTS (SELECT 1 FROM dispatches x WHERE x.case_id = c.id AND x.unit_id = $9)) "
          // A report's customer is its reporter's identity: the filter matches it only for whoever may see that.
          + "AND ($12::bigint IS NULL OR (c.customer_id = $12 AND (c.kind <> 'report' OR $7 OR c.owner_id = $8))) "
          + "AND ($13::boolean IS NOT TRUE OR c.owner_id = $8) "
          + "AND ($14::boolean IS NULL OR (c.status <> 'closed') = $14) "
          + "ORDER BY CASE WHEN $15 THEN c.received_at END ASC, CASE WHEN $15 THEN c.id END ASC, "
          + "c.received_at DESC, c.id DESC LIMIT $10 OFFSET $11";

  static final String CURRENT_DISPATCH =
      "SELECT id, unit_id, dispatched_at, working_days, due_at, overdue, received_at, status FROM dispatches WHERE id = $1 FOR UPDATE";

}
