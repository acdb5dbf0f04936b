// The agent's desk: the screen pop of a ringing call (live, only this agent's), and "my cases" with their deadlines,
// paged and searched on the server.
import { h, ref, onMounted, onUnmounted } from '../../vue.js';
import { get } from '../../api.js';
import { t } from '../../i18n.js';
import { onEvent } from '../../events.js';
import { href } from '../../router.js';
import ScreenPop from './ScreenPop.js';
import PhoneBar from './PhoneBar.js';
import DeadlineBadge from '../../components/DeadlineBadge.js';

const PAGE_SIZE = 20;

// The pops outlive the desk page, and a reload of the tab (sessionStorage, this tab only): an agent who opens the
// record form from a pop and comes back finds the call's card (ringing, talking or in wrap-up) still there. Kept for
// the user whose stream they came from; the last few only.
const POPS = 'hotline.pops';
const MAX_POPS = 10;
const kept = (() => {
  try {
    return JSON.parse(sessionStorage.getItem(POPS)) || {};
  } catch (e) {
    return {};
  }
})();
// A card restored after a reload may have missed its call's end: it may be dismissed whatever its phase.
const pops = ref(Array.isArray(kept.pops) ? kept.pops.map((x) => ({ ...x, restored: true })) : []);
let popsOf = kept.userId ?? null;
function keepPops() {
  try {
    sessionStorage.setItem(POPS, JSON.stringify({ userId: popsOf, pops: pops.value }));
  } catch (e) {
    // Not kept across a reload; the desk still shows them.
  }
}
onEvent('screenpop', (p) => {
  const rest = pops.value.filter((x) => x.linkedid !== p.linkedid);
  const before = pops.value.find((x) => x.linkedid === p.linkedid);
  // Answered and ended carry only the phase: keep what ringing said about the caller.
  pops.value = [{ ...(before || {}), ...p }, ...rest].slice(0, MAX_POPS);
  keepPops();
});

export default {
  props: { me: Object },
  setup(props) {
    if (props.me && popsOf !== props.me.id) {
      if (popsOf !== null) {
        pops.value = [];
      }
      popsOf = props.me.id;
      keepPops();
    }
    const cases = ref([]);
    const total = ref(0);
    // A text search counts up to 1,000 (totalCapped): then "1000+".
    const capped = ref(false);
    const page = ref(1);
    const query = ref('');
    // Filters, all applied by the server: the kind, open or closed cases, only overdue ones.
    const kind = ref('');
    const closed = ref(false);
    const overdue = ref(false);
    const error = ref(null);

    async function load() {
      const params = new URLSearchParams({ mine: 'true', open: String(!closed.value), page: String(page.value), size: String(PAGE_SIZE) });
      if (query.value.trim()) {
        params.set('q', query.value.trim());
      }
      if (kind.value) {
        params.set('kind', kind.value);
      }
      if (overdue.value) {
        params.set('overdue', 'true');
      }
      try {
        const r = await get(`/api/cases?${params}`);
        cases.value = r.items;
        total.value = r.total;
        capped.value = !!r.totalCapped;
        error.value = null;
      } catch (e) {
        error.value = e.message;
      }
    }

    let stops = [];
    onMounted(() => {
      stops = [onEvent('case', () => load())];
      load();
    });
    onUnmounted(() => stops.forEach((s) => s()));

    return () => h('div', { class: 'desk' }, [
      h(PhoneBar),
      h('div', { class: 'pops' }, pops.value.map((p) => h(ScreenPop, {
        key: p.linkedid, pop: p, onDismiss: (id) => { pops.value = pops.value.filter((x) => x.linkedid !== id); keepPops(); },
      }))),
      h('section', { class: 'card' }, [
        h('div', { class: 'section-head' }, [
          h('h2', null, t('desk.myCases')),
          h('span', { class: 'muted' }, t('desk.count', { n: capped.value ? `${total.value}+` : total.value })),
          h('span', { class: 'spacer' }),
          h('form', { class: 'filters', 'data-test': 'case-filters', onSubmit: (e) => { e.preventDefault(); page.value = 1; load(); } }, [
            h('select', { name: 'kind', value: kind.value, 'aria-label': t('case.kind'),
              onChange: (e) => { kind.value = e.target.value; page.value = 1; load(); } }, [
              h('option', { value: '' }, t('desk.allKinds')),
              ...['complaint', 'inquiry', 'suggestion', 'report'].map((k) => h('option', { key: k, value: k }, t(`kind.${k}`))),
            ]),
            h('label', { class: 'check' }, [h('input', { type: 'checkbox', name: 'overdue', checked: overdue.value,
              onChange: (e) => { overdue.value = e.target.checked; page.value = 1; load(); } }), t('desk.overdueOnly')]),
            h('label', { class: 'check' }, [h('input', { type: 'checkbox', name: 'closed', checked: closed.value,
              onChange: (e) => { closed.value = e.target.checked; page.value = 1; load(); } }), t('desk.closed')]),
            h('input', { type: 'search', name: 'q', placeholder: t('desk.search'), value: query.value,
              onInput: (e) => { query.value = e.target.value; } }),
          ]),
        ]),
        error.value ? h('p', { class: 'error' }, error.value) : null,
        cases.value.length === 0 ? h('p', { class: 'muted', 'data-test': 'no-cases' },
          t(query.value.trim() || kind.value || overdue.value || closed.value ? 'desk.noMatch' : 'desk.none'))
          : h('table', { class: 'list', 'data-test': 'my-cases' }, [
            h('thead', null, h('tr', null, ['case.number', 'case.kind', 'case.subject', 'case.status', 'case.deadline']
              .map((k) => h('th', { key: k }, t(k))))),
            h('tbody', null, cases.value.map((c) => h('tr', { key: c.id, 'data-number': c.number }, [
              h('td', { class: 'mono' }, h('a', { href: href(`/cases/${c.id}`), 'data-test': 'case-link' }, c.number)),
              h('td', null, t(`kind.${c.kind}`)),
              h('td', null, c.subject || ''),
              h('td', null, t(`status.${c.status}`)),
              // Before dispatch there is no deadline yet: the unit's time starts with the dispatch.
              h('td', { 'data-test': 'deadline' }, c.currentDispatch ? h(DeadlineBadge, { dueAt: c.currentDispatch.dueAt,
                overdue: c.currentDispatch.overdue, workingDaysLeft: c.currentDispatch.workingDaysLeft }) : h('span', { class: 'muted' }, t('desk.undispatched'))),
            ]))),
          ]),
        total.value > PAGE_SIZE ? h('div', { class: 'pager' }, [
          h('button', { disabled: page.value <= 1, onClick: () => { page.value -= 1; load(); } }, t('pager.previous')),
          h('span', null, t('pager.page', { page: page.value, pages: `${Math.ceil(total.value / PAGE_SIZE)}${capped.value ? '+' : ''}` })),
          h('button', { disabled: page.value * PAGE_SIZE >= total.value, onClick: () => { page.value += 1; load(); } }, t('pager.next')),
        ]) : null,
      ]),
    ]);
  },
};
