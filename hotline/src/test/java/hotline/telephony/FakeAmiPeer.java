package hotline.telephony;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test-only Asterisk Manager Interface server on a Vert.x {@link NetServer} (127.0.0.1, ephemeral port),
 * speaking the wire protocol of the Asterisk 22.10.1 recorded in {@link AmiTranscript#DIR}, so that the real
 * Asterisk-Java {@code ManagerConnection} logs in and works against it.
 *
 * <p>Built in: {@code Challenge} (MD5), {@code Login} (plain {@code Secret} or MD5 {@code Key}, followed by the
 * {@code FullyBooted} and {@code SuccessfulAuth} events), {@code Logoff}, {@code Ping}, {@code CoreSettings}
 * (the recorded answer: Asterisk 22.10.1, AMI 11.0.0), {@code CoreShowChannels} (the channels set with
 * {@link #setLiveChannels}) and {@code Originate} ("successfully queued"). Any other action gets
 * {@code Response: Error / Message: Invalid/unknown command} unless a handler was registered with
 * {@link #onAction}; such a handler must answer itself, with {@link #reply}. A handler registered for a
 * built-in action runs after the built-in answer (to emit follow-up events, e.g. after {@code Originate}).
 * Before login every action but Challenge, Login and Logoff gets {@code Permission denied}, as Asterisk does.
 *
 * <p>Everything runs on the one event-loop context the server was started on; the public methods may be
 * called from any thread (they hop onto that context) and never block it. Writes issued by one thread reach
 * the socket in the order they were issued.
 */
public final class FakeAmiPeer {

  private static final Logger LOG = LoggerFactory.getLogger(FakeAmiPeer.class);

  /** The banner the recorded Asterisk 22.10.1 wrote on connect (transcript 01), without its line end. */
  public static final String BANNER = "Asterisk Call Manager/11.0.0";
  /** Largest action block accepted from a client; beyond it the connection is closed. */
  public static final int MAX_BLOCK = 64 * 1024;

  /** The {@code CoreSettings} response of transcript 01, minus its ActionID (inserted per request). */
  static final List<Map.Entry<String, String>> CORE_SETTINGS = AmiTranscript.block(
      "Response", "Success",
      "AMIversion", "11.0.0",
      "AsteriskVersion", "22.10.1",
      "SystemName", "",
      "CoreMaxCalls", "0",
      "CoreMaxLoadAvg", "0.000000",
      "CoreRunUser", "",
      "CoreRunGroup", "",
      "CoreMaxFilehandles", "0",
      "CoreRealTimeEnabled", "No",
      "CoreCDRenabled", "Yes",
      "CoreHTTPenabled", "No",
      "SoundsSearchCustomDir", "No");

  private static final String CRLF = "\r\n";
  private static final String END = "\r\n\r\n";
  private static final DateTimeFormatter EVENT_TV =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Context context;
  private final String username;
  private final String secret;
  private final long startedAt = System.currentTimeMillis();
  private final AtomicInteger logins = new AtomicInteger();
  private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
  private final Map<String, BiConsumer<Map<String, String>, FakeAmiPeer>> handlers = new ConcurrentHashMap<>();
  private volatile List<Map<String, String>> liveChannels = List.of();
  private final List<Consumer<String>> eventWriteListeners = new CopyOnWriteArrayList<>();

  // Touched on the context's event loop only.
  private final Set<Client> clients = new LinkedHashSet<>();
  private final Map<String, Client> clientByActionId = new HashMap<>();
  private NetServer server;
  private int nextClientId;

  private FakeAmiPeer(Context context, String username, String secret) {
    this.context = context;
    this.username = username;
    this.secret = secret;
  }

  // ---------------------------------------------------------------- lifecycle

  /** Starts a peer on 127.0.0.1 and an ephemeral port that accepts {@code username} / {@code secret}. */
  public static Future<FakeAmiPeer> start(Vertx vertx, String username, String secret) {
    Context ctx = vertx.getOrCreateContext();
    FakeAmiPeer peer = new FakeAmiPeer(ctx, username, secret);
    Promise<FakeAmiPeer> started = Promise.promise();
    ctx.runOnContext(v -> {
      NetServer server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0));
      peer.server = server;
      server.connectHandler(peer::accept)
          .listen()
          .map(s -> peer)
          .onComplete(started);
    });
    return started.future();
  }

  /** The port the peer listens on. */
  public int port() {
    return server.actualPort();
  }

  /** Closes every client connection, then the server. */
  public Future<Void> close() {
    return onContext(() -> closeClients().compose(v -> server.close()));
  }

  /** Closes every client socket (as if the link to Asterisk were lost); the server keeps listening. */
  public Future<Void> dropClients() {
    return onContext(this::closeClients);
  }

  // ---------------------------------------------------------------- configuration and observation

  /**
   * Sets the channels {@code CoreShowChannels} lists from now on: one {@code CoreShowChannel} event per map
   * (its entries in the map's iteration order, after {@code Event} and {@code ActionID}; an {@code Event} or
   * {@code ActionID} entry in the map is ignored).
   */
  public FakeAmiPeer setLiveChannels(List<Map<String, String>> channels) {
    List<Map<String, String>> copy = new ArrayList<>();
    for (Map<String, String> c : channels) {
      copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(c)));
    }
    this.liveChannels = List.copyOf(copy);
    return this;
  }

  /**
   * Registers a handler for an action (name case-insensitive), run on the event loop with the action and
   * this peer. For a built-in action it runs after the built-in answer; for any other action it replaces the
   * "Invalid/unknown command" error and must answer with {@link #reply}. The handler must not block.
   */
  public FakeAmiPeer onAction(String name, BiConsumer<Map<String, String>, FakeAmiPeer> handler) {
    handlers.put(name.toLowerCase(Locale.ROOT), handler);
    return this;
  }

  /**
   * The actions received so far, in order, from every client (including Challenge and Login). Each is an
   * unmodifiable map with case-insensitive keys; a key sent several times (e.g. Originate's {@code Variable})
   * holds its values joined with {@code "\n"}.
   */
  public List<Map<String, String>> received() {
    return List.copyOf(received);
  }

  /** The received actions named {@code name} (case-insensitive). */
  public List<Map<String, String>> received(String name) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Map<String, String> a : received) {
      if (name.equalsIgnoreCase(a.get("Action"))) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * Calls {@code listener} with the wire text of every {@link #emit}/{@link #replay} just before it is written to the
   * event clients' sockets, on the peer's event loop (it must not block): for timing what the peer sent, e.g. when a
   * benchmark's {@code AgentCalled} went out.
   */
  public FakeAmiPeer onEventWrite(Consumer<String> listener) {
    eventWriteListeners.add(listener);
    return this;
  }

  /** How many logins succeeded since start. */
  public int loginCount() {
    return logins.get();
  }

  /** How many client connections are open now (logged in or not). */
  public Future<Integer> clientCount() {
    return onContext(() -> Future.succeededFuture(clients.size()));
  }

  // ---------------------------------------------------------------- sending

  /**
   * Sends one block (wire text; {@code \n} line ends become {@code \r\n}, the terminating blank line is added
   * if missing) to every logged-in client that did not log in with {@code Events: off}.
   */
  public Future<Void> emit(String wireBlock) {
    String text = normalize(wireBlock);
    return onContext(() -> writeToEventClients(text));
  }

  /** Sends one block to every logged-in client (see {@link #emit(String)}). */
  public Future<Void> emit(List<Map.Entry<String, String>> block) {
    return emit(AmiTranscript.render(block));
  }

  /**
   * Sends the transcript's {@link AmiTranscript#events() events} accepted by {@code filter}, in recorded
   * order, queued to each client's socket in one go (nothing can interleave them).
   */
  public Future<Void> replay(AmiTranscript transcript, Predicate<List<Map.Entry<String, String>>> filter) {
    StringBuilder sb = new StringBuilder();
    for (List<Map.Entry<String, String>> e : transcript.events()) {
      if (filter.test(e)) {
        sb.append(AmiTranscript.render(e));
      }
    }
    String text = sb.toString();
    return onContext(() -> text.isEmpty() ? Future.succeededFuture() : writeToEventClients(text));
  }

  /** Replays every event of the transcript. */
  public Future<Void> replay(AmiTranscript transcript) {
    return replay(transcript, e -> true);
  }

  /**
   * Answers {@code action} with one block, to the client that sent it (to every logged-in client if that one
   * is gone): the action's {@code ActionID} replaces the block's, or is inserted after its first line.
   */
  public Future<Void> reply(Map<String, String> action, List<Map.Entry<String, String>> block) {
    return replyAll(action, List.of(block));
  }

  /** {@link #reply(Map, List)} with a block from alternating keys and values. */
  public Future<Void> reply(Map<String, String> action, String... keysAndValues) {
    return reply(action, AmiTranscript.block(keysAndValues));
  }

  /**
   * Answers {@code action} with several blocks (e.g. a recorded list response from
   * {@link AmiTranscript#responseFor}), each carrying the action's {@code ActionID}, written in one go.
   */
  public Future<Void> replyAll(Map<String, String> action, List<List<Map.Entry<String, String>>> blocks) {
    String actionId = action.get("ActionID");
    StringBuilder sb = new StringBuilder();
    for (List<Map.Entry<String, String>> b : blocks) {
      sb.append(AmiTranscript.render(withActionId(b, actionId)));
    }
    String text = sb.toString();
    return onContext(() -> {
      Client c = actionId == null ? null : clientByActionId.get(actionId);
      if (c != null && !c.closed) {
        return c.write(text);
      }
      return writeTo(clients.stream().filter(x -> x.loggedIn).toList(), text);
    });
  }

  // ---------------------------------------------------------------- connection handling

  private final class Client {
    final int id = ++nextClientId;
    final NetSocket socket;
    final Set<String> actionIds = new LinkedHashSet<>();
    boolean loggedIn;
    boolean events = true;
    boolean closed;
    String challenge;

    Client(NetSocket socket) {
      this.socket = socket;
    }

    Future<Void> write(String text) {
      if (closed) {
        return Future.succeededFuture();
      }
      return socket.write(text);
    }

    Future<Void> writeThenClose(String text) {
      if (closed) {
        return Future.succeededFuture();
      }
      closed = true;
      return socket.write(text).eventually(() -> socket.close());
    }

    Future<Void> close() {
      closed = true;
      return socket.close();
    }

    @Override
    public String toString() {
      return "client-" + id + "@" + socket.remoteAddress();
    }
  }

  private void accept(NetSocket socket) {
    if (Vertx.currentContext() != context) {
      LOG.warn("fake AMI: connection handled off the server context");
    }
    Client client = new Client(socket);
    clients.add(client);
    LOG.debug("fake AMI: {} connected", client);
    RecordParser parser = RecordParser.newDelimited(END).maxRecordSize(MAX_BLOCK);
    parser.exceptionHandler(e -> {
      LOG.warn("fake AMI: {} sent a block over {} bytes; closing", client, MAX_BLOCK);
      client.close();
    });
    parser.handler(record -> onBlock(client, record));
    socket.handler(parser);
    socket.exceptionHandler(e -> LOG.debug("fake AMI: {} socket error: {}", client, e.toString()));
    socket.closeHandler(v -> {
      client.closed = true;
      clients.remove(client);
      client.actionIds.forEach(clientByActionId::remove);
      LOG.debug("fake AMI: {} closed", client);
    });
    client.write(BANNER + CRLF);
  }

  private void onBlock(Client client, Buffer record) {
    if (client.closed) {
      return;
    }
    if (record.length() > MAX_BLOCK) {
      LOG.warn("fake AMI: {} sent a block over {} bytes; closing", client, MAX_BLOCK);
      client.close();
      return;
    }
    Map<String, String> action = parseAction(record.toString(UTF_8));
    if (action.isEmpty()) {
      return; // stray blank lines
    }
    received.add(action);
    String actionId = action.get("ActionID");
    if (actionId != null) {
      clientByActionId.put(actionId, client);
      client.actionIds.add(actionId);
    }
    String name = action.get("Action");
    if (name == null) {
      client.write(respond(actionId, "Response", "Error", "Message", "Missing action in request"));
      return;
    }
    String key = name.toLowerCase(Locale.ROOT);
    if (!client.loggedIn && !key.equals("login") && !key.equals("challenge") && !key.equals("logoff")) {
      client.write(respond(actionId, "Response", "Error", "Message", "Permission denied"));
      return;
    }
    boolean builtIn = true;
    switch (key) {
      case "challenge" -> challenge(client, action);
      case "login" -> login(client, action);
      case "logoff" -> client.writeThenClose(
          respond(actionId, "Response", "Goodbye", "Message", "Thanks for all the fish."));
      case "ping" -> client.write(respond(actionId, "Response", "Success", "Ping", "Pong",
          "Timestamp", timestamp()));
      case "coresettings" -> client.write(AmiTranscript.render(withActionId(CORE_SETTINGS, actionId)));
      case "coreshowchannels" -> coreShowChannels(client, actionId);
      case "originate" -> client.write(
          respond(actionId, "Response", "Success", "Message", "Originate successfully queued"));
      default -> builtIn = false;
    }
    BiConsumer<Map<String, String>, FakeAmiPeer> handler = handlers.get(key);
    if (handler != null) {
      try {
        handler.accept(action, this);
      } catch (RuntimeException e) {
        LOG.warn("fake AMI: handler for {} failed", name, e);
      }
    } else if (!builtIn) {
      client.write(respond(actionId, "Response", "Error", "Message", "Invalid/unknown command"));
    }
  }

  private void challenge(Client client, Map<String, String> action) {
    String actionId = action.get("ActionID");
    if (!"md5".equalsIgnoreCase(action.get("AuthType"))) {
      client.write(respond(actionId, "Response", "Error", "Message", "Must specify AuthType"));
      return;
    }
    if (client.challenge == null) {
      client.challenge = Integer.toString(100_000_000 + RANDOM.nextInt(900_000_000));
    }
    client.write(respond(actionId, "Response", "Success", "Challenge", client.challenge));
  }

  private void login(Client client, Map<String, String> action) {
    String actionId = action.get("ActionID");
    boolean ok;
    boolean usingPassword;
    if (action.get("Key") != null) {
      usingPassword = false;
      ok = "md5".equalsIgnoreCase(action.get("AuthType"))
          && client.challenge != null
          && username.equals(action.get("Username"))
          && md5Hex(client.challenge + secret).equalsIgnoreCase(action.get("Key"));
    } else {
      usingPassword = true;
      ok = username.equals(action.get("Username")) && secret.equals(action.get("Secret"));
    }
    if (!ok) {
      LOG.debug("fake AMI: {} failed to authenticate as {}", client, action.get("Username"));
      client.writeThenClose(respond(actionId, "Response", "Error", "Message", "Authentication failed"));
      return;
    }
    client.loggedIn = true;
    client.events = !"off".equalsIgnoreCase(action.get("Events"));
    logins.incrementAndGet();
    String now = EVENT_TV.format(Instant.now());
    long uptime = (System.currentTimeMillis() - startedAt) / 1000;
    StringBuilder sb = new StringBuilder()
        .append(respond(actionId, "Response", "Success", "Message", "Authentication accepted"));
    if (client.events) {
      sb.append(AmiTranscript.render(AmiTranscript.block(
          "Event", "FullyBooted",
          "Privilege", "system,all",
          "Uptime", Long.toString(uptime),
          "LastReload", Long.toString(uptime),
          "Status", "Fully Booted")));
      sb.append(AmiTranscript.render(AmiTranscript.block(
          "Event", "SuccessfulAuth",
          "Privilege", "security,all",
          "EventTV", now,
          "Severity", "Informational",
          "Service", "AMI",
          "EventVersion", "1",
          "AccountID", username,
          "SessionID", "0x" + Integer.toHexString(System.identityHashCode(client)),
          "LocalAddress", "IPV4/TCP/" + client.socket.localAddress().hostAddress() + "/"
              + client.socket.localAddress().port(),
          "RemoteAddress", "IPV4/TCP/" + client.socket.remoteAddress().hostAddress() + "/"
              + client.socket.remoteAddress().port(),
          "UsingPassword", usingPassword ? "1" : "0",
          "SessionTV", now)));
    }
    client.write(sb.toString());
    LOG.debug("fake AMI: {} logged in as {} ({})", client, username, usingPassword ? "plain" : "MD5");
  }

  private void coreShowChannels(Client client, String actionId) {
    List<Map<String, String>> channels = liveChannels;
    StringBuilder sb = new StringBuilder(respond(actionId, "Response", "Success", "EventList", "start",
        "Message", "Channels will follow"));
    for (Map<String, String> ch : channels) {
      List<Map.Entry<String, String>> b = new ArrayList<>();
      b.add(Map.entry("Event", "CoreShowChannel"));
      if (actionId != null) {
        b.add(Map.entry("ActionID", actionId));
      }
      ch.forEach((k, v) -> {
        if (!k.equalsIgnoreCase("Event") && !k.equalsIgnoreCase("ActionID")) {
          b.add(Map.entry(k, v == null ? "" : v));
        }
      });
      sb.append(AmiTranscript.render(b));
    }
    List<Map.Entry<String, String>> complete = new ArrayList<>();
    complete.add(Map.entry("Event", "CoreShowChannelsComplete"));
    if (actionId != null) {
      complete.add(Map.entry("ActionID", actionId));
    }
    complete.add(Map.entry("EventList", "Complete"));
    complete.add(Map.entry("ListItems", Integer.toString(channels.size())));
    sb.append(AmiTranscript.render(complete));
    client.write(sb.toString());
  }

  // ---------------------------------------------------------------- helpers

  private Future<Void> closeClients() {
    List<Future<Void>> closing = new ArrayList<>();
    for (Client c : List.copyOf(clients)) {
      closing.add(c.close());
    }
    return Future.join(closing).mapEmpty();
  }

  private Future<Void> writeToEventClients(String text) {
    eventWriteListeners.forEach(l -> l.accept(text));
    return writeTo(clients.stream().filter(c -> c.loggedIn && c.events).toList(), text);
  }

  private static Future<Void> writeTo(List<Client> targets, String text) {
    List<Future<Void>> writes = new ArrayList<>();
    for (Client c : targets) {
      writes.add(c.write(text));
    }
    return Future.all(writes).mapEmpty();
  }

  /** Runs on the server's context (inline when already there), returning the action's future. */
  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    if (Vertx.currentContext() == context) {
      return action.get();
    }
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> {
      try {
        action.get().onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  /** Parses an action block: case-insensitive keys, duplicate keys joined with "\n". */
  static Map<String, String> parseAction(String text) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, String> e : AmiTranscript.parseBlock(text)) {
      String k = e.getKey().trim();
      if (k.isEmpty()) {
        continue;
      }
      String v = e.getValue().strip();
      map.merge(k, v, (a, b) -> a + "\n" + b);
    }
    return Collections.unmodifiableMap(map);
  }

  private static String respond(String actionId, String... keysAndValues) {
    return AmiTranscript.render(withActionId(AmiTranscript.block(keysAndValues), actionId));
  }

  /** The block with {@code ActionID: id} replacing its own, or inserted after the first line; as is if null. */
  static List<Map.Entry<String, String>> withActionId(List<Map.Entry<String, String>> block, String actionId) {
    if (actionId == null) {
      return block;
    }
    List<Map.Entry<String, String>> out = new ArrayList<>(block.size() + 1);
    boolean replaced = false;
    for (Map.Entry<String, String> e : block) {
      if (e.getKey().equalsIgnoreCase("ActionID")) {
        if (!replaced) {
          out.add(Map.entry(e.getKey(), actionId));
          replaced = true;
        }
      } else {
        out.add(e);
      }
    }
    if (!replaced) {
      out.add(Math.min(1, out.size()), Map.entry("ActionID", actionId));
    }
    return out;
  }

  private static String normalize(String wireBlock) {
    String text = wireBlock.replace("\r\n", "\n").replace("\n", CRLF);
    while (text.endsWith(CRLF + CRLF + CRLF)) {
      text = text.substring(0, text.length() - CRLF.length());
    }
    if (!text.endsWith(END)) {
      text = text.endsWith(CRLF) ? text + CRLF : text + END;
    }
    return text;
  }

  private static String timestamp() {
    Instant now = Instant.now();
    return now.getEpochSecond() + "." + String.format(Locale.ROOT, "%06d", now.getNano() / 1000);
  }

  static String md5Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "FakeAmiPeer[127.0.0.1:" + (server == null ? "?" : server.actualPort()) + "]";
  }
}
