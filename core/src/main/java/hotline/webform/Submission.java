package hotline.webform;

import hotline.cases.CaseFile;
import hotline.cases.CaseKind;
import hotline.cases.Intake;
import hotline.validation.Texts;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the public typed into the web form, as it came: every field may be null. {@link #check} applies the form's own
 * rules (on top of the intake rules every channel has, which {@link hotline.cases.CaseService} applies when it files)
 * and names every field that breaks one, so that the form shows each message at its field.
 */
public record Submission(String kind, String subject, String content, String name, String phone, String email,
    String honeypot, List<Upload> files) {

  /** A file as the browser sent it: its name, the type the browser said, and its bytes. */
  public record Upload(String fileName, String declaredType, Buffer data) {
  }

  /** A broken rule at a form field ({@code kind}, {@code content}, {@code attachments}…): a text key and its arguments. */
  public record FieldError(String field, String key, Object... args) {
  }

  /** The file types the form takes, told by their bytes (not the browser's word): PDF, JPEG, PNG. */
  public static final List<String> TYPES = List.of("application/pdf", "image/jpeg", "image/png");

  public Submission {
    files = files == null ? List.of() : List.copyOf(files);
  }

  /** Whether the field a person never sees was filled in: a script filled in every field it found. */
  public boolean caughtByHoneypot() {
    return honeypot != null && !honeypot.isEmpty();
  }

  public CaseKind caseKind() {
    if (kind == null) {
      return null;
    }
    for (CaseKind k : CaseKind.values()) {
      if (k.name().toLowerCase(Locale.ROOT).equals(kind)) {
        return k;
      }
    }
    return null;
  }

  /** Every broken rule, in the form's order; empty when the form may be filed. */
  public List<FieldError> check(WebFormSettings s) {
    List<FieldError> errors = new ArrayList<>();
    CaseKind k = caseKind();
    if (k == null) {
      errors.add(new FieldError("kind", kind == null || kind.isBlank() ? "error.required" : "error.invalid"));
    }
    text(errors, "subject", subject, s.maxSubjectChars(), false);
    text(errors, "content", content, s.maxContentChars(), true);
    text(errors, "name", name, Intake.MAX_NAME, false);
    text(errors, "phone", phone, Intake.MAX_PHONE, false);
    text(errors, "email", email, Intake.MAX_EMAIL, false);
    String e = blank(email);
    if (e != null && e.length() <= Intake.MAX_EMAIL && !e.matches(Intake.EMAIL_PATTERN)) {
      errors.add(new FieldError("email", "error.email"));
    }
    // To answer, the centre needs a phone or an e-mail address; only a report may come without (anonymously).
    if (k != null && !k.mayBeAnonymous() && blank(phone) == null && e == null) {
      errors.add(new FieldError("phone", "error.contactNeeded"));
    }
    if (files.size() > s.maxAttachments()) {
      errors.add(new FieldError("attachments", "error.tooManyFiles", s.maxAttachments()));
    } else {
      for (Upload f : files) {
        String fileName = Texts.cleanLine(f.fileName());
        if (f.data().length() > s.maxAttachmentBytes()) {
          errors.add(new FieldError("attachments", "error.fileTooLarge", fileName, megabytes(s.maxAttachmentBytes())));
        } else if (type(f) == null) {
          errors.add(new FieldError("attachments", "error.fileType", fileName));
        } else if (fileName == null || fileName.isBlank() || fileName.length() > Intake.MAX_FILE_NAME) {
          errors.add(new FieldError("attachments", "error.fileName"));
        }
      }
    }
    return errors;
  }

  /** Anonymous: a report that names nobody (nor a phone or an address to reach them). */
  public boolean anonymous() {
    return caseKind() == CaseKind.REPORT && blank(name) == null && blank(phone) == null && blank(email) == null;
  }

  /** The intake this submission files: channel web, the form's files with the types their bytes show. */
  Intake intake(String sourceRef) {
    List<String> phones = blank(phone) == null ? List.of() : List.of(blank(phone));
    Intake.Contact contact = new Intake.Contact(blank(name), phones, blank(email), null);
    List<CaseFile> attached = files.stream().map(f -> new CaseFile(Texts.cleanLine(f.fileName()), type(f), f.data())).toList();
    return new Intake(caseKind(), hotline.cases.Channel.WEB, null, blank(subject), content, contact, anonymous(), null, null,
        null, attached, sourceRef);
  }

  /** The type the file's first bytes show, of {@link #TYPES}; null for anything else. */
  static String type(Upload f) {
    byte[] head = f.data().getBytes(0, Math.min(f.data().length(), hotline.cases.Previews.HEAD_BYTES));
    for (String t : TYPES) {
      if (hotline.cases.Previews.of(t, head) != null) {
        return t;
      }
    }
    return null;
  }

  /** Megabytes as people read a limit: 5, or 0.5. */
  public static String megabytes(long bytes) {
    double mb = bytes / (1024.0 * 1024.0);
    return mb == Math.rint(mb) ? String.valueOf((long) mb) : String.format(Locale.ROOT, "%.1f", mb);
  }

  private static void text(List<FieldError> errors, String field, String value, int max, boolean required) {
    if (value != null && !Texts.storable(value)) {
      errors.add(new FieldError(field, "error.invalidCharacters"));
      return;
    }
    String v = blank(value);
    if (v == null) {
      if (required) {
        errors.add(new FieldError(field, "error.required"));
      }
    } else if (v.length() > max) {
      errors.add(new FieldError(field, "error.tooLong", max, v.length()));
    }
  }

  static String blank(String s) {
    if (s == null) {
      return null;
    }
    String v = s.strip();
    return v.isEmpty() ? null : v;
  }
}
