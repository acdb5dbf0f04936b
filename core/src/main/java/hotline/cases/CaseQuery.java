package hotline.cases;

import hotline.validation.QueryParams;

/**
 * Filters of {@code GET /api/cases}. {@code mine}: only the caller's own cases (the desk's "my cases"); {@code open}:
 * true for cases not closed yet, false for closed ones. {@code sort=oldest}: the longest waiting first (a leader's queue);
 * else the newest first. {@code count=false}: a text search without its count (the search box shows a few rows and no
 * count, and counting a common word's matches is most of a search's work).
 */
public record CaseQuery(CaseKind kind, Channel channel, CaseStatus status, Long unitId, Boolean overdue, String text,
    Long customerId, Boolean mine, Boolean open, boolean oldestFirst, int page, int size, boolean counted) {

  public static final int MAX_SIZE = 200;

  public CaseQuery(CaseKind kind, Channel channel, CaseStatus status, Long unitId, Boolean overdue, String text,
      Long customerId, Boolean mine, Boolean open, boolean oldestFirst, int page, int size) {
    this(kind, channel, status, unitId, overdue, text, customerId, mine, open, oldestFirst, page, size, true);
  }

  public CaseQuery(CaseKind kind, Channel channel, CaseStatus status, Long unitId, Boolean overdue, String text,
      Long customerId, int page, int size) {
    this(kind, channel, status, unitId, overdue, text, customerId, null, null, false, page, size);
  }

  public static CaseQuery from(QueryParams q) {
    return new CaseQuery(q.enumValue("kind", CaseKind.class), q.enumValue("channel", Channel.class),
        q.enumValue("status", CaseStatus.class), q.id("unit"), q.bool("overdue"), q.text("q", 100), q.id("customer"),
        q.bool("mine"), q.bool("open"), oldest(q.text("sort", 20)), q.page(), q.size(MAX_SIZE), q.bool("count") != Boolean.FALSE);
  }

  public CaseQuery withPage(int p) {
    return new CaseQuery(kind, channel, status, unitId, overdue, text, customerId, mine, open, oldestFirst, p, size, counted);
  }

  private static boolean oldest(String sort) {
    if (sort == null || sort.equals("newest")) {
      return false;
    }
    if (sort.equals("oldest")) {
      return true;
    }
    throw hotline.errors.HotlineException.invalid("invalidValue", "sort", sort);
  }

}
