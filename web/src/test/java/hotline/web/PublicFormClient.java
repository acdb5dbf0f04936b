package hotline.web;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The public pages as a browser without JavaScript uses them: plain form posts (multipart), redirects, one cookie. */
final class PublicFormClient {

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern KEY = Pattern.compile("name=\"key\" value=\"([^\"]+)\"");
  private static final Pattern TEST = Pattern.compile("data-test=\"([a-z-]+)\">([^<]*)<");

  private final String base;

  PublicFormClient(String base) {
    this.base = base;
  }

  /** An answer: status, body, headers. */
  record Page(int status, String body, HttpResponse<String> raw) {

    String key() {
      Matcher m = KEY.matcher(body);
      return m.find() ? m.group(1) : null;
    }

    /** The text of the element marked {@code data-test=name}, or null. */
    String test(String name) {
      Matcher m = TEST.matcher(body);
      while (m.find()) {
        if (m.group(1).equals(name)) {
          return m.group(2).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
        }
      }
      return null;
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    /** The value of the named cookie this answer sets, or null. */
    String cookie(String name) {
      for (String c : raw.headers().allValues("Set-Cookie")) {
        if (c.startsWith(name + "=")) {
          return c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'));
        }
      }
      return null;
    }
  }

  /** A file to attach. */
  record Part(String name, String type, byte[] data) {
  }

  Page get(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
    headers.forEach(b::header);
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Page(r.statusCode(), r.body(), r);
  }

  Page get(String path) throws Exception {
    return get(path, Map.of());
  }

  /** A fresh form's key. */
  String key(String lang) throws Exception {
    return get("/public?lang=" + lang).key();
  }

  /** Posts the form (multipart, as the page does) with its fields and files, from the address given (X-Forwarded-For). */
  Page post(Map<String, String> fields, List<Part> files, String forwardedFor) throws Exception {
    String boundary = "----hotline" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, String> f : fields.entrySet()) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      body.writeBytes(f.getValue().getBytes(StandardCharsets.UTF_8));
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    for (Part p : files) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"" + p.name()
          + "\"\r\nContent-Type: " + p.type() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      body.writeBytes(p.data());
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/public")).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    if (forwardedFor != null) {
      b.header("X-Forwarded-For", forwardedFor);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Page(r.statusCode(), r.body(), r);
  }

  /** The page after a filing (303), with the cookie the filing set; null when the answer was no filing. */
  Page follow(Page filed) throws Exception {
    if (filed.status() != 303) {
      return null;
    }
    String ticket = filed.cookie(PublicRoutes.TICKET_COOKIE);
    return get(filed.header("Location"), ticket == null ? Map.of() : Map.of("Cookie", PublicRoutes.TICKET_COOKIE + "=" + ticket));
  }

  /** Looks a case up on the status page. */
  Page lookup(String number, String code, String lang, String forwardedFor) throws Exception {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("lang", lang);
    f.put("number", number);
    f.put("code", code);
    List<String> pairs = new ArrayList<>();
    f.forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/public/status")).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs)));
    if (forwardedFor != null) {
      b.header("X-Forwarded-For", forwardedFor);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Page(r.statusCode(), r.body(), r);
  }

  /** The form's fields for a case of this kind with this text, the rest as given (name, phone, email…). */
  static Map<String, String> fields(String key, String kind, String content, String... more) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("key", key);
    f.put("lang", "zh-CN");
    f.put("kind", kind);
    f.put("subject", "");
    f.put("content", content);
    f.put("name", "");
    f.put("phone", "");
    f.put("email", "");
    f.put("hl_extra", "");
    for (int i = 0; i + 1 < more.length; i += 2) {
      f.put(more[i], more[i + 1]);
    }
    return f;
  }
}
