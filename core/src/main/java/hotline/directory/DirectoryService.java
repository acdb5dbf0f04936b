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
      "SELECT " + CUSTOMER_COLUMNS + "FROM customers c WHERE c.name ILIKE $1 OR c.licence_no ILIKE $1 "
          + "OR ($2::text IS NOT NULL AND c.id IN (SELECT customer_id FROM customer_phones WHERE normalized LIKE $2 OR normalized = $3::text)) "
          + "ORDER BY c.id LIMIT 50";
  private static final String UPDATE_UNIT =
      "UPDATE units SET code = $2, name = $3, kind = $4, parent_id = $5 WHERE id = $1";
  /** The unit and its ancestors: a unit cannot be put under itself or under one of its own. */
  private static final String ANCESTORS =
      "WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM units WHERE id = $1 "
          + "UNION SELECT u.id, u.parent_id FROM units u JOIN up ON u.id = up.parent_id) SELECT id FROM up";
  private static final String CONTACT_OF_UNIT =
      "SELECT id FROM unit_contacts WHERE id = $1 AND unit_id = $2 AND active FOR UPDATE";
  private static final String UPDATE_CONTACT =
      "UPDATE unit_contacts SET name = $2, title = $3, phone = $4, phone_normalized = $5, email = $6, fax = $7, "
          + "fax_normalized = $8, first_responsible = $9 WHERE id = $1";
  /** One first responsible person a unit: marking one clears the others. */
  private static final String CLEAR_FIRST_RESPONSIBLE =
      "UPDATE unit_contacts SET first_responsible = false WHERE unit_id = $1 AND id <> $2 AND active";
  private static final String REMOVE_CONTACT = "UPDATE unit_contacts SET active = false, first_responsible = false WHERE id = $1";
  private static final String UPDATE_CUSTOMER =
      "UPDATE customers SET name = $1, party_type = $2, licence_no = $3, email = $4, address = $5, note = $6 WHERE id = $7";
  private static final String DELETE_PHONE = "DELETE FROM customer_phones WHERE customer_id = $1 AND (normalized = $2 OR raw = $3)";

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

  /**
   * Changes a unit from {@code {"code","name","kind","parentId"}}: name and kind required, code and parent cleared when
   * absent. A unit cannot be put under itself or one of its own units. Answers the unit.
   */
  public Future<JsonObject> updateUnit(Principal actor, long unitId, JsonObject body) {
    if (!Permission.UNITS_MANAGE.allows(actor)) {
      return Future.failedFuture(Permission.UNITS_MANAGE.refusal());
    }
    Input in = Input.of(body);
    String code = in.optional("code", 32);
    String name = in.required("name", 100);
    UnitKind kind = in.requiredEnum("kind", UnitKind.class);
    Long parentId = in.optionalId("parentId");
    return pool.withTransaction(tx -> unitExists(tx, unitId)
            .compose(v -> parentId == null ? Future.succeededFuture()
                : tx.preparedQuery(ANCESTORS).execute(Tuple.of(parentId)).compose(rows -> {
                  for (Row r : rows) {
                    if (r.getLong("id") == unitId) {
                      return Future.failedFuture(HotlineException.invalidAt("parentId", "directory.parentCycle"));
                    }
                  }
                  return rows.size() == 0 ? Future.failedFuture(HotlineException.invalidAt("parentId", "notFound",
                      new hotline.errors.Messages.Key("entity.unit"), String.valueOf(parentId))) : Future.succeededFuture();
                }))
            .compose(v -> tx.preparedQuery(UPDATE_UNIT).execute(Tuple.of(unitId, code, name, Input.id(kind), parentId))))
        .recover(DirectoryService::translate)
        .compose(v -> unit(unitId));
  }

  /**
   * Changes a contact of the unit from {@code {"name","title","phone","email","fax","firstResponsible"}} (every field
   * as it is to be; {@code firstResponsible} absent keeps it). Marking a contact the first responsible person makes it
   * the unit's only one: the dispatch form goes to them. Answers the unit.
   */
  public Future<JsonObject> updateContact(Principal actor, long unitId, long contactId, JsonObject body) {
    if (!Permission.UNITS_MANAGE.allows(actor)) {
      return Future.failedFuture(Permission.UNITS_MANAGE.refusal());
    }
    Contact c = contact(Input.of(body));
    Boolean first = body.getValue("firstResponsible") == null ? null : Input.of(body).bool("firstResponsible", false);
    return pool.withTransaction(tx -> lockContact(tx, unitId, contactId)
            .compose(v -> tx.preparedQuery("SELECT first_responsible FROM unit_contacts WHERE id = $1").execute(Tuple.of(contactId)))
            .compose(rows -> {
              boolean firstNow = first != null ? first : rows.iterator().next().getBoolean(0);
              return tx.preparedQuery(UPDATE_CONTACT).execute(Tuple.from(new Object[] {contactId, c.name(), c.title(), c.phone(),
                      phones.normalize(c.phone()), c.email(), c.fax(), phones.normalize(c.fax()), firstNow}))
                  .compose(v -> Boolean.TRUE.equals(first)
                      ? tx.preparedQuery(CLEAR_FIRST_RESPONSIBLE).execute(Tuple.of(unitId, contactId)).mapEmpty()
                      : Future.succeededFuture());
            }))
        .compose(v -> unit(unitId));
  }

  /**
   * Removes a contact from the unit: it stops receiving the unit's forms and mail receipts from its address stop
   * counting; dispatches already sent to it keep naming it. Answers the unit.
   */
  public Future<JsonObject> removeContact(Principal actor, long unitId, long contactId) {
    if (!Permission.UNITS_MANAGE.allows(actor)) {
      return Future.failedFuture(Permission.UNITS_MANAGE.refusal());
    }
    return pool.withTransaction(tx -> lockContact(tx, unitId, contactId)
            .compose(v -> tx.preparedQuery(REMOVE_CONTACT).execute(Tuple.of(contactId))))
        .compose(v -> unit(unitId));
  }

  private Future<Void> unitExists(SqlClient client, long unitId) {
    return client.preparedQuery("SELECT id FROM units WHERE id = $1 FOR UPDATE").execute(Tuple.of(unitId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(HotlineException.notFound("unit", unitId)) : Future.succeededFuture());
  }

  private Future<Void> lockContact(SqlClient client, long unitId, long contactId) {
    return unitExists(client, unitId).compose(v -> client.preparedQuery(CONTACT_OF_UNIT).execute(Tuple.of(contactId, unitId)))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(HotlineException.notFound("contact", contactId)) : Future.succeededFuture());
  }

  /** A contact's fields as given, checked: name required, bounded, the e-mail an address, the numbers numbers. */
  private record Contact(String name, String title, String phone, String email, String fax) {
  }

  private Contact contact(Input in) {
    String name = in.required("name", 100);
    String phone = in.optional("phone", 40);
    String email = in.optional("email", 200);
    String fax = in.optional("fax", 40);
    if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
      throw HotlineException.invalidAt(in.path("email"), "directory.notAnEmail", email);
    }
    if (phone != null && phones.normalize(phone) == null) {
      throw HotlineException.invalidAt(in.path("phone"), "case.phoneNotANumber", phone);
    }
    if (fax != null && phones.normalize(fax) == null) {
      throw HotlineException.invalidAt(in.path("fax"), "case.phoneNotANumber", fax);
    }
    return new Contact(name, in.optional("title", 100), phone, email, fax);
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
    Tuple fields = customerFields(in);
    List<String[]> numbers = phoneList(in.array("phones", 10), "phones");
    return pool.withTransaction(tx -> tx.preparedQuery(INSERT_CUSTOMER).execute(fields)
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
    List<String[]> numbers = phoneList(new JsonArray().add(Input.of(body).required("phone", 40)), "phone");
    return customer(customerId).compose(c -> insertPhones(pool, customerId, numbers)).compose(v -> customer(customerId));
  }

  /**
   * Changes a customer from {@code {"name","partyType","licenceNo","email","address","note"}} (every field as it is to
   * be; a retailer keeps needing its licence). The numbers stay: they are added and removed on their own. Answers the
   * customer.
   */
  public Future<JsonObject> updateCustomer(Principal actor, long customerId, JsonObject body) {
    if (!Permission.CUSTOMERS.allows(actor)) {
      return Future.failedFuture(Permission.CUSTOMERS.refusal());
    }
    return pool.preparedQuery(UPDATE_CUSTOMER).execute(customerFields(Input.of(body)).addLong(customerId))
        .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(HotlineException.notFound("customer", customerId))
            : customer(customerId));
  }

  /** Removes a number from a customer, given as written or in any other way of writing it. Answers the customer. */
  public Future<JsonObject> removeCustomerPhone(Principal actor, long customerId, String phone) {
    if (!Permission.CUSTOMERS.allows(actor)) {
      return Future.failedFuture(Permission.CUSTOMERS.refusal());
    }
    String norm = phones.normalize(phone);
    return customer(customerId).compose(c -> pool.preparedQuery(DELETE_PHONE).execute(Tuple.of(customerId, norm, phone)))
        .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(HotlineException.notFound("phone", phone))
            : customer(customerId));
  }

  /**
   * A customer's own fields, checked, in the order of the insert's parameters: name, party type, licence (which a
   * retailer needs), e-mail, address, note.
   */
  private static Tuple customerFields(Input in) {
    String name = in.required("name", 100);
    PartyType type = in.requiredEnum("partyType", PartyType.class);
    String licence = in.optional("licenceNo", 40);
    if (type == PartyType.RETAILER && licence == null) {
      throw HotlineException.invalidAt("licenceNo", "customer.licenceRequired");
    }
    return Tuple.of(name, Input.id(type), licence, in.optional("email", 200), in.optional("address", 300),
        in.optional("note", 2000));
  }

  /** The numbers as written and normalised; one that is not a number is refused at its field ({@code phones[1]}). */
  private List<String[]> phoneList(JsonArray raw, String field) {
    List<String[]> out = new ArrayList<>();
    for (Object o : raw) {
      String s = o instanceof String str ? str.strip() : null;
      String norm = phones.normalize(s);
      if (norm == null || s.length() > 40) {
        throw HotlineException.invalidAt(field.equals("phones") ? "phones[" + out.size() + "]" : field, "invalidValue",
            field, o);
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

  /**
   * Customers whose name or licence contains the text, or (when it has at least four digits) whose number contains
   * its digits, however the number was written.
   */
  public Future<JsonArray> searchCustomers(String text) {
    String pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    String digits = text.replaceAll("[^0-9]", "");
    boolean number = digits.length() >= 4 && text.matches("[0-9 +()\\-.]+");
    // A whole number matches however it was written; a part of one by its digits (a landline's without the leading 0).
    String phonePattern = number ? "%" + (digits.startsWith("0") ? digits.substring(1) : digits) + "%" : null;
    String whole = number ? phones.normalize(text) : null;
    return pool.preparedQuery(CUSTOMERS_BY_TEXT).execute(Tuple.of(pattern, phonePattern, whole)).map(DirectoryService::customers);
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
