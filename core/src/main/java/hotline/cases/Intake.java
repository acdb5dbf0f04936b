package hotline.cases;

import hotline.directory.PartyType;
import hotline.directory.PhoneNumbers;
import hotline.errors.HotlineException;
import hotline.validation.Input;
import hotline.validation.Texts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A case to file, as its channel took it: every field of the four seed forms. The web layer maps a request's JSON to
 * it; gateways build it directly. {@link #validated} checks it against the intake rules and limits, which live here
 * only: whoever files, the same rules apply.
 */
public record Intake(CaseKind kind, Channel channel, PartyType partyType, String subject, String content,
    Contact contact, boolean anonymous, Respondent respondent, Long customerId, Instant receivedAt,
    List<CaseFile> attachments, String sourceRef, String category) {

  /** A category's key: at most this many characters (the configured keys are shorter). */
  public static final int MAX_CATEGORY = 40;

  /** Intake limits, in characters unless said otherwise. */
  public static final int MAX_SUBJECT = 200;
  public static final int MAX_CONTENT = 20_000;
  public static final int MAX_NAME = 100;
  public static final int MAX_PHONES = 5;
  public static final int MAX_PHONE = 40;
  public static final int MAX_EMAIL = 200;
  public static final int MAX_ADDRESS = 300;
  public static final int MAX_RESPONDENT = 100;
  public static final int MAX_SOURCE_REF = 300;
  public static final int MAX_FILE_NAME = 255;
  public static final int MAX_CONTENT_TYPE = 100;
  /** What an e-mail address must look like: something, one {@code @}, something, without spaces. */
  public static final String EMAIL_PATTERN = "[^@\\s]+@[^@\\s]+";
  /** How far ahead of the server's clock a stated receipt time may be (clocks differ a little). */
  public static final int MAX_FUTURE_SECONDS = 300;

  /** Who wrote in; every field may be null, the phones empty. */
  public record Contact(String name, List<String> phones, String email, String address) {

    public static final Contact NONE = new Contact(null, List.of(), null, null);

    public Contact {
      phones = phones == null ? List.of() : List.copyOf(phones);
    }

    public static Contact phones(List<String> phones) {
      return new Contact(null, phones, null, null);
    }

    public static Contact address(String address) {
      return new Contact(null, List.of(), null, address);
    }

    boolean isEmpty() {
      return name == null && phones.isEmpty() && email == null && address == null;
    }
  }

  /** Whom a complaint or report is about: a person, a unit of the directory, or a unit by name. */
  public record Respondent(String person, Long unitId, String unitName) {
  }

  public Intake {
    contact = contact == null ? Contact.NONE : contact;
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }

  /** An intake without a category (gateways, and callers from before there were categories). */
  public Intake(CaseKind kind, Channel channel, PartyType partyType, String subject, String content, Contact contact,
      boolean anonymous, Respondent respondent, Long customerId, Instant receivedAt, List<CaseFile> attachments, String sourceRef) {
    this(kind, channel, partyType, subject, content, contact, anonymous, respondent, customerId, receivedAt, attachments, sourceRef, null);
  }

  /** A case of this kind through this channel, with its text; the rest empty. */
  public static Intake of(CaseKind kind, Channel channel, String content) {
    return new Intake(kind, channel, null, null, content, Contact.NONE, false, null, null, null, List.of(), null);
  }

  public Intake withSubject(String s) {
    return new Intake(kind, channel, partyType, s, content, contact, anonymous, respondent, customerId, receivedAt, attachments, sourceRef, category);
  }

  public Intake withContact(Contact c) {
    return new Intake(kind, channel, partyType, subject, content, c, anonymous, respondent, customerId, receivedAt, attachments, sourceRef,
        category);
  }

  public Intake withCategory(String key) {
    return new Intake(kind, channel, partyType, subject, content, contact, anonymous, respondent, customerId, receivedAt, attachments,
        sourceRef, key);
  }

  public Intake withSourceRef(String ref) {
    return new Intake(kind, channel, partyType, subject, content, contact, anonymous, respondent, customerId, receivedAt, attachments, ref,
        category);
  }

  public Intake withAttachments(List<CaseFile> files) {
    return new Intake(kind, channel, partyType, subject, content, contact, anonymous, respondent, customerId, receivedAt, files, sourceRef,
        category);
  }

  /**
   * This intake checked and tidied (texts trimmed, blank as none, the receipt time defaulted to {@code now}), or a
   * {@link HotlineException} naming the first field that breaks a rule by its JSON path ({@code contact.phones[1]}),
   * as {@code POST /api/cases} has it. The rules are stated for clients by {@link #rules}: change both together.
   */
  Intake validated(PhoneNumbers phones, CaseSettings settings, Instant now) {
    if (kind == null) {
      throw HotlineException.invalidAt("kind", "required", "kind");
    }
    if (channel == null) {
      throw HotlineException.invalidAt("channel", "required", "channel");
    }
    String s = text("subject", "subject", subject, MAX_SUBJECT);
    String c = text("content", "content", content, MAX_CONTENT);
    if (c == null) {
      throw HotlineException.invalidAt("content", "required", "content");
    }
    if (anonymous && !kind.mayBeAnonymous()) {
      throw HotlineException.invalidAt("anonymous", "case.anonymousOnlyReports");
    }
    String name = text("contact.name", "name", contact.name(), MAX_NAME);
    if (contact.phones().size() > MAX_PHONES) {
      throw HotlineException.invalidAt("contact.phones", "tooMany", "phones", MAX_PHONES);
    }
    List<String> phoneList = new ArrayList<>();
    for (int i = 0; i < contact.phones().size(); i++) {
      String p = contact.phones().get(i);
      if (p == null || p.length() > MAX_PHONE) {
        throw HotlineException.invalidAt("contact.phones[" + i + "]", "invalidValue", "contact.phones", p);
      }
      if (phones.normalize(p) == null) {
        throw HotlineException.invalidAt("contact.phones[" + i + "]", "case.phoneNotANumber", p);
      }
      phoneList.add(p.strip());
    }
    String email = text("contact.email", "email", contact.email(), MAX_EMAIL);
    if (email != null && !email.matches(EMAIL_PATTERN)) {
      throw HotlineException.invalidAt("contact.email", "invalidValue", "contact.email", email);
    }
    String address = text("contact.address", "address", contact.address(), MAX_ADDRESS);
    Contact who = new Contact(name, phoneList, email, address);
    if (anonymous) {
      if (!who.isEmpty()) {
        throw HotlineException.invalidAt("contact", "case.anonymousWithContact");
      }
    } else if (who.isEmpty()) {
      throw HotlineException.invalidAt("contact", "case.contactRequired");
    }

    Respondent about = null;
    if (respondent != null) {
      if (!kind.hasRespondent()) {
        throw HotlineException.invalidAt("respondent", "case.respondentOnly");
      }
      about = new Respondent(text("respondent.person", "person", respondent.person(), MAX_RESPONDENT), respondent.unitId(),
          text("respondent.unitName", "unitName", respondent.unitName(), MAX_RESPONDENT));
    }

    Instant received = receivedAt == null ? now : receivedAt;
    if (received.isAfter(now.plusSeconds(MAX_FUTURE_SECONDS))) {
      throw HotlineException.invalidAt("receivedAt", "case.receivedInFuture");
    }

    String cat = text("category", "category", category, MAX_CATEGORY);
    if (cat != null && !settings.categories().has(cat)) {
      throw HotlineException.invalidAt("category", "case.unknownCategory", cat);
    }

    List<CaseFile> files = files(attachments, settings);
    return new Intake(kind, channel, partyType, s, c, who, anonymous, about, customerId, received, files,
        text("sourceRef", "sourceRef", sourceRef, MAX_SOURCE_REF), cat);
  }

  /**
   * Files attached to a case (at intake, or with a unit's feedback) within the limits of this configuration: how many,
   * how large each, a one-line name and type; a missing type is {@code application/octet-stream}. A refusal names the
   * field: {@code attachments[2].name}.
   */
  static List<CaseFile> files(List<CaseFile> attachments, CaseSettings settings) {
    if (attachments.size() > settings.maxAttachments()) {
      throw HotlineException.invalidAt("attachments", "tooMany", "attachments", settings.maxAttachments());
    }
    List<CaseFile> files = new ArrayList<>();
    for (int i = 0; i < attachments.size(); i++) {
      CaseFile f = attachments.get(i);
      String at = "attachments[" + i + "]";
      String fileName = text(at + ".name", "name", f.name(), MAX_FILE_NAME);
      if (fileName == null) {
        throw HotlineException.invalidAt(at + ".name", "required", "name");
      }
      String type = text(at + ".contentType", "contentType", f.contentType(), MAX_CONTENT_TYPE);
      // Both go into a download's headers: one line each, or every download of the file fails.
      if (!Texts.oneLine(fileName)) {
        throw HotlineException.invalidAt(at + ".name", "invalidCharacters", "attachments.name");
      }
      if (type != null && !Texts.oneLine(type)) {
        throw HotlineException.invalidAt(at + ".contentType", "invalidCharacters", "attachments.contentType");
      }
      if (f.data() == null) {
        throw HotlineException.invalidAt(at + ".data", "required", "data");
      }
      if (f.data().length() > settings.maxAttachmentBytes()) {
        throw HotlineException.invalidAt(at, "case.attachmentTooLarge", fileName, settings.maxAttachmentBytes());
      }
      files.add(new CaseFile(fileName, type == null ? "application/octet-stream" : type, f.data()));
    }
    return files;
  }

  /**
   * The rules {@link #validated} applies, as data for a form that checks what is typed before it is sent
   * ({@code GET /api/intake/form}): per kind what it allows (a respondent, anonymity, answering on the spot, a
   * confidential reporter) and its deadline; each field's limits by its JSON path; the attachment limits of this
   * configuration; the choices of channel and party type.
   */
  public static JsonObject rules(CaseSettings settings) {
    JsonArray kinds = new JsonArray();
    for (CaseKind k : CaseKind.values()) {
      kinds.add(new JsonObject().put("kind", Input.id(k)).put("respondent", k.hasRespondent())
          .put("anonymous", k.mayBeAnonymous()).put("confidentialReporter", k.hasConfidentialReporter())
          .put("answerOnTheSpot", Workflow.allows(CaseStatus.RECEIVED, Action.ANSWER))
          .put("submitForInstruction", Workflow.allows(CaseStatus.RECEIVED, Action.SUBMIT))
          .put("workingDays", settings.workingDays().get(k)));
    }
    JsonObject fields = new JsonObject()
        .put("kind", new JsonObject().put("required", true))
        .put("channel", new JsonObject().put("required", true))
        .put("subject", new JsonObject().put("maxLength", MAX_SUBJECT))
        .put("content", new JsonObject().put("required", true).put("maxLength", MAX_CONTENT))
        .put("contact.name", new JsonObject().put("maxLength", MAX_NAME))
        .put("contact.phones", new JsonObject().put("maxItems", MAX_PHONES).put("maxLength", MAX_PHONE))
        .put("contact.email", new JsonObject().put("maxLength", MAX_EMAIL).put("pattern", EMAIL_PATTERN))
        .put("contact.address", new JsonObject().put("maxLength", MAX_ADDRESS))
        .put("respondent.person", new JsonObject().put("maxLength", MAX_RESPONDENT))
        .put("respondent.unitName", new JsonObject().put("maxLength", MAX_RESPONDENT))
        .put("sourceRef", new JsonObject().put("maxLength", MAX_SOURCE_REF))
        .put("category", new JsonObject().put("maxLength", MAX_CATEGORY))
        .put("answer", new JsonObject().put("required", true).put("maxLength", CaseTransitions.MAX_ANSWER))
        .put("note", new JsonObject().put("maxLength", CaseTransitions.MAX_NOTE));
    JsonArray channels = new JsonArray();
    for (Channel ch : Channel.values()) {
      channels.add(Input.id(ch));
    }
    JsonArray parties = new JsonArray();
    for (PartyType pt : PartyType.values()) {
      parties.add(Input.id(pt));
    }
    JsonArray categories = new JsonArray();
    settings.categories().list().forEach(cat -> categories.add(new JsonObject().put("key", cat.key()).put("label", cat.zh())
        .put("labelEn", cat.en())));
    return new JsonObject().put("kinds", kinds).put("channels", channels).put("partyTypes", parties).put("fields", fields)
        // The subject categories (主题分类) to choose from, in the configured order: optional.
        .put("categories", categories)
        // Unless anonymous, at least one of these; an anonymous report none of them.
        .put("contactFields", new JsonArray().add("contact.name").add("contact.phones").add("contact.email").add("contact.address"))
        .put("attachments", new JsonObject().put("maxCount", settings.maxAttachments())
            .put("maxBytes", settings.maxAttachmentBytes()).put("maxNameLength", MAX_FILE_NAME)
            .put("maxContentTypeLength", MAX_CONTENT_TYPE));
  }

  /**
   * A text field trimmed; blank is none; longer than {@code max} breaks the rule. {@code path} is where the field is
   * in the request ({@code contact.name}), {@code name} what the message calls it.
   */
  private static String text(String path, String name, String value, int max) {
    if (value == null) {
      return null;
    }
    if (!Texts.storable(value)) {
      throw HotlineException.invalidAt(path, "invalidCharacters", name);
    }
    String v = value.strip();
    if (v.isEmpty()) {
      return null;
    }
    if (v.length() > max) {
      throw HotlineException.invalidAt(path, "tooLong", name, max);
    }
    return v;
  }
}
