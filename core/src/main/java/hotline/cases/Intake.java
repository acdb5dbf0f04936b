package hotline.cases;

import hotline.directory.PartyType;
import hotline.directory.PhoneNumbers;
import hotline.errors.HotlineException;
import hotline.validation.Texts;
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
    List<CaseFile> attachments, String sourceRef) {

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

  /** A case of this kind through this channel, with its text; the rest empty. */
  public static Intake of(CaseKind kind, Channel channel, String content) {
    return new Intake(kind, channel, null, null, content, Contact.NONE, false, null, null, null, List.of(), null);
  }

  public Intake withSubject(String s) {
    return new Intake(kind, channel, partyType, s, content, contact, anonymous, respondent, customerId, receivedAt, attachments, sourceRef);
  }

  public Intake withContact(Contact c) {
    return new Intake(kind, channel, partyType, subject, content, c, anonymous, respondent, customerId, receivedAt, attachments, sourceRef);
  }

  public Intake withSourceRef(String ref) {
    return new Intake(kind, channel, partyType, subject, content, contact, anonymous, respondent, customerId, receivedAt, attachments, ref);
  }

  public Intake withAttachments(List<CaseFile> files) {
    return new Intake(kind, channel, partyType, subject, content, contact, anonymous, respondent, customerId, receivedAt, files, sourceRef);
  }

  /**
   * This intake checked and tidied (texts trimmed, blank as none, the receipt time defaulted to {@code now}), or a
   * {@link HotlineException} naming the first field that breaks a rule.
   */
  Intake validated(PhoneNumbers phones, CaseSettings settings, Instant now) {
    if (kind == null) {
      throw HotlineException.invalid("required", "kind");
    }
    if (channel == null) {
      throw HotlineException.invalid("required", "channel");
    }
    String s = text("subject", subject, MAX_SUBJECT);
    String c = text("content", content, MAX_CONTENT);
    if (c == null) {
      throw HotlineException.invalid("required", "content");
    }
    if (anonymous && kind != CaseKind.REPORT) {
      throw HotlineException.invalid("case.anonymousOnlyReports");
    }
    String name = text("name", contact.name(), MAX_NAME);
    if (contact.phones().size() > MAX_PHONES) {
      throw HotlineException.invalid("tooMany", "phones", MAX_PHONES);
    }
    List<String> phoneList = new ArrayList<>();
    for (String p : contact.phones()) {
      if (p == null || p.length() > MAX_PHONE || phones.normalize(p) == null) {
        throw HotlineException.invalid("invalidValue", "contact.phones", p);
      }
      phoneList.add(p.strip());
    }
    String email = text("email", contact.email(), MAX_EMAIL);
    if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
      throw HotlineException.invalid("invalidValue", "contact.email", email);
    }
    String address = text("address", contact.address(), MAX_ADDRESS);
    Contact who = new Contact(name, phoneList, email, address);
    if (anonymous) {
      if (!who.isEmpty()) {
        throw HotlineException.invalid("case.anonymousWithContact");
      }
    } else if (who.isEmpty()) {
      throw HotlineException.invalid("case.contactRequired");
    }

    Respondent about = null;
    if (respondent != null) {
      if (!kind.hasRespondent()) {
        throw HotlineException.invalid("case.respondentOnly");
      }
      about = new Respondent(text("person", respondent.person(), MAX_RESPONDENT), respondent.unitId(),
          text("unitName", respondent.unitName(), MAX_RESPONDENT));
    }

    Instant received = receivedAt == null ? now : receivedAt;
    if (received.isAfter(now.plusSeconds(MAX_FUTURE_SECONDS))) {
      throw HotlineException.invalid("case.receivedInFuture");
    }

    if (attachments.size() > settings.maxAttachments()) {
      throw HotlineException.invalid("tooMany", "attachments", settings.maxAttachments());
    }
    List<CaseFile> files = new ArrayList<>();
    for (CaseFile f : attachments) {
      String fileName = text("name", f.name(), MAX_FILE_NAME);
      if (fileName == null) {
        throw HotlineException.invalid("required", "name");
      }
      String type = text("contentType", f.contentType(), MAX_CONTENT_TYPE);
      // Both go into a download's headers: one line each, or every download of the file fails.
      if (!Texts.oneLine(fileName)) {
        throw HotlineException.invalid("invalidCharacters", "attachments.name");
      }
      if (type != null && !Texts.oneLine(type)) {
        throw HotlineException.invalid("invalidCharacters", "attachments.contentType");
      }
      if (f.data() == null) {
        throw HotlineException.invalid("required", "data");
      }
      if (f.data().length() > settings.maxAttachmentBytes()) {
        throw HotlineException.invalid("case.attachmentTooLarge", fileName, settings.maxAttachmentBytes());
      }
      files.add(new CaseFile(fileName, type == null ? "application/octet-stream" : type, f.data()));
    }
    return new Intake(kind, channel, partyType, s, c, who, anonymous, about, customerId, received, files,
        text("sourceRef", sourceRef, MAX_SOURCE_REF));
  }

  /** A text field trimmed; blank is none; longer than {@code max} breaks the rule. */
  private static String text(String field, String value, int max) {
    if (value == null) {
      return null;
    }
    if (!Texts.storable(value)) {
      throw HotlineException.invalid("invalidCharacters", field);
    }
    String v = value.strip();
    if (v.isEmpty()) {
      return null;
    }
    if (v.length() > max) {
      throw HotlineException.invalid("tooLong", field, max);
    }
    return v;
  }
}
