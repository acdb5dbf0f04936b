// The one EventSource of the console: GET /api/events, this user's live stream (screen pops, case changes, their phone bar). The
// browser reconnects by itself and sends Last-Event-ID, so nothing that happened meanwhile is missed.
const listeners = {};
let source = null;

export function connectEvents() {
  if (source || typeof EventSource === 'undefined') {
    return;
  }
  source = new EventSource('/api/events', { withCredentials: true });
  for (const name of ['screenpop', 'case', 'phone']) {
    source.addEventListener(name, (e) => {
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

export function disconnectEvents() {
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
