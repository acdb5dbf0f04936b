package hotline.cases;

import hotline.directory.PartyType;
import hotline.directory.PhoneNumbers;
import hotline.errors.HotlineException;
import hotline.validation.Input;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A case as filed at intake, validated: every field of the four seed forms. */
record NewCase(CaseKind kind, Channel channel, PartyType partyType, String subject, String content,
    String contactName, List<String> contactPhones, String contactEmail, String contactAddress, boolean anonymous,
    String respondentPerson, Long respondentUnitId, String respondentUnitName, Long customerId, Instant receivedAt,
    List<CaseFile> attachments, String sourceRef) {

  static NewCase parse(JsonObject body, PhoneNumbers phones, CaseSettings settings, Instant now) {
    Input in = Input.of(body);
    CaseKind kind = in.requiredEnum("kind", CaseKind.class);
    Channel channel = in.requiredEnum("channel", Channel.class);
    PartyType party = in.optionalEnum("partyType", PartyType.class);
    String subject = in.optional("subject", 200);
    String content = in.required("content", 20_000);
    boolean anonymous = in.bool("anonymous", false);
    if (anonymous && kind != CaseKind.REPORT) {
      throw HotlineException.invalid("case.anonymousOnlyReports");
    }

    Input contact = Input.of(in.object("contact"));
    String name = contact.optional("name", 100);
    List<String> phoneList = new ArrayList<>();
    for (Object p : contact.array("phones", 5)) {
      if (!(p instanceof String s) || s.length() > 40 || phones.normalize(s) == null) {
        throw HotlineException.invalid("invalidValue", "contact.phones", p);
      }
      phoneList.add(s.strip());
    }
    String email = contact.optional("email", 200);
    if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
      throw HotlineException.invalid("invalidValue", "contact.email", email);
    }
    String address = contact.optional("address", 300);
    if (anonymous) {
      if (name != null || !phoneList.isEmpty() || email != null || address != null) {
        throw HotlineException.invalid("case.anonymousWithContact");
      }
    } else if (name == null && phoneList.isEmpty() && email == null && address == null) {
      throw HotlineException.invalid("case.contactRequired");
    }

    JsonObject respondentJson = in.object("respondent");
    String respondentPerson = null;
    Long respondentUnitId = null;
    String respondentUnitName = null;
    if (respondentJson != null && !respondentJson.isEmpty()) {
      if (!kind.hasRespondent()) {
        throw HotlineException.invalid("case.respondentOnly");
      }
      Input r = Input.of(respondentJson);
      respondentPerson = r.optional("person", 100);
      respondentUnitId = r.optionalId("unitId");
      respondentUnitName = r.optional("unitName", 100);
    }

    Instant receivedAt = in.optionalInstant("receivedAt");
    if (receivedAt == null) {
      receivedAt = now;
    } else if (receivedAt.isAfter(now.plusSeconds(300))) {
      throw HotlineException.invalid("case.receivedInFuture");
    }

    List<CaseFile> attachments = new ArrayList<>();
    JsonArray rawAttachments = in.array("attachments", settings.maxAttachments());
    for (Object o : rawAttachments) {
      if (!(o instanceof JsonObject a)) {
        throw HotlineException.invalid("wrongType", "attachments", "object");
      }
      Input ai = Input.of(a);
      String fileName = ai.required("name", 255);
      String type = ai.optional("contentType", 100);
      byte[] data;
      try {
        // Line breaks as mail clients wrap base64 are fine; any other character outside the alphabet is not.
        data = Base64.getDecoder().decode(ai.required("data", Integer.MAX_VALUE).replaceAll("[\\r\\n]", ""));
      } catch (IllegalArgumentException e) {
        throw HotlineException.invalid("wrongType", "attachments.data", "base64");
      }
      if (data.length > settings.maxAttachmentBytes()) {
        throw HotlineException.invalid("case.attachmentTooLarge", fileName, settings.maxAttachmentBytes());
      }
      attachments.add(new CaseFile(fileName, type == null ? "application/octet-stream" : type, Buffer.buffer(data)));
    }

    return new NewCase(kind, channel, party, subject, content, name, List.copyOf(phoneList), email, address, anonymous,
        respondentPerson, respondentUnitId, respondentUnitName, in.optionalId("customerId"), receivedAt,
        List.copyOf(attachments), in.optional("sourceRef", 300));
  }

  /** This case with more files, within the same limits as files in the body. */
  NewCase with(List<CaseFile> more, CaseSettings settings) {
    if (more.isEmpty()) {
      return this;
    }
    if (attachments.size() + more.size() > settings.maxAttachments()) {
      throw HotlineException.invalid("tooMany", "attachments", settings.maxAttachments());
    }
    for (CaseFile f : more) {
      if (f.data().length() > settings.maxAttachmentBytes()) {
        throw HotlineException.invalid("case.attachmentTooLarge", f.name(), settings.maxAttachmentBytes());
      }
    }
    List<CaseFile> all = new ArrayList<>(attachments);
    all.addAll(more);
    return new NewCase(kind, channel, partyType, subject, content, contactName, contactPhones, contactEmail, contactAddress,
        anonymous, respondentPerson, respondentUnitId, respondentUnitName, customerId, receivedAt, List.copyOf(all), sourceRef);
  }
}
