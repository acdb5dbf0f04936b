package hotline.cases;

import hotline.validation.QueryParams;

/** Filters of {@code GET /api/cases}. */
public record CaseQuery(CaseKind kind, Channel channel, CaseStatus status, Long unitId, Boolean overdue, String text,
    Long customerId, int page, int size) {

  public static final int MAX_SIZE = 200;

  public static CaseQuery from(QueryParams q) {
    return new CaseQuery(q.enumValue("kind", CaseKind.class), q.enumValue("channel", Channel.class),
        q.enumValue("status", CaseStatus.class), q.id("unit"), q.bool("overdue"), q.text("q", 100), q.id("customer"),
        q.page(), q.size(MAX_SIZE));
  }

  public CaseQuery withPage(int p) {
    return new CaseQuery(kind, channel, status, unitId, overdue, text, customerId, p, size);
  }

  /** The text filter as an ILIKE pattern, with the user's % and _ taken literally. */
  String likePattern() {
    return text == null ? null : "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }
}
