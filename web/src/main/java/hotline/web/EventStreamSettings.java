package hotline.web;

import hotline.config.Config;

/**
 * The limits of {@code GET /api/events}: how often a heartbeat is written (and each stream's token checked again),
 * how many streams one user and the whole node may hold open, and how much each user's replay buffer keeps (the last
 * {@code replayEvents} events, none older than {@code replayMs}); buffers of users without a stream are dropped after
 * {@code replayMs}, and at most {@code maxBufferedUsers} are kept.
 */
public record EventStreamSettings(long heartbeatMs, int maxStreams, int maxStreamsPerUser, int replayEvents, long replayMs,
    int maxBufferedUsers) {

  public static final EventStreamSettings DEFAULTS = new EventStreamSettings(15_000, 2_000, 8, 100, 300_000, 4_000);

  public EventStreamSettings {
    if (heartbeatMs < 1 || maxStreams < 1 || maxStreamsPerUser < 1 || replayEvents < 0 || replayMs < 0) {
      throw new IllegalArgumentException("event stream limits must be positive");
    }
    // Every user with an open stream has a buffer: there is room for them all.
    maxBufferedUsers = Math.max(maxBufferedUsers, maxStreams);
  }

  public static EventStreamSettings from(Config config) {
    EventStreamSettings d = DEFAULTS;
    return new EventStreamSettings(config.longValue("http.event-heartbeat-ms", d.heartbeatMs()),
        config.integer("http.max-event-streams", d.maxStreams()),
        config.integer("http.max-event-streams-per-user", d.maxStreamsPerUser()),
        config.integer("http.event-replay-events", d.replayEvents()),
        config.longValue("http.event-replay-ms", d.replayMs()),
        config.integer("http.event-buffered-users", d.maxBufferedUsers()));
  }
}
