// The one EventSource of the console: GET /api/events, this user's live stream (screen pops, case changes, their phone bar). The
// browser reconnects by itself and sends Last-Event-ID, so nothing that happened meanwhile is missed.
import { ref } from './vue.js';

const listeners = {};
let source = null;
/** What the stream is doing, for a page to show: 'connecting', 'open', 'reconnecting' (dropped, retrying) or 'closed'. */
export const streamState = ref('closed');
/** Further events asked of the server (?topics=…): e.g. 'wallboard' while the wallboard shows. */
const topics = new Set();
let retry = null;
/** The id of the last event seen: a new EventSource (after a refusal) asks the server to replay from it. */
let lastId = null;
let onClosed = () => {};

/** f runs when the server refused the stream (the browser does not retry then): e.g. to check the session. */
export function whenStreamClosed(f) {
  onClosed = f;
}

export function connectEvents() {
  if (source || typeof EventSource === 'undefined') {
    return;
  }
  const params = new URLSearchParams();
  if (lastId) {
    params.set('lastEventId', lastId);
  }
  if (topics.size) {
    params.set('topics', [...topics].sort().join(','));
  }
  source = new EventSource(params.toString() ? `/api/events?${params}` : '/api/events', { withCredentials: true });
  const mine = source;
  streamState.value = 'connecting';
  source.addEventListener('open', () => {
    if (source === mine) {
      streamState.value = 'open';
    }
  });
  source.addEventListener('error', () => {
    if (source === mine && mine.readyState === EventSource.CONNECTING) {
      streamState.value = 'reconnecting';
    }
    // A network drop reconnects by itself (CONNECTING); a refusal (401, 429, 503) closes the stream for good.
    if (mine.readyState === EventSource.CLOSED && source === mine) {
      source = null;
      streamState.value = 'reconnecting';
      onClosed();
      retry = setTimeout(() => { retry = null; connectEvents(); }, 5000);
    }
  });
  for (const name of ['screenpop', 'case', 'call', 'phone', 'wallboard']) {
    source.addEventListener(name, (e) => {
      if (e.lastEventId) {
        lastId = e.lastEventId;
      }
      let data = null;
      try {
        data = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      (listeners[name] || []).forEach((f) => f(data));
    });
  }
}

/** Signing out: the next user's stream starts from now. */
export function forgetEvents() {
  lastId = null;
}

export function disconnectEvents() {
  if (retry) {
    clearTimeout(retry);
    retry = null;
  }
  if (source) {
    source.close();
    source = null;
  }
  streamState.value = 'closed';
}

/**
 * Asks the server for a further kind of events (on) or no more (off), e.g. 'wallboard': the stream is opened again with
 * them, from the last event seen, so nothing is missed meanwhile.
 */
export function wantTopic(name, on) {
  if (on === topics.has(name)) {
    return;
  }
  if (on) {
    topics.add(name);
  } else {
    topics.delete(name);
  }
  if (source || retry) {
    disconnectEvents();
    connectEvents();
  }
}

/** Calls f with each event of this name; answers a function that stops it. */
export function onEvent(name, f) {
  (listeners[name] = listeners[name] || []).push(f);
  return () => {
    listeners[name] = (listeners[name] || []).filter((g) => g !== f);
  };
}
