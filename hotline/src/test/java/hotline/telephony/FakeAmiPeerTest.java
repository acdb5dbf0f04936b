package hotline.telephony;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import hotline.testing.Waiting;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.asteriskjava.AsteriskVersion;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.action.QueueStatusAction;
import org.asteriskjava.manager.event.AgentCalledEvent;
import org.asteriskjava.manager.event.AgentCompleteEvent;
import org.asteriskjava.manager.event.AgentConnectEvent;
import org.asteriskjava.manager.event.BridgeEvent;
import org.asteriskjava.manager.event.CdrEvent;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.CoreShowChannelsCompleteEvent;
import org.asteriskjava.manager.event.DialEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewCallerIdEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.event.QueueMemberEvent;
import org.asteriskjava.manager.event.QueueParamsEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.asteriskjava.manager.response.PingResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fake AMI peer against the real Asterisk-Java client, against a raw socket, and the transcript parser
 * against the recordings of a real Asterisk 22.10.1.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FakeAmiPeerTest {

  private static final Logger LOG = LoggerFactory.getLogger(FakeAmiPeerTest.class);
  private static final String USER = "hotline";
  private static final String SECRET = "hotline-secret";
  private static final String TRANSCRIPT_02 = "02-inbound-hotline-queue-agent";

  private FakeAmiPeer peer;
  private ManagerConnection ami;

  @BeforeEach
  void startPeer(Vertx vertx) throws Exception {
    peer = await(FakeAmiPeer.start(vertx, USER, SECRET));
  }

  @AfterEach
  void stop() throws Exception {
    if (ami != null) {
      ManagerConnectionState state = ami.getState();
      if (state == ManagerConnectionState.CONNECTED || state == ManagerConnectionState.RECONNECTING) {
        ami.logoff();
      }
    }
    if (peer != null) {
      await(peer.close());
    }
  }

  // ================================================================ the real Asterisk-Java client

  private ManagerConnection connect(String secret) {
    ManagerConnection c =
        new ManagerConnectionFactory("127.0.0.1", peer.port(), USER, secret).createManagerConnection();
    ami = c;
    return c;
  }

  @Test
  void realClientLogsInAndDetectsAsterisk22() throws Exception {
    ManagerConnection c = connect(SECRET);
    long t0 = System.nanoTime();
    c.login();
    long millis = (System.nanoTime() - t0) / 1_000_000;

    assertEquals(ManagerConnectionState.CONNECTED, c.getState());
    assertEquals(FakeAmiPeer.BANNER, c.getProtocolIdentifier());
    assertEquals(AsteriskVersion.ASTERISK_22, c.getVersion());
    assertTrue(c.getVersion().toString().contains("22"), c.getVersion().toString());
    assertTrue(millis < 1_500, "login took " + millis + " ms (version detection retried?)");
    assertEquals(1, peer.loginCount());

    // What Asterisk-Java 3.42.2 sends at login: Challenge (MD5), Login with the MD5 key, CoreSettings.
    List<Map<String, String>> got = peer.received();
    got.forEach(a -> LOG.info("login sequence: {}", a));
    assertEquals(List.of("Challenge", "Login", "CoreSettings"),
        got.stream().map(a -> a.get("Action")).toList());
    Map<String, String> challenge = got.get(0);
    assertEquals("MD5", challenge.get("AuthType"));
    Map<String, String> login = got.get(1);
    assertEquals(USER, login.get("Username"));
    assertEquals("MD5", login.get("AuthType"));
    assertNotNull(login.get("Key"));
    assertNull(login.get("Secret"), "the secret never travels in clear");
    got.forEach(a -> assertNotNull(a.get("ActionID"), "every action carries an ActionID: " + a));
  }

  @Test
  void pingGetsPong() throws Exception {
    ManagerConnection c = connect(SECRET);
    c.login();
    ManagerResponse r = c.sendAction(new PingAction(), 2_000);
    assertEquals("Success", r.getResponse());
    PingResponse pong = assertInstanceOf(PingResponse.class, r);
    assertEquals("Pong", pong.getPing());
    assertNotNull(pong.getTimestamp());
    assertEquals(1, peer.received("Ping").size());
  }

  @Test
  void coreShowChannelsReturnsTheConfiguredChannels() throws Exception {
    Map<String, String> ch1 = channel("Local/8008064888@from-pstn-00000000;1", "1795884106.0", "Wait", "30");
    Map<String, String> ch2 = channel("Local/8008064888@from-pstn-00000000;2", "1795884106.1", "Queue",
        "hotline,t,,,60");
    peer.setLiveChannels(List.of(ch1, ch2));
    ManagerConnection c = connect(SECRET);
    c.login();

    ResponseEvents re = c.sendEventGeneratingAction(new CoreShowChannelsAction(), 5_000);
    assertEquals("Success", re.getResponse().getResponse());
    List<CoreShowChannelEvent> channels = re.getEvents().stream()
        .filter(CoreShowChannelEvent.class::isInstance).map(CoreShowChannelEvent.class::cast).toList();
    assertEquals(2, channels.size());
    assertEquals("Local/8008064888@from-pstn-00000000;1", channels.get(0).getChannel());
    assertEquals("1795884106.0", channels.get(0).getUniqueid());
    assertEquals("1795884106.0", channels.get(0).getLinkedid());
    assertEquals("13800138000", channels.get(0).getCallerIdNum());
    assertEquals("Wait", channels.get(0).getApplication());
    assertEquals("Queue", channels.get(1).getApplication());
    assertEquals("hotline,t,,,60", channels.get(1).getApplicationdata());
    CoreShowChannelsCompleteEvent done = re.getEvents().stream()
        .filter(CoreShowChannelsCompleteEvent.class::isInstance).map(CoreShowChannelsCompleteEvent.class::cast)
        .findFirst().orElseThrow();
    assertEquals(2, done.getListitems());

    peer.setLiveChannels(List.of());
    ResponseEvents none = c.sendEventGeneratingAction(new CoreShowChannelsAction(), 5_000);
    assertEquals(0, none.getEvents().stream().filter(CoreShowChannelEvent.class::isInstance).count());
  }

  @Test
  void wrongSecretFailsLogin() throws Exception {
    ManagerConnection c = connect("not-the-secret");
    AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class, c::login);
    LOG.info("wrong secret: {}", e.getMessage());
    assertNotEquals(ManagerConnectionState.CONNECTED, c.getState());
    assertEquals(0, peer.loginCount());
    eventually(() -> await(peer.clientCount()) == 0, "the peer closes the connection after a failed login");
  }

  @Test
  void replayedCallArrivesAsTypedEventsInOrder() throws Exception {
    AmiTranscript.requireAvailable();
    AmiTranscript call = AmiTranscript.load(TRANSCRIPT_02);
    ManagerConnection c = connect(SECRET);
    List<ManagerEvent> events = new CopyOnWriteArrayList<>();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    c.addEventListener(e -> {
      threads.add(Thread.currentThread().getName());
      events.add(e);
    });
    c.login();
    eventually(() -> events.stream().anyMatch(e -> e.getClass().getSimpleName().equals("SuccessfulAuthEvent")),
        "login events");
    events.clear();

    Set<String> loginEvents = Set.of("FullyBooted", "SuccessfulAuth");
    List<List<Map.Entry<String, String>>> sent = call.events().stream()
        .filter(b -> !loginEvents.contains(AmiTranscript.value(b, "Event"))).toList();
    await(peer.replay(call, b -> !loginEvents.contains(AmiTranscript.value(b, "Event"))));
    // Responses come through the same pump as events: once the Ping is answered, the replay was dispatched.
    c.sendAction(new PingAction(), 5_000);
    eventually(() -> events.stream().filter(e -> e.getClass() != DialEvent.class
        && e.getClass() != BridgeEvent.class).count() >= sent.size(), "all replayed events dispatched");

    LOG.info("{} events replayed; listener threads {}", events.size(), threads);
    assertTrue(threads.stream().noneMatch(t -> t.startsWith("vert.x-")), threads.toString());
    // Asterisk-Java adds legacy events of its own: a DialEvent just before each DialBeginEvent (which is a
    // subclass of DialEvent!) and a BridgeEvent when a bridge gets or loses its second channel.
    List<Class<?>> synthesized = List.of(DialEvent.class, BridgeEvent.class);
    assertEquals(2, events.stream().filter(e -> e.getClass() == DialEvent.class).count());
    assertEquals(2, events.stream().filter(e -> e.getClass() == BridgeEvent.class).count());
    List<ManagerEvent> recorded = events.stream().filter(e -> !synthesized.contains(e.getClass())).toList();
    // Every recorded block became exactly one typed event, in recorded order.
    List<String> expectedNames = sent.stream()
        .map(b -> AmiTranscript.value(b, "Event").toLowerCase(Locale.ROOT)).toList();
    List<String> gotNames = recorded.stream()
        .map(e -> e.getClass().getSimpleName().replaceFirst("Event$", "").toLowerCase(Locale.ROOT)).toList();
    assertEquals(expectedNames, gotNames);

    List<Class<?>> key = List.of(NewChannelEvent.class, NewCallerIdEvent.class, AgentCalledEvent.class,
        AgentConnectEvent.class, AgentCompleteEvent.class, HangupEvent.class, CdrEvent.class);
    List<Class<?>> order = events.stream().map(Object::getClass).filter(key::contains).distinct()
        .collect(Collectors.toList());
    assertEquals(key, order, "first occurrences in call order");
    assertEquals(4, count(events, NewChannelEvent.class));
    assertEquals(4, count(events, NewCallerIdEvent.class));
    assertEquals(4, count(events, HangupEvent.class));
    assertEquals(3, count(events, CdrEvent.class));

    NewChannelEvent first = first(events, NewChannelEvent.class);
    // Newchannel carries "CallerIDNum: <unknown>" on the wire; Asterisk-Java hands it over as null.
    assertNull(first.getCallerIdNum(), "Newchannel does not know the caller yet");
    assertEquals("Local/8008064888@from-pstn-00000000;1", first.getChannel());
    assertEquals("13800138000", first(events, NewCallerIdEvent.class).getCallerIdNum());
    AgentCalledEvent called = first(events, AgentCalledEvent.class);
    assertEquals("Local/agent1@agents", called.getInterface());
    assertEquals("13800138000", called.getCallerIdNum());
    assertEquals("hotline", called.getQueue());
    assertEquals(2, first(events, AgentConnectEvent.class).getHoldTime());
    AgentCompleteEvent complete = first(events, AgentCompleteEvent.class);
    assertEquals(6L, complete.getTalkTime().longValue());
    assertEquals("agent", complete.getReason());
    assertEquals(16, first(events, HangupEvent.class).getCause());
    Set<String> cdrIds = events.stream().filter(CdrEvent.class::isInstance)
        .map(e -> ((CdrEvent) e).getUniqueId()).collect(Collectors.toSet());
    assertEquals(Set.of("1795884106.0", "1795884106.1", "1795884106.3"), cdrIds);
  }

  @Test
  void sameCallReplayedWithFreshIdsIsAnotherCall() throws Exception {
    AmiTranscript.requireAvailable();
    AmiTranscript call = AmiTranscript.load(TRANSCRIPT_02);
    ManagerConnection c = connect(SECRET);
    List<CdrEvent> cdrs = new CopyOnWriteArrayList<>();
    c.addEventListener(e -> {
      if (e instanceof CdrEvent cdr) {
        cdrs.add(cdr);
      }
    });
    c.login();
    await(peer.replay(call.withFreshIds(), b -> "Cdr".equals(AmiTranscript.value(b, "Event"))));
    await(peer.replay(call.withFreshIds(), b -> "Cdr".equals(AmiTranscript.value(b, "Event"))));
    eventually(() -> cdrs.size() == 6, "two calls' CDRs");
    assertEquals(6, cdrs.stream().map(CdrEvent::getUniqueId).distinct().count());
  }

  @Test
  void droppedLinkReconnectsByItself() throws Exception {
    ManagerConnection c = connect(SECRET);
    List<String> seen = new CopyOnWriteArrayList<>();
    c.addEventListener(e -> {
      if (e instanceof DisconnectEvent) {
        seen.add("disconnect:" + c.getState() + "@" + Thread.currentThread().getName());
      } else if (e instanceof ConnectEvent) {
        seen.add("connect:" + c.getState() + "@" + Thread.currentThread().getName());
      }
    });
    c.login();
    assertEquals(1, peer.loginCount());
    List<ManagerConnectionState> states = new CopyOnWriteArrayList<>();

    await(peer.dropClients());
    long deadline = System.nanoTime() + SECONDS.toNanos(10);
    while (System.nanoTime() < deadline
        && !(peer.loginCount() == 2 && c.getState() == ManagerConnectionState.CONNECTED)) {
      ManagerConnectionState s = c.getState();
      if (states.isEmpty() || states.get(states.size() - 1) != s) {
        states.add(s);
      }
      Thread.sleep(1);
    }
    LOG.info("states after drop: {}; listener saw {}", states, seen);
    assertTrue(states.contains(ManagerConnectionState.RECONNECTING) || seen.stream()
        .anyMatch(s -> s.startsWith("disconnect:RECONNECTING")), "went through RECONNECTING: " + states + seen);
    assertEquals(2, peer.loginCount());
    assertEquals(ManagerConnectionState.CONNECTED, c.getState());
    eventually(() -> seen.size() == 3, "ConnectEvent after reconnect");
    // ConnectEvent of login() on the calling thread; DisconnectEvent on the pump, already RECONNECTING;
    // the second ConnectEvent on the reconnect thread.
    assertTrue(seen.get(0).startsWith("connect:CONNECTED@"), seen.toString());
    assertTrue(seen.get(1).startsWith("disconnect:RECONNECTING@"), seen.toString());
    assertTrue(seen.get(1).contains("AsyncEventPump"), seen.toString());
    assertTrue(seen.get(2).startsWith("connect:CONNECTED@") && seen.get(2).contains("-Reconnect-"),
        seen.toString());
    assertEquals("Success", c.sendAction(new PingAction(), 2_000).getResponse());
  }

  @Test
  void originateIsQueuedAndTheHookEmitsFollowUpEvents() throws Exception {
    peer.onAction("Originate", (action, p) -> p.emit(AmiTranscript.block(
        "Event", "OriginateResponse",
        "Privilege", "call,all",
        "ActionID", action.get("ActionID"),
        "Response", "Success",
        "Channel", action.get("Channel"),
        "Application", "Wait",
        "Data", "30",
        "Reason", "4",
        "Uniqueid", "1795884106.0",
        "CallerIDNum", "13800138000",
        "CallerIDName", "Zhang San")));
    ManagerConnection c = connect(SECRET);
    List<OriginateResponseEvent> responses = new CopyOnWriteArrayList<>();
    c.addEventListener(e -> {
      if (e instanceof OriginateResponseEvent o) {
        responses.add(o);
      }
    });
    c.login();
    OriginateAction originate = new OriginateAction();
    originate.setChannel("Local/8008064888@from-pstn");
    originate.setApplication("Wait");
    originate.setData("30");
    originate.setCallerId("\"Zhang San\" <13800138000>");
    originate.setTimeout(30_000L);
    originate.setAsync(true);
    originate.setVariable("AGENT_TALK", "5");
    originate.setVariable("CALLER_NUM", "13800138000");
    ManagerResponse r = c.sendAction(originate, 2_000);
    assertEquals("Success", r.getResponse());
    assertEquals("Originate successfully queued", r.getMessage());

    Map<String, String> got = peer.received("Originate").get(0);
    LOG.info("Originate as sent by Asterisk-Java: {}", got);
    assertEquals("Local/8008064888@from-pstn", got.get("channel"));
    assertEquals("true", got.get("Async"));
    assertEquals(Set.of("AGENT_TALK=5", "CALLER_NUM=13800138000"),
        Set.copyOf(List.of(got.get("Variable").split("\n"))));
    eventually(() -> responses.size() == 1, "OriginateResponse event");
    assertEquals("Success", responses.get(0).getResponse());
    assertEquals("1795884106.0", responses.get(0).getUniqueId());
  }

  @Test
  void unknownActionIsAnError() throws Exception {
    ManagerConnection c = connect(SECRET);
    c.login();
    ManagerResponse r = c.sendAction(new QueueStatusAction(), 2_000);
    assertInstanceOf(ManagerError.class, r);
    assertEquals("Error", r.getResponse());
    assertEquals("Invalid/unknown command", r.getMessage());
  }

  @Test
  void aHandlerCanAnswerAListActionFromTheRecording() throws Exception {
    AmiTranscript.requireAvailable();
    List<List<Map.Entry<String, String>>> recorded =
        AmiTranscript.load(TRANSCRIPT_02).responseFor("queuestatus-midcall");
    peer.onAction("QueueStatus", (action, p) -> p.replyAll(action, recorded));
    ManagerConnection c = connect(SECRET);
    c.login();
    ResponseEvents re = c.sendEventGeneratingAction(new QueueStatusAction(), 5_000);
    assertEquals("Success", re.getResponse().getResponse());
    QueueParamsEvent params = first(new ArrayList<>(re.getEvents()), QueueParamsEvent.class);
    assertEquals("hotline", params.getQueue());
    List<String> members = re.getEvents().stream().filter(QueueMemberEvent.class::isInstance)
        .map(e -> ((QueueMemberEvent) e).getInterface()).toList();
    assertEquals(List.of("Local/agent1@agents", "Local/agent2@agents"), members);
  }

  // ================================================================ the wire, through a raw socket

  @Test
  void rawPlainLoginThenEventsThenLogoff() throws Exception {
    try (RawClient raw = new RawClient(peer.port())) {
      assertEquals(FakeAmiPeer.BANNER, raw.readLine());
      raw.send("Action: Ping\r\nActionID: early\r\n\r\n");
      assertEquals(Map.of("Response", "Error", "ActionID", "early", "Message", "Permission denied"),
          raw.readBlock());

      raw.send("action: login\r\nactionid: l1\r\nusername: hotline\r\nsecret: hotline-secret\r\n\r\n");
      assertEquals(Map.of("Response", "Success", "ActionID", "l1", "Message", "Authentication accepted"),
          raw.readBlock());
      assertEquals("FullyBooted", raw.readBlock().get("Event"));
      Map<String, String> auth = raw.readBlock();
      assertEquals("SuccessfulAuth", auth.get("Event"));
      assertEquals("hotline", auth.get("AccountID"));
      assertEquals(1, peer.loginCount());

      await(peer.emit("Event: UserEvent\nUserEvent: Hello\nSurveyId: cb-0001\n"));
      assertEquals(Map.of("Event", "UserEvent", "UserEvent", "Hello", "SurveyId", "cb-0001"), raw.readBlock());

      raw.send("Action: NoSuchThing\r\nActionID: x1\r\n\r\n");
      assertEquals(Map.of("Response", "Error", "ActionID", "x1", "Message", "Invalid/unknown command"),
          raw.readBlock());

      raw.send("Action: Logoff\r\nActionID: bye\r\n\r\n");
      assertEquals(Map.of("Response", "Goodbye", "ActionID", "bye", "Message", "Thanks for all the fish."),
          raw.readBlock());
      assertTrue(raw.closedByPeer(), "closed after Goodbye");
    }
  }

  @Test
  void rawWrongPasswordIsRefusedAndClosed() throws Exception {
    try (RawClient raw = new RawClient(peer.port())) {
      raw.readLine();
      raw.send("Action: Login\r\nActionID: l1\r\nUsername: hotline\r\nSecret: nope\r\n\r\n");
      assertEquals(Map.of("Response", "Error", "ActionID", "l1", "Message", "Authentication failed"),
          raw.readBlock());
      assertTrue(raw.closedByPeer());
    }
    assertEquals(0, peer.loginCount());
  }

  @Test
  void rawActionsSplitAcrossChunksAndPipelined() throws Exception {
    try (RawClient raw = new RawClient(peer.port())) {
      raw.readLine();
      raw.send("Action: Challenge\r\nAction");
      Thread.sleep(50);
      raw.send("ID: c1\r\nAuthType: md5\r");
      Thread.sleep(50);
      raw.send("\n\r");
      Thread.sleep(50);
      raw.send("\n");
      Map<String, String> ch = raw.readBlock();
      assertEquals("Success", ch.get("Response"));
      assertEquals("c1", ch.get("ActionID"));
      String challenge = ch.get("Challenge");
      assertTrue(challenge.matches("\\d+"), challenge);

      String key = FakeAmiPeer.md5Hex(challenge + SECRET);
      raw.send("Action: Login\r\nActionID: l1\r\nAuthType: MD5\r\nUsername: hotline\r\nKey: " + key
          + "\r\n\r\nAction: Ping\r\nActionID: p1\r\n\r\nAction: CoreSettings\r\nActionID: s1\r\n\r\n");
      assertEquals("Authentication accepted", raw.readBlock().get("Message"));
      assertEquals("FullyBooted", raw.readBlock().get("Event"));
      assertEquals("SuccessfulAuth", raw.readBlock().get("Event"));
      Map<String, String> pong = raw.readBlock();
      assertEquals("p1", pong.get("ActionID"));
      assertEquals("Pong", pong.get("Ping"));
      assertTrue(pong.get("Timestamp").matches("\\d+\\.\\d{6}"), pong.get("Timestamp"));
      Map<String, String> settings = raw.readBlock();
      assertEquals("s1", settings.get("ActionID"));
      assertEquals("22.10.1", settings.get("AsteriskVersion"));
      assertEquals("11.0.0", settings.get("AMIversion"));
      assertEquals("", settings.get("SystemName"));
    }
  }

  @Test
  void rawOversizedBlockClosesTheConnection() throws Exception {
    try (RawClient raw = new RawClient(peer.port())) {
      raw.readLine();
      try {
        raw.send("Action: Ping\r\nX-Padding: " + "a".repeat(FakeAmiPeer.MAX_BLOCK + 10));
      } catch (SocketException alreadyClosed) {
        // the peer may close while we are still writing
      }
      assertTrue(raw.closedByPeer(), "closed beyond " + FakeAmiPeer.MAX_BLOCK + " bytes");
    }
    assertTrue(peer.received().isEmpty());
  }

  @Test
  void emitReachesOnlyLoggedInClients() throws Exception {
    try (RawClient in = new RawClient(peer.port()); RawClient out = new RawClient(peer.port())) {
      in.readLine();
      out.readLine();
      in.send("Action: Login\r\nUsername: hotline\r\nSecret: hotline-secret\r\n\r\n");
      in.readBlock();
      in.readBlock();
      in.readBlock();
      await(peer.emit(AmiTranscript.block("Event", "Hangup", "Cause", "16")));
      assertEquals(Map.of("Event", "Hangup", "Cause", "16"), in.readBlock());
      assertTrue(out.nothingWithin(200), "not logged in, no events");
      await(peer.dropClients());
      assertTrue(in.closedByPeer());
      assertTrue(out.closedByPeer());
    }
  }

  // ================================================================ the transcripts

  @Test
  void renderGivesBackEveryRecordedByte() throws Exception {
    AmiTranscript.requireAvailable();
    List<Path> files;
    try (Stream<Path> s = Files.list(AmiTranscript.DIR)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".ami.raw")).sorted().toList();
    }
    assertFalse(files.isEmpty());
    for (Path f : files) {
      String raw = Files.readString(f, UTF_8);
      AmiTranscript t = AmiTranscript.parse(raw);
      assertEquals("Asterisk Call Manager/11.0.0", t.banner(), f.toString());
      assertEquals(raw, t.render(), f.toString());
    }
  }

  @Test
  void loginTranscriptShapes() {
    AmiTranscript.requireAvailable();
    AmiTranscript t = AmiTranscript.load("01-login-coresettings-coreshowchannels");
    assertEquals(FakeAmiPeer.BANNER, t.banner());
    assertEquals(List.of("FullyBooted", "SuccessfulAuth"),
        t.events().stream().map(b -> AmiTranscript.value(b, "Event")).toList());
    List<List<Map.Entry<String, String>>> settings = t.responseFor("coresettings-1");
    assertEquals(1, settings.size());
    assertEquals("", AmiTranscript.value(settings.get(0), "SystemName"));
    List<Map.Entry<String, String>> withoutId = settings.get(0).stream()
        .filter(e -> !e.getKey().equals("ActionID")).toList();
    assertEquals(FakeAmiPeer.CORE_SETTINGS, withoutId, "the fake answers CoreSettings as recorded");
    List<List<Map.Entry<String, String>>> channels = t.responseFor("channels-1");
    assertEquals(2, channels.size());
    assertEquals("start", AmiTranscript.value(channels.get(0), "EventList"));
    assertEquals("0", AmiTranscript.value(channels.get(1), "ListItems"));
    assertEquals("Response: Success\r\nActionID: ping-1\r\nPing: Pong\r\nTimestamp: 1795884103.634377\r\n\r\n",
        AmiTranscript.render(t.responseFor("ping-1").get(0)));
  }

  @Test
  void callTranscriptListsAndEvents() {
    AmiTranscript.requireAvailable();
    AmiTranscript t = AmiTranscript.load(TRANSCRIPT_02);
    List<List<Map.Entry<String, String>>> channels = t.responseFor("channels-midcall");
    assertEquals(6, channels.size());
    assertEquals("4", AmiTranscript.value(channels.get(5), "ListItems"));
    List<List<Map.Entry<String, String>>> queue = t.responseFor("queuestatus-midcall");
    assertEquals(List.of("QueueParams", "QueueMember", "QueueMember", "QueueStatusComplete"),
        queue.subList(1, queue.size()).stream().map(b -> AmiTranscript.value(b, "Event")).toList());
    assertEquals(1, t.responseFor("orig-inbound-1").size(), "Originate is not a list action");
    assertTrue(t.responseFor("no-such-id").isEmpty());
    assertTrue(t.events().stream().noneMatch(b -> AmiTranscript.has(b, "ActionID")));
    assertTrue(t.events().stream().noneMatch(b -> "OriginateResponse".equals(AmiTranscript.value(b, "Event"))),
        "OriginateResponse carries the Originate's ActionID");
    assertEquals(3, t.events("Cdr").size());
    // keys stay in wire order; toMap looks them up case-insensitively
    List<Map.Entry<String, String>> agentCalled = t.events("AgentCalled").get(0);
    assertEquals("Event", agentCalled.get(0).getKey());
    assertEquals("Local/agent1@agents", AmiTranscript.toMap(agentCalled).get("interface"));
  }

  @Test
  void duplicateKeysAndEmptyValuesSurvive() {
    AmiTranscript t = AmiTranscript.parse("Asterisk Call Manager/11.0.0\r\n"
        + "Response: Success\r\nActionID: a\r\nOutput: line 1\r\nOutput: line 2\r\nOutput: \r\n\r\n"
        + "Event: X\r\nValue: a: b\r\n\r\n");
    assertEquals(2, t.blocks().size());
    List<Map.Entry<String, String>> cmd = t.blocks().get(0);
    assertEquals(List.of(Map.entry("Response", "Success"), Map.entry("ActionID", "a"),
        Map.entry("Output", "line 1"), Map.entry("Output", "line 2"), Map.entry("Output", "")), cmd);
    assertEquals("a: b", AmiTranscript.value(t.blocks().get(1), "value"), "split on the first \": \"");
    assertEquals(1, t.events().size());
  }

  @Test
  void rewriteIsConsistentAcrossBlocks() {
    AmiTranscript.requireAvailable();
    AmiTranscript t = AmiTranscript.load(TRANSCRIPT_02);
    AmiTranscript a = t.withFreshIds();
    AmiTranscript b = t.withFreshIds();
    assertEquals(t.blocks().size(), a.blocks().size());
    Set<String> oldIds = ids(t);
    Set<String> idsA = ids(a);
    Set<String> idsB = ids(b);
    assertEquals(oldIds.size(), idsA.size(), "one new id per old id");
    assertTrue(Collections.disjoint(oldIds, idsA));
    assertTrue(Collections.disjoint(idsA, idsB), "each copy is another call");
    // Linkedid still names the first channel's Uniqueid, in every block, CEL and CDR spellings included.
    List<Map.Entry<String, String>> firstChannel = a.events("Newchannel").get(0);
    String linked = AmiTranscript.value(firstChannel, "Uniqueid");
    assertEquals(linked, AmiTranscript.value(firstChannel, "Linkedid"));
    for (List<Map.Entry<String, String>> block : a.blocks()) {
      String l = AmiTranscript.value(block, "Linkedid");
      if (l != null) {
        assertEquals(linked, l, AmiTranscript.render(block));
      }
    }
    assertTrue(a.events("Cdr").stream().allMatch(cdr -> idsA.contains(AmiTranscript.value(cdr, "UniqueID"))));

    AmiTranscript stamped = AmiTranscript.load("01-login-coresettings-coreshowchannels")
        .rewrite(List.of("Timestamp"), old -> "1.000000");
    assertEquals("1.000000", AmiTranscript.value(stamped.responseFor("ping-1").get(0), "Timestamp"));
  }

  private static Set<String> ids(AmiTranscript t) {
    Set<String> out = new HashSet<>();
    Set<String> keys = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    keys.addAll(AmiTranscript.ID_KEYS);
    for (List<Map.Entry<String, String>> b : t.blocks()) {
      for (Map.Entry<String, String> e : b) {
        if (keys.contains(e.getKey()) && !e.getValue().isEmpty()) {
          out.add(e.getValue());
        }
      }
    }
    return out;
  }

  // ================================================================ helpers

  private static Map<String, String> channel(String name, String uniqueid, String app, String data) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Channel", name);
    m.put("ChannelState", "6");
    m.put("ChannelStateDesc", "Up");
    m.put("CallerIDNum", "13800138000");
    m.put("CallerIDName", "Zhang San");
    m.put("ConnectedLineNum", "<unknown>");
    m.put("ConnectedLineName", "<unknown>");
    m.put("Language", "en");
    m.put("AccountCode", "");
    m.put("Context", "from-pstn");
    m.put("Exten", "8008064888");
    m.put("Priority", "1");
    m.put("Uniqueid", uniqueid);
    m.put("Linkedid", "1795884106.0");
    m.put("Application", app);
    m.put("ApplicationData", data);
    m.put("Duration", "00:00:02");
    m.put("BridgeId", "");
    return m;
  }

  /**
   * Core's {@link Waiting#await}, without a checked exception so that a {@link BooleanSupplier} of
   * {@link #eventually} can wait too: a failed or late future fails the test.
   */
  private static <T> T await(Future<T> f) {
    try {
      return Waiting.await(f);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (Exception e) {
      throw new AssertionError("future did not succeed", e);
    }
  }

  private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for: " + what);
      }
      Thread.sleep(10);
    }
  }

  private static long count(List<ManagerEvent> events, Class<?> type) {
    return events.stream().filter(type::isInstance).count();
  }

  private static <T> T first(List<? extends ManagerEvent> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName()));
  }

  /** A blocking AMI client on a plain socket, for wire-level checks from the test thread. */
  private static final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(5_000);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    }

    void send(String text) throws IOException {
      out.write(text.getBytes(UTF_8));
      out.flush();
    }

    String readLine() throws IOException {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) != -1) {
        buf.write(c);
        if (buf.size() >= 2 && buf.toString(UTF_8).endsWith("\r\n")) {
          String s = buf.toString(UTF_8);
          return s.substring(0, s.length() - 2);
        }
      }
      throw new IOException("closed");
    }

    /** The next block as a map with the exact keys sent. */
    Map<String, String> readBlock() throws IOException {
      Map<String, String> block = new LinkedHashMap<>();
      String line;
      while (!(line = readLine()).isEmpty()) {
        int colon = line.indexOf(": ");
        if (colon < 0) {
          throw new IOException("not a Key: Value line: " + line);
        }
        block.put(line.substring(0, colon), line.substring(colon + 2));
      }
      return block;
    }

    boolean closedByPeer() throws IOException {
      try {
        while (true) {
          if (in.read() == -1) {
            return true;
          }
        }
      } catch (SocketTimeoutException e) {
        return false;
      } catch (SocketException e) {
        return true; // reset
      }
    }

    boolean nothingWithin(int millis) throws IOException {
      socket.setSoTimeout(millis);
      try {
        in.read(); // data or end of stream: something happened
        return false;
      } catch (SocketTimeoutException e) {
        return true;
      } finally {
        socket.setSoTimeout(5_000);
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
