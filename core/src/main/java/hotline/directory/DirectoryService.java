package hotline.directory;

import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.users.Permission;
import hotline.users.Principal;
import hotline.validation.Input;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Units with their first responsible persons, and customers with their phone numbers. */
public final class DirectoryService {

  private static final String INSERT_UNIT =
      "INSERT INTO units (code, name, kind, parent_id) VALUES ($1, $2, $3, $4) RETURNING id";
  private static final String INSERT_CONTACT =
      "INSERT INTO unit_contacts (unit_id, name, title, phone, phone_normalized, email, fax, fax_normalized, first_responsible) "
          + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
  private static final String UNITS = "SELECT id, code, name, kind, parent_id FROM units ORDER BY id";
  private static final String UNIT = "SELECT id, code, name, kind, parent_id FROM units WHERE id = $1";
  private static final String CONTACTS =
      "SELECT id, unit_id, name, title, phone, email, fax, first_responsible FROM unit_contacts "
          + "WHERE active AND ($1::bigint IS NULL OR unit_id = $1) ORDER BY unit_id, NOT first_responsible, id";
  private static final String INSERT_CUSTOMER =
      "INSERT INTO customers (name, party_type, licence_no, email, address, note) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
  private static final String INSERT_PHONE =
      "INSERT INTO customer_phones (customer_id, raw, normalized) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
  private static final String CUSTOMER_COLUMNS =
      "c.id, c.name, c.party_type, c.licence_no, c.email, c.address, c.note, "
          + "(SELECT coalesce(array_agg(p.raw ORDER BY p.raw), '{}') FROM customer_phones p WHERE p.customer_id = c.id) AS phones ";
  private static final String CUSTOMER = "SELECT " + CUSTOMER_COLUMNS + "FROM customers c WHERE c.id = $1";
  private static final String CUSTOMERS_BY_PHONE =
      "SELECT " + CUSTOMER_COLUMNS + "FROM customers c WHERE c.id IN (SELECT customer_id FROM customer_phones WHERE normalized = $1) ORDER BY c.id";
  private static final String CUSTOMERS_BY_TEXT =
      "SELECT " + CUSTOMER_COLUMNS + "FROM customers c WHERE c.name ILIKE $1 OR c.licence_no ILIKE $1 ORDER BY c.id LIMIT 50";

  private final Pool pool;
  private final PhoneNumbers phones;

  public DirectoryService(Pool pool, PhoneNumbers phones) {
    this.pool = pool;
    this.phones = phones;
  }

  public PhoneNumbers phones() {
    return phones;
  }

  // ---- units

  public Future<JsonObject> createUnit(Principal actor, JsonObject body) {
    if (!Permission.UNITS_MANAGE.allows(actor)) {
      return Future.failedFuture(Permission.UNITS_MANAGE.refusal());
    }
    Input in = Input.of(body);
    String code = in.optional("code", 32);
    String name = in.required("name", 100);
    UnitKind kind = in.requiredEnum("kind", UnitKind.class);
    Long parentId = in.optionalId("parentId");
    JsonArray contacts = in.array("contacts", 20);
    List<JsonObject> parsedContacts = new ArrayList<>();
    for (Object c : contacts) {
      if (!(c instanceof JsonObject o)) {
        throw HotlineException.wrongType("contacts", "object");
      }
      parsedContacts.add(o);
    }
    return pool.withTransaction(tx -> tx.preparedQuery(INSERT_UNIT).execute(Tuple.of(code, name, Input.id(kind), parentId))
            .compose(rows -> {
              long id = rows.iterator().next().getLong(0);
              Future<Void> f = Future.succeededFuture();
              for (JsonObject c : parsedContacts) {
                f = f.compose(v -> insertContact(tx, id, c).mapEmpty());
              }
              return f.map(id);
            }))
        .recover(DirectoryService::translate)
        .compose(this::unit);
  }

  public Future<JsonObject> addContact(Principal actor, long unitId, JsonObject body) {
    if (!Permission.UNITS_MANAGE.allows(actor)) {
      return Future.failedFuture(Permission.UNITS_MANAGE.refusal());
    }
    return unit(unitId).compose(u -> insertContact(pool, unitId, body)).recover(DirectoryService::translate)
        .compose(id -> unit(unitId));
  }

  private Future<Long> insertContact(SqlClient client, long unitId, JsonObject body) {
    Input in = Input.of(body);
    String name = in.required("name", 100);
    String phone = in.optional("phone", 40);
    String email = in.optional("email", 200);
    String fax = in.optional("fax", 40);
    if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
      throw HotlineException.invalid("invalidValue", "email", email);
    }
    return client.preparedQuery(INSERT_CONTACT)
        .execute(Tuple.from(new Object[] {unitId, name, in.optional("title", 100), phone, phones.normalize(phone), email, fax,
            phones.normalize(fax), in.bool("firstResponsible", true)}))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<JsonArray> units() {
    return Future.all(pool.query(UNITS).execute(), pool.preparedQuery(CONTACTS).execute(Tuple.of((Long) null)))
        .map(all -> {
          RowSet<Row> units = all.resultAt(0);
          Map<Long, JsonObject> byId = new LinkedHashMap<>();
          for (Row r : units) {
            byId.put(r.getLong("id"), unitJson(r));
          }
          RowSet<Row> contacts = all.resultAt(1);
          for (Row c : contacts) {
            JsonObject u = byId.get(c.getLong("unit_id"));
            if (u != null) {
              u.getJsonArray("contacts").add(contactJson(c));
            }
          }
          return new JsonArray(new ArrayList<>(byId.values()));
        });
  }

  public Future<JsonObject> unit(long id) {
    return pool.preparedQuery(UNIT).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(HotlineException.notFound("unit", id));
      }
      JsonObject u = unitJson(rows.iterator().next());
      return pool.preparedQuery(CONTACTS).execute(Tuple.of(id)).map(cs -> {
        cs.forEach(c -> u.getJsonArray("contacts").add(contactJson(c)));
        return u;
      });
    });
  }

  private static JsonObject unitJson(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("code", r.getString("code")).put("name", r.getString("name"))
        .put("kind", r.getString("kind")).put("parentId", r.getLong("parent_id")).put("contacts", new JsonArray());
  }

  private static JsonObject contactJson(Row c) {
    return new JsonObject().put("id", c.getLong("id")).put("name", c.getString("name")).put("title", c.getString("title"))
        .put("phone", c.getString("phone")).put("email", c.getString("email")).put("fax", c.getString("fax"))
        .put("firstResponsible", c.getBoolean("first_responsible"));
  }

  // ---- customers

  public Future<JsonObject> createCustomer(Principal actor, JsonObject body) {
    if (!Permission.CUSTOMERS.allows(actor)) {
      return Future.failedFuture(Permission.CUSTOMERS.refusal());
    }
    Input in = Input.of(body);
    String name = in.required("name", 100);
    PartyType type = in.requiredEnum("partyType", PartyType.class);
    String licence = in.optional("licenceNo", 40);
    if (type == PartyType.RETAILER && licence == null) {
      throw HotlineException.invalid("customer.licenceRequired");
    }
    List<String[]> numbers = phoneList(in.array("phones", 10));
    return pool.withTransaction(tx -> tx.preparedQuery(INSERT_CUSTOMER)
            .execute(Tuple.of(name, Input.id(type), licence, in.optional("email", 200), in.optional("address", 300),
                in.optional("note", 2000)))
            .compose(rows -> {
              long id = rows.iterator().next().getLong(0);
              return insertPhones(tx, id, numbers).map(id);
            }))
        .compose(this::customer);
  }

  public Future<JsonObject> addCustomerPhone(Principal actor, long customerId, JsonObject body) {
    if (!Permission.CUSTOMERS.allows(actor)) {
      return Future.failedFuture(Permission.CUSTOMERS.refusal());
    }
    List<String[]> numbers = phoneList(new JsonArray().add(Input.of(body).required("phone", 40)));
    return customer(customerId).compose(c -> insertPhones(pool, customerId, numbers)).compose(v -> customer(customerId));
  }

  private List<String[]> phoneList(JsonArray raw) {
    List<String[]> out = new ArrayList<>();
    for (Object o : raw) {
      String s = o instanceof String str ? str.strip() : null;
      String norm = phones.normalize(s);
      if (norm == null || s.length() > 40) {
        throw HotlineException.invalid("invalidValue", "phones", o);
      }
      out.add(new String[] {s, norm});
    }
    return out;
  }

  private static Future<Void> insertPhones(SqlClient client, long customerId, List<String[]> numbers) {
    if (numbers.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = numbers.stream().map(n -> Tuple.of(customerId, n[0], n[1])).toList();
    return client.preparedQuery(INSERT_PHONE).executeBatch(batch).mapEmpty();
  }

  /** A customer, for someone who may look customers up ({@link Permission#CUSTOMERS}). */
  public Future<JsonObject> customer(Principal actor, long id) {
    return Permission.CUSTOMERS.allows(actor) ? customer(id) : Future.failedFuture(Permission.CUSTOMERS.refusal());
  }

  /** Customers by a phone number, for someone who may look customers up. */
  public Future<JsonArray> customersByPhone(Principal actor, String phone) {
    return Permission.CUSTOMERS.allows(actor) ? customersByPhone(phone) : Future.failedFuture(Permission.CUSTOMERS.refusal());
  }

  /** Customers by name, licence or address, for someone who may look customers up. */
  public Future<JsonArray> searchCustomers(Principal actor, String text) {
    return Permission.CUSTOMERS.allows(actor) ? searchCustomers(text) : Future.failedFuture(Permission.CUSTOMERS.refusal());
  }

  public Future<JsonObject> customer(long id) {
    return pool.preparedQuery(CUSTOMER).execute(Tuple.of(id)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(HotlineException.notFound("customer", id))
        : Future.succeededFuture(customerJson(rows.iterator().next())));
  }

  /** Customers a phone number belongs to, however the number is written. */
  public Future<JsonArray> customersByPhone(String phone) {
    String norm = phones.normalize(phone);
    if (norm == null) {
      return Future.failedFuture(HotlineException.invalid("invalidValue", "phone", phone));
    }
    return pool.preparedQuery(CUSTOMERS_BY_PHONE).execute(Tuple.of(norm)).map(DirectoryService::customers);
  }

  public Future<JsonArray> searchCustomers(String text) {
    String pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return pool.preparedQuery(CUSTOMERS_BY_TEXT).execute(Tuple.of(pattern)).map(DirectoryService::customers);
  }

  private static JsonArray customers(RowSet<Row> rows) {
    JsonArray out = new JsonArray();
    rows.forEach(r -> out.add(customerJson(r)));
    return out;
  }

  private static JsonObject customerJson(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("name", r.getString("name"))
        .put("partyType", r.getString("party_type")).put("licenceNo", r.getString("licence_no"))
        .put("email", r.getString("email")).put("address", r.getString("address")).put("note", r.getString("note"))
        .put("phones", new JsonArray(List.of(r.getArrayOfStrings("phones"))));
  }

  private static <T> Future<T> translate(Throwable t) {
    if (t instanceof PgException pg && "23503".equals(pg.getSqlState())) {
      return Future.failedFuture(new HotlineException(ErrorCode.VALIDATION_FAILED, "directory.unknownReference"));
    }
    if (t instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "directory.duplicate"));
    }
    return Future.failedFuture(t);
  }
}
