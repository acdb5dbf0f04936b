package hotline.fax;

import hotline.Addresses;
import hotline.cases.CaseFile;
import hotline.bus.Bus;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fax-to-mail: the mail gateway hands a fax over ({@link Addresses#FAX_FROM_MAIL}); it becomes one case. The first
 * PDF or TIFF is read (text or OCR); the message's other files are attached as they are (a service that mails one
 * TIFF a page), as far as the case has room for them (the core's {@link hotline.cases.GatewayIntake}), and the case's
 * note names those left in the mailbox. The
 * attachments come base64-encoded, up to many MB: they are decoded on the gateway's worker pool, not on the event
 * loop.
 */
final class FaxFromMail {

  /** Fax-to-mail services name the sending number in the subject ("Fax from 0755 6666 8888"). */
  private static final Pattern SENDER = Pattern.compile("\\+?\\d[\\d\\- ]{4,}\\d");

  private final FaxIntake intake;
  private final WorkerExecutor workers;

  FaxFromMail(FaxIntake intake, WorkerExecutor workers) {
    this.intake = intake;
    this.workers = workers;
  }

  /** The message decoded: the document to read, and the other files it has room for. */
  private record Decoded(FaxIntake.Received document, List<CaseFile> more) {
  }

  /**
   * The bus handler ({@link Bus}): replies {@code {"caseId","number"}}; refuses a message without attachment (422).
   */
  void handle(Message<JsonObject> m) {
    JsonObject body = m.body();
    JsonArray files = body.getJsonArray("attachments", new JsonArray());
    Bus.reply(m, () -> files.isEmpty()
        ? Future.failedFuture(new HotlineException(ErrorCode.UNPROCESSABLE, "fax.noAttachment"))
        : file(body, files).map(c -> new JsonObject().put("caseId", c.getLong("id")).put("number", c.getString("number"))));
  }

  /** Files the message's attachments (at least one) as one case; answers the case as {@link FaxIntake#file} does. */
  Future<JsonObject> file(JsonObject body, JsonArray files) {
    return workers.executeBlocking(() -> decode(body, files), false)
        .compose(d -> intake.file(d.document(), d.more()));
  }

  /** On a worker: the first file is the document; the others go with it, as far as the case has room for them. */
  private static Decoded decode(JsonObject body, JsonArray files) {
    JsonObject first = files.getJsonObject(0);
    byte[] data = Base64.getDecoder().decode(first.getString("data", ""));
    List<CaseFile> more = new ArrayList<>();
    for (int i = 1; i < files.size(); i++) {
      JsonObject f = files.getJsonObject(i);
      more.add(new CaseFile(f.getString("name", "page-" + (i + 1)), f.getString("contentType", "application/octet-stream"),
          Buffer.buffer(Base64.getDecoder().decode(f.getString("data", "")))));
    }
    Matcher number = SENDER.matcher(body.getString("subject", ""));
    String sender = number.find() ? number.group() : null;
    FaxIntake.Received r = new FaxIntake.Received(body.getString("sourceRef"), "mail", first.getString("name", "fax.pdf"), data,
        sender, null, null);
    return new Decoded(r, more);
  }
}
