// The gateways (#/admin/gateways): state cards for the database, the AMI link, the mailbox, the fax spool and the
// outbox (from GET /health and GET /api/outbox/summary), the outbox with its filters and a retry on what was given up,
// and the mail log with its outcome filter. A refresh button, and a quiet refresh every 30 seconds while it is open.
// What each user sees is what the API gives them: an admin's report rows come masked.
import { h, ref, computed, onMounted, onUnmounted } from '../../vue.js';
import { get, post } from '../../api.js';
import { t } from '../../i18n.js';
import { href } from '../../router.js';

const PAGE_SIZE = 50;
const OUTBOX_STATUSES = ['failed', 'pending', 'sending', 'sent'];
const CHANNELS = ['email', 'fax', 'phone'];
const OUTCOMES = ['case', 'duplicate', 'receipt', 'feedback', 'bounce', 'fax', 'ignored', 'quarantined'];
const REFRESH_MS = 30000;

const when = (iso) => (iso ? iso.replace('T', ' ').slice(0, 16) : '—');
/** A long error in a card: its start, the whole of it on hover. */
const ERROR_CHARS = 110;
const shortError = (e) => (e.length > ERROR_CHARS ? `${e.slice(0, ERROR_CHARS)}…` : e);

/** good / warn / bad / off: the colour of a state card. */
function amiTone(tel) {
  if (!tel || !tel.enabled) {
    return 'off';
  }
  if (tel.role === 'standby') {
    return 'good';
  }
  const state = tel.ami && tel.ami.state;
  return state === 'connected' ? 'good' : state === 'connecting' || state === 'reconnecting' ? 'warn' : 'bad';
}

function mailTone(mail) {
  if (!mail || !mail.enabled) {
    return 'off';
  }
  const inbound = mail.inbound && mail.inbound.state;
  if (inbound === 'retrying' || (mail.inbound && mail.inbound.lastError) || (mail.outbound && mail.outbound.lastError)) {
    return 'warn';
  }
  return 'good';
}

function faxTone(fax) {
  if (!fax || !fax.spool) {
    return 'off';
  }
  return fax.outbound && fax.outbound.lastError ? 'warn' : 'good';
}

export default {
  props: { me: Object },
  setup(props) {
    const roles = computed(() => props.me.roles || []);
    const mayRetry = computed(() => roles.value.includes('admin') || roles.value.includes('supervisor'));

    const health = ref(null);
    const summary = ref(null);
    const outbox = ref([]);
    const outboxTotal = ref(0);
    const outboxPage = ref(1);
    const status = ref('');
    const channel = ref('');
    const mail = ref([]);
    const mailTotal = ref(0);
    const mailPage = ref(1);
    const outcome = ref('');
    const mailError = ref(null);
    const error = ref(null);
    const notice = ref(null);
    const busy = ref({});
    const refreshedAt = ref(null);

    async function loadHealth() {
      // /health answers 503 with its body when the database is down: still the state to show.
      try {
        health.value = await get('/health');
      } catch (e) {
        health.value = { status: 'down', database: { status: 'down' } };
      }
    }

    async function loadOutbox() {
      const q = new URLSearchParams({ page: String(outboxPage.value), size: String(PAGE_SIZE) });
      if (status.value) {
        q.set('status', status.value);
      }
      if (channel.value) {
        q.set('channel', channel.value);
      }
      const [s, list] = await Promise.all([get('/api/outbox/summary'), get(`/api/outbox?${q}`)]);
      summary.value = s;
      outbox.value = list.items;
      outboxTotal.value = list.total;
    }

    async function loadMail() {
      const q = new URLSearchParams({ page: String(mailPage.value), size: String(PAGE_SIZE) });
      if (outcome.value) {
        q.set('outcome', outcome.value);
      }
      try {
        const r = await get(`/api/mail/messages?${q}`);
        mail.value = r.items;
        mailTotal.value = r.total;
        mailError.value = null;
      } catch (e) {
        // 503: no node runs the mail gateway.
        mail.value = [];
        mailTotal.value = 0;
        mailError.value = e.message;
      }
    }

    async function load() {
      try {
        await Promise.all([loadHealth(), loadOutbox(), loadMail()]);
        error.value = null;
        refreshedAt.value = new Date();
      } catch (e) {
        error.value = e.message;
      }
    }

    async function retry(row) {
      busy.value = { ...busy.value, [row.id]: true };
      notice.value = null;
      try {
        await post(`/api/outbox/${row.id}/retry`);
        notice.value = t('gateways.retried', { id: row.id });
        await loadOutbox();
      } catch (e) {
        error.value = e.message;
      } finally {
        busy.value = { ...busy.value, [row.id]: false };
      }
    }

    let timer = null;
    onMounted(() => {
      load();
      timer = setInterval(() => { load(); }, REFRESH_MS);
    });
    onUnmounted(() => clearInterval(timer));

    function stateCard(name, tone, stateText, lines) {
      return h('div', { key: name, class: `state-card ${tone}`, 'data-test': `state-${name}`, 'data-tone': tone }, [
        h('div', { class: 'state-title' }, t(`gateways.card.${name}`)),
        h('div', { class: 'state-value', 'data-test': 'state-value' }, stateText),
        h('ul', { class: 'state-lines small' }, lines.filter(Boolean).map((l, i) => (typeof l === 'object' && l.error
          ? h('li', { key: i, class: 'state-error', title: l.error }, t('gateways.lastError', { error: shortError(l.error) }))
          : h('li', { key: i }, l)))),
      ]);
    }

    function cards() {
      const hl = health.value;
      if (!hl) {
        return null;
      }
      const db = hl.database || {};
      const tel = hl.telephony || {};
      const ml = hl.mail || {};
      const fx = hl.fax || {};
      const total = summary.value ? summary.value.total : null;
      const ami = tel.ami || {};
      const amiText = !tel.enabled ? t('gateways.off') : tel.role === 'standby' ? t('gateways.standby')
        : t(`gateways.ami.${ami.state || 'stopped'}`);
      const inbound = (ml.inbound && ml.inbound.state) || 'off';
      const outbound = (ml.outbound && ml.outbound.state) || 'off';
      return h('div', { class: 'state-cards', 'data-test': 'state-cards' }, [
        stateCard('database', db.status === 'up' ? 'good' : 'bad', t(db.status === 'up' ? 'gateways.up' : 'gateways.down'), [
          db.latencyMs != null ? t('gateways.latency', { ms: db.latencyMs }) : null,
          hl.calendarYears ? t('gateways.calendarYears', { years: hl.calendarYears.join('、') }) : null,
        ]),
        stateCard('ami', amiTone(tel), amiText, tel.enabled ? [
          t('gateways.role', { role: t(`gateways.roleName.${tel.role || 'off'}`) }),
          tel.queues ? t('gateways.queues', { queues: tel.queues.queues, members: tel.queues.members, waiting: tel.queues.callersWaiting }) : null,
          t('gateways.activeCalls', { n: tel.activeCalls || 0 }),
          ami.eventsReceived != null ? t('gateways.events', { received: ami.eventsReceived, dropped: ami.eventsDropped || 0 }) : null,
        ] : [t('gateways.amiOffHint')]),
        stateCard('mail', mailTone(ml), !ml.enabled ? t('gateways.off') : inbound === 'off' ? t('gateways.mailOutOnly')
          : t(`gateways.mailState.${inbound}`), ml.enabled ? [
          t('gateways.inbound', { state: t(`gateways.mailState.${inbound}`) }),
          ml.inbound && ml.inbound.read != null ? t('gateways.mailCounts', { read: ml.inbound.read, processed: ml.inbound.processed, quarantined: ml.inbound.quarantined }) : null,
          t('gateways.outbound', { state: t(`gateways.mailState.${outbound}`) }),
          ml.outbound && ml.outbound.sent != null ? t('gateways.sentCounts', { sent: ml.outbound.sent, failed: ml.outbound.failedAttempts }) : null,
          ml.inbound && ml.inbound.lastError ? { error: ml.inbound.lastError } : null,
          ml.outbound && ml.outbound.lastError ? { error: ml.outbound.lastError } : null,
        ] : [t('gateways.mailOffHint')]),
        stateCard('fax', faxTone(fx), t(fx.spool ? 'gateways.on' : 'gateways.off'), fx.spool ? [
          t(fx.filingFromSpool ? 'gateways.faxFiling' : 'gateways.faxStandby'),
          t(fx.ocr ? 'gateways.ocrOn' : 'gateways.ocrOff'),
          fx.outbound ? t('gateways.faxOut', { sent: fx.outbound.sent, failed: fx.outbound.failedAttempts, waiting: fx.outbound.waiting }) : null,
          fx.outbound && fx.outbound.lastError ? { error: fx.outbound.lastError } : null,
        ] : [t('gateways.faxOffHint')]),
        total ? stateCard('outbox', total.failed > 0 ? 'bad' : total.pending + total.sending > 0 ? 'warn' : 'good',
          total.failed > 0 ? t('gateways.failedN', { n: total.failed }) : t('gateways.waitingN', { n: total.pending + total.sending }), [
            t('gateways.outboxCounts', { pending: total.pending, sending: total.sending, sent: total.sent, failed: total.failed }),
            ...CHANNELS.filter((c) => summary.value.channels[c] && summary.value.channels[c].oldestWaitingSince)
              .map((c) => t('gateways.oldestWaiting', { channel: t(`gateways.channel.${c}`), at: when(summary.value.channels[c].oldestWaitingSince) })),
          ]) : null,
      ]);
    }

    function select(name, value, options, prefix, onPick) {
      return h('label', { class: 'filter' }, [t(`gateways.filter.${name}`), h('select', {
        'data-test': `filter-${name}`, value: value.value,
        onChange: (e) => { value.value = e.target.value; onPick(); },
      }, [h('option', { value: '', selected: value.value === '' }, t('gateways.all')),
        ...options.map((o) => h('option', { key: o, value: o, selected: value.value === o }, t(`${prefix}.${o}`)))])]);
    }

    function pager(total, page, reload) {
      return total.value > PAGE_SIZE ? h('div', { class: 'pager' }, [
        h('button', { disabled: page.value <= 1, onClick: () => { page.value -= 1; reload(); } }, t('pager.previous')),
        h('span', null, t('pager.page', { page: page.value, pages: Math.ceil(total.value / PAGE_SIZE) })),
        h('button', { disabled: page.value * PAGE_SIZE >= total.value, onClick: () => { page.value += 1; reload(); } }, t('pager.next')),
      ]) : null;
    }

    function outboxRow(o) {
      const last = o.attemptLog && o.attemptLog.length ? o.attemptLog[o.attemptLog.length - 1] : null;
      return h('tr', { key: o.id, 'data-test': 'outbox-row', 'data-id': o.id, 'data-status': o.status, class: o.status }, [
        h('td', { class: 'mono' }, String(o.id)),
        h('td', null, t(`gateways.channel.${o.channel}`)),
        h('td', null, t(`gateways.kind.${o.kind}`)),
        h('td', { class: 'nowrap' }, o.caseId ? h('a', { class: 'mono', href: href(`/cases/${o.caseId}`) }, o.number || `#${o.caseId}`) : '—'),
        h('td', { class: 'recipient' }, o.masked
          ? h('span', { class: 'masked', title: t('gateways.maskedTitle'), 'data-test': 'masked' }, t('gateways.masked'))
          : [o.recipientName ? `${o.recipientName} ` : '', h('span', { class: 'muted mono' }, o.recipient || '')]),
        h('td', null, h('span', { class: `status-tag ${o.status}`, 'data-test': 'outbox-status' }, t(`gateways.status.${o.status}`))),
        h('td', { class: 'nowrap' }, String(o.attempts)),
        h('td', { class: 'nowrap small', 'data-test': 'outbox-when' }, o.status === 'sent' ? t('gateways.sentAt', { at: when(o.sentAt) })
          : o.status === 'failed' ? (last ? t('gateways.lastTried', { at: when(last.at) }) : '—')
            : t('gateways.nextAt', { at: when(o.nextAttemptAt) })),
        h('td', { class: 'error-cell small' }, o.lastError || (last && last.detail) || ''),
        h('td', { class: 'nowrap' }, o.status === 'failed' && mayRetry.value ? h('button', {
          type: 'button', class: 'small', 'data-test': 'retry', disabled: !!busy.value[o.id], onClick: () => retry(o),
        }, t('gateways.retry')) : null),
      ]);
    }

    function mailRow(m) {
      return h('tr', { key: m.id, 'data-test': 'mail-row', 'data-outcome': m.outcome }, [
        h('td', { class: 'nowrap mono small' }, when(m.at)),
        h('td', null, h('span', { class: `outcome-tag ${m.outcome}` }, t(`gateways.outcome.${m.outcome}`))),
        h('td', { class: 'nowrap' }, m.caseId ? h('a', { class: 'mono', href: href(`/cases/${m.caseId}`) }, m.number || `#${m.caseId}`) : '—'),
        h('td', { class: 'small' }, m.folder || ''),
        h('td', { class: 'small note' }, m.note || ''),
      ]);
    }

    return () => h('div', { class: 'gateways', 'data-test': 'gateways' }, [
      h('section', { class: 'card' }, [
        h('div', { class: 'section-head' }, [
          h('h2', null, t('gateways.title')),
          h('span', { class: 'spacer' }),
          refreshedAt.value ? h('span', { class: 'muted small', 'data-test': 'refreshed' },
            t('gateways.refreshedAt', { time: refreshedAt.value.toTimeString().slice(0, 8) })) : null,
          h('button', { type: 'button', class: 'small', 'data-test': 'refresh', onClick: load }, t('gateways.refresh')),
        ]),
        error.value ? h('p', { class: 'error', role: 'alert', 'data-test': 'gateways-error' }, error.value) : null,
        cards(),
      ]),
      h('section', { class: 'card', 'data-test': 'outbox' }, [
        h('div', { class: 'section-head wrap' }, [
          h('h2', null, t('gateways.outboxTitle')),
          h('span', { class: 'muted' }, t('desk.count', { n: outboxTotal.value })),
          h('span', { class: 'spacer' }),
          select('status', status, OUTBOX_STATUSES, 'gateways.status', () => { outboxPage.value = 1; loadOutbox().catch((e) => { error.value = e.message; }); }),
          select('channel', channel, CHANNELS, 'gateways.channel', () => { outboxPage.value = 1; loadOutbox().catch((e) => { error.value = e.message; }); }),
        ]),
        notice.value ? h('p', { class: 'ok', role: 'status', 'data-test': 'gateways-notice' }, notice.value) : null,
        outbox.value.length === 0 ? h('p', { class: 'muted', 'data-test': 'outbox-empty' }, t('gateways.outboxEmpty'))
          : h('div', { class: 'table-scroll' }, h('table', { class: 'list gateways-table', 'data-test': 'outbox-table' }, [
            h('thead', null, h('tr', null, ['id', 'channel', 'kind', 'case', 'recipient', 'status', 'attempts', 'when', 'error', 'actions']
              .map((k) => h('th', { key: k }, t(`gateways.col.${k}`))))),
            h('tbody', null, outbox.value.map(outboxRow)),
          ])),
        pager(outboxTotal, outboxPage, () => loadOutbox().catch((e) => { error.value = e.message; })),
      ]),
      h('section', { class: 'card', 'data-test': 'mail-log' }, [
        h('div', { class: 'section-head wrap' }, [
          h('h2', null, t('gateways.mailTitle')),
          h('span', { class: 'muted' }, t('desk.count', { n: mailTotal.value })),
          h('span', { class: 'spacer' }),
          select('outcome', outcome, OUTCOMES, 'gateways.outcome', () => { mailPage.value = 1; loadMail(); }),
        ]),
        mailError.value ? h('p', { class: 'notice', 'data-test': 'mail-error' }, mailError.value) : null,
        !mailError.value && mail.value.length === 0 ? h('p', { class: 'muted', 'data-test': 'mail-empty' }, t('gateways.mailEmpty')) : null,
        mail.value.length > 0 ? h('div', { class: 'table-scroll' }, h('table', { class: 'list gateways-table', 'data-test': 'mail-table' }, [
          h('thead', null, h('tr', null, ['at', 'outcome', 'case', 'folder', 'note'].map((k) => h('th', { key: k }, t(`gateways.mcol.${k}`))))),
          h('tbody', null, mail.value.map(mailRow)),
        ])) : null,
        pager(mailTotal, mailPage, loadMail),
      ]),
    ]);
  },
};
