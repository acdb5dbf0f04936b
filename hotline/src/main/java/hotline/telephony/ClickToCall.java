package hotline.telephony;

import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.response.ManagerError;

/**
 * Click-to-call: Asterisk rings the agent's own phone first; when the agent answers, it dials the number from the
 * outbound context. The call is then logged like any other. Only the node holding the AMI link places it.
 */
final class ClickToCall {

  private final CallLog log;
  private final String agentsContext;
  private final String outboundContext;
  private final String callerId;

  ClickToCall(CallLog log, TelephonySettings settings, CallbackSettings callbackSettings) {
    this.log = log;
    this.agentsContext = settings.agentsContext();
    this.outboundContext = callbackSettings.outboundContext();
    this.callerId = callbackSettings.callerId();
  }

  /**
   * Rings the agent's phone, then {@code digits} (digits only: the web layer made them so). 503 while the link is
   * down, 422 when the agent has no phone; answers once Asterisk has queued the call.
   */
  Future<JsonObject> dial(AmiLink link, Principal agent, String digits, Long caseId) {
    if (link == null || link.state() != AmiLink.State.CONNECTED) {
      return Future.failedFuture(new HotlineException(ErrorCode.UNAVAILABLE, "unavailable", new hotline.errors.Messages.Key("service.ami")));
    }
    return log.agentChannel(agent.id(), agentsContext).compose(channel -> {
      if (channel == null) {
        return Future.failedFuture(new HotlineException(ErrorCode.UNPROCESSABLE, "telephony.noPhone"));
      }
      return link.send(originate(channel, agent, digits, caseId), 10_000).compose(r -> r instanceof ManagerError
          ? Future.failedFuture(new HotlineException(ErrorCode.UNAVAILABLE, "telephony.refused", AmiText.clean(String.valueOf(r.getMessage()))))
          : Future.succeededFuture(new JsonObject().put("status", "ringing-agent").put("agentChannel", channel)
              .put("number", digits)));
    });
  }

  private OriginateAction originate(String agentChannel, Principal agent, String digits, Long caseId) {
    OriginateAction o = new OriginateAction();
    o.setChannel(agentChannel);
    o.setContext(outboundContext);
    o.setExten(digits);
    o.setPriority(1);
    o.setCallerId(callerId);
    o.setTimeout(30_000L);
    o.setAsync(true);
    o.setVariable("HOTLINE_AGENT", String.valueOf(agent.id()));
    if (caseId != null) {
      o.setVariable("HOTLINE_CASE", String.valueOf(caseId));
    }
    return o;
  }
}
