// The supervision office's boards (#/supervision, 督办看板): open dispatches due today, overdue ones grouped by unit
// with the working days late, extended deadlines with the cap, receipts not confirmed within a working day of sending,
// and cases waiting for a further round. All of it as the server counts it (GET /api/supervision/board: the working-day
// clock is the server's); refreshed live on the stream's case events, a burst of them read once. From a row: a further
// round in one step (reason, note, unit, the new deadline shown) and reminders by mail, fax or automated callback,
// each confirmed first and its result said.
import { h, ref, onMounted, onUnmounted } from '../../vue.js';
import { get, post } from '../../api.js';
import { t } from '../../i18n.js';
import { onEvent } from '../../events.js';
import { href } from '../../router.js';
import DeadlineBadge from '../../components/DeadlineBadge.js';
import { when, label } from '../../components/Timeline.js';
import FindingForm from '../../components/FindingForm.js';

/** Case events arriving within this many milliseconds of each other reload the board once. */
const DEBOUNCE_MS = 400;
const SECTIONS = ['overdue', 'dueToday', 'unconfirmed', 'extensions', 'furtherRound'];

export default {
  props: { me: Object },
  setup(props) {
    const board = ref(null);
    const units = ref([]);
    const error = ref(null);
    const done = ref(null);
    const busy = ref(false);
    /** The open dialog: { kind: 'redispatch' | 'remind', item, channel?, values?, error? }. */
    const dialog = ref(null);
    const mayRedispatch = (props.me && props.me.roles || []).includes('supervisor');

    async function load() {
      try {
        board.value = await get('/api/supervision/board');
        error.value = null;
      } catch (e) {
        error.value = e.message;
      }
    }

    let timer = null;
    function soon() {
      clearTimeout(timer);
      timer = setTimeout(load, DEBOUNCE_MS);
    }

    let stop = null;
    onMounted(async () => {
      stop = onEvent('case', soon);
      load();
      if (mayRedispatch) {
        try {
          units.value = await get('/api/units');
        } catch (e) {
          // The unit list only feeds the dialog's choice; the same unit stays the default without it.
        }
      }
    });
    onUnmounted(() => {
      clearTimeout(timer);
      if (stop) stop();
    });

    function openRedispatch(item) {
      done.value = null;
      dialog.value = { kind: 'redispatch', item, error: null, values: {
        reason: (item.reasons && item.reasons[0]) || '', note: '', unitId: item.unitId, method: 'email' } };
    }

    function openRemind(item, channel) {
      done.value = null;
      dialog.value = { kind: 'remind', item, channel, error: null };
    }

    async function submitRedispatch() {
      const d = dialog.value;
      const v = d.values;
      if (!v.note.trim()) {
        d.error = t('board.noteRequired');
        return;
      }
      busy.value = true;
      try {
        const body = { note: v.note.trim(), unitId: Number(v.unitId), method: v.method };
        if (d.item.status !== 'reopened') body.reason = v.reason;
        const c = await post(`/api/cases/${d.item.caseId}/redispatch`, body);
        done.value = t('board.redispatched', { number: c.number, n: c.round,
          unit: (c.currentDispatch && c.currentDispatch.unitName) || '' });
        dialog.value = null;
        await load();
      } catch (e) {
        d.error = e.message;
      } finally {
        busy.value = false;
      }
    }

    async function submitRemind() {
      const d = dialog.value;
      busy.value = true;
      try {
        const r = await post(`/api/cases/${d.item.caseId}/reminders`, { channel: d.channel });
        done.value = t(r.alreadySent ? 'board.remindedBefore' : 'board.reminded', {
          number: r.number, channel: t(`board.channel.${r.channel}`), name: r.recipientName || r.unitName || '' });
        dialog.value = null;
      } catch (e) {
        d.error = e.message;
      } finally {
        busy.value = false;
      }
    }

    const roundText = (item) => t('board.round', { n: item.round, max: board.value.maxRounds });

    function actions(item, openDispatch) {
      const out = [];
      if (mayRedispatch && item.nextRound && (item.status === 'reopened' || (item.reasons || []).length > 0)) {
        out.push(h('button', { type: 'button', class: 'small primary', 'data-test': 'board-redispatch',
          onClick: () => openRedispatch(item) }, t('board.redispatch', { n: item.nextRound })));
      } else if (item.roundLimitReached) {
        out.push(h('span', { class: 'tag warn', 'data-test': 'board-round-limit' }, t('board.roundLimit', { max: board.value.maxRounds })));
      }
      if (mayRedispatch && item.dispatchId) {
        out.push(h('button', { type: 'button', class: 'small', 'data-test': 'board-finding',
          onClick: () => { done.value = null; dialog.value = { kind: 'finding', item }; } }, t('finding.action')));
      }
      if (openDispatch) {
        for (const channel of ['email', 'fax', 'callback']) {
          if (channel === 'callback' && item.receivedAt) continue;
          out.push(h('button', { type: 'button', class: 'small', 'data-test': `board-remind-${channel}`,
            onClick: () => openRemind(item, channel) }, t(`board.remind.${channel}`)));
        }
      }
      return h('div', { class: 'board-actions' }, out);
    }

    const caseCells = (item) => [
      h('td', { class: 'nowrap' }, h('a', { class: 'mono', href: href(`/cases/${item.caseId}`), 'data-test': 'board-case' }, item.number)),
      h('td', null, [h('div', { class: 'board-subject' }, item.subject || t('casepage.noSubject')),
        h('div', { class: 'muted small' }, `${t(`kind.${item.kind}`)} · ${roundText(item)}`)]),
    ];

    /** The columns of a section past the case: what the supervision office looks at there. */
    function columns(section) {
      switch (section) {
        case 'overdue': return ['board.col.deadline', 'board.col.late'];
        case 'dueToday': return ['board.col.unit', 'board.col.deadline', 'board.col.receipt'];
        case 'unconfirmed': return ['board.col.unit', 'board.col.sent', 'board.col.deadline'];
        case 'extensions': return ['board.col.unit', 'board.col.extension', 'board.col.deadline'];
        default: return ['board.col.unit', 'board.col.reason', 'board.col.next'];
      }
    }

    function cells(section, item) {
      const deadline = h('td', { class: 'nowrap' }, h(DeadlineBadge, { dueAt: item.dueAt, overdue: item.overdue,
        workingDaysLeft: item.workingDaysLeft }));
      const unit = h('td', null, item.unitName || '—');
      switch (section) {
        case 'overdue': return [deadline, h('td', { class: 'late', 'data-test': 'board-days-late' },
          t('board.daysLate', { n: item.daysLate }))];
        case 'dueToday': return [unit, deadline, h('td', null, item.receivedAt ? t('board.received', { at: when(item.receivedAt) })
          : h('span', { class: 'warn-text' }, t('board.notReceived')))];
        case 'unconfirmed': return [unit, h('td', { class: 'nowrap' }, [when(item.dispatchedAt),
          h('div', { class: 'late small' }, t('board.sinceSent', { n: item.workingDaysSinceSent }))]), deadline];
        case 'extensions': {
          const x = item.extension || {};
          return [unit, h('td', null, [t('board.extended', { from: x.fromWorkingDays, to: x.workingDays, cap: x.cap }),
            x.reason ? h('div', { class: 'muted small' }, x.reason) : null,
            h('div', { class: 'muted small' }, `${x.by || ''} ${when(x.at)}`)]), deadline];
        }
        default: return [unit,
          h('td', null, item.status === 'reopened' ? label('casepage.reopenReason', item.reopenReason)
            : t('board.unsatisfiedAtLimit')),
          h('td', { class: 'nowrap' }, item.nextRound ? [t('board.nextRound', { n: item.nextRound }),
            h('div', { class: 'muted small' }, t('board.newDeadline', { at: when(item.nextDueAt) }))] : '—')];
      }
    }

    function table(section, items) {
      const openDispatch = section !== 'furtherRound';
      return h('table', { class: 'list board' }, [
        h('thead', null, h('tr', null, ['case.number', 'case.subject', ...columns(section), 'board.col.actions']
          .map((k) => h('th', { key: k }, t(k))))),
        h('tbody', null, items.map((item) => h('tr', { key: `${item.caseId}-${item.dispatchId}`, 'data-test': 'board-row',
          'data-number': item.number }, [...caseCells(item), ...cells(section, item), h('td', null, actions(item, openDispatch))]))),
      ]);
    }

    function section(name) {
      const s = board.value[name];
      const body = [];
      if (s.items.length === 0) {
        body.push(h('p', { class: 'muted' }, t(`board.none.${name}`)));
      } else if (name === 'overdue') {
        for (const u of s.units) {
          body.push(h('div', { class: 'board-unit', 'data-test': 'board-unit', 'data-unit-id': u.unitId, key: u.unitId }, [
            h('h3', null, [u.unitName, h('span', { class: 'count bad' }, t('board.unitCount', { n: u.count })),
              h('span', { class: 'muted small' }, t('board.maxLate', { n: u.maxDaysLate }))]),
            u.items.length ? table(name, u.items) : h('p', { class: 'muted small' }, t('board.moreNotShown')),
          ]));
        }
      } else {
        body.push(table(name, s.items));
      }
      if (s.truncated) {
        body.push(h('p', { class: 'muted small', 'data-test': 'board-truncated' }, t('board.truncated', { shown: s.items.length, total: s.total })));
      }
      return h('section', { class: `card board-section ${name}`, id: `board-${name}`, 'data-test': `board-${name}`, key: name }, [
        h('div', { class: 'section-head' }, [h('h2', null, t(`board.section.${name}`)),
          h('span', { class: `count${s.total > 0 && (name === 'overdue' || name === 'unconfirmed') ? ' bad' : ''}`,
            'data-test': 'board-count' }, String(s.total)),
          h('span', { class: 'muted small' }, t(`board.hint.${name}`, { cap: board.value.extensionCap }))]),
        ...body,
      ]);
    }

    function tiles() {
      return h('nav', { class: 'board-tiles' }, SECTIONS.map((name) => h('a', { key: name, href: `#board-${name}`,
        class: `board-tile ${name}${board.value[name].total > 0 ? ' some' : ''}`, 'data-test': `board-tile-${name}`,
        onClick: (e) => { e.preventDefault(); const el = document.getElementById(`board-${name}`); if (el) el.scrollIntoView(); } }, [
        h('strong', null, String(board.value[name].total)), h('span', null, t(`board.section.${name}`))])));
    }

    function redispatchDialog(d) {
      const v = d.values;
      const item = d.item;
      return h('div', { class: 'card dialog', role: 'dialog', 'data-test': 'redispatch-form' }, [
        h('h2', null, t('board.redispatchTitle', { number: item.number, n: item.nextRound })),
        h('p', { class: 'muted' }, t('board.roundOf', { n: item.nextRound, max: board.value.maxRounds })),
        item.status === 'reopened'
          ? h('p', null, [t('board.reasonRecorded'), ' ', h('strong', null, label('casepage.reopenReason', item.reopenReason))])
          : h('label', null, [t('board.reason'), h('select', { value: v.reason, 'data-test': 'field-reason',
            onChange: (e) => { v.reason = e.target.value; } }, item.reasons.map((r) => h('option', { value: r, key: r },
            t(`board.reasonOption.${r}`))))]),
        h('label', null, [t('board.note'), h('textarea', { rows: 3, maxlength: 2000, value: v.note, 'data-test': 'field-note',
          onInput: (e) => { v.note = e.target.value; d.error = null; } })]),
        h('label', null, [t('board.unit'), h('select', { value: String(v.unitId), 'data-test': 'field-unit',
          onChange: (e) => { v.unitId = Number(e.target.value); } },
          (units.value.length ? units.value : [{ id: item.unitId, name: item.unitName }])
            .map((u) => h('option', { value: String(u.id), key: u.id }, u.id === item.unitId ? t('board.sameUnit', { unit: u.name }) : u.name)))]),
        h('label', null, [t('board.method'), h('select', { value: v.method, 'data-test': 'field-method',
          onChange: (e) => { v.method = e.target.value; } }, ['email', 'fax', 'hand'].map((m) => h('option', { value: m, key: m },
          label('casepage.method', m))))]),
        h('p', { class: 'board-deadline', 'data-test': 'redispatch-deadline' },
          t('board.newDeadlineLong', { at: when(item.nextDueAt), n: item.nextWorkingDays })),
        d.error ? h('p', { class: 'error', role: 'alert', 'data-test': 'dialog-error' }, d.error) : null,
        h('div', { class: 'dialog-actions' }, [
          h('button', { type: 'button', onClick: () => { dialog.value = null; } }, t('board.cancel')),
          h('button', { type: 'button', class: 'primary', disabled: busy.value, 'data-test': 'redispatch-submit',
            onClick: submitRedispatch }, t('board.redispatchSubmit', { n: item.nextRound })),
        ]),
      ]);
    }

    function remindDialog(d) {
      const item = d.item;
      return h('div', { class: 'card dialog', role: 'dialog', 'data-test': 'remind-form' }, [
        h('h2', null, t('board.remindTitle', { number: item.number })),
        h('p', null, t('board.remindConfirm', { unit: item.unitName, channel: t(`board.channel.${d.channel}`) })),
        h('p', { class: 'muted small' }, t(`board.remindHint.${d.channel}`)),
        d.error ? h('p', { class: 'error', role: 'alert', 'data-test': 'dialog-error' }, d.error) : null,
        h('div', { class: 'dialog-actions' }, [
          h('button', { type: 'button', onClick: () => { dialog.value = null; } }, t('board.cancel')),
          h('button', { type: 'button', class: 'primary', disabled: busy.value, 'data-test': 'remind-submit',
            onClick: submitRemind }, t('board.remindSubmit')),
        ]),
      ]);
    }

    return () => h('div', { class: 'supervision-board', 'data-test': 'supervision-board' }, [
      h('div', { class: 'board-head' }, [h('h1', null, t('board.title')),
        board.value ? h('span', { class: 'muted small', 'data-test': 'board-generated' }, t('board.generated', { at: when(board.value.generatedAt) })) : null]),
      error.value ? h('p', { class: 'error', role: 'alert' }, error.value) : null,
      done.value ? h('p', { class: 'ok notice', role: 'status', 'data-test': 'board-done' }, done.value) : null,
      board.value ? tiles() : (error.value ? null : h('p', { class: 'muted' }, t('board.loading'))),
      ...(board.value ? SECTIONS.map(section) : []),
      dialog.value && dialog.value.kind !== 'finding' ? h('div', { class: 'overlay board-overlay', onClick: (e) => { if (e.target === e.currentTarget) dialog.value = null; } },
        dialog.value.kind === 'redispatch' ? redispatchDialog(dialog.value) : remindDialog(dialog.value)) : null,
      dialog.value && dialog.value.kind === 'finding' ? h(FindingForm, { dispatchId: dialog.value.item.dispatchId,
        number: dialog.value.item.number, round: dialog.value.item.round, unitName: dialog.value.item.unitName,
        onCancel: () => { dialog.value = null; },
        onDone: (f) => { done.value = t('finding.recorded', { number: dialog.value.item.number, kind: t(`finding.kind.${f.kind}`) });
          dialog.value = null; } }) : null,
    ]);
  },
};
