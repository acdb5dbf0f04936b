package hotline.web;

import hotline.Addresses;
import hotline.Core;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.errors.Messages;
import hotline.users.Authenticated;
import hotline.users.Permission;
import hotline.users.Principal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/events}: Server-Sent Events for the signed-in user, fed from the event bus and filtered by what the
 * user may see. Screen pops ({@code hotline.screenpop.<agentId>}) and phone bar changes
 * ({@code hotline.phone.<agentId>}) reach that agent's streams only; case events reach
 * whoever may read the case (staff all, a unit's responder only what was dispatched to the unit, asked of the core once
 * per event per such user). Every event has an id from one counter of this node; each user's recent events are kept
 * in a small replay buffer, so a reconnect with {@code Last-Event-ID} (or {@code ?lastEventId=}) gets what it missed.
 *
 * <p>All state lives on one context (the one this hub was made on) and nothing here blocks: the event-bus consumers
 * (two for case events, one per buffered user for screen pops, since the bus has no wildcard addresses) and one
 * periodic timer serve every stream of the node. The timer writes the heartbeat comment, checks each stream's token
 * again (a revoked or expired one ends it), trims buffers and drops those of users gone for longer than the replay
 * window. A client that does not read (its write queue full) is cut off rather than buffered for.
 */
final class EventStream {

  static final String PATH = "/api/events";

  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  /** What the browser waits before reconnecting, in milliseconds. */
  private static final int RETRY_MS = 3_000;
  /** Unit-responder checks waiting for the database, per user: beyond this, case events for them are dropped. */
  private static final int MAX_PENDING_CHECKS = 256;
  private static final int WRITE_QUEUE_BYTES = 128 * 1024;
  private static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");

  private final Vertx vertx;
  private final Core core;
  private final EventStreamSettings settings;
  private final Context context;
  private final Map<Long, UserEvents> users = new HashMap<>();
  /**
   * Event ids: starting from the clock (in thousandths of a millisecond) keeps them growing across restarts, so an id
   * a browser kept from before never hides newer events; it stays below 2^53, what JavaScript counts exactly.
   */
  private long lastId = System.currentTimeMillis() * 1_000;
  private int open;
  /** The wallboard's numbers, for the streams that asked for them ({@code ?topics=wallboard}). */
  private final WallboardFeed wallboard;

  private EventStream(Vertx vertx, Core core, EventStreamSettings settings) {
    this.vertx = vertx;
    this.core = core;
    this.settings = settings;
    this.context = vertx.getOrCreateContext();
    hotline.stats.Wallboard numbers = new hotline.stats.Wallboard(vertx, core.pool(), core.clock(), core.calendar());
    this.wallboard = new WallboardFeed(vertx, numbers::compute, this::wallboardWatched, this::onWallboard);
    context.runOnContext(v -> {
      wallboard.start();
      vertx.eventBus().<Object>consumer(Addresses.CASE_CREATED, m -> onCase("created", m.body()));
      vertx.eventBus().<Object>consumer(Addresses.CASE_CHANGED, m -> onCase("changed", m.body()));
      // A dispatch the sweep found overdue: the supervision board moves it to its overdue section.
      vertx.eventBus().<Object>consumer(Addresses.DISPATCH_OVERDUE, m -> onCase("overdue", m.body()));
      vertx.eventBus().<Object>consumer(Addresses.CALL_ENDED, m -> onCall("ended", m.body()));
      vertx.eventBus().<Object>consumer(Addresses.CALLS_HANDLED, m -> onCall("handled", m.body()));
      vertx.setPeriodic(settings.heartbeatMs(), id -> tick());
    });
  }

  /** Mounts the stream; one hub per router, that is per HTTP server (one per node). */
  static void mount(Router router, Vertx vertx, Core core, EventStreamSettings settings) {
    EventStream hub = new EventStream(vertx, core, settings);
    router.get(PATH).handler(hub::open);
  }

  /** One buffered user: their streams on this node, their recent events, and their screen-pop consumer. */
  private static final class UserEvents {
    Principal principal;
    final Set<Stream> streams = new LinkedHashSet<>();
    final ArrayDeque<Event> buffer = new ArrayDeque<>();
    /** The newest id that fell out of the buffer: a reconnect from before it missed something. */
    long droppedUpTo;
    MessageConsumer<Object> pops;
    /** Their phone bar's changes ({@code hotline.phone.<agentId>}): their own queue memberships only. */
    MessageConsumer<Object> phone;
    long idleSince;
    Future<Void> checks = Future.succeededFuture();
    int pendingChecks;

    UserEvents(Principal principal) {
      this.principal = principal;
    }
  }

  private record Event(long id, long at, Buffer wire) {
  }

  private static final class Stream {
    final UserEvents user;
    final String token;
    final HttpServerResponse response;
    /** Events up to this id are not this stream's to send (sent, or before the stream began). */
    long after;
    boolean ready;
    boolean closed;
    /** The stream asked for the wallboard's numbers ({@code ?topics=wallboard}). */
    boolean wallboard;

    Stream(UserEvents user, String token, HttpServerResponse response, long after) {
      this.user = user;
      this.token = token;
      this.response = response;
      this.after = after;
    }
  }

  // ---- opening and closing streams

  private void open(RoutingContext ctx) {
    Principal p = Requests.principal(ctx);
    String token = ctx.get(Authentication.TOKEN);
    Long lastEventId = lastEventId(ctx);
    onHub(() -> admit(ctx, p, token, lastEventId));
  }

  /** {@code Last-Event-ID}, else {@code ?lastEventId=}; anything not a number counts as none. */
  private static Long lastEventId(RoutingContext ctx) {
    String v = ctx.request().getHeader("Last-Event-ID");
    if (v == null || v.isBlank()) {
      v = ctx.request().getParam("lastEventId");
    }
    return v != null && v.trim().matches("\\d{1,18}") ? Long.valueOf(v.trim()) : null;
  }

  private void admit(RoutingContext ctx, Principal p, String token, Long lastEventId) {
    if (ctx.response().closed()) {
      return;
    }
    if (open >= settings.maxStreams()) {
      ctx.fail(new HotlineException(ErrorCode.UNAVAILABLE, new JsonObject().put("retryAfterSeconds", 30), "unavailable",
          new Messages.Key("events.streams")));
      return;
    }
    UserEvents u = users.get(p.id());
    if (u != null && u.streams.size() >= settings.maxStreamsPerUser()) {
      ctx.fail(new HotlineException(ErrorCode.TOO_MANY_REQUESTS, new JsonObject().put("limit", settings.maxStreamsPerUser()),
          "events.tooManyStreams", settings.maxStreamsPerUser()));
      return;
    }
    boolean known = u != null;
    if (u == null) {
      u = buffer(p);
    }
    u.principal = p;
    long after = lastEventId != null ? lastEventId : lastId;
    Stream s = new Stream(u, token, ctx.response(), after);
    String topics = ctx.request().getParam("topics");
    s.wallboard = topics != null && topics.length() < 200 && List.of(topics.split(",")).contains("wallboard");
    u.streams.add(s);
    open++;
    HttpServerResponse r = ctx.response();
    r.closeHandler(v -> onHub(() -> remove(s)));
    r.exceptionHandler(t -> onHub(() -> close(s, false)));
    r.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    // A reconnect whose id fell out of the buffer (or from a buffer that is gone) missed events: it should reload.
    boolean missed = lastEventId != null && (!known || lastEventId < u.droppedUpTo);
    // Headers go out once this user's screen-pop consumer is registered: from then on nothing is missed.
    UserEvents user = u;
    Future.join(u.pops.completion(), u.phone.completion()).onComplete(ar -> onHub(() -> start(s, user, missed)));
  }

  private void start(Stream s, UserEvents u, boolean missed) {
    if (s.closed || s.response.closed()) {
      remove(s);
      return;
    }
    s.response.setStatusCode(200).setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        // Compression would hold events back until a block fills; proxies must not buffer either.
        .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
        .putHeader("X-Accel-Buffering", "no");
    s.ready = true;
    write(s, Buffer.buffer("retry: " + RETRY_MS + "\n\n"));
    for (Event e : u.buffer) {
      send(s, e);
    }
    if (missed) {
      // After what could be replayed, so that the ids the client sees keep growing.
      s.after = ++lastId;
      write(s, wire(lastId, "resync", new JsonObject()));
    }
    if (s.wallboard) {
      // A new viewer (or one back after a drop) gets the numbers as they are now, with the next computation.
      wallboard.changed();
    }
  }

  private UserEvents buffer(Principal p) {
    if (users.size() >= settings.maxBufferedUsers()) {
      evictOldestIdle();
    }
    UserEvents u = new UserEvents(p);
    u.pops = vertx.eventBus().consumer(Addresses.screenPop(p.id()), m -> onPop(u, m.body(), m.headers()));
    u.phone = vertx.eventBus().consumer(Addresses.phone(p.id()), m -> onPhone(u, m.body()));
    users.put(p.id(), u);
    return u;
  }

  private void evictOldestIdle() {
    UserEvents oldest = null;
    for (UserEvents u : users.values()) {
      if (u.streams.isEmpty() && (oldest == null || u.idleSince < oldest.idleSince)) {
        oldest = u;
      }
    }
    if (oldest != null) {
      drop(oldest);
    }
  }

  private void drop(UserEvents u) {
    users.remove(u.principal.id());
    u.pops.unregister();
    u.phone.unregister();
  }

  private void remove(Stream s) {
    s.closed = true;
    if (s.user.streams.remove(s)) {
      open--;
      if (s.user.streams.isEmpty()) {
        s.user.idleSince = System.currentTimeMillis();
      }
    }
  }

  /** Ends a stream: gracefully (its session ended), or by cutting the connection (a client that does not read). */
  private void close(Stream s, boolean graceful) {
    if (s.closed) {
      return;
    }
    remove(s);
    if (graceful && s.ready) {
      s.response.end();
    } else {
      s.response.reset();
    }
  }

  // ---- events

  private void onPop(UserEvents u, Object body, io.vertx.core.MultiMap headers) {
    if (body instanceof JsonObject pop && deliver(u, "screenpop", pop) > 0) {
      // On the agent's stream now: the pop's latency since the call's AMI event arrived (hotline_screen_pop_seconds).
      hotline.metrics.PopTiming.pushed(vertx, headers, pop.getString("lookup"));
    }
  }

  /** A change of the user's own phone bar (their queue memberships), as telephony published it. */
  private void onPhone(UserEvents u, Object body) {
    if (body instanceof JsonObject change) {
      deliver(u, "phone", change);
    }
  }

  /** A case event as the stream carries it: ids, number, kind and statuses, never who filed it. */
  private void onCase(String what, Object body) {
    if (!(body instanceof JsonObject c) || !(c.getValue("caseId") instanceof Number)) {
      return;
    }
    JsonObject event = new JsonObject().put("event", what).put("caseId", c.getLong("caseId")).put("number", c.getString("number"));
    for (String field : List.of("kind", "ownerId", "action", "from", "to")) {
      if (c.containsKey(field)) {
        event.put(field, c.getValue(field));
      }
    }
    long caseId = c.getLong("caseId");
    for (UserEvents u : new ArrayList<>(users.values())) {
      Principal p = u.principal;
      if (Permission.CASE_READ.allows(p)) {
        deliver(u, "case", event);
      } else if (Permission.CASE_READ.couldAllow(p)) {
        checkThenDeliver(u, p, caseId, event);
      }
    }
  }

  /**
   * A call ended, or missed calls were marked handled: to whoever may read the call log, as ids and states only (never
   * the number, which a call linked to a report hides from some of them): the caller log reloads what it shows.
   */
  private void onCall(String what, Object body) {
    if (!(body instanceof JsonObject c)) {
      return;
    }
    JsonObject event = new JsonObject().put("event", what);
    for (String field : List.of("callId", "direction", "disposition", "missed", "count")) {
      if (c.containsKey(field)) {
        event.put(field, c.getValue(field));
      }
    }
    for (UserEvents u : new ArrayList<>(users.values())) {
      if (Permission.CALLS_LIST.allows(u.principal)) {
        deliver(u, "call", event);
      }
    }
  }

  /** Whether any stream of this node wants the wallboard and may read it: else nothing is computed. */
  private boolean wallboardWatched() {
    for (UserEvents u : users.values()) {
      if (Permission.STATS_WALLBOARD.allows(u.principal)) {
        for (Stream s : u.streams) {
          if (s.wallboard && s.ready) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * The wallboard's numbers, computed once, to every stream that asked for them and whose user holds the permission (as
   * of the last heartbeat's check). A snapshot that the next one replaces: written without an id and not buffered for
   * replay, so it neither crowds out a screen pop nor moves the position a reconnect resumes from.
   */
  private void onWallboard(JsonObject numbers) {
    Buffer b = Buffer.buffer(("event: wallboard\ndata: " + numbers.encode() + "\n\n").getBytes(StandardCharsets.UTF_8));
    for (UserEvents u : new ArrayList<>(users.values())) {
      if (!Permission.STATS_WALLBOARD.allows(u.principal)) {
        continue;
      }
      for (Stream s : new ArrayList<>(u.streams)) {
        if (s.wallboard && s.ready) {
          write(s, b);
        }
      }
    }
  }

  /** A unit's responder: the core decides whether the case was dispatched to their unit; one check at a time per user. */
  private void checkThenDeliver(UserEvents u, Principal p, long caseId, JsonObject event) {
    if (u.pendingChecks >= MAX_PENDING_CHECKS) {
      LOG.warn("case event dropped for a user behind on checks [user: {}, case: {}]", p.id(), caseId);
      return;
    }
    u.pendingChecks++;
    u.checks = u.checks
        .transform(prev -> core.cases().checkReadable(p, caseId))
        .transform(readable -> {
          onHub(() -> {
            u.pendingChecks--;
            if (readable.succeeded() && users.get(p.id()) == u) {
              deliver(u, "case", event);
            }
          });
          return Future.succeededFuture();
        });
  }

  /** Buffers the event for replay and writes it on the user's open streams: how many it was written on. */
  private int deliver(UserEvents u, String name, JsonObject data) {
    long now = System.currentTimeMillis();
    Event e = new Event(++lastId, now, wire(lastId, name, data));
    if (settings.replayEvents() > 0) {
      u.buffer.addLast(e);
      trim(u, now);
    }
    int written = 0;
    for (Stream s : new ArrayList<>(u.streams)) {
      if (s.ready) {
        send(s, e);
        written++;
      }
    }
    return written;
  }

  private static Buffer wire(long id, String name, JsonObject data) {
    // Encoded JSON has no line break, so one data line carries it.
    return Buffer.buffer(("id: " + id + "\nevent: " + name + "\ndata: " + data.encode() + "\n\n").getBytes(StandardCharsets.UTF_8));
  }

  private void send(Stream s, Event e) {
    if (e.id() > s.after) {
      s.after = e.id();
      write(s, e.wire());
    }
  }

  private void write(Stream s, Buffer b) {
    if (s.closed) {
      return;
    }
    if (s.response.writeQueueFull()) {
      LOG.info("event stream cut off: the client does not read [user: {}]", s.user.principal.id());
      close(s, false);
      return;
    }
    s.response.write(b);
  }

  private void trim(UserEvents u, long now) {
    while (!u.buffer.isEmpty() && (u.buffer.size() > settings.replayEvents() || u.buffer.peekFirst().at() < now - settings.replayMs())) {
      u.droppedUpTo = u.buffer.removeFirst().id();
    }
  }

  // ---- the heartbeat

  private void tick() {
    long now = System.currentTimeMillis();
    Map<String, List<Stream>> byToken = new HashMap<>();
    for (UserEvents u : new ArrayList<>(users.values())) {
      trim(u, now);
      if (u.streams.isEmpty() && u.idleSince < now - settings.replayMs()) {
        drop(u);
        continue;
      }
      for (Stream s : new ArrayList<>(u.streams)) {
        if (s.ready) {
          write(s, HEARTBEAT);
        }
        if (!s.closed) {
          byToken.computeIfAbsent(s.token, t -> new ArrayList<>()).add(s);
        }
      }
    }
    byToken.forEach((token, streams) -> core.users().authenticateToken(token)
        .onComplete(ar -> onHub(() -> recheck(streams, ar.succeeded(), ar.result()))));
  }

  /** The session went on (the user's roles as they are now), or ended (revoked, expired, deactivated). */
  private void recheck(List<Stream> streams, boolean answered, Authenticated a) {
    if (!answered) {
      return; // The database did not answer: the next heartbeat asks again.
    }
    for (Stream s : streams) {
      if (a == null || a.principal().id() != s.user.principal.id()) {
        close(s, true);
      } else {
        s.user.principal = a.principal();
      }
    }
  }

  private void onHub(Runnable r) {
    if (Vertx.currentContext() == context) {
      r.run();
    } else {
      context.runOnContext(v -> r.run());
    }
  }
}
