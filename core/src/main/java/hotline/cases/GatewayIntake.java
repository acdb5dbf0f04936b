package hotline.cases;

import hotline.validation.Texts;
import java.util.ArrayList;
import java.util.List;

/**
 * How a gateway files what arrived, the same for mail and fax: the files it brings are attached while they fit the
 * case's limits (size, count, with room kept for what the gateway adds last), what is left out gets a note in the
 * gateway's words, and the notes follow the text under the gateway's heading, the whole cut to fit the case.
 */
public final class GatewayIntake {

  /** What became of a file offered. */
  public enum Offer { ATTACHED, TOO_LARGE, NO_ROOM }

  private final CaseSettings settings;
  private final String gateway;
  private final int reserved;
  private final List<CaseFile> files = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /**
   * {@code gateway}: its name in the notes' heading ({@code 邮件网关}); {@code reserved}: attachments kept free for
   * {@link #offerReserved} (the original of a mail that could not be read cleanly).
   */
  public GatewayIntake(CaseSettings settings, String gateway, int reserved) {
    this.settings = settings;
    this.gateway = gateway;
    this.reserved = reserved;
  }

  /** Attaches the file if it is within the size limit and there is room left for it (its name and type made one line). */
  public Offer offer(CaseFile f) {
    f = storable(f);
    if (f.data() == null || f.data().length() > settings.maxAttachmentBytes()) {
      return Offer.TOO_LARGE;
    }
    if (files.size() >= settings.maxAttachments() - reserved) {
      return Offer.NO_ROOM;
    }
    files.add(f);
    return Offer.ATTACHED;
  }

  /** Attaches the file into the room kept for it, if it is within the size limit. */
  public boolean offerReserved(CaseFile f) {
    f = storable(f);
    if (f.data() == null || f.data().length() > settings.maxAttachmentBytes() || files.size() >= settings.maxAttachments()) {
      return false;
    }
    files.add(f);
    return true;
  }

  private static CaseFile storable(CaseFile f) {
    String name = Texts.cleanLine(f.name());
    String type = Texts.cleanLine(f.contentType());
    return java.util.Objects.equals(name, f.name()) && java.util.Objects.equals(type, f.contentType()) ? f : new CaseFile(name, type, f.data());
  }

  public void note(String note) {
    if (note != null && !note.isBlank()) {
      notes.add(note);
    }
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }

  public List<CaseFile> files() {
    return List.copyOf(files);
  }

  public int maxAttachments() {
    return settings.maxAttachments();
  }

  public int maxAttachmentBytes() {
    return settings.maxAttachmentBytes();
  }

  /** The case's text: what arrived, then the notes under the gateway's heading, cut to {@link Intake#MAX_CONTENT}. */
  public String content(String text) {
    StringBuilder content = new StringBuilder(Texts.clean(text));
    if (!notes.isEmpty()) {
      content.append("\n\n—— ").append(gateway).append("说明 ——\n").append(Texts.clean(String.join("\n", notes)));
    }
    return content.length() > Intake.MAX_CONTENT ? content.substring(0, Intake.MAX_CONTENT - 10) + "…" : content.toString();
  }

  /** A subject cut to {@link Intake#MAX_SUBJECT}; blank is none. */
  public static String subject(String s) {
    return s == null || s.isBlank() ? null : Texts.shorten(Texts.cleanLine(s).strip(), Intake.MAX_SUBJECT);
  }

  /** A size as the notes write it: {@code 12.3 MB}. */
  public static String megabytes(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1024.0 / 1024.0);
  }
}
