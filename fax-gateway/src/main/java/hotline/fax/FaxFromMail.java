package hotline.fax;

import hotline.Addresses;
import hotline.cases.CaseFile;
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
 * TIFF a page), as far as the case has room for them, and the case's note names those left in the mailbox. The
 * attachments come base64-encoded, up to many MB: they are decoded on the gateway's worker pool, not on the event
 * loop.
 */
final class FaxFromMail {

  /** Fax-to-mail services name the sending number in the subject ("Fax from 0755 6666 8888"). */
  private static final Pattern SENDER = Pattern.compile("\\+?\\d[\\d\\- ]{4,}\\d");

  private final FaxIntake intake;
  private final WorkerExecutor workers;
  private final int maxAttachmentBytes;
  private final int maxAttachments;

  FaxFromMail(FaxIntake intake, WorkerExecutor workers, int maxAttachmentBytes, int maxAttachments) {
    this.intake = intake;
    this.workers = workers;
    this.maxAttachmentBytes = maxAttachmentBytes;
    this.maxAttachments = maxAttachments;
  }

  /** The message decoded: the document to read, and the other files it has room for. */
  private record Decoded(FaxIntake.Received document, List<CaseFile> more) {
  }

  /**
   * The bus handler: replies {@code {"caseId","number"}}; fails 422 when the message has no attachment, else with the
   * status of the error (500 when it has none).
   */
  void handle(Message<JsonObject> m) {
    JsonObject body = m.body();
    JsonArray files = body.getJsonArray("attachments", new JsonArray());
    if (files.isEmpty()) {
      m.fail(422, "no attachment");
      return;
    }
    file(body, files)
        .onSuccess(c -> m.reply(new JsonObject().put("caseId", c.getLong("id")).put("number", c.getString("number"))))
        .onFailure(t -> m.fail(t instanceof HotlineException h ? h.code().status() : 500, String.valueOf(t.getMessage())));
  }

  /** Files the message's attachments (at least one) as one case; answers the case as {@link FaxIntake#file} does. */
  Future<JsonObject> file(JsonObject body, JsonArray files) {
    return workers.executeBlocking(() -> decode(body, files), false)
        .compose(d -> intake.file(d.document(), d.more()));
  }

  /** On a worker: the first file is the document; the others as attachments while there is room. */
  private Decoded decode(JsonObject body, JsonArray files) {
    JsonObject first = files.getJsonObject(0);
    byte[] data = Base64.getDecoder().decode(first.getString("data", ""));
    List<CaseFile> more = new ArrayList<>();
    List<String> left = new ArrayList<>();
    for (int i = 1; i < files.size(); i++) {
      JsonObject f = files.getJsonObject(i);
      byte[] bytes = Base64.getDecoder().decode(f.getString("data", ""));
      // Room is kept for the original and its PDF within the core's attachment count.
      if (bytes.length <= maxAttachmentBytes && more.size() < maxAttachments - 2) {
        more.add(new CaseFile(f.getString("name", "page-" + (i + 1)), f.getString("contentType", "application/octet-stream"),
            Buffer.buffer(bytes)));
      } else {
        left.add(f.getString("name", "page-" + (i + 1)));
      }
    }
    Matcher number = SENDER.matcher(body.getString("subject", ""));
    String sender = number.find() ? number.group() : null;
    FaxIntake.Received r = new FaxIntake.Received(body.getString("sourceRef"), "mail", first.getString("name", "fax.pdf"), data,
        sender, null, left.isEmpty() ? null : "邮件中另有附件未存入工单（" + String.join("、", left) + "），保存在邮箱中。");
    return new Decoded(r, more);
  }
}
