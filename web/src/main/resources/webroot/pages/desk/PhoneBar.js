// The phone bar at the top of the desk: my extension, my state in the queues (available, paused with a reason, in a
// call), pausing with a reason and unpausing (PUT /api/phone/pause: Asterisk's QueuePause), my talk time and calls
// today, the calls waiting in my queues and the longest wait. GET /api/phone once, then the live `phone` events; the
// clocks tick each second in the page. Shown only to those who take calls (a 403 hides it).
import { h, ref, computed, onMounted, onUnmounted } from '../../vue.js';
import { get, put } from '../../api.js';
import { t } from '../../i18n.js';
import { onEvent } from '../../events.js';

/** 75 → "1:15", 3725 → "1:02:05". */
export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

export default {
  setup() {
    const bar = ref(null);
    const hidden = ref(false);
    const error = ref('');
    const busy = ref(false);
    const reason = ref('');
    const now = ref(Date.now());
    // When the bar was read, and how far the server's clock is from ours (for "paused since").
    let receivedAt = Date.now();
    let skew = 0;

    async function load() {
      try {
        const b = await get('/api/phone');
        accept(b);
        error.value = '';
      } catch (e) {
        if (e.status === 403) {
          hidden.value = true;
        } else {
          error.value = e.message;
        }
      }
    }

    function accept(b) {
      receivedAt = Date.now();
      skew = b.at ? Date.parse(b.at) - receivedAt : 0;
      b.queues.forEach((q) => { q.receivedAt = receivedAt; });
      bar.value = b;
    }

    function onPhone(e) {
      const b = bar.value;
      if (!b) {
        return;
      }
      if (e.type === 'link') {
        if (e.link === 'up') {
          load();
        } else {
          bar.value = { ...b, link: 'down' };
        }
        return;
      }
      if (e.type === 'removed') {
        bar.value = { ...b, queues: b.queues.filter((q) => q.queue !== e.queue) };
        return;
      }
      const before = b.queues.find((q) => q.queue === e.queue);
      if (!before || before.inCall !== e.inCall) {
        // A queue we did not show, or a call began or ended: the talk time changed too.
        load();
        return;
      }
      const q = { ...e, receivedAt: Date.now() };
      bar.value = { ...b, queues: b.queues.map((x) => (x.queue === e.queue ? q : x)) };
    }

    async function setPaused(paused) {
      busy.value = true;
      try {
        accept(await put('/api/phone/pause', paused ? { paused: true, reason: reason.value } : { paused: false }));
        error.value = '';
        if (!paused) {
          reason.value = '';
        }
      } catch (e) {
        error.value = e.message;
      } finally {
        busy.value = false;
      }
    }

    let stops = [];
    let timer = null;
    onMounted(() => {
      stops = [
        onEvent('phone', onPhone),
        onEvent('screenpop', (p) => { if (p.phase === 'answered' || p.phase === 'ended') load(); }),
      ];
      timer = setInterval(() => { now.value = Date.now(); }, 1000);
      load();
    });
    onUnmounted(() => {
      stops.forEach((s) => s());
      clearInterval(timer);
    });

    // What the queues say, taken together: paused in any, in a call in any, the callers waiting in all.
    const state = computed(() => {
      const b = bar.value;
      const queues = b ? b.queues : [];
      const paused = queues.find((q) => q.paused);
      const waiting = queues.reduce((n, q) => n + (q.callsWaiting || 0), 0);
      const longest = queues.reduce((m, q) => (q.callsWaiting > 0
        ? Math.max(m, q.longestWaitSeconds + (now.value - q.receivedAt) / 1000) : m), 0);
      const inCall = !!(b && (b.activeCallSince || queues.some((q) => q.inCall)));
      return { queues, paused, waiting, longest, inCall };
    });

    function reasonText(code) {
      return bar.value && bar.value.reasons.includes(code) ? t(`phonebar.reason.${code}`) : (code || t('phonebar.reason.none'));
    }

    function status() {
      const b = bar.value;
      const s = state.value;
      if (b.link === 'off') {
        return { cls: 'off', text: t('phonebar.off') };
      }
      if (b.link === 'down') {
        return { cls: 'down', text: t('phonebar.linkDown') };
      }
      if (s.inCall) {
        return { cls: 'in-call', text: t('phonebar.inCall') };
      }
      if (s.paused) {
        const since = s.paused.pausedSince ? Date.parse(s.paused.pausedSince) : null;
        const text = t('phonebar.paused', { reason: reasonText(s.paused.pausedReason) });
        return { cls: 'paused', text, since: since ? clock((now.value + skew - since) / 1000) : null };
      }
      if (s.queues.length === 0) {
        return { cls: 'no-queue', text: t('phonebar.notInQueue') };
      }
      return { cls: 'available', text: t('phonebar.available') };
    }

    function controls() {
      const b = bar.value;
      if (!b.hasPhone || b.link !== 'up' || state.value.queues.length === 0) {
        return null;
      }
      if (state.value.paused) {
        return h('button', { type: 'button', class: 'primary', 'data-test': 'phonebar-unpause', disabled: busy.value,
          onClick: () => setPaused(false) }, t('phonebar.unpause'));
      }
      return h('span', { class: 'pause' }, [
        h('select', { 'data-test': 'phonebar-reason', 'aria-label': t('phonebar.chooseReason'), value: reason.value,
          onChange: (e) => { reason.value = e.target.value; } }, [
          h('option', { value: '', disabled: true }, t('phonebar.chooseReason')),
          ...b.reasons.map((r) => h('option', { key: r, value: r }, t(`phonebar.reason.${r}`))),
        ]),
        h('button', { type: 'button', 'data-test': 'phonebar-pause', disabled: busy.value || !reason.value,
          onClick: () => setPaused(true) }, t('phonebar.pause')),
      ]);
    }

    return () => {
      if (hidden.value || (!bar.value && !error.value)) {
        return null;
      }
      const b = bar.value;
      if (!b) {
        return h('section', { class: 'card phonebar', 'data-test': 'phonebar' },
          [h('p', { class: 'error', role: 'alert', 'data-test': 'phonebar-error' }, error.value)]);
      }
      const s = state.value;
      const st = status();
      const talk = b.talkSecondsToday + (b.activeCallSince ? (now.value - receivedAt) / 1000 : 0);
      return h('section', { class: `card phonebar ${st.cls}`, 'data-test': 'phonebar', 'data-state': st.cls }, [
        h('div', { class: 'phonebar-row' }, [
          h('span', { class: 'field' }, [
            h('span', { class: 'label' }, t('phonebar.extension')),
            h('strong', { class: 'mono', 'data-test': 'phonebar-extension' }, b.extension || (b.hasPhone ? b.interface : '—')),
          ]),
          h('span', { class: `state ${st.cls}`, 'data-test': 'phonebar-state', role: 'status' }, [
            h('span', { class: 'dot' }),
            st.text,
            st.since ? h('span', { class: 'since mono', 'data-test': 'phonebar-paused-for' }, ` ${st.since}`) : null,
          ]),
          controls(),
          h('span', { class: 'spacer' }),
          h('span', { class: 'field' }, [
            h('span', { class: 'label' }, t('phonebar.talkToday')),
            h('strong', { class: 'mono', 'data-test': 'phonebar-talk' }, clock(talk)),
            h('span', { class: 'muted', 'data-test': 'phonebar-calls' }, t('phonebar.callsToday', { n: b.callsToday })),
          ]),
          h('span', { class: `field waiting ${s.waiting > 0 ? 'some' : ''}` }, [
            h('span', { class: 'label' }, t('phonebar.waiting')),
            h('strong', { 'data-test': 'phonebar-waiting', 'data-count': s.waiting }, t('phonebar.waitingCalls', { n: s.waiting })),
            h('span', { class: 'muted', 'data-test': 'phonebar-longest' },
              s.waiting > 0 ? t('phonebar.longest', { time: clock(s.longest) }) : ''),
          ]),
        ]),
        !b.hasPhone ? h('p', { class: 'muted', 'data-test': 'phonebar-nophone' }, t('phonebar.noPhone')) : null,
        error.value ? h('p', { class: 'error', role: 'alert', 'data-test': 'phonebar-error' }, error.value) : null,
      ]);
    };
  },
};
