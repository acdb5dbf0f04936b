// The one EventSource of the console: GET /api/events, this user's live stream (screen pops, case changes, their phone bar). The
// browser reconnects by itself and sends Last-Event-ID, so nothing that happened meanwhile is missed.
const listeners = {};
let source = null;
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
  source = new EventSource(lastId ? `/api/events?lastEventId=${encodeURIComponent(lastId)}` : '/api/events',
    { withCredentials: true });
  const mine = source;
  source.addEventListener('error', () => {
    // A network drop reconnects by itself (CONNECTING); a refusal (401, 429, 503) closes the stream for good.
    if (mine.readyState === EventSource.CLOSED && source === mine) {
      source = null;
      onClosed();
      retry = setTimeout(() => { retry = null; connectEvents(); }, 5000);
    }
  });
  for (const name of ['screenpop', 'case', 'call', 'phone']) {
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
}

/** Calls f with each event of this name; answers a function that stops it. */
export function onEvent(name, f) {
  (listeners[name] = listeners[name] || []).push(f);
  return () => {
    listeners[name] = (listeners[name] || []).filter((g) => g !== f);
  };
}
