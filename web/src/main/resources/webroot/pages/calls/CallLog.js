// The caller log (来电记录): missed calls not yet handled (an agent's default, with their count), the calls I answered,
// and every call I may see; paged on the server (GET /api/calls). A missed call is called back by click-to-call and
// marked handled, one by one or all at once up to what was shown; an unknown number gets a customer; a call starts a
// new case. New calls and handling by colleagues arrive on the event stream ('call') and reload the list. What the
// user may do comes with the list (allowed), from the permission table; a call linked to a report the user may not
// see shows 保密 and nothing drawn from its number.
import { h, ref, onMounted, onUnmounted } from '../../vue.js';
import { get, post } from '../../api.js';
import { t } from '../../i18n.js';
import { onEvent } from '../../events.js';
import { href } from '../../router.js';
import PhoneNumber from '../../components/PhoneNumber.js';

const PAGE_SIZE = 20;
const TABS = ['missed', 'mine', 'all'];
const PARTY_TYPES = ['consumer', 'retailer', 'enterprise', 'employee'];

/** The query of a tab. */
function tabQuery(tab) {
  if (tab === 'missed') {
    return { missed: 'true', handled: 'false' };
  }
  return tab === 'mine' ? { mine: 'true' } : {};
}

/** "12-02 10:26:00" from the server's ISO time (already in the centre's zone). */
function when(iso) {
  return iso ? iso.slice(5, 19).replace('T', ' ') : '';
}

/** "12-02 10:26" of an ISO time. */
function short(iso) {
  return iso ? iso.slice(5, 16).replace('T', ' ') : '';
}

function duration(seconds) {
  if (seconds == null) {
    return '—';
  }
  return seconds < 60 ? t('calls.seconds', { s: seconds })
    : t('calls.minutes', { m: Math.floor(seconds / 60), s: seconds % 60 });
}

/** The small form that makes a customer of an unknown number: name, party type, licence number for a retailer. */
const CustomerForm = {
  props: { number: String },
  emits: ['saved', 'cancel'],
  setup(props, { emit }) {
    const name = ref('');
    const partyType = ref('consumer');
    const licenceNo = ref('');
    const address = ref('');
    const error = ref(null);
    const saving = ref(false);

    async function save(e) {
      e.preventDefault();
      saving.value = true;
      error.value = null;
      const body = { name: name.value.trim(), partyType: partyType.value, phones: [props.number] };
      if (licenceNo.value.trim()) {
        body.licenceNo = licenceNo.value.trim();
      }
      if (address.value.trim()) {
        body.address = address.value.trim();
      }
      try {
        const customer = await post('/api/customers', body);
        emit('saved', customer);
      } catch (err) {
        error.value = err.message;
      } finally {
        saving.value = false;
      }
    }

    return () => h('form', { class: 'customer-form', 'data-test': 'customer-form', onSubmit: save }, [
      h('strong', null, t('calls.customer.title', { number: props.number })),
      h('label', null, [t('calls.customer.name'), h('input', {
        name: 'name', required: true, maxlength: 100, value: name.value, onInput: (e) => { name.value = e.target.value; },
      })]),
      h('label', null, [t('calls.customer.partyType'), h('select', {
        name: 'partyType', value: partyType.value, onChange: (e) => { partyType.value = e.target.value; },
      }, PARTY_TYPES.map((p) => h('option', { key: p, value: p }, t(`party.${p}`))))]),
      partyType.value === 'retailer' ? h('label', null, [t('calls.customer.licenceNo'), h('input', {
        name: 'licenceNo', required: true, maxlength: 40, value: licenceNo.value, onInput: (e) => { licenceNo.value = e.target.value; },
      })]) : null,
      h('label', null, [t('calls.customer.address'), h('input', {
        name: 'address', maxlength: 300, value: address.value, onInput: (e) => { address.value = e.target.value; },
      })]),
      h('button', { type: 'submit', class: 'primary', disabled: saving.value, 'data-test': 'save-customer' }, t('calls.customer.save')),
      h('button', { type: 'button', class: 'link', onClick: () => emit('cancel') }, t('calls.cancel')),
      error.value ? h('p', { class: 'error', role: 'alert', 'data-test': 'customer-error' }, error.value) : null,
    ]);
  },
};

export default {
  props: { me: Object, params: Object, query: Object },
  setup(props) {
    const isAgent = ((props.me && props.me.roles) || []).includes('agent');
    const tab = ref(TABS.includes(props.query && props.query.tab) ? props.query.tab : (isAgent ? 'missed' : 'all'));
    const calls = ref([]);
    const total = ref(0);
    const page = ref(1);
    const asOf = ref(null);
    const allowed = ref({});
    const missedCount = ref(null);
    const number = ref('');
    const error = ref(null);
    const notice = ref(null);
    const confirming = ref(false);
    const newCustomerFor = ref(null);
    const busy = ref({});

    async function load() {
      const params = new URLSearchParams({ ...tabQuery(tab.value), page: String(page.value), size: String(PAGE_SIZE) });
      if (number.value.trim()) {
        params.set('number', number.value.trim());
      }
      try {
        const r = await get(`/api/calls?${params}`);
        // A page past the end (its last call was handled): the last page there is.
        if (r.items.length === 0 && r.total > 0 && page.value > 1) {
          page.value = Math.ceil(r.total / PAGE_SIZE);
          return load();
        }
        calls.value = r.items;
        total.value = r.total;
        asOf.value = r.asOf;
        allowed.value = r.allowed || {};
        error.value = null;
        if (tab.value === 'missed' && !number.value.trim()) {
          missedCount.value = r.total;
        } else {
          const c = await get('/api/calls?missed=true&handled=false&size=1');
          missedCount.value = c.total;
        }
      } catch (e) {
        error.value = e.message;
      }
    }

    let timer = null;
    function reloadSoon() {
      clearTimeout(timer);
      timer = setTimeout(load, 250);
    }

    function show(name) {
      tab.value = name;
      page.value = 1;
      confirming.value = false;
      newCustomerFor.value = null;
      notice.value = null;
      load();
    }

    async function markHandled(call) {
      busy.value = { ...busy.value, [call.id]: true };
      try {
        await post(`/api/calls/${call.id}/handled`);
        await load();
      } catch (e) {
        error.value = e.message;
      } finally {
        busy.value = { ...busy.value, [call.id]: false };
      }
    }

    async function markAll() {
      confirming.value = false;
      try {
        // Up to what the list showed: a call that rang in since stays.
        const r = await post('/api/calls/handled', { before: asOf.value });
        notice.value = t('calls.markedAll', { n: r.handled });
        page.value = 1;
        await load();
      } catch (e) {
        error.value = e.message;
      }
    }

    let stop = null;
    onMounted(() => {
      stop = onEvent('call', reloadSoon);
      load();
    });
    onUnmounted(() => {
      clearTimeout(timer);
      if (stop) {
        stop();
      }
    });

    function customerCell(c) {
      if (c.identityMasked) {
        return h('span', { class: 'muted' }, '—');
      }
      const customers = c.customers || [];
      if (customers.length > 0) {
        return h('span', { 'data-test': 'customers' }, customers.map((x, i) => h('span', { key: x.id, class: 'customer' }, [
          i > 0 ? '、' : '', x.name, x.partyType ? h('span', { class: 'muted' }, ` · ${t(`party.${x.partyType}`)}`) : null,
        ])));
      }
      return h('span', { class: 'unregistered' }, [
        h('span', { class: 'muted', 'data-test': 'unregistered' }, t('calls.unregistered')),
        allowed.value.createCustomer && c.callerNumber && newCustomerFor.value !== c.id ? h('button', {
          type: 'button', class: 'small', 'data-test': 'new-customer', onClick: () => { newCustomerFor.value = c.id; },
        }, t('calls.newCustomer')) : null,
      ]);
    }

    function resultCell(c) {
      return h('span', { class: 'result' }, [
        h('span', { class: `disposition ${c.missed && !c.handledAt ? 'missed' : ''}`, 'data-test': 'disposition' },
          (c.direction === 'outbound' ? t('calls.outbound') + ' · ' : '') + t(`disposition.${c.disposition || 'unknown'}`)),
        c.agentName ? h('span', { class: 'muted agent' }, c.agentName) : null,
        c.calledAgainAt ? h('span', { class: 'tag ok', 'data-test': 'called-again' }, t('calls.calledAgain', { time: short(c.calledAgainAt) })) : null,
        c.calledBackAt ? h('span', { class: 'tag ok', 'data-test': 'called-back' }, t('calls.calledBack', { time: short(c.calledBackAt) })) : null,
      ]);
    }

    function caseCell(c) {
      if (c.caseId) {
        return h('a', { href: href(`/cases/${c.caseId}`), class: 'mono', 'data-test': 'case-link' }, c.caseNumber || `#${c.caseId}`);
      }
      if (!c.identityMasked && c.callerNumber && c.direction === 'inbound' && allowed.value.fileCase) {
        return h('a', { href: href('/intake', { number: c.callerNumber, call: c.id }), 'data-test': 'new-case' }, t('calls.newCase'));
      }
      return h('span', { class: 'muted' }, '—');
    }

    function actionCell(c) {
      if (!c.missed) {
        return null;
      }
      if (c.handledAt) {
        return h('span', { class: 'muted handled', 'data-test': 'handled' },
          t('calls.handledBy', { name: c.handledByName || '', time: short(c.handledAt) }));
      }
      return allowed.value.handle ? h('button', {
        type: 'button', class: 'small', 'data-test': 'mark-handled', disabled: !!busy.value[c.id], onClick: () => markHandled(c),
      }, t('calls.markHandled')) : h('span', { class: 'tag warn' }, t('calls.notHandled'));
    }

    function rows() {
      const out = [];
      for (const c of calls.value) {
        out.push(h('tr', {
          key: c.id, 'data-test': 'call-row', 'data-call-id': c.id, class: [c.missed && !c.handledAt ? 'missed' : '', c.identityMasked ? 'masked' : ''],
        }, [
          h('td', { class: 'mono nowrap' }, when(c.startedAt)),
          h('td', { class: 'nowrap' }, c.identityMasked
            ? h('span', { class: 'tag masked', title: t('calls.maskedTitle'), 'data-test': 'masked' }, t('calls.masked'))
            : c.callerNumber ? h(PhoneNumber, { number: c.callerNumber, dial: !!allowed.value.dial, caseId: c.caseId || undefined })
              : h('span', { class: 'muted' }, t('pop.noNumber'))),
          h('td', null, customerCell(c)),
          h('td', null, c.queue || h('span', { class: 'muted' }, '—')),
          h('td', { class: 'nowrap' }, duration(c.waitSeconds)),
          h('td', { class: 'nowrap' }, c.answeredAt ? duration(c.talkSeconds) : h('span', { class: 'muted' }, '—')),
          h('td', null, resultCell(c)),
          h('td', { class: 'nowrap' }, caseCell(c)),
          h('td', { class: 'nowrap' }, actionCell(c)),
        ]));
        if (newCustomerFor.value === c.id) {
          out.push(h('tr', { key: `form-${c.id}`, class: 'form-row' }, h('td', { colspan: 9 }, h(CustomerForm, {
            number: c.callerNumber,
            onSaved: () => { newCustomerFor.value = null; load(); },
            onCancel: () => { newCustomerFor.value = null; },
          }))));
        }
      }
      return out;
    }

    return () => h('section', { class: 'card call-log', 'data-test': 'call-log' }, [
      h('div', { class: 'section-head' }, [
        h('h2', null, t('calls.title')),
        h('nav', { class: 'tabs', role: 'tablist' }, TABS.map((name) => h('button', {
          key: name, type: 'button', role: 'tab', 'aria-selected': tab.value === name ? 'true' : 'false',
          class: tab.value === name ? 'tab current' : 'tab', 'data-test': `tab-${name}`, onClick: () => show(name),
        }, [t(`calls.tab.${name}`), name === 'missed' && missedCount.value ? h('span', {
          class: 'badge', 'data-test': 'missed-count',
        }, String(missedCount.value)) : null]))),
        h('span', { class: 'spacer' }),
        h('form', { onSubmit: (e) => { e.preventDefault(); page.value = 1; load(); } }, [
          h('input', { type: 'search', name: 'number', placeholder: t('calls.searchNumber'), value: number.value, maxlength: 40,
            onInput: (e) => { number.value = e.target.value; } }),
        ]),
      ]),
      h('div', { class: 'call-log-bar' }, [
        h('span', { class: 'muted', 'data-test': 'call-total' }, t('calls.count', { n: total.value })),
        h('span', { class: 'spacer' }),
        tab.value === 'missed' && allowed.value.handle && total.value > 0 && !confirming.value ? h('button', {
          type: 'button', class: 'small', 'data-test': 'mark-all', onClick: () => { confirming.value = true; notice.value = null; },
        }, t('calls.markAll')) : null,
        confirming.value ? h('span', { class: 'confirm', role: 'alertdialog', 'data-test': 'mark-all-confirm' }, [
          t('calls.markAllConfirm', { n: total.value }),
          h('button', { type: 'button', class: 'primary small', 'data-test': 'mark-all-yes', onClick: markAll }, t('calls.confirm')),
          h('button', { type: 'button', class: 'link', onClick: () => { confirming.value = false; } }, t('calls.cancel')),
        ]) : null,
      ]),
      error.value ? h('p', { class: 'error', role: 'alert' }, error.value) : null,
      notice.value ? h('p', { class: 'ok', role: 'status', 'data-test': 'calls-notice' }, notice.value) : null,
      calls.value.length === 0
        ? h('p', { class: 'muted', 'data-test': 'no-calls' }, t(tab.value === 'missed' ? 'calls.noneMissed' : 'calls.none'))
        : h('table', { class: 'list calls', 'data-test': 'calls' }, [
          h('thead', null, h('tr', null, ['time', 'number', 'customer', 'queue', 'wait', 'talk', 'result', 'case', 'actions']
            .map((k) => h('th', { key: k }, t(`calls.col.${k}`))))),
          h('tbody', null, rows()),
        ]),
      total.value > PAGE_SIZE ? h('div', { class: 'pager' }, [
        h('button', { disabled: page.value <= 1, onClick: () => { page.value -= 1; load(); } }, t('pager.previous')),
        h('span', null, t('pager.page', { page: page.value, pages: Math.ceil(total.value / PAGE_SIZE) })),
        h('button', { disabled: page.value * PAGE_SIZE >= total.value, onClick: () => { page.value += 1; load(); } }, t('pager.next')),
      ]) : null,
    ]);
  },
};
