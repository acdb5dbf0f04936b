package hotline.telephony;

import hotline.Addresses;
import hotline.directory.PhoneNumbers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.event.ReceiveFaxEvent;
import org.asteriskjava.manager.event.SendFaxEvent;
import org.asteriskjava.manager.response.ManagerError;

/**
 * Asterisk's side of the fax gateway, over the event bus (the fax gateway never touches AMI): fax results become
 * {@link Addresses#FAX_EVENT} publications; {@link Addresses#FAX_SEND} originates a call to a fax number that
 * continues in the dialplan's SendFAX context.
 * <ul>
 *   <li>{@code ReceiveFAX}: {@code {"type":"receive","status":"SUCCESS","file","pages","remoteStationId","callerId",
 *   "uniqueid"}}</li>
 *   <li>{@code SendFAX}: {@code {"type":"send","status":"SUCCESS","file","pages","remoteStationId"}}</li>
 *   <li>{@code UserEvent HotlineFax}: {@code {"type":"receive"|"send","status","error","pages","file","job",…}}</li>
 *   <li>a failed Originate of a fax job: {@code {"type":"send","status":"FAILED","job","error"}}</li>
 * </ul>
 */
final class FaxBridge {

  static final String ACTION_PREFIX = "hotline-fax-";

  private final Vertx vertx;
  private final PhoneNumbers phones;
  private final String outboundContext;
  private final String sendContext;
  private final String callerId;

  FaxBridge(Vertx vertx, PhoneNumbers phones, String outboundContext, String sendContext, String callerId) {
    this.vertx = vertx;
    this.phones = phones;
    this.outboundContext = outboundContext;
    this.sendContext = sendContext;
    this.callerId = callerId;
  }

  /** On the event loop, for every AMI event: publishes what is about a fax. */
  void handle(ManagerEvent e) {
    JsonObject fax = null;
    if (e instanceof ReceiveFaxEvent r) {
      fax = new JsonObject().put("type", "receive").put("status", "SUCCESS").put("file", r.getFileName())
          .put("pages", r.getPagesTransferred()).put("remoteStationId", r.getRemoteStationId())
          // Asterisk 22 names the caller in the channel's CallerIDNum; older ones (and Asterisk-Java) in CallerID.
          .put("callerId", callerNumber(r.getCallerIdNum(), r.getCallerId())).put("uniqueid", r.getUniqueId());
    } else if (e instanceof SendFaxEvent s) {
      fax = new JsonObject().put("type", "send").put("status", "SUCCESS").put("file", s.getFileName())
          .put("pages", s.getPagesTransferred()).put("remoteStationId", s.getRemoteStationId())
          .put("rate", s.getTransferRate()).put("uniqueid", s.getUniqueId());
    } else if (e instanceof HotlineFaxEvent h) {
      fax = new JsonObject().put("type", "out".equalsIgnoreCase(h.getDirection()) ? "send" : "receive")
          .put("status", h.getStatus()).put("error", h.getError()).put("pages", integer(h.getPages()))
          .put("file", h.getFile()).put("job", h.getJob()).put("remoteStationId", h.getRemoteStationId())
          .put("callerId", callerNumber(h.getCallerId(), h.getCallerIdNum())).put("uniqueid", h.getUniqueId());
    } else if (e instanceof OriginateResponseEvent o && o.getActionId() != null && o.getActionId().startsWith(ACTION_PREFIX)
        && !"Success".equalsIgnoreCase(o.getResponse())) {
      Integer reason = o.getReason();
      String why = reason == null ? "failed" : switch (reason) {
        case 5 -> "busy";
        case 1, 3 -> "no answer";
        default -> "failed (reason " + reason + ")";
      };
      fax = new JsonObject().put("type", "send").put("status", "FAILED").put("job", o.getActionId().substring(ACTION_PREFIX.length()))
          .put("error", "call " + why);
    }
    if (fax != null) {
      vertx.eventBus().publish(Addresses.FAX_EVENT, AmiText.clean(fax));
    }
  }

  /** The first of the values that is a number: Asterisk writes {@code <unknown>} (or nothing) when it has none. */
  static String callerNumber(String... candidates) {
    for (String c : candidates) {
      if (c != null && !c.isBlank() && !c.strip().matches("(?i)<?(unknown|anonymous|restricted|unavailable)>?")) {
        return c.strip();
      }
    }
    return null;
  }

  /**
   * {@link Addresses#FAX_SEND}: {@code {"job","number","file"(as Asterisk sees it),"header"}}; answers when queued,
   * 503 when this node has no AMI link (any more).
   */
  Future<JsonObject> send(AmiLink link, JsonObject body) {
    if (link == null) {
      return Future.failedFuture(new hotline.errors.HotlineException(hotline.errors.ErrorCode.UNAVAILABLE, "unavailable",
          new hotline.errors.Messages.Key("service.ami")));
    }
    String job = body.getString("job");
    String digits = phones.dialable(body.getString("number"));
    String file = body.getString("file");
    if (job == null || digits == null || file == null) {
      return Future.failedFuture(hotline.errors.HotlineException.invalid("invalidValue", "fax", body.getString("number")));
    }
    OriginateAction o = new OriginateAction();
    o.setChannel("Local/" + digits + "@" + outboundContext);
    o.setContext(sendContext);
    o.setExten("s");
    o.setPriority(1);
    o.setCallerId(callerId);
    o.setTimeout(60_000L);
    o.setAsync(true);
    o.setActionId(ACTION_PREFIX + job);
    o.setVariable("HOTLINE_FAX_JOB", job);
    o.setVariable("HOTLINE_FAX_FILE", file);
    if (body.getString("header") != null) {
      o.setVariable("HOTLINE_FAX_HEADER", body.getString("header"));
    }
    return link.send(o, 10_000).compose(r -> r instanceof ManagerError
        ? Future.failedFuture(new hotline.errors.HotlineException(hotline.errors.ErrorCode.UNAVAILABLE, "telephony.refused", AmiText.clean(String.valueOf(r.getMessage()))))
        : Future.succeededFuture(new JsonObject().put("queued", true).put("number", digits)));
  }

  private static Integer integer(String s) {
    try {
      return s == null || s.isBlank() ? null : Integer.valueOf(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
