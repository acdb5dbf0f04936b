package hotline.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.OriginateFailureEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.event.OriginateSuccessEvent;
import org.asteriskjava.manager.event.VarSetEvent;
import org.junit.jupiter.api.Test;

/** The event table matches as the {@code instanceof} chain it replaces did. */
class EventHandlersTest {

  @Test
  @SuppressWarnings("deprecation") // Originate{Success,Failure}Event: old Asterisk's, and the subclasses to match
  void anEventGoesToTheHandlerOfItsClassOrOfItsNearestSuperclass() {
    List<String> seen = new ArrayList<>();
    EventHandlers handlers = new EventHandlers()
        .on(NewChannelEvent.class, e -> seen.add("new channel " + e.getUniqueId()))
        .on(OriginateResponseEvent.class, e -> seen.add("originate " + e.getClass().getSimpleName()))
        .on(HangupEvent.class, e -> seen.add("hangup"));
    NewChannelEvent n = new NewChannelEvent(this);
    n.setUniqueId("1.1");
    handlers.handle(n);
    handlers.handle(new OriginateResponseEvent(this));
    handlers.handle(new OriginateSuccessEvent(this));
    handlers.handle(new OriginateFailureEvent(this));
    handlers.handle(new VarSetEvent(this));
    handlers.handle(new HangupEvent(this));
    handlers.handle(new OriginateSuccessEvent(this));
    assertEquals(List.of("new channel 1.1", "originate OriginateResponseEvent", "originate OriginateSuccessEvent",
        "originate OriginateFailureEvent", "hangup", "originate OriginateSuccessEvent"), seen);
  }
}
