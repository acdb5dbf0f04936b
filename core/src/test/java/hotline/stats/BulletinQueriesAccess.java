package hotline.stats;

/** The bulletin's statements, for the benchmark's plans (they stay package-private in main). */
public final class BulletinQueriesAccess {

  private BulletinQueriesAccess() {
  }

  public static String volume() {
    return BulletinQueries.VOLUME;
  }

  public static String responsible() {
    return BulletinQueries.RESPONSIBLE;
  }

  public static String respondent() {
    return BulletinQueries.RESPONDENT;
  }

  public static String repeat() {
    return BulletinQueries.REPEAT;
  }

  public static String dispatches() {
    return BulletinQueries.DISPATCHES;
  }

  public static String extensions() {
    return BulletinQueries.EXTENSIONS;
  }

  public static String followUps() {
    return BulletinQueries.FOLLOW_UPS;
  }
}
