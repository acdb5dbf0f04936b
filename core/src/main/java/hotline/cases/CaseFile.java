package hotline.cases;

import io.vertx.core.buffer.Buffer;

/** A file attached to a case: a scanned letter, a mail's attachment, a fax's pages. */
public record CaseFile(String name, String contentType, Buffer data) {
}
