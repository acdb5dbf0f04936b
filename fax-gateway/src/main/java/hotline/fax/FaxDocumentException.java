package hotline.fax;

/**
 * A fax document that cannot be converted: malformed, of an unknown kind, or over one of the {@link FaxLimits}.
 * The message is an English sentence fragment saying which ("TIFF page 3 is 100000 x 100000 pixels, more than the
 * limit of 8294400"); the gateway puts it in the case's note next to the original.
 */
final class FaxDocumentException extends Exception {

  FaxDocumentException(String reason) {
    super(reason);
  }

  FaxDocumentException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
