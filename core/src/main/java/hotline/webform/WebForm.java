package hotline.webform;

import hotline.Core;
import hotline.cases.CaseKind;
import hotline.cases.CaseStatus;
import hotline.errors.HotlineException;
import hotline.users.Principal;
import hotline.validation.Input;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public web form (channel web) and its status page, for anyone, signed in or not. Filing: a signed idempotency
 * key per rendered form (the case's source reference, so a double submit or a reload files one case), the honeypot,
 * the form's limits, then the rate limits ({@link AbuseLimits}), then the case, filed by the {@code web-form} gateway
 * account (it owns the case until an agent takes it, like the mail and fax gateways' cases), with its query code stored
 * as a hash. Looking up: by number and query code, rate limited per address and per number, an unknown number and a
 * wrong code answering the same after the same work.
 */
public final class WebForm {

  private static final Logger LOG = LoggerFactory.getLogger(WebForm.class);
  /** The account web cases are filed with. */
  public static final String ACCOUNT = "web-form";
  private static final String ACCOUNT_NAME = "网站表单";
  /** How long the page after filing may still show the number and code it was sent. */
  public static final java.time.Duration TICKET_VALIDITY = java.time.Duration.ofMinutes(10);
  private static final String NUMBER_PATTERN = "\\d{4}-\\d{6,10}";

  private static final String SECRET = "SELECT secret FROM web_form_secret WHERE id = 1";
  private static final String NEW_SECRET = "INSERT INTO web_form_secret (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING";
  private static final String FILED_FROM = "SELECT c.number, c.kind FROM cases c WHERE c.filed_by = $1 AND c.source_ref = $2";
  private static final String SAVE_CODE =
      "INSERT INTO case_query_codes (case_id, code_hash) SELECT id, $2 FROM cases WHERE number = $1 ON CONFLICT (case_id) DO NOTHING";
  private static final String BY_NUMBER =
      "SELECT c.number, c.kind, c.status, c.received_at, c.closed_at, q.code_hash, "
          + "(SELECT e.note FROM case_events e WHERE e.case_id = c.id AND e.action = 'answer' ORDER BY e.id DESC LIMIT 1) AS answer "
          + "FROM cases c JOIN case_query_codes q ON q.case_id = c.id WHERE c.number = $1";

  private final Vertx vertx;
  private final Core core;
  private final WebFormSettings settings;
  private final AbuseLimits limits;
  private Future<FormKeys> keys;
  private Future<Principal> account;

  public WebForm(Vertx vertx, Core core, WebFormSettings settings) {
    this.vertx = vertx;
    this.core = core;
    this.settings = settings;
    this.limits = new AbuseLimits(core.pool(), settings, () -> core.calendar().get().zone());
  }

  public WebFormSettings settings() {
    return settings;
  }

  /** A new form's idempotency key. */
  public Future<String> newKey() {
    Instant expiry = core.clock().instant().plus(settings.formValidity());
    return keys().map(k -> k.issue(expiry));
  }

  /** What became of a submission. */
  public sealed interface Outcome {
  }

  /** Filed now, or earlier from the same form ({@code again}): the number, the code, and the ticket that shows them once. */
  public record Filed(String number, String code, String ticket, boolean again) implements Outcome {
  }

  /** Broken rules at their fields; nothing filed. */
  public record Invalid(List<Submission.FieldError> errors) implements Outcome {
  }

  /** Refused by a rate limit; nothing filed. */
  public record Limited(long retryAfterSeconds) implements Outcome {
  }

  /** The honeypot was filled in: answered like a filing, nothing filed. */
  public record Trapped() implements Outcome {
  }

  /** The key was not one of ours, or the form was open too long and never filed: nothing filed. */
  public record BadKey(boolean expired) implements Outcome {
  }

  public Future<Outcome> submit(Submission s, String key, String clientIp) {
    Instant now = core.clock().instant();
    return Future.all(keys(), account()).compose(all -> {
      FormKeys k = all.resultAt(0);
      Principal p = all.resultAt(1);
      FormKeys.Checked checked = k.check(key, now);
      if (checked.check() == FormKeys.Check.FORGED) {
        return Future.succeededFuture(new BadKey(false));
      }
      String sourceRef = FormKeys.sourceRef(checked.nonce());
      String code = k.queryCode(checked.nonce());
      // A double submit, a reload or a retry of this form: the case it filed, with its code, and nothing new.
      return core.pool().preparedQuery(FILED_FROM).execute(Tuple.of(p.id(), sourceRef)).compose(rows -> {
        if (rows.size() > 0) {
          Row r = rows.iterator().next();
          String number = r.getString("number");
          return saveCode(number, code).map(v -> (Outcome) filed(k, number, code, r.getString("kind"), true, now));
        }
        if (checked.check() == FormKeys.Check.EXPIRED) {
          return Future.succeededFuture(new BadKey(true));
        }
        if (s.caughtByHoneypot()) {
          LOG.info("web form: honeypot filled in, nothing filed [client: {}]", clientIp);
          return limits.honeypot(now).map(v -> new Trapped());
        }
        List<Submission.FieldError> errors = s.check(settings);
        if (!errors.isEmpty()) {
          return Future.succeededFuture(new Invalid(errors));
        }
        return limits.submission(clientIp, now).compose(wait -> {
          if (wait > 0) {
            LOG.info("web form: submission refused by the rate limits [client: {}, retry after: {} s]", clientIp, wait);
            return Future.succeededFuture(new Limited(wait));
          }
          return file(p, k, s, sourceRef, code, now);
        });
      });
    });
  }

  private Future<Outcome> file(Principal p, FormKeys k, Submission s, String sourceRef, String code, Instant now) {
    return core.cases().file(p, s.intake(sourceRef))
        .compose(filed -> saveCode(filed.number(), code).map(v -> (Outcome) filed(k, filed.number(), code, Input.id(filed.kind()), filed.alreadyFiled(), now)))
        .recover(t -> {
          if (t instanceof HotlineException e && e.field() != null) {
            return Future.succeededFuture(new Invalid(List.of(new Submission.FieldError(formField(e.field()), "error.intake", e))));
          }
          return Future.failedFuture(t);
        });
  }

  /** The form's field of an intake rule's JSON path. */
  private static String formField(String path) {
    if (path.startsWith("contact.phones")) {
      return "phone";
    }
    if (path.startsWith("contact.email")) {
      return "email";
    }
    if (path.startsWith("contact")) {
      return "name";
    }
    if (path.startsWith("attachments")) {
      return "attachments";
    }
    return path.equals("subject") || path.equals("kind") ? path : "content";
  }

  private Filed filed(FormKeys k, String number, String code, String kind, boolean again, Instant now) {
    return new Filed(number, code, k.ticket(number, code, kind, again, now.plus(TICKET_VALIDITY)), again);
  }

  /** The code's hash for the case (once: a code saved before stays). PBKDF2 is a worker's work. */
  private Future<Void> saveCode(String number, String code) {
    return vertx.executeBlocking(() -> FormKeys.hash(code), false)
        .compose(hash -> core.pool().preparedQuery(SAVE_CODE).execute(Tuple.of(number, hash))).mapEmpty();
  }

  /** The number, code and kind a ticket carries, while it is valid; null otherwise. */
  public Future<String[]> readTicket(String ticket) {
    return keys().map(k -> k.readTicket(ticket, core.clock().instant()));
  }

  /** What a look-up found. */
  public sealed interface Lookup {
  }

  /** The number and code matched. */
  public record Found(PublicStatus status) implements Lookup {
  }

  /** No case has this number and code: the same whether the number is unknown or the code wrong. */
  public record NotFound() implements Lookup {
  }

  /** Too many look-ups from the address, or of the number: nothing compared. */
  public record LookupLimited(long retryAfterSeconds) implements Lookup {
  }

  /** The number or the code cannot be one (format): named by field, nothing looked up. */
  public record LookupInvalid(List<Submission.FieldError> errors) implements Lookup {
  }

  public Future<Lookup> lookup(String numberTyped, String codeTyped, String clientIp) {
    Instant now = core.clock().instant();
    String number = numberTyped == null ? "" : numberTyped.strip();
    String code = FormKeys.normalizeCode(codeTyped);
    List<Submission.FieldError> errors = new java.util.ArrayList<>();
    if (number.isEmpty()) {
      errors.add(new Submission.FieldError("number", "error.required"));
    } else if (number.length() > 20 || !number.matches(NUMBER_PATTERN)) {
      errors.add(new Submission.FieldError("number", "error.number"));
    }
    if (codeTyped == null || codeTyped.isBlank()) {
      errors.add(new Submission.FieldError("code", "error.required"));
    } else if (code == null) {
      errors.add(new Submission.FieldError("code", "error.code"));
    }
    if (!errors.isEmpty()) {
      return Future.succeededFuture(new LookupInvalid(errors));
    }
    return limits.lookup(clientIp, now).compose(wait -> wait > 0 ? Future.succeededFuture(new LookupLimited(wait))
        : limits.numberAttempt(number, now).compose(waitNumber -> waitNumber > 0
            ? Future.succeededFuture(new LookupLimited(waitNumber))
            : compare(number, code, now)));
  }

  private Future<Lookup> compare(String number, String code, Instant now) {
    return core.pool().preparedQuery(BY_NUMBER).execute(Tuple.of(number)).compose(rows -> {
      Row r = rows.size() == 0 ? null : rows.iterator().next();
      String hash = r == null ? null : r.getString("code_hash");
      // Compared whether or not there is a case: an unknown number takes as long as a wrong code.
      return vertx.executeBlocking(() -> FormKeys.verify(hash, code), false).compose(match -> {
        if (!match) {
          return Future.succeededFuture((Lookup) new NotFound());
        }
        PublicStatus status = new PublicStatus(r.getString("number"), Input.parseEnum("kind", r.getString("kind"), CaseKind.class),
            PublicStatus.Stage.of(Input.parseEnum("status", r.getString("status"), CaseStatus.class)),
            r.getOffsetDateTime("received_at"), r.getOffsetDateTime("closed_at"), r.getString("answer"));
        return limits.lookupSucceeded(number, now).map(v -> (Lookup) new Found(status));
      });
    });
  }

  /** The centre's time zone, for dates on the pages. */
  public java.time.ZoneId zone() {
    return core.calendar().get().zone();
  }

  private synchronized Future<FormKeys> keys() {
    if (keys == null || keys.failed()) {
      keys = loadKeys();
    }
    return keys;
  }

  private synchronized Future<Principal> account() {
    if (account == null || account.failed()) {
      account = core.users().gatewayAccount(ACCOUNT, ACCOUNT_NAME);
    }
    return account;
  }

  /** The configured secret, else the database's (made by whichever node needs it first). */
  private Future<FormKeys> loadKeys() {
    if (settings.secret() != null && !settings.secret().isBlank()) {
      return Future.succeededFuture(new FormKeys(FormKeys.sha256(settings.secret().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }
    return core.pool().preparedQuery(SECRET).execute(Tuple.tuple()).compose(rows -> rows.size() > 0
        ? Future.succeededFuture(rows.iterator().next().getBuffer(0).getBytes())
        : core.pool().preparedQuery(NEW_SECRET).execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(FormKeys.randomSecret())))
            .compose(v -> core.pool().preparedQuery(SECRET).execute(Tuple.tuple()))
            .map(again -> again.iterator().next().getBuffer(0).getBytes()))
        .map(FormKeys::new);
  }
}
