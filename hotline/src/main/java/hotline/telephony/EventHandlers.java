package hotline.telephony;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.asteriskjava.manager.event.ManagerEvent;

/**
 * Handlers of AMI events by event class, in place of an {@code instanceof} chain (Java 17 has no pattern-matching
 * {@code switch}). An event goes to the handler of its class or, as {@code instanceof} would match it, of its nearest
 * superclass that has one (Asterisk-Java's OriginateSuccessEvent is an OriginateResponseEvent); other events are
 * dropped. Register only types that do not extend one another. Not thread-safe: one event loop uses it.
 */
final class EventHandlers {

  private static final Consumer<ManagerEvent> NONE = e -> { };

  private final Map<Class<?>, Consumer<ManagerEvent>> byType = new HashMap<>();
  /** Every event class seen so far, with the handler it resolved to ({@link #NONE} if none). */
  private final Map<Class<?>, Consumer<ManagerEvent>> byClass = new HashMap<>();

  <E extends ManagerEvent> EventHandlers on(Class<E> type, Consumer<E> handler) {
    byType.put(type, e -> handler.accept(type.cast(e)));
    byClass.clear();
    return this;
  }

  void handle(ManagerEvent e) {
    byClass.computeIfAbsent(e.getClass(), this::resolve).accept(e);
  }

  private Consumer<ManagerEvent> resolve(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getSuperclass()) {
      Consumer<ManagerEvent> h = byType.get(t);
      if (h != null) {
        return h;
      }
    }
    return NONE;
  }
}
