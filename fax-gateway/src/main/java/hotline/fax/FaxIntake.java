package hotline.fax;

import hotline.Core;
import hotline.cases.CaseFile;
import hotline.cases.CaseKind;
import hotline.cases.Channel;
import hotline.cases.GatewayIntake;
import hotline.cases.Intake;
import hotline.validation.Input;
import hotline.time.Times;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A received fax document (a TIFF from Asterisk's spool, or a PDF or TIFF a fax-to-mail gateway mailed) becomes a
 * case of channel fax: the original and a PDF of its pages attached, the text of a text PDF or the OCR of the
 * pages (marked as OCR), or "awaiting transcription" when no OCR runs here. The sender's number is the contact, so
 * the directory links the customer. A document that breaks a limit or cannot be read is still a case, with the
 * original and a note. Conversion and OCR run on the gateway's worker pool.
 */
final class FaxIntake {

  private static final Logger LOG = LoggerFactory.getLogger(FaxIntake.class);

  /** One document as it arrived. {@code sender}: the caller's number or the fax's station id, when known. */
  record Received(String sourceRef, String origin, String fileName, byte[] data, String sender, String subject,
      String note) {
  }

  private final Core core;
  private final Principal gateway;
  private final FaxDocuments documents;
  private final Ocr ocr;
  private final WorkerExecutor workers;
  private final Clock clock;

  /** The case core's intake limits apply, through {@link GatewayIntake}. */
  FaxIntake(Core core, Principal gateway, FaxDocuments documents, Ocr ocr, WorkerExecutor workers) {
    this.core = core;
    this.gateway = gateway;
    this.documents = documents;
    this.ocr = ocr;
    this.workers = workers;
    this.clock = core.clock();
  }

  /** What the pages say, and how the case should present them. */
  private record Reading(byte[] pdf, int pages, String text, String note, String stationId) {
  }

  /** Files the document; answers the case ({@code {"id","number","kind","alreadyFiled"}}). */
  Future<JsonObject> file(Received r) {
    return file(r, List.of());
  }

  /** Files the document with more files that came with it (a fax-to-mail message's other pages), attached as they are. */
  Future<JsonObject> file(Received r, List<CaseFile> more) {
    // Taken on the caller's context: the meters of this Vert.x instance.
    io.micrometer.core.instrument.MeterRegistry registry = hotline.metrics.Meters.current();
    String origin = ORIGINS.contains(r.origin()) ? r.origin() : "other";
    return fileOnce(r, more)
        .onSuccess(c -> io.micrometer.core.instrument.Counter.builder("hotline.fax.received")
            .description("Faxes filed, by where they came from (spool, event, mail) and outcome (case, duplicate)")
            .tag("origin", origin).tag("outcome", c.getBoolean("alreadyFiled") ? "duplicate" : "case")
            .register(registry).increment())
        .onFailure(t -> io.micrometer.core.instrument.Counter.builder("hotline.fax.failed")
            .description("Faxes that could not be filed (tried again later), by where they came from")
            .tag("origin", origin).register(registry).increment());
  }

  /** Where a fax comes from: the spool's scan or Asterisk's event, or fax-to-mail. */
  private static final java.util.Set<String> ORIGINS = java.util.Set.of("spool", "event", "mail");

  private Future<JsonObject> fileOnce(Received r, List<CaseFile> more) {
    return workers.executeBlocking(() -> read(r), false).compose(reading -> {
      GatewayIntake filing = new GatewayIntake(core.cases().settings(), "传真网关", 0);
      filing.note(r.note());
      filing.note(reading.note());
      if (r.data().length == 0) {
        // Not read (over the limit): the spool keeps it.
      } else if (filing.offer(new CaseFile(r.fileName(), contentType(r.fileName(), r.data()), Buffer.buffer(r.data())))
          != GatewayIntake.Offer.ATTACHED) {
        filing.note("原件 " + r.fileName() + "（" + GatewayIntake.megabytes(r.data().length) + "）超过附件上限，保存在传真目录中。");
      }
      boolean pdfOriginal = "application/pdf".equals(DocumentKind.mediaType(r.data()));
      if (reading.pdf() != null && !pdfOriginal) {
        filing.offer(new CaseFile(baseName(r.fileName()) + ".pdf", "application/pdf", Buffer.buffer(reading.pdf())));
      }
      // A fax-to-mail message's other files, as far as the case has room for them.
      List<String> left = more.stream().filter(f -> filing.offer(f) != GatewayIntake.Offer.ATTACHED).map(CaseFile::name).toList();
      if (!left.isEmpty()) {
        filing.note("邮件中另有附件未存入工单（" + String.join("、", left) + "），保存在邮箱中。");
      }
      String text = reading.text() == null || reading.text().isBlank()
          ? "（传真件" + (reading.pages() > 0 ? "，共 " + reading.pages() + " 页" : "") + "，待转录：请查看附件页面。）"
          : reading.text().strip();
      // Who sent it: the caller's number from Asterisk, else the station id the fax machine sent (in the TIFF).
      String sender = r.sender() != null && !r.sender().isBlank() ? r.sender().strip() : reading.stationId();
      String phone = sender == null ? null : core.directory().phones().normalize(sender);
      Intake.Contact contact = phone != null && sender.replaceAll("\\D", "").length() >= 5
          ? Intake.Contact.phones(List.of(sender)) : Intake.Contact.address("见传真原件");
      String subject = r.subject() != null ? r.subject() : "传真来件" + (sender == null ? "" : "（" + sender + "）");
      Intake intake = Intake.of(CaseKind.COMPLAINT, Channel.FAX, filing.content(text)).withSubject(GatewayIntake.subject(subject))
          .withContact(contact).withSourceRef(r.sourceRef()).withAttachments(filing.files());
      String notes = String.join(" ", filing.notes());
      return core.cases().file(gateway, intake).compose(c -> log(r, c.alreadyFiled() ? "duplicate" : "case", c.id(),
          reading.pages(), notes).map(new JsonObject().put("id", c.id()).put("number", c.number())
          .put("kind", Input.id(c.kind())).put("alreadyFiled", c.alreadyFiled())));
    });
  }

  /** On a worker: the pages as PDF and their text (extracted, or OCR). Never throws: a problem is a note. */
  private Reading read(Received r) {
    FaxDocuments.Converted converted;
    try {
      converted = documents.toPdf(r.data(), r.fileName());
    } catch (FaxDocumentException e) {
      LOG.warn("fax document {} not converted: {}", r.fileName(), e.getMessage());
      return new Reading(null, 0, null, "传真文件无法转换（" + e.getMessage() + "），原件已附上。", null);
    }
    if (!converted.imageOnly()) {
      return new Reading(converted.pdf(), converted.pages(), converted.text(), null, converted.stationId());
    }
    if (!ocr.available()) {
      return new Reading(converted.pdf(), converted.pages(), null, "本机未安装文字识别（OCR），待人工转录。", converted.stationId());
    }
    try {
      String text = ocr.recognize(converted.pagesForOcr());
      return new Reading(converted.pdf(), converted.pages(), text.isBlank() ? null
          : "【OCR 识别文字，仅供参考，以原件为准】\n" + text.strip(), null, converted.stationId());
    } catch (java.io.IOException e) {
      return new Reading(converted.pdf(), converted.pages(), null, "文字识别失败（" + e.getMessage() + "），待人工转录。",
          converted.stationId());
    }
  }

  Future<Void> log(Received r, String outcome, Long caseId, int pages, String note) {
    return core.pool().preparedQuery("INSERT INTO fax_inbound (source_ref, origin, outcome, case_id, pages, note, at) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .execute(Tuple.of(r.sourceRef(), r.origin(), outcome, caseId, pages, note == null || note.isBlank() ? null : note,
            Times.utc(clock.instant())))
        .mapEmpty();
  }

  /** What the bytes are, as the converter reads them; by the name only when the bytes do not say. */
  static String contentType(String name, byte[] data) {
    String type = DocumentKind.mediaType(data);
    if (type != null) {
      return type;
    }
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".tif") || n.endsWith(".tiff") ? "image/tiff" : n.endsWith(".pdf") ? "application/pdf" : "application/octet-stream";
  }

  static String baseName(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

}
