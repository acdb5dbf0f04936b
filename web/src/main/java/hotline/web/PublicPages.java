package hotline.web;

import hotline.webform.PublicStatus;
import hotline.webform.Submission;
import hotline.webform.WebFormSettings;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The public pages as HTML, rendered on the server: the web form, the page after filing, the status look-up. They work
 * without JavaScript (there is none), on a phone's width, under the console's Content-Security-Policy (one stylesheet,
 * {@code /public/style.css}, no inline style or script); every text is escaped ({@link Html}).
 */
final class PublicPages {

  static final List<String> KINDS = List.of("complaint", "inquiry", "suggestion", "report");
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private PublicPages() {
  }

  /** The form as typed so far (empty for a new one). */
  record Typed(String kind, String subject, String content, String name, String phone, String email) {
    static final Typed EMPTY = new Typed(null, null, null, null, null, null);
  }

  /** The form with its key; {@code alert} a message at the top (or null), {@code errors} messages by field. */
  static String form(PublicTexts t, WebFormSettings s, String key, Typed in, String alert, Map<String, List<String>> errors) {
    Html h = start(t, t.t("form.title"), "/public");
    h.el("h1", null, t.t("form.title"));
    h.el("p", "class=\"pf-intro\"", t.t("form.intro"));
    if (alert != null) {
      h.el("p", "class=\"pf-alert\" role=\"alert\" data-test=\"alert\"", alert);
    }
    h.raw("<form class=\"pf-form\" method=\"post\" action=\"/public\" enctype=\"multipart/form-data\" accept-charset=\"UTF-8\" data-test=\"public-form\">");
    hidden(h, "key", key);
    hidden(h, "lang", t.lang);

    h.raw("<fieldset class=\"pf-kinds\"><legend>").text(t.t("form.kind")).raw("</legend>");
    fieldErrors(h, errors, "kind");
    for (String k : KINDS) {
      h.raw("<label class=\"pf-kind\"><input type=\"radio\" name=\"kind\" required value=\"").text(k).raw("\"")
          .raw(k.equals(in.kind()) ? " checked" : "").raw("><span class=\"pf-kind-name\">").text(t.t("kind." + k))
          .raw("</span><span class=\"pf-kind-hint\">").text(t.t("kind." + k + ".hint")).raw("</span></label>");
    }
    h.raw("</fieldset>");

    h.raw("<div class=\"pf-field\"><label for=\"subject\">").text(t.t("form.subject")).raw("</label>");
    fieldErrors(h, errors, "subject");
    h.raw("<input id=\"subject\" name=\"subject\" type=\"text\" maxlength=\"").text(String.valueOf(s.maxSubjectChars()))
        .raw("\" value=\"").text(in.subject()).raw("\">");
    h.el("p", "class=\"pf-hint\"", t.t("form.subject.hint", s.maxSubjectChars())).raw("</div>");

    h.raw("<div class=\"pf-field\"><label for=\"content\">").text(t.t("form.content")).raw("</label>");
    fieldErrors(h, errors, "content");
    h.raw("<textarea id=\"content\" name=\"content\" rows=\"8\" required maxlength=\"").text(String.valueOf(s.maxContentChars()))
        .raw("\">").text(in.content()).raw("</textarea>");
    h.el("p", "class=\"pf-hint\"", t.t("form.content.hint", s.maxContentChars())).raw("</div>");

    h.raw("<fieldset class=\"pf-contact\"><legend>").text(t.t("form.contact")).raw("</legend>");
    h.el("p", "class=\"pf-hint\"", t.t("form.contact.hint"));
    h.el("p", "class=\"pf-note\" data-test=\"anonymity\"", t.t("form.anonymity"));
    input(h, t, errors, "name", "text", "name", in.name(), 100);
    input(h, t, errors, "phone", "tel", "tel", in.phone(), 40);
    input(h, t, errors, "email", "email", "email", in.email(), 200);
    h.raw("</fieldset>");

    h.raw("<div class=\"pf-field\"><label for=\"attachments\">").text(t.t("form.attachments")).raw("</label>");
    fieldErrors(h, errors, "attachments");
    h.raw("<input id=\"attachments\" name=\"attachments\" type=\"file\" multiple accept=\".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png\">");
    h.el("p", "class=\"pf-hint\"", t.t("form.attachments.hint", s.maxAttachments(), Submission.megabytes(s.maxAttachmentBytes())));
    if (!errors.isEmpty() || alert != null) {
      h.el("p", "class=\"pf-hint\"", t.t("form.attachments.again"));
    }
    h.raw("</div>");

    // The honeypot: off-screen by the stylesheet (not type=hidden, which scripts skip), out of the tab order.
    h.raw("<div class=\"pf-hp\" aria-hidden=\"true\"><label for=\"hl_extra\">").text(t.t("form.honeypot"))
        .raw("</label><input id=\"hl_extra\" name=\"hl_extra\" type=\"text\" tabindex=\"-1\" autocomplete=\"off\" value=\"\"></div>");

    h.raw("<div class=\"pf-actions\"><button type=\"submit\" class=\"pf-button\">").text(t.t("form.submit")).raw("</button></div>");
    h.raw("</form>");
    return end(h, t);
  }

  /** After filing: number and code, this once; printable. */
  static String filed(PublicTexts t, String number, String code, String kind, boolean again) {
    Html h = start(t, t.t("filed.title"), "/public/filed");
    h.raw("<section class=\"pf-card pf-filed\" data-test=\"filed\">");
    h.el("h1", null, t.t("filed.title"));
    String kindLabel = kind == null ? "" : t.t("kind." + kind);
    h.el("p", null, t.t("filed.intro", t.english() ? kindLabel.toLowerCase(java.util.Locale.ROOT) : kindLabel));
    if (again) {
      h.el("p", "class=\"pf-note\" data-test=\"again\"", t.t("filed.again"));
    }
    h.raw("<dl class=\"pf-codes\"><dt>").text(t.t("filed.number")).raw("</dt><dd class=\"pf-big\" data-test=\"number\">")
        .text(number).raw("</dd><dt>").text(t.t("filed.code")).raw("</dt><dd class=\"pf-big\" data-test=\"code\">").text(code)
        .raw("</dd></dl>");
    h.el("p", "class=\"pf-alert pf-once\"", t.t("filed.once"));
    h.el("p", "class=\"pf-hint pf-noprint\"", t.t("filed.print"));
    h.el("p", null, t.t("filed.next"));
    h.raw("<p class=\"pf-noprint\"><a class=\"pf-button\" href=\"/public/status?lang=").text(t.lang).raw("\">")
        .text(t.t("nav.status")).raw("</a></p></section>");
    return end(h, t);
  }

  /** The page after filing, opened again: the code is not shown twice. */
  static String filedGone(PublicTexts t) {
    Html h = start(t, t.t("filed.gone.title"), "/public/filed");
    h.raw("<section class=\"pf-card\" data-test=\"filed-gone\">");
    h.el("h1", null, t.t("filed.gone.title"));
    h.el("p", null, t.t("filed.gone.text"));
    h.raw("<p><a class=\"pf-button\" href=\"/public/status?lang=").text(t.lang).raw("\">").text(t.t("nav.status")).raw("</a></p></section>");
    return end(h, t);
  }

  /** What the honeypot answers: like a filing, with nothing filed (and the page says how to tell). */
  static String trapped(PublicTexts t) {
    Html h = start(t, t.t("trapped.title"), "/public");
    h.raw("<section class=\"pf-card\" data-test=\"trapped\">");
    h.el("h1", null, t.t("trapped.title"));
    h.el("p", null, t.t("trapped.text"));
    h.raw("</section>");
    return end(h, t);
  }

  static String tooLarge(PublicTexts t, WebFormSettings s) {
    Html h = start(t, t.t("tooLarge.title"), "/public");
    h.raw("<section class=\"pf-card\" data-test=\"too-large\">");
    h.el("h1", null, t.t("tooLarge.title"));
    h.el("p", "class=\"pf-alert\" role=\"alert\"", t.t("tooLarge.text", Submission.megabytes(s.maxBodyBytes()),
        Submission.megabytes(s.maxAttachmentBytes()), s.maxAttachments()));
    h.raw("<p><a class=\"pf-button\" href=\"/public?lang=").text(t.lang).raw("\">").text(t.t("tooLarge.back")).raw("</a></p></section>");
    return end(h, t);
  }

  /** The look-up form, with what was typed, a message, and the result when one was found. */
  static String status(PublicTexts t, String number, String alert, Map<String, List<String>> errors, PublicStatus found, ZoneId zone) {
    Html h = start(t, t.t("status.title"), "/public/status");
    h.el("h1", null, t.t("status.title"));
    if (found != null) {
      h.raw("<section class=\"pf-card\" data-test=\"status\"><h2>").text(t.t("status.result")).raw("</h2><dl class=\"pf-status\">");
      row(h, t.t("status.number"), found.number(), "number");
      row(h, t.t("status.kind"), t.t("kind." + found.kind().name().toLowerCase(java.util.Locale.ROOT)), "kind");
      row(h, t.t("status.stage"), t.t("stage." + found.stage().id()), "stage");
      row(h, t.t("status.filedAt"), when(found.filedAt(), zone), "filed-at");
      if (found.closedAt() != null) {
        row(h, t.t("status.closedAt"), when(found.closedAt(), zone), "closed-at");
      }
      if (found.answer() != null) {
        h.raw("<dt>").text(t.t("status.answer")).raw("</dt><dd class=\"pf-answer\" data-test=\"answer\">").text(found.answer()).raw("</dd>");
      } else if (found.stage() == PublicStatus.Stage.CLOSED) {
        row(h, t.t("status.answer"), t.t("status.noAnswer"), "answer");
      }
      h.raw("</dl></section>");
    }
    if (alert != null) {
      h.el("p", "class=\"pf-alert\" role=\"alert\" data-test=\"alert\"", alert);
    }
    h.el("p", "class=\"pf-intro\"", t.t("status.intro"));
    h.raw("<form class=\"pf-form pf-lookup\" method=\"post\" action=\"/public/status\" accept-charset=\"UTF-8\" data-test=\"lookup\">");
    hidden(h, "lang", t.lang);
    h.raw("<div class=\"pf-field\"><label for=\"number\">").text(t.t("status.number")).raw("</label>");
    fieldErrors(h, errors, "number");
    h.raw("<input id=\"number\" name=\"number\" type=\"text\" inputmode=\"numeric\" required maxlength=\"20\" placeholder=\"2026-000123\" value=\"")
        .text(number).raw("\"></div>");
    h.raw("<div class=\"pf-field\"><label for=\"code\">").text(t.t("status.code")).raw("</label>");
    fieldErrors(h, errors, "code");
    // The code is never written back into the page.
    h.raw("<input id=\"code\" name=\"code\" type=\"text\" required maxlength=\"40\" autocomplete=\"off\" autocapitalize=\"characters\" "
        + "spellcheck=\"false\" placeholder=\"XXXXX-XXXXX\" value=\"\"></div>");
    h.raw("<div class=\"pf-actions\"><button type=\"submit\" class=\"pf-button\">").text(t.t("status.submit")).raw("</button></div></form>");
    return end(h, t);
  }

  /** Seconds to wait, as people say it: minutes, or hours. */
  static String wait(PublicTexts t, long seconds) {
    long minutes = Math.max(1, (seconds + 59) / 60);
    return minutes <= 90 ? t.t("wait.minutes", minutes) : t.t("wait.hours", (minutes + 59) / 60);
  }

  private static void row(Html h, String label, String value, String test) {
    h.raw("<dt>").text(label).raw("</dt><dd data-test=\"").text(test).raw("\">").text(value).raw("</dd>");
  }

  private static String when(OffsetDateTime at, ZoneId zone) {
    return at == null ? "" : at.atZoneSameInstant(zone).format(WHEN);
  }

  private static void input(Html h, PublicTexts t, Map<String, List<String>> errors, String name, String type, String autocomplete,
      String value, int max) {
    h.raw("<div class=\"pf-field\"><label for=\"").text(name).raw("\">").text(t.t("form." + name)).raw("</label>");
    fieldErrors(h, errors, name);
    h.raw("<input id=\"").text(name).raw("\" name=\"").text(name).raw("\" type=\"").text(type).raw("\" autocomplete=\"")
        .text(autocomplete).raw("\" maxlength=\"").text(String.valueOf(max)).raw("\" value=\"").text(value).raw("\"></div>");
  }

  private static void hidden(Html h, String name, String value) {
    h.raw("<input type=\"hidden\" name=\"").text(name).raw("\" value=\"").text(value).raw("\">");
  }

  private static void fieldErrors(Html h, Map<String, List<String>> errors, String field) {
    for (String m : errors.getOrDefault(field, List.of())) {
      h.el("p", "class=\"pf-error\" data-test=\"error-" + field + "\"", m);
    }
  }

  private static Html start(PublicTexts t, String title, String path) {
    Html h = new Html();
    h.raw("<!DOCTYPE html><html lang=\"").text(t.lang).raw("\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").text(title + " · " + t.t("site"))
        .raw("</title><link rel=\"stylesheet\" href=\"/public/style.css\"></head><body class=\"pf\">");
    h.raw("<header class=\"pf-top\"><div class=\"pf-top-in\"><a class=\"pf-brand\" href=\"/public?lang=").text(t.lang).raw("\">")
        .text(t.t("site")).raw("<span class=\"pf-brand-sub\">").text(t.t("site.sub")).raw("</span></a><nav class=\"pf-nav\">")
        .raw("<a href=\"/public?lang=").text(t.lang).raw("\">").text(t.t("nav.form")).raw("</a>")
        .raw("<a href=\"/public/status?lang=").text(t.lang).raw("\">").text(t.t("nav.status")).raw("</a>")
        .raw("<a class=\"pf-lang\" data-test=\"lang\" lang=\"").text(t.t("switch.lang")).raw("\" href=\"").text(path + "?lang=" + t.t("switch.lang"))
        .raw("\">").text(t.t("switch.label")).raw("</a></nav></div></header><main class=\"pf-main\">");
    return h;
  }

  private static String end(Html h, PublicTexts t) {
    h.raw("</main><footer class=\"pf-footer\">").text(t.t("footer")).raw("</footer></body></html>");
    return h.toString();
  }
}
