// The live wallboard (#/wallboard, 实时监控): big tiles to be read from across the room. The phones now (callers waiting,
// the longest wait, agents available / talking / paused by reason / offline), today's calls (offered, answered,
// abandoned, the share answered within 15 s today and this hour, average wait and talk), and the cases (filed today by
// channel, due today, overdue by unit, receipts unconfirmed, callbacks pending). The numbers are the server's
// (GET /api/stats/wallboard), then pushed on the one event stream (the `wallboard` event, asked for while this page
// shows); the longest wait and the clock tick here every second. Thresholds: the longest wait amber past 15 s and red
// past 60 s; a share answered within 15 s below 80 % red. A full-screen button (the Fullscreen API), and
// #/wallboard?tv=1 (no menu or top bar: app.js) for a wall screen that signs in once.
import { h, ref, computed, onMounted, onUnmounted } from '../../vue.js';
import { get } from '../../api.js';
import { t } from '../../i18n.js';
import { onEvent, streamState, wantTopic } from '../../events.js';

/** Without a push for this long (a stream that cannot get through), the page reads the numbers itself. */
const STALE_MS = 30_000;
const WAIT_AMBER = 15;
const WAIT_RED = 60;
const SHARE_RED = 0.8;

/** 75 s as 1:15, an hour and more as 1:02:03. */
function duration(s) {
  if (s == null) return '—';
  const sec = Math.max(0, Math.round(s));
  const hh = Math.floor(sec / 3600);
  const mm = Math.floor((sec % 3600) / 60);
  const ss = String(sec % 60).padStart(2, '0');
  return hh ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

function percent(share) {
  return share == null ? '—' : `${Math.round(share * 1000) / 10}%`;
}

export default {
  props: { me: Object, query: Object },
  setup(props) {
    const board = ref(null);
    const error = ref(null);
    /** When the numbers arrived (this browser's clock): the longest wait grows from there. */
    const receivedAt = ref(0);
    const now = ref(Date.now());
    const full = ref(false);
    const root = ref(null);

    function take(b) {
      board.value = b;
      receivedAt.value = Date.now();
      error.value = null;
    }

    async function load() {
      try {
        take(await get('/api/stats/wallboard'));
      } catch (e) {
        error.value = e.message;
      }
    }

    let stop = null;
    let ticker = null;
    const onFull = () => { full.value = !!document.fullscreenElement; };
    onMounted(() => {
      stop = onEvent('wallboard', take);
      wantTopic('wallboard', true);
      load();
      ticker = setInterval(() => {
        now.value = Date.now();
        if (now.value - receivedAt.value > STALE_MS) {
          receivedAt.value = now.value; // one read at a time
          load();
        }
      }, 1000);
      document.addEventListener('fullscreenchange', onFull);
    });
    onUnmounted(() => {
      if (stop) stop();
      wantTopic('wallboard', false);
      clearInterval(ticker);
      document.removeEventListener('fullscreenchange', onFull);
    });

    function toggleFull() {
      if (document.fullscreenElement) {
        document.exitFullscreen().catch(() => {});
      } else if (root.value && root.value.requestFullscreen) {
        root.value.requestFullscreen().catch(() => {});
      }
    }

    const zone = computed(() => (board.value && board.value.zone) || 'Asia/Shanghai');
    const clock = computed(() => {
      const d = new Date(now.value);
      const time = new Intl.DateTimeFormat('zh-CN', { timeZone: zone.value, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(d);
      const date = new Intl.DateTimeFormat('zh-CN', { timeZone: zone.value, year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }).format(d);
      return { time, date };
    });
    const asOf = computed(() => (board.value ? new Intl.DateTimeFormat('zh-CN', { timeZone: zone.value, hour: '2-digit',
      minute: '2-digit', second: '2-digit', hour12: false }).format(new Date(Date.parse(board.value.asOf))) : ''));
    /** The longest wait as of now: what the server counted plus the seconds since, while anyone waits. */
    const longestWait = computed(() => {
      const p = board.value && board.value.phones;
      if (!p || p.callsWaiting == null) return null;
      if (!p.callsWaiting) return 0;
      return p.longestWaitSeconds + Math.max(0, Math.floor((now.value - receivedAt.value) / 1000));
    });

    /** One tile: a label, a big value, a tone (ok, warn, bad), an optional line or list below. */
    function tile(key, value, opts = {}) {
      return h('div', { class: ['wb-tile', opts.tone, opts.wide ? 'wide' : null], 'data-test': `wb-${key}`,
        'data-value': opts.raw != null ? String(opts.raw) : String(value) }, [
        h('div', { class: 'wb-label' }, t(`wallboard.${key}`)),
        h('div', { class: 'wb-value' }, String(value)),
        opts.sub ? h('div', { class: 'wb-sub' }, opts.sub) : null,
      ]);
    }

    const list = (entries) => h('ul', { class: 'wb-list' }, entries.map(([label, n]) => h('li', { key: label },
      [h('span', { class: 'wb-list-label' }, label), h('span', { class: 'wb-list-n' }, String(n))])));

    function phonesNow(p) {
      if (!p.available || p.link !== 'up') {
        const why = !p.available ? `wallboard.phones.${p.reason || 'absent'}` : `wallboard.phones.link.${p.link}`;
        return [h('div', { class: 'wb-tile wide muted-tile', 'data-test': 'wb-phones-unavailable' }, [
          h('div', { class: 'wb-label' }, t('wallboard.phones.unavailable')),
          h('div', { class: 'wb-why' }, t(why)),
        ])];
      }
      const wait = longestWait.value;
      const reasons = Object.entries(p.pausedByReason || {}).sort((a, b) => b[1] - a[1])
        .map(([r, n]) => [t(`phonebar.reason.${r}`) === `phonebar.reason.${r}` ? r : t(`phonebar.reason.${r}`), n]);
      const a = p.agents || {};
      return [
        tile('waiting', p.callsWaiting, { tone: p.callsWaiting > 0 ? 'warn' : null }),
        tile('longestWait', duration(wait), { raw: wait, tone: wait > WAIT_RED ? 'bad' : wait > WAIT_AMBER ? 'warn' : null }),
        tile('available', a.available, { tone: a.available > 0 ? 'ok' : 'warn' }),
        tile('talking', a.talking),
        tile('paused', a.paused, { sub: reasons.length ? list(reasons) : null }),
        tile('offline', a.offline, { tone: a.offline > 0 ? 'dim' : null }),
      ];
    }

    function callsToday(p) {
      if (!p.available) return [];
      const c = (p.calls && p.calls.today) || {};
      const hr = (p.calls && p.calls.thisHour) || {};
      const shareTone = (s) => (s != null && s < SHARE_RED ? 'bad' : s != null ? 'ok' : null);
      return [
        tile('offered', c.offered),
        tile('answered', c.answered),
        tile('abandoned', c.abandoned, { tone: c.abandoned > 0 ? 'warn' : null }),
        tile('share', percent(c.answeredWithin15sShare), { raw: c.answeredWithin15sShare, tone: shareTone(c.answeredWithin15sShare),
          sub: t('wallboard.shareOf', { n: c.answeredWithin15s ?? 0 }) }),
        tile('shareHour', percent(hr.answeredWithin15sShare), { raw: hr.answeredWithin15sShare, tone: shareTone(hr.answeredWithin15sShare),
          sub: t('wallboard.hourOf', { n: hr.offered ?? 0 }) }),
        h('div', { class: 'wb-tile', 'data-test': 'wb-averages', 'data-value': String(c.averageWaitSeconds ?? '') }, [
          h('div', { class: 'wb-label' }, t('wallboard.averages')),
          h('div', { class: 'wb-pair' }, [
            h('div', null, [h('span', { class: 'wb-pair-label' }, t('wallboard.avgWait')), h('span', { class: 'wb-pair-value' },
              duration(c.averageWaitSeconds))]),
            h('div', null, [h('span', { class: 'wb-pair-label' }, t('wallboard.avgTalk')), h('span', { class: 'wb-pair-value' },
              duration(c.averageTalkSeconds))]),
          ]),
        ]),
      ];
    }

    function cases(b) {
      const c = b.cases;
      const channels = Object.entries(c.filedToday.byChannel || {}).sort((x, y) => y[1] - x[1])
        .map(([ch, n]) => [t(`channel.${ch}`), n]);
      const units = c.overdue.units.map((u) => [u.unitName, u.count]);
      const more = c.overdue.unitsTotal - c.overdue.units.length;
      const cb = b.callbacks || {};
      return [
        tile('filedToday', c.filedToday.total, { sub: channels.length ? list(channels) : null }),
        tile('dueToday', c.dueToday, { tone: c.dueToday > 0 ? 'warn' : null }),
        h('div', { class: ['wb-tile', 'wide', c.overdue.total > 0 ? 'bad' : null], 'data-test': 'wb-overdue',
          'data-value': String(c.overdue.total) }, [
          h('div', { class: 'wb-label' }, t('wallboard.overdue')),
          h('div', { class: 'wb-split' }, [
            h('div', { class: 'wb-value' }, String(c.overdue.total)),
            units.length ? h('div', { class: 'wb-sub' }, [list(units),
              more > 0 ? h('div', { class: 'wb-more' }, t('wallboard.moreUnits', { n: more })) : null]) : null,
          ]),
        ]),
        tile('unconfirmed', c.unconfirmed, { tone: c.unconfirmed > 0 ? 'warn' : null }),
        cb.available ? tile('callbacks', cb.total, { sub: list([[t('wallboard.cb.satisfaction'), (cb.byKind || {}).satisfaction || 0],
          [t('wallboard.cb.receipt'), (cb.byKind || {}).receipt || 0]]) })
          : tile('callbacks', '—', { raw: '', sub: t('wallboard.cb.unavailable'), tone: 'dim' }),
      ];
    }

    const live = computed(() => streamState.value);

    return () => {
      const b = board.value;
      const tv = props.query && props.query.tv === '1';
      return h('div', { class: ['wallboard', tv ? 'tv' : null], ref: root, 'data-test': 'wallboard' }, [
        h('header', { class: 'wb-head' }, [
          h('h1', null, t('wallboard.title')),
          h('span', { class: ['wb-live', live.value], 'data-test': 'wb-stream', 'data-state': live.value },
            t(`wallboard.stream.${live.value}`)),
          b ? h('span', { class: 'wb-asof' }, t('wallboard.asOf', { at: asOf.value })) : null,
          h('span', { class: 'spacer' }),
          h('span', { class: 'wb-date' }, clock.value.date),
          h('span', { class: 'wb-clock', 'data-test': 'wb-clock' }, clock.value.time),
          h('button', { type: 'button', class: 'wb-full', 'data-test': 'wb-fullscreen', onClick: toggleFull },
            t(full.value ? 'wallboard.exitFullscreen' : 'wallboard.fullscreen')),
        ]),
        error.value ? h('p', { class: 'error', 'data-test': 'wb-error' }, error.value) : null,
        !b ? h('p', { class: 'wb-loading' }, t('wallboard.loading')) : [
          h('section', { class: 'wb-row' }, [h('h2', null, t('wallboard.row.phones')), h('div', { class: 'wb-grid' }, phonesNow(b.phones))]),
          b.phones.available ? h('section', { class: 'wb-row' }, [h('h2', null, t('wallboard.row.calls')),
            h('div', { class: 'wb-grid' }, callsToday(b.phones))]) : null,
          h('section', { class: 'wb-row' }, [h('h2', null, t('wallboard.row.cases')), h('div', { class: 'wb-grid' }, cases(b))]),
        ],
      ]);
    };
  },
};
