package hotline.cases;

import hotline.users.Principal;
import hotline.users.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.ZoneId;
import java.util.Set;

/**
 * The case as the people of a unit it was dispatched to see it, read on the caller's connection: what the record form
 * sent to that unit is made from. A report's reporter is never in it (the core's masking rule for unit responders).
 * The dispatch step reads it inside the dispatch's own transaction, so the form it keeps is the case as it stood when
 * dispatched; {@link CaseService#formView} reads the same on its own for a dispatch made before forms were kept.
 */
public final class UnitView {

  private UnitView() {
  }

  /** Who the view is for: a unit's responder, as nobody in particular. */
  static Principal viewer(long unitId) {
    return new Principal(-1, "unit-" + unitId, "unit", Set.of(Role.UNIT_RESPONDER), unitId);
  }

  /**
   * The case as that unit's people see it (404 when there is no such case); the four reads are pipelined on
   * {@code conn}. It does not check that the case went to the unit, and audits nothing: no identity is in it.
   */
  public static Future<JsonObject> read(SqlClient conn, long caseId, long unitId, ZoneId zone) {
    return CaseViews.read(conn, viewer(unitId), caseId, zone).map(CaseViews.Read::view);
  }
}
