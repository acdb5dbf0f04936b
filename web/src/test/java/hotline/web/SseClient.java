package hotline.web;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A test's reader of {@code GET /api/events}, as a browser's EventSource reads it: lines parsed into events on a
 * thread of the JDK's HTTP client, counted heartbeats, and whether the server ended the stream.
 */
final class SseClient implements AutoCloseable {

  record Event(long id, String name, String data) {
    JsonObject json() {
      return new JsonObject(data);
    }
  }

  final HttpResponse<Stream<String>> response;
  final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  final AtomicInteger heartbeats = new AtomicInteger();
  final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final Stream<String> lines;

  private SseClient(HttpResponse<Stream<String>> response) {
    this.response = response;
    this.lines = response.body();
  }

  /** Opens a stream; {@code lastEventId} (may be null) as the header; answers once the status line is in. */
  static SseClient open(HttpClient http, int port, String path, String token, String lastEventId) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET()
        .header("Accept", "text/event-stream");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    SseClient c = new SseClient(http.send(b.build(), HttpResponse.BodyHandlers.ofLines()));
    if (c.response.statusCode() == 200) {
      Thread t = new Thread(c::read, "sse-reader");
      t.setDaemon(true);
      t.start();
    }
    return c;
  }

  private void read() {
    Long id = null;
    String name = "message";
    StringBuilder data = null;
    try {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isEmpty()) {
          if (data != null) {
            events.add(new Event(id == null ? -1 : id, name, data.toString()));
          }
          id = null;
          name = "message";
          data = null;
        } else if (line.startsWith(":")) {
          heartbeats.incrementAndGet();
        } else if (line.startsWith("id: ")) {
          id = Long.parseLong(line.substring(4));
        } else if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
        }
      }
      ended.complete(null);
    } catch (RuntimeException e) {
      ended.complete(null); // Closed by us, or cut off: either way the stream is over.
    }
  }

  /** The next event, within the time, or null. */
  Event next(Duration within) throws InterruptedException {
    return events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  Event next() throws InterruptedException {
    Event e = next(Duration.ofSeconds(10));
    if (e == null) {
      throw new AssertionError("no event within 10 s");
    }
    return e;
  }

  @Override
  public void close() {
    lines.close();
  }
}
