package hotline.app;

/**
 * Why Hotline will not start, in one sentence an operator can act on: said once in the log, without a stack trace.
 */
class StartupRefused extends RuntimeException {

  private static final long serialVersionUID = 1L;

  StartupRefused(String sentence) {
    super(sentence, null, false, false);
  }
}
