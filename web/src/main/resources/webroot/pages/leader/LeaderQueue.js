// The leader's work (分管领导): the cases awaiting instruction, the longest waiting first (#/leader), and the cases
// followed up and waiting for the leader's review (#/leader/review). Each row has its record form at hand and the
// one step it waits for, in the same form as on the case page (ActionForms): instruct (the text, the unit it goes to,
// the deadline the working-day clock gives, shown before sending; the core instructs and dispatches in one
// transaction), or review (close, or send it out again). A list row reads no reporter: only opening the record form
// does, and the server audits that. A case event reloads the list live.
import { h, ref, onMounted, onUnmounted } from '../../vue.js';
import { get } from '../../api.js';
import { t } from '../../i18n.js';
import { onEvent } from '../../events.js';
import { href } from '../../router.js';
import ActionForms from '../../components/ActionForms.js';
import { when, label } from '../../components/Timeline.js';

const PAGE_SIZE = 50;

/** How long a case has waited since it was received: 3 天 2 小时, 45 分钟. */
function waited(iso, now = Date.now()) {
  const minutes = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60000));
  if (minutes >= 24 * 60) {
    return t('leader.waitedDays', { d: Math.floor(minutes / 1440), h: Math.floor((minutes % 1440) / 60) });
  }
  if (minutes >= 60) {
    return t('leader.waitedHours', { h: Math.floor(minutes / 60) });
  }
  return t('leader.waitedMinutes', { m: minutes });
}

/** A queue of one status, paged by the server, oldest first. */
function queue(status) {
  const items = ref([]);
  const total = ref(0);
  const page = ref(1);
  const error = ref(null);
  const loaded = ref(false);
  async function load() {
    try {
      const r = await get(`/api/cases?${new URLSearchParams({ status, sort: 'oldest', page: String(page.value), size: String(PAGE_SIZE) })}`);
      items.value = r.items;
      total.value = r.total;
      error.value = null;
    } catch (e) {
      error.value = e.message;
    } finally {
      loaded.value = true;
    }
  }
  return { items, total, page, error, loaded, load };
}

function pager(q) {
  if (q.total.value <= PAGE_SIZE) {
    return null;
  }
  return h('div', { class: 'pager' }, [
    h('button', { disabled: q.page.value <= 1, onClick: () => { q.page.value -= 1; q.load(); } }, t('pager.previous')),
    h('span', null, t('pager.page', { page: q.page.value, pages: Math.ceil(q.total.value / PAGE_SIZE) })),
    h('button', { disabled: q.page.value * PAGE_SIZE >= q.total.value, onClick: () => { q.page.value += 1; q.load(); } }, t('pager.next')),
  ]);
}

/** The page of one queue: its title, its rows (rendered by row), a notice after a step, live reloads. */
function queuePage(status, title, empty, test, row) {
  return {
    props: { me: Object },
    setup(props) {
      const q = queue(status);
      const shown = ref({});
      const done = ref(null);
      let stop = null;
      onMounted(() => {
        stop = onEvent('case', () => q.load());
        q.load();
      });
      onUnmounted(() => stop && stop());
      const ctx = {
        me: () => props.me,
        formShown: (c) => !!shown.value[c.id],
        toggleForm: (c) => { shown.value = { ...shown.value, [c.id]: !shown.value[c.id] }; },
        done: (c, action, after) => {
          done.value = after && after.status === 'dispatched' && after.currentDispatch
            ? t('leader.instructedAndDispatched', { number: c.number, unit: after.currentDispatch.unitName })
            : t('leader.done', { number: c.number, action: label('actions.name', action) });
          q.load();
        },
      };
      return () => h('div', { class: 'leader-page', 'data-test': test }, [
        h('section', { class: 'card' }, [
          h('div', { class: 'section-head' }, [h('h2', null, t(title)),
            h('span', { class: 'muted', 'data-test': 'queue-count' }, t('desk.count', { n: q.total.value }))]),
          q.error.value ? h('p', { class: 'error', role: 'alert' }, q.error.value) : null,
          done.value ? h('p', { class: 'ok', role: 'status', 'data-test': 'leader-done' }, done.value) : null,
          !q.loaded.value ? h('p', { class: 'muted' }, t('actions.loading'))
            : q.items.value.length === 0 ? h('p', { class: 'muted', 'data-test': 'queue-empty' }, t(empty))
              : h('ul', { class: 'leader-cases' }, q.items.value.map((c) => row(c, ctx))),
          pager(q),
        ]),
      ]);
    },
  };
}

function recordForm(c, ctx) {
  return [
    h('div', { class: 'leader-case-tools' }, [
      h('button', { type: 'button', class: 'secondary', 'data-test': 'record-form-toggle', onClick: () => ctx.toggleForm(c) },
        t(ctx.formShown(c) ? 'casepage.hideForm' : 'casepage.showForm')),
      h('a', { href: `/api/cases/${c.id}/record-form`, target: '_blank', rel: 'noopener' }, t('casepage.openForm')),
      h('a', { href: href(`/cases/${c.id}`), 'data-test': 'case-link' }, t('leader.openCase')),
      c.kind === 'report' ? h('span', { class: 'muted small' }, t('leader.reportAudited')) : null,
    ]),
    ctx.formShown(c) ? h('iframe', { class: 'pdf', src: `/api/cases/${c.id}/record-form`, title: t('casepage.recordForm'),
      'data-test': 'record-form' }) : null,
  ];
}

function head(c) {
  return h('div', { class: 'leader-case-head' }, [
    h('a', { class: 'mono', href: href(`/cases/${c.id}`) }, c.number),
    h('span', { class: 'badge' }, t(`kind.${c.kind}`)),
    h('span', { class: 'muted' }, label('casepage.via', c.channel)),
    h('span', { class: 'muted' }, t('leader.receivedAt', { at: when(c.receivedAt) })),
    h('span', { class: 'waited', 'data-test': 'waited' }, waited(c.receivedAt)),
    h('span', { class: 'spacer' }),
    h('span', { class: 'muted' }, t('leader.owner', { name: c.owner ? c.owner.name : '' })),
  ]);
}

function instructRow(c, ctx) {
  return h('li', { key: c.id, class: 'leader-case', 'data-test': 'leader-case', 'data-number': c.number, 'data-case': c.id }, [
    head(c),
    h('div', { class: 'leader-case-subject' }, c.subject || t('casepage.noSubject')),
    c.nextDispatch ? h('div', { class: 'muted small', 'data-test': 'next-deadline' },
      t('leader.nextDeadline', { n: c.nextDispatch.workingDays, at: when(c.nextDispatch.dueAt) })) : null,
    ...recordForm(c, ctx),
    h(ActionForms, { caseView: c, me: ctx.me(), only: ['instruct'], onDone: (action, after) => ctx.done(c, action, after) }),
  ]);
}

function reviewRow(c, ctx) {
  const d = c.currentDispatch;
  return h('li', { key: c.id, class: 'leader-case', 'data-test': 'leader-case', 'data-number': c.number, 'data-case': c.id }, [
    head(c),
    h('div', { class: 'leader-case-subject' }, c.subject || t('casepage.noSubject')),
    h('dl', { class: 'fields compact' }, [
      h('dt', null, t('casepage.d.unit')), h('dd', null, d ? d.unitName : '—'),
      h('dt', null, t('casepage.satisfaction')), h('dd', { 'data-test': 'satisfaction' }, c.satisfaction ? label('casepage.satisfaction', c.satisfaction) : '—'),
      h('dt', null, t('casepage.d.feedback')), h('dd', { class: 'text', 'data-test': 'feedback' }, d && d.feedbackExcerpt
        ? [d.feedbackExcerpt, d.feedbackAt ? h('div', { class: 'muted small' }, when(d.feedbackAt)) : null] : '—'),
    ]),
    ...recordForm(c, ctx),
    h(ActionForms, { caseView: c, me: ctx.me(), only: ['review'], onDone: (action, after) => ctx.done(c, action, after) }),
  ]);
}

export default queuePage('awaiting_instruction', 'leader.queue', 'leader.queueEmpty', 'leader-queue', instructRow);

export const ReviewQueue = queuePage('followed_up', 'leader.review', 'leader.reviewEmpty', 'leader-review', reviewRow);
