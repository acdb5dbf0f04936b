// Quarterly accountability (#/accountability, 季度绩效考核): a quarter's units ranked by score with the deductions per
// item, a unit's drill-down with every case behind every point (links to the case), the status (draft, or closed with
// its version), the scoring model as the server states it, and the leader's close and recompute, each confirmed first.
// All of it as the server computes and scopes it (GET /api/accountability/quarters/…): a unit's responder gets their
// own unit only, and the page shows what it is given.
import { h, ref, reactive, onMounted, watch } from '../../vue.js';
import { get, post } from '../../api.js';
import { t } from '../../i18n.js';
import { href } from '../../router.js';
import { when } from '../../components/Timeline.js';

const ITEMS = ['receipt_late', 'overdue', 'unsatisfied', 'second_round', 'third_round', 'finding_improper_handling',
  'finding_falsification', 'finding_delay_without_cause'];

/** '2026-Q3' of a date in the centre's zone (the browser's clock: only the picker's default). */
function quarterOf(d) {
  return `${d.getFullYear()}-Q${Math.floor(d.getMonth() / 3) + 1}`;
}

/** The quarters to pick from, newest first: the running one and the eleven before it. */
function recentQuarters() {
  const out = [];
  const d = new Date();
  d.setDate(1);
  for (let i = 0; i < 12; i++) {
    out.push(quarterOf(d));
    d.setMonth(d.getMonth() - 3);
  }
  return out;
}

const pct = (x) => (x == null ? '—' : `${(x * 100).toFixed(1)}%`);
const pts = (x) => (x == null ? '—' : Number(x).toFixed(2).replace(/\.?0+$/, ''));

export default {
  props: { me: Object, query: Object },
  setup(props) {
    const roles = (props.me && props.me.roles) || [];
    const isLeader = roles.includes('leader');
    const seesAll = isLeader || roles.includes('supervisor');
    const quarters = recentQuarters();
    // The quarter to look at first: the one last ended (the one a leader closes).
    const state = reactive({ quarter: (props.query && props.query.quarter) || quarters[1], version: null });
    const data = ref(null);
    const unit = ref(null);
    const versions = ref([]);
    const error = ref(null);
    const done = ref(null);
    const dialog = ref(null);
    const busy = ref(false);

    async function load() {
      error.value = null;
      try {
        const v = state.version ? `?version=${state.version}` : '';
        data.value = await get(`/api/accountability/quarters/${state.quarter}${v}`);
        versions.value = (await get(`/api/accountability/quarters/${state.quarter}/versions`)).items;
        const units = data.value.units || [];
        if (unit.value && units.some((u) => u.unitId === unit.value.unitId)) {
          await open(unit.value.unitId);
        } else if (!seesAll && units.length === 1) {
          await open(units[0].unitId);
        } else {
          unit.value = null;
        }
      } catch (e) {
        data.value = null;
        error.value = e.message;
      }
    }

    async function open(unitId) {
      try {
        const v = state.version ? `?version=${state.version}` : '';
        unit.value = (await get(`/api/accountability/quarters/${state.quarter}/units/${unitId}${v}`)).unit;
      } catch (e) {
        error.value = e.message;
      }
    }

    onMounted(load);
    watch(() => state.quarter, () => { state.version = null; unit.value = null; done.value = null; load(); });

    async function submit() {
      const d = dialog.value;
      if (d.kind === 'recompute' && !d.reason.trim()) {
        d.error = t('acc.reasonRequired');
        return;
      }
      busy.value = true;
      try {
        const q = d.kind === 'close' ? await post(`/api/accountability/quarters/${state.quarter}/close`)
          : await post(`/api/accountability/quarters/${state.quarter}/recompute`, { reason: d.reason.trim() });
        done.value = t(d.kind === 'close' ? 'acc.closedDone' : 'acc.recomputed', { label: q.label, n: q.version });
        dialog.value = null;
        state.version = null;
        await load();
      } catch (e) {
        d.error = e.message;
      } finally {
        busy.value = false;
      }
    }

    function modelText(m) {
      const parts = m.items.map((i) => (i.key === 'overdue'
        ? t('acc.model.overdue', { p: pts(i.points), d: pts(i.perWorkingDayLate) })
        : t('acc.model.item', { item: t(`acc.item.${i.key}`), p: pts(i.points) })));
      return t('acc.model', { base: pts(m.base), items: parts.join('；') });
    }

    function head() {
      const q = data.value;
      const status = q.status === 'closed'
        ? h('span', { class: 'badge status closed', 'data-test': 'acc-status' }, t('acc.closed', { n: q.version }))
        : h('span', { class: 'badge status draft', 'data-test': 'acc-status' }, t('acc.draft'));
      return h('section', { class: 'card acc-head' }, [
        h('div', { class: 'section-head' }, [h('h2', { 'data-test': 'acc-label' }, q.label), status,
          h('span', { class: 'muted small' }, q.status === 'closed'
            ? t('acc.closedBy', { by: q.closedBy || '', at: when(versions.value.find((v) => v.version === q.version)?.at) })
            : t('acc.asOf', { at: when(q.asOf) }))]),
        q.reason ? h('p', { class: 'small' }, [t('acc.reason'), ' ', h('span', { class: 'text' }, q.reason)]) : null,
        h('p', { class: 'acc-model small', 'data-test': 'acc-model' }, modelText(q.model)),
        h('p', { class: 'muted small' }, t('acc.definitions')),
        versions.value.length > 1 ? h('label', { class: 'acc-version' }, [t('acc.version'),
          h('select', { value: String(state.version || q.version), 'data-test': 'acc-version',
            onChange: (e) => { state.version = Number(e.target.value); load(); } },
          versions.value.map((v) => h('option', { value: String(v.version), key: v.version },
            t('acc.versionOption', { n: v.version, at: when(v.at), by: v.by }))))]) : null,
        isLeader ? h('div', { class: 'acc-actions' }, [
          q.status === 'draft' ? h('button', { type: 'button', class: 'primary', 'data-test': 'acc-close',
            onClick: () => { done.value = null; dialog.value = { kind: 'close', error: null }; } }, t('acc.close')) : null,
          q.status === 'closed' ? h('button', { type: 'button', 'data-test': 'acc-recompute',
            onClick: () => { done.value = null; dialog.value = { kind: 'recompute', reason: '', error: null }; } }, t('acc.recompute')) : null,
        ]) : null,
      ]);
    }

    function ranking() {
      const units = data.value.units || [];
      if (units.length === 0) {
        return h('p', { class: 'muted', 'data-test': 'acc-none' }, t('acc.none'));
      }
      return h('div', { class: 'table-scroll' }, h('table', { class: 'list acc-table', 'data-test': 'acc-units' }, [
        h('thead', null, h('tr', null, [h('th', null, t('acc.rank')), h('th', null, t('acc.unit')), h('th', null, t('acc.score')),
          h('th', null, t('acc.deducted')), ...ITEMS.map((k) => h('th', { key: k, class: 'acc-item' }, t(`acc.item.${k}`))),
          h('th', null, t('acc.onTimeRate')), h('th', null, t('acc.receiptRate')), h('th', null, t('acc.satisfiedRate'))])),
        h('tbody', null, units.map((u) => h('tr', { key: u.unitId, 'data-test': 'acc-unit', 'data-unit-id': u.unitId,
          class: unit.value && unit.value.unitId === u.unitId ? 'selected' : '' }, [
          h('td', null, String(u.rank)),
          h('td', null, h('a', { href: '#', 'data-test': 'acc-open-unit', onClick: (e) => { e.preventDefault(); open(u.unitId); } }, u.name)),
          h('td', { class: 'acc-score', 'data-test': 'acc-score' }, pts(u.score)),
          h('td', { class: u.deducted > 0 ? 'late' : '' }, u.deducted > 0 ? `−${pts(u.deducted)}` : '0'),
          ...u.items.map((i) => h('td', { key: i.key, class: 'acc-item', 'data-test': `acc-item-${i.key}` },
            i.count ? [h('span', { class: 'late' }, `−${pts(i.points)}`), h('div', { class: 'muted small' }, t('acc.cases', { n: i.count }))] : '—')),
          h('td', null, pct(u.figures.onTimeRate)), h('td', null, pct(u.figures.receiptWithinDayRate)),
          h('td', null, pct(u.figures.satisfiedRate)),
        ]))),
      ]));
    }

    function caseTable(item) {
      return h('table', { class: 'list acc-cases' }, [
        h('thead', null, h('tr', null, ['case.number', 'case.kind', 'acc.c.round', 'acc.c.sent', 'acc.c.due', 'acc.c.received',
          'acc.c.handled', 'acc.c.note', 'acc.c.points'].map((k) => h('th', { key: k }, t(k))))),
        h('tbody', null, item.cases.map((c) => h('tr', { key: `${item.key}-${c.dispatchId}-${c.findingId || c.at || ''}`,
          'data-test': 'acc-case', 'data-number': c.number }, [
          h('td', { class: 'nowrap' }, h('a', { class: 'mono', href: href(`/cases/${c.caseId}`), 'data-test': 'acc-case-link' }, c.number)),
          h('td', null, t(`kind.${c.kind}`)),
          h('td', null, String(c.round)),
          h('td', { class: 'nowrap' }, when(c.dispatchedAt)),
          h('td', { class: 'nowrap' }, when(c.dueAt)),
          h('td', { class: 'nowrap' }, c.receivedAt ? when(c.receivedAt) : t('acc.c.notYet')),
          h('td', { class: 'nowrap' }, c.feedbackAt ? when(c.feedbackAt) : t('acc.c.notYet')),
          h('td', null, c.daysLate != null ? t('acc.c.daysLate', { n: c.daysLate }) : c.at ? t('acc.c.at', { at: when(c.at) }) : ''),
          h('td', { class: 'late' }, `−${pts(c.points)}`),
        ]))),
      ]);
    }

    function drill() {
      const u = unit.value;
      return h('section', { class: 'card acc-unit-detail', 'data-test': 'acc-unit-detail', 'data-unit-id': u.unitId }, [
        h('div', { class: 'section-head' }, [h('h2', null, u.name || ''),
          h('span', { class: 'acc-big', 'data-test': 'acc-unit-score' }, t('acc.scoreOf', { s: pts(u.score) })),
          u.rank ? h('span', { class: 'muted small' }, t('acc.rankOf', { n: u.rank })) : null]),
        u.figures && u.figures.dispatched != null ? h('p', { class: 'small muted' }, t('acc.figures', {
          dispatched: u.figures.dispatched, due: u.figures.due, onTime: u.figures.onTime, overdue: u.figures.overdue,
          days: u.figures.overdueDaysLate, followUps: u.figures.followUps, unsatisfied: u.figures.unsatisfied })) : null,
        ...u.items.filter((i) => i.count > 0).map((i) => h('div', { class: 'acc-item-block', key: i.key, 'data-test': 'acc-detail-item',
          'data-item': i.key }, [
          h('h3', null, [t(`acc.item.${i.key}`), h('span', { class: 'count bad' }, t('acc.cases', { n: i.count })),
            h('span', { class: 'late' }, `−${pts(i.points)}`)]),
          caseTable(i)])),
        u.items.every((i) => i.count === 0) ? h('p', { class: 'muted' }, t('acc.noDeductions')) : null,
      ]);
    }

    function confirmDialog(d) {
      return h('div', { class: 'overlay board-overlay', onClick: (e) => { if (e.target === e.currentTarget) dialog.value = null; } },
        h('div', { class: 'card dialog', role: 'dialog', 'data-test': `acc-${d.kind}-form` }, [
          h('h2', null, t(`acc.${d.kind}Title`, { label: data.value.label })),
          h('p', null, t(`acc.${d.kind}Confirm`, { label: data.value.label })),
          d.kind === 'recompute' ? h('label', null, [t('acc.reason'), h('textarea', { rows: 3, maxlength: 2000, value: d.reason,
            'data-test': 'field-reason', onInput: (e) => { d.reason = e.target.value; d.error = null; } })]) : null,
          d.error ? h('p', { class: 'error', role: 'alert', 'data-test': 'dialog-error' }, d.error) : null,
          h('div', { class: 'dialog-actions' }, [
            h('button', { type: 'button', onClick: () => { dialog.value = null; } }, t('board.cancel')),
            h('button', { type: 'button', class: 'primary', disabled: busy.value, 'data-test': 'acc-confirm', onClick: submit },
              t(`acc.${d.kind}Submit`)),
          ]),
        ]));
    }

    return () => h('div', { class: 'accountability', 'data-test': 'accountability' }, [
      h('div', { class: 'board-head' }, [h('h1', null, t('acc.title')),
        h('label', { class: 'acc-picker' }, [t('acc.quarter'), h('select', { value: state.quarter, 'data-test': 'acc-quarter',
          onChange: (e) => { state.quarter = e.target.value; } }, (quarters.includes(state.quarter) ? quarters : [state.quarter, ...quarters])
          .map((q) => h('option', { value: q, key: q }, q)))])]),
      error.value ? h('p', { class: 'error', role: 'alert', 'data-test': 'acc-error' }, error.value) : null,
      done.value ? h('p', { class: 'ok notice', role: 'status', 'data-test': 'acc-done' }, done.value) : null,
      data.value ? head() : (error.value ? null : h('p', { class: 'muted' }, t('board.loading'))),
      data.value ? h('section', { class: 'card' }, [h('h2', null, seesAll ? t('acc.ranking') : t('acc.ownUnit')), ranking()]) : null,
      data.value && unit.value ? drill() : null,
      dialog.value ? confirmDialog(dialog.value) : null,
    ]);
  },
};
