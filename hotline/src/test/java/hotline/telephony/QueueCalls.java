package hotline.telephony;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hotline queue calls for the fake AMI peer, built from the recorded Asterisk 22 call (transcript 02) with fresh
 * channel ids and the caller's number of the test's choosing. Test-only.
 *
 * <p>{@link #abandoned} is a caller who hangs up while waiting in the queue, before any agent rings. Nobody recorded
 * that call, so its end is written from the recorded blocks of the same channels and from what {@code apps/app_queue.c}
 * of Asterisk 22 publishes when the caller's channel hangs up in the wait loop: the caller's phone hangs up
 * ({@code HangupRequest} on ;1, which the Local channel passes on as {@code SoftHangupRequest} on ;2), the music on
 * hold stops, {@code record_abandoned()} publishes {@code QueueCallerAbandon} (the channel snapshot, then
 * {@code Queue}, {@code Position}, {@code OriginalPosition}, {@code HoldTime}: seconds since joining), then
 * {@code leave_queue()} publishes {@code QueueCallerLeave} ({@code Queue}, {@code Position}, {@code Count}); then each
 * channel's CDR (answered by the dialplan's {@code Answer()}, last application {@code Queue}) and its {@code Hangup}
 * ({@code Cause: 16}, Normal Clearing), as transcript 02 ends its channels.
 */
public final class QueueCalls {

  /** The number transcript 02's caller has. */
  public static final String RECORDED_NUMBER = "13800138000";
  private static final List<String> NUMBER_KEYS = List.of("CallerIDNum", "ConnectedLineNum", "DestCallerIDNum",
      "DestConnectedLineNum", "LocalOneCallerIDNum", "LocalOneConnectedLineNum", "LocalTwoCallerIDNum", "LocalTwoConnectedLineNum");
  /** The channel snapshot fields Asterisk 22 writes first in a channel event (ast_manager_build_channel_state_string). */
  private static final List<String> SNAPSHOT = List.of("Channel", "ChannelState", "ChannelStateDesc", "CallerIDNum",
      "CallerIDName", "ConnectedLineNum", "ConnectedLineName", "Language", "AccountCode", "Context", "Exten", "Priority",
      "Uniqueid", "Linkedid");
  private static final DateTimeFormatter CDR_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private QueueCalls() {
  }

  /** The recorded call, answered by agent1 (Local/agent1@agents), from {@code number}, as a fresh call. */
  public static AmiTranscript answered(String number) {
    return fromNumber(AmiTranscript.load("02-inbound-hotline-queue-agent").withFreshIds(), number);
  }

  /** The Linkedid of the call (every event of it carries it). */
  public static String linkedid(AmiTranscript call) {
    return AmiTranscript.value(call.events("Newchannel").get(0), "Linkedid");
  }

  /** A call from {@code number} that waits {@code holdSeconds} in the hotline queue and hangs up there. */
  public static AmiTranscript abandoned(String number, int holdSeconds) {
    AmiTranscript recorded = answered(number);
    List<List<Map.Entry<String, String>>> events = recorded.events();
    List<List<Map.Entry<String, String>>> out = new ArrayList<>();
    List<Map.Entry<String, String>> join = null;
    List<Map.Entry<String, String>> callerPhone = null;
    for (List<Map.Entry<String, String>> e : events) {
      out.add(e);
      String name = AmiTranscript.value(e, "Event");
      String channel = AmiTranscript.value(e, "Channel");
      if (channel != null && channel.endsWith(";1") && AmiTranscript.has(e, "ChannelState")) {
        callerPhone = e;
      }
      if ("QueueCallerJoin".equals(name)) {
        join = e;
      }
      // Waiting with music on hold: the caller is in the queue and no agent rings yet.
      if (join != null && "MusicOnHoldStart".equals(name)) {
        break;
      }
    }
    if (join == null || callerPhone == null) {
      throw new IllegalStateException("transcript 02 has no queue join");
    }
    List<Map.Entry<String, String>> queued = snapshot(join);
    List<Map.Entry<String, String>> phone = snapshot(callerPhone);
    String now = LocalDateTime.now(ZoneOffset.UTC).format(CDR_TIME);
    String started = LocalDateTime.now(ZoneOffset.UTC).minusSeconds(holdSeconds).format(CDR_TIME);
    out.add(event("HangupRequest", "call,all", phone, "Cause", "16"));
    out.add(event("SoftHangupRequest", "call,all", queued, "Cause", "16"));
    out.add(event("MusicOnHoldStop", "call,all", queued));
    out.add(event("QueueCallerAbandon", "agent,all", queued, "Queue", "hotline", "Position", "1", "OriginalPosition", "1",
        "HoldTime", String.valueOf(holdSeconds)));
    out.add(event("QueueCallerLeave", "agent,all", queued, "Queue", "hotline", "Position", "1", "Count", "0"));
    out.add(cdr(number, queued, "Queue", "hotline,t,,,60", started, now, holdSeconds, "hotline"));
    out.add(event("Hangup", "call,all", queued, "Cause", "16", "Cause-txt", "Normal Clearing"));
    out.add(cdr(number, phone, "Wait", "30", started, now, holdSeconds, ""));
    out.add(event("Hangup", "call,all", phone, "Cause", "16", "Cause-txt", "Normal Clearing"));
    StringBuilder raw = new StringBuilder();
    out.forEach(b -> raw.append(AmiTranscript.render(b)));
    return AmiTranscript.parse(raw.toString());
  }

  private static AmiTranscript fromNumber(AmiTranscript t, String number) {
    return t.rewrite(NUMBER_KEYS, v -> v.equals(RECORDED_NUMBER) ? number : v);
  }

  private static List<Map.Entry<String, String>> snapshot(List<Map.Entry<String, String>> block) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (String key : SNAPSHOT) {
      String v = AmiTranscript.value(block, key);
      out.add(Map.entry(key, v == null ? "" : v));
    }
    return out;
  }

  private static List<Map.Entry<String, String>> event(String name, String privilege, List<Map.Entry<String, String>> snapshot,
      String... more) {
    List<Map.Entry<String, String>> b = new ArrayList<>();
    b.add(Map.entry("Event", name));
    b.add(Map.entry("Privilege", privilege));
    b.addAll(snapshot);
    b.addAll(AmiTranscript.block(more));
    return b;
  }

  private static List<Map.Entry<String, String>> cdr(String number, List<Map.Entry<String, String>> channel, String app,
      String data, String start, String end, int seconds, String userField) {
    return AmiTranscript.block("Event", "Cdr", "Privilege", "cdr,all", "AccountCode", "", "Source", number,
        "Destination", AmiTranscript.value(channel, "Exten"), "DestinationContext", AmiTranscript.value(channel, "Context"),
        "CallerID", "\"Zhang San\" <" + number + ">", "Channel", AmiTranscript.value(channel, "Channel"),
        "DestinationChannel", "", "LastApplication", app, "LastData", data, "StartTime", start, "AnswerTime", start,
        "EndTime", end, "Duration", String.valueOf(seconds), "BillableSeconds", String.valueOf(seconds),
        "Disposition", "ANSWERED", "AMAFlags", "DOCUMENTATION", "UniqueID", AmiTranscript.value(channel, "Uniqueid"),
        "UserField", userField);
  }
}
