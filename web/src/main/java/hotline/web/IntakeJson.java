package hotline.web;

import hotline.cases.CaseFile;
import hotline.cases.CaseKind;
import hotline.cases.Channel;
import hotline.cases.Intake;
import hotline.directory.PartyType;
import hotline.errors.HotlineException;
import hotline.validation.Input;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code POST /api/cases}'s body as an {@link Intake}: the JSON's shape and types are checked here (a number where a
 * text belongs, an attachment that is not base64); the intake rules and limits are the core's, checked when it files.
 */
final class IntakeJson {

  private static final int UNBOUNDED = Integer.MAX_VALUE;

  private IntakeJson() {
  }

  static Intake parse(JsonObject body) {
    Input in = Input.of(body);
    CaseKind kind = in.optionalEnum("kind", CaseKind.class);
    Channel channel = in.optionalEnum("channel", Channel.class);
    PartyType party = in.optionalEnum("partyType", PartyType.class);
    String subject = in.optional("subject", UNBOUNDED);
    String content = in.optional("content", UNBOUNDED);
    boolean anonymous = in.bool("anonymous", false);

    Input contact = Input.of(in.object("contact"), "contact");
    String name = contact.optional("name", UNBOUNDED);
    List<String> phones = new ArrayList<>();
    JsonArray phoneArray = contact.array("phones", UNBOUNDED);
    for (int i = 0; i < phoneArray.size(); i++) {
      if (!(phoneArray.getValue(i) instanceof String s)) {
        throw HotlineException.invalidAt("contact.phones[" + i + "]", "invalidValue", "contact.phones", phoneArray.getValue(i));
      }
      phones.add(s);
    }
    Intake.Contact who = new Intake.Contact(name, phones, contact.optional("email", UNBOUNDED),
        contact.optional("address", UNBOUNDED));

    JsonObject respondentJson = in.object("respondent");
    Intake.Respondent respondent = null;
    if (respondentJson != null && !respondentJson.isEmpty()) {
      Input r = Input.of(respondentJson, "respondent");
      respondent = new Intake.Respondent(r.optional("person", UNBOUNDED), r.optionalId("unitId"),
          r.optional("unitName", UNBOUNDED));
    }

    List<CaseFile> files = files(in);
    return new Intake(kind, channel, party, subject, content, who, anonymous, respondent, in.optionalId("customerId"),
        in.optionalInstant("receivedAt"), files, in.optional("sourceRef", UNBOUNDED), in.optional("category", UNBOUNDED));
  }

  /**
   * The body's {@code attachments} ({@code [{"name","contentType","data": base64}]}) as files, their shape and base64
   * checked; the limits are the core's. Intake's and a unit's feedback's alike.
   */
  static List<CaseFile> files(Input in) {
    List<CaseFile> files = new ArrayList<>();
    JsonArray attachments = in.array("attachments", UNBOUNDED);
    for (int i = 0; i < attachments.size(); i++) {
      String at = "attachments[" + i + "]";
      if (!(attachments.getValue(i) instanceof JsonObject a)) {
        throw HotlineException.wrongType("attachments", at, "object");
      }
      Input ai = Input.of(a, at);
      String data = ai.optional("data", UNBOUNDED);
      Buffer bytes = null;
      if (data != null) {
        try {
          // Line breaks as mail clients wrap base64 are fine; any other character outside the alphabet is not.
          bytes = Buffer.buffer(Base64.getDecoder().decode(data.replaceAll("[\\r\\n]", "")));
        } catch (IllegalArgumentException e) {
          throw HotlineException.wrongType("attachments.data", at + ".data", "base64");
        }
      }
      files.add(new CaseFile(ai.optional("name", UNBOUNDED), ai.optional("contentType", UNBOUNDED), bytes));
    }
    return files;
  }
}
