package hotline.errors;

/** The kinds of failure the API reports, each with its HTTP status and the stable code clients see. */
public enum ErrorCode {
  VALIDATION_FAILED(400),
  MALFORMED_REQUEST(400),
  UNAUTHORIZED(401),
  FORBIDDEN(403),
  NOT_FOUND(404),
  ILLEGAL_TRANSITION(409),
  ROUND_LIMIT(409),
  CONFLICT(409),
  PAYLOAD_TOO_LARGE(413),
  EXTENSION_BEYOND_CAP(422),
  TOO_MANY_REQUESTS(429),
  UNPROCESSABLE(422),
  UNAVAILABLE(503),
  INTERNAL(500);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** The lower-case code written in error bodies: {@code illegal_transition}. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
