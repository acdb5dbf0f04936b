// Record lending (档案调阅, #/leader/lending): the requests to export a case or to view it from outside its unit that
// wait for a leader, each with who asks, for which case, what for and why; approve (for how many hours: blank is the
// configured default) or refuse, with a reason; and what is open now (approved, not expired) and until when. The
// supervision office sees the same lists; deciding is a leader's, never on their own request (the server says so).
import { h, ref, reactive, onMounted } from '../../vue.js';
import { get, post } from '../../api.js';
import { t } from '../../i18n.js';
import { href } from '../../router.js';
import { when, label } from '../../components/Timeline.js';

export default {
  props: { me: Object },
  setup(props) {
    const pending = ref([]);
    const approved = ref([]);
    const error = ref(null);
    const loaded = ref(false);
    const done = ref(null);
    const forms = reactive({});
    const busy = ref(null);

    async function load() {
      try {
        const [p, a] = await Promise.all([get('/api/access-requests?status=pending'), get('/api/access-requests?status=approved')]);
        pending.value = p;
        const now = Date.now();
        // Open: approved and not yet expired. The server lists at most 500, newest first.
        approved.value = a.filter((r) => r.expiresAt && new Date(r.expiresAt).getTime() > now);
        error.value = null;
      } catch (e) {
        error.value = e.message;
      } finally {
        loaded.value = true;
      }
    }

    function form(r) {
      if (!forms[r.id]) {
        forms[r.id] = { note: '', hours: '', error: null };
      }
      return forms[r.id];
    }

    async function decide(r, approve) {
      const f = form(r);
      f.error = null;
      if (!approve && !f.note.trim()) {
        f.error = t('lending.reasonRequired');
        return;
      }
      busy.value = r.id;
      try {
        const body = { note: f.note.trim() || undefined };
        if (approve && f.hours !== '') {
          body.hours = Number(f.hours);
        }
        const after = await post(`/api/access-requests/${r.id}/${approve ? 'approve' : 'refuse'}`, body);
        done.value = approve ? t('lending.approvedUntil', { number: r.caseNumber, at: when(after.expiresAt) })
          : t('lending.refusedDone', { number: r.caseNumber });
        delete forms[r.id];
        await load();
      } catch (e) {
        f.error = e.message;
      } finally {
        busy.value = null;
      }
    }

    onMounted(load);

    const mayDecide = () => (props.me.roles || []).includes('leader');

    function pendingRow(r) {
      const f = form(r);
      const own = r.requesterId === props.me.id;
      return h('li', { key: r.id, class: 'lending-request', 'data-test': 'lending-pending', 'data-request': r.id }, [
        h('div', { class: 'leader-case-head' }, [
          h('a', { class: 'mono', href: href(`/cases/${r.caseId}`) }, r.caseNumber),
          h('span', { class: 'badge', 'data-test': 'lending-purpose' }, label('lending.purpose', r.purpose)),
          h('span', null, r.requester),
          h('span', { class: 'muted' }, t('lending.askedAt', { at: when(r.createdAt) })),
        ]),
        h('div', { class: 'text' }, r.reason),
        !mayDecide() ? null : own ? h('p', { class: 'muted small' }, t('lending.ownRequest')) : h('div', { class: 'lending-decide' }, [
          h('label', { class: 'field' }, [h('span', null, t('lending.note')),
            h('textarea', { rows: 2, maxlength: 2000, value: f.note, 'data-test': 'lending-note', onInput: (e) => { f.note = e.target.value; } })]),
          h('label', { class: 'field narrow' }, [h('span', null, t('lending.hours')),
            h('input', { type: 'number', min: 1, max: 720, step: 1, value: f.hours, placeholder: t('lending.hoursDefault'),
              'data-test': 'lending-hours', onInput: (e) => { f.hours = e.target.value; } })]),
          f.error ? h('p', { class: 'error', role: 'alert', 'data-test': 'lending-error' }, f.error) : null,
          h('div', { class: 'actions' }, [
            h('button', { type: 'button', class: 'primary', disabled: busy.value === r.id, 'data-test': 'lending-approve',
              onClick: () => decide(r, true) }, t('lending.approve')),
            h('button', { type: 'button', class: 'secondary', disabled: busy.value === r.id, 'data-test': 'lending-refuse',
              onClick: () => decide(r, false) }, t('lending.refuse')),
          ]),
        ]),
      ]);
    }

    function openTable() {
      if (approved.value.length === 0) {
        return h('p', { class: 'muted' }, t('lending.noneOpen'));
      }
      return h('table', { class: 'list', 'data-test': 'lending-open' }, [
        h('thead', null, h('tr', null, ['lending.case', 'lending.purposeTitle', 'lending.requester', 'lending.decidedAt', 'lending.until', 'lending.note']
          .map((k) => h('th', { key: k }, t(k))))),
        h('tbody', null, approved.value.map((r) => h('tr', { key: r.id, 'data-test': 'lending-open-row', 'data-request': r.id }, [
          h('td', null, h('a', { class: 'mono', href: href(`/cases/${r.caseId}`) }, r.caseNumber)),
          h('td', null, label('lending.purpose', r.purpose)),
          h('td', null, r.requester),
          h('td', null, when(r.decidedAt)),
          h('td', { 'data-test': 'lending-until' }, when(r.expiresAt)),
          h('td', { class: 'text' }, r.decisionNote || '—'),
        ]))),
      ]);
    }

    return () => h('div', { class: 'leader-page', 'data-test': 'leader-lending' }, [
      error.value ? h('p', { class: 'error', role: 'alert' }, error.value) : null,
      done.value ? h('p', { class: 'ok', role: 'status', 'data-test': 'lending-done' }, done.value) : null,
      h('section', { class: 'card' }, [
        h('div', { class: 'section-head' }, [h('h2', null, t('lending.pending')),
          h('span', { class: 'muted' }, t('desk.count', { n: pending.value.length }))]),
        !loaded.value ? h('p', { class: 'muted' }, t('actions.loading'))
          : pending.value.length === 0 ? h('p', { class: 'muted', 'data-test': 'lending-none' }, t('lending.nonePending'))
            : h('ul', { class: 'leader-cases' }, pending.value.map(pendingRow)),
      ]),
      h('section', { class: 'card' }, [
        h('div', { class: 'section-head' }, [h('h2', null, t('lending.open')),
          h('span', { class: 'muted' }, t('desk.count', { n: approved.value.length }))]),
        openTable(),
      ]),
    ]);
  },
};
