package hotline.calendar;

import hotline.errors.Messages;
import java.util.Locale;

/**
 * A calendar file that cannot be used: what is wrong as a message key with its arguments (so a person reads it in
 * their language) and the line of the file it is about, when known. {@link #getMessage()} is the English text,
 * starting with the file's name, for logs and for the files read from the calendar directory.
 */
public final class CalendarFileException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final Integer line;
  private final String key;
  private final transient Object[] args;

  CalendarFileException(String file, Integer line, String key, Object... args) {
    super(text(file, line, key, args));
    this.file = file;
    this.line = line;
    this.key = key;
    this.args = args.clone();
  }

  private static String text(String file, Integer line, String key, Object[] args) {
    return (file == null ? "" : file + ": ") + Messages.format(Locale.ENGLISH, key, args)
        + (line == null ? "" : " (line " + line + ")");
  }

  /** The same problem, said of this file. */
  CalendarFileException in(String fileName) {
    return new CalendarFileException(fileName, line, key, args);
  }

  /** The line (from 1) of the file the problem is on, or null. */
  public Integer line() {
    return line;
  }

  /** What is wrong, as a text in any language (a key of {@code hotline/messages*.properties} with its arguments). */
  public Messages.Key problem() {
    return new Messages.Key(key, args.clone());
  }
}
