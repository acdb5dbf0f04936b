package hotline.cases;

import hotline.users.Principal;
import hotline.validation.Input;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;

/**
 * The transitions that act on a case's dispatch: sending it out, its receipt, an extension, the unit's feedback.
 * They are owned by {@code hotline.dispatch}, which writes the dispatches; {@link CaseTransitions} runs them inside its
 * transaction, after the status and permission checks, and writes the case and its timeline.
 */
public interface DispatchSteps {

  Future<StepResult> dispatch(SqlConnection tx, Principal p, LockedCase c, Input in, Instant now);

  Future<StepResult> receipt(SqlConnection tx, LockedCase c, Input in, Instant now);

  Future<StepResult> extend(SqlConnection tx, LockedCase c, Input in, Instant now);

  Future<StepResult> feedback(SqlConnection tx, LockedCase c, Input in, Instant now);
}
