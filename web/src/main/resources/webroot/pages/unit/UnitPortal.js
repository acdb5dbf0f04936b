// The unit portal (#/unit): the first responsible person of a county bureau or department sees the dispatches to
// their unit only (the server lists nothing else to them): new ones not yet confirmed first, then those being
// handled, each with its deadline in working days. Receipt is confirmed in one click; feedback and an extension are
// given on the case page. Laid out for a phone's screen as well.
import { h, ref, onMounted, onUnmounted } from '../../vue.js';
import { get, post } from '../../api.js';
import { t } from '../../i18n.js';
import { onEvent } from '../../events.js';
import { href } from '../../router.js';
import DeadlineBadge from '../../components/DeadlineBadge.js';
import ArticleEditor from '../knowledge/ArticleEditor.js';

const PAGE_SIZE = 50;

/** One list of the unit's cases in a status, paged by the server. */
function list(status) {
  const items = ref([]);
  const total = ref(0);
  const page = ref(1);
  async function load() {
    const r = await get(`/api/cases?${new URLSearchParams({ status, page: String(page.value), size: String(PAGE_SIZE) })}`);
    items.value = r.items;
    total.value = r.total;
  }
  return { items, total, page, load };
}

export default {
  props: { me: Object },
  setup(props) {
    const submitted = ref(null);
    const fresh = list('dispatched');
    const handling = list('receipt_confirmed');
    const error = ref(null);
    const busy = ref(null);
    const done = ref(null);

    async function load() {
      try {
        await Promise.all([fresh.load(), handling.load()]);
        error.value = null;
      } catch (e) {
        error.value = e.message;
      }
    }

    async function confirm(c) {
      busy.value = c.id;
      done.value = null;
      try {
        // The unit itself confirms, in the portal: a reply of the unit's.
        await post(`/api/cases/${c.id}/receipt`, { method: 'reply' });
        done.value = t('unit.confirmed', { number: c.number });
        await load();
      } catch (e) {
        error.value = e.message;
      } finally {
        busy.value = null;
      }
    }

    let stop = null;
    onMounted(() => {
      stop = onEvent('case', () => load());
      load();
    });
    onUnmounted(() => stop && stop());

    const card = (c, isNew) => h('li', { key: c.id, class: `unit-case${isNew ? ' new' : ''}`, 'data-test': 'unit-case',
      'data-number': c.number }, [
      h('div', { class: 'unit-case-head' }, [
        h('a', { class: 'mono', href: href(`/cases/${c.id}`), 'data-test': 'unit-case-link' }, c.number),
        h('span', { class: 'badge' }, t(`kind.${c.kind}`)),
        h('span', { class: 'spacer' }),
        c.currentDispatch ? h(DeadlineBadge, { dueAt: c.currentDispatch.dueAt, overdue: c.currentDispatch.overdue,
          workingDaysLeft: c.currentDispatch.workingDaysLeft }) : null,
      ]),
      h('div', { class: 'unit-case-subject' }, c.subject || t('casepage.noSubject')),
      h('div', { class: 'unit-case-actions' }, isNew
        ? [h('button', { type: 'button', class: 'primary big', disabled: busy.value === c.id, 'data-test': 'unit-confirm',
          onClick: () => confirm(c) }, t('unit.confirm')),
        h('a', { class: 'button big', href: href(`/cases/${c.id}`) }, t('unit.open'))]
        : [h('a', { class: 'button primary big', href: href(`/cases/${c.id}`), 'data-test': 'unit-feedback' }, t('unit.feedback'))]),
    ]);

    const section = (title, l, isNew, empty) => h('section', { class: 'card unit-section', 'data-test': isNew ? 'unit-new' : 'unit-handling' }, [
      h('div', { class: 'section-head' }, [h('h2', null, t(title)), h('span', { class: 'muted' }, t('desk.count', { n: l.total.value }))]),
      l.items.value.length === 0 ? h('p', { class: 'muted' }, t(empty))
        : h('ul', { class: 'unit-cases' }, l.items.value.map((c) => card(c, isNew))),
      l.total.value > PAGE_SIZE ? h('div', { class: 'pager' }, [
        h('button', { disabled: l.page.value <= 1, onClick: () => { l.page.value -= 1; l.load(); } }, t('pager.previous')),
        h('span', null, t('pager.page', { page: l.page.value, pages: Math.ceil(l.total.value / PAGE_SIZE) })),
        h('button', { disabled: l.page.value * PAGE_SIZE >= l.total.value, onClick: () => { l.page.value += 1; l.load(); } }, t('pager.next')),
      ]) : null,
    ]);

    return () => h('div', { class: 'unit-portal' }, [
      error.value ? h('p', { class: 'error', role: 'alert' }, error.value) : null,
      done.value ? h('p', { class: 'ok', role: 'status', 'data-test': 'unit-done' }, done.value) : null,
      section('unit.new', fresh, true, 'unit.noneNew'),
      section('unit.handling', handling, false, 'unit.noneHandling'),
      h('p', { class: 'muted small' }, t('unit.hint')),
      // A policy update for the knowledge base (营销政策、专卖管理、货源供应): it goes to the centre's review.
      h('section', { class: 'card unit-section', 'data-test': 'unit-knowledge' }, [
        h('div', { class: 'section-head' }, [h('h2', null, t('knowledge.unitTitle'))]),
        h('p', { class: 'muted small' }, t('knowledge.unitHint')),
        submitted.value ? h('p', { class: 'ok', role: 'status', 'data-test': 'unit-knowledge-done' },
          t('knowledge.unitSubmitted', { title: submitted.value.title })) : null,
        h(ArticleEditor, { unit: true, me: props.me, onSubmitted: (a) => { submitted.value = a; } }),
      ]),
    ]);
  },
};
