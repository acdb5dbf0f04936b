package hotline.testing;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Reading the database in assertions, from the test thread. */
public final class Sql {

  private Sql() {
  }

  public static List<Row> rows(Pool pool, String sql, Object... args) throws Exception {
    List<Row> out = new ArrayList<>();
    Waiting.await(pool.preparedQuery(sql).execute(Tuple.from(args))).forEach(out::add);
    return out;
  }

  /** The first column of the first row as text, unchecked. */
  public static String rows0(Pool pool, String sql, Object... args) {
    try {
      return String.valueOf(rows(pool, sql, args).get(0).getValue(0));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of the first row as a number (a {@code count(*)}); unchecked, for use inside conditions. */
  public static long count(Pool pool, String sql, Object... args) {
    try {
      return rows(pool, sql, args).get(0).getLong(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
