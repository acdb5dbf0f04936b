// Reports (举报, #/leader/reports): the list of reports, which never shows a reporter (the server's list rows never
// do, whoever asks), and for a leader or the supervision office each report opened with its reporter unmasked: the
// name, phones, e-mail and address as GET /api/cases/{id} gives them to this user. The server writes every such view
// to the audit log (report.identity.view); the page says so before anyone opens one.
import { h, ref, onMounted, onUnmounted } from '../../vue.js';
import { get } from '../../api.js';
import { t } from '../../i18n.js';
import { onEvent } from '../../events.js';
import { href } from '../../router.js';
import PhoneNumber from '../../components/PhoneNumber.js';
import { when } from '../../components/Timeline.js';

const PAGE_SIZE = 50;
const STATUSES = ['', 'awaiting_instruction', 'instructed', 'dispatched', 'receipt_confirmed', 'handled', 'followed_up', 'reopened', 'closed'];

export default {
  props: { me: Object },
  setup() {
    const items = ref([]);
    const total = ref(0);
    const page = ref(1);
    const status = ref('');
    const text = ref('');
    const error = ref(null);
    const loaded = ref(false);
    const opened = ref({});

    async function load() {
      const q = { kind: 'report', page: String(page.value), size: String(PAGE_SIZE) };
      if (status.value) q.status = status.value;
      if (text.value.trim()) q.q = text.value.trim();
      try {
        const r = await get(`/api/cases?${new URLSearchParams(q)}`);
        items.value = r.items;
        total.value = r.total;
        error.value = null;
      } catch (e) {
        error.value = e.message;
      } finally {
        loaded.value = true;
      }
    }

    /** Opens one report: the case as the server gives it to this user, reporter and all (audited by the server). */
    async function open(c) {
      if (opened.value[c.id]) {
        const next = { ...opened.value };
        delete next[c.id];
        opened.value = next;
        return;
      }
      opened.value = { ...opened.value, [c.id]: { loading: true } };
      try {
        const view = await get(`/api/cases/${c.id}`);
        opened.value = { ...opened.value, [c.id]: { view } };
      } catch (e) {
        opened.value = { ...opened.value, [c.id]: { error: e.message } };
      }
    }

    let stop = null;
    onMounted(() => {
      // A case changed: the list is read again (its rows only; an opened report is read again when opened again).
      stop = onEvent('case', () => load());
      load();
    });
    onUnmounted(() => stop && stop());

    function reporter(view) {
      if (view.anonymous && !view.contact) {
        return h('p', { class: 'muted', 'data-test': 'reporter-anonymous' }, t('casepage.anonymous'));
      }
      if (view.identityMasked || !view.contact) {
        return h('p', null, h('span', { class: 'masked', 'data-test': 'masked' }, t('casepage.masked')));
      }
      const k = view.contact;
      return h('dl', { class: 'fields compact reporter', 'data-test': 'reporter' }, [
        h('dt', null, t('reports.name')), h('dd', { 'data-test': 'reporter-name' }, k.name || '—'),
        h('dt', null, t('reports.phones')), h('dd', null, (k.phones || []).length
          ? k.phones.map((p) => h('div', { key: p }, h(PhoneNumber, { number: p, caseId: view.id }))) : '—'),
        h('dt', null, t('reports.email')), h('dd', null, k.email || '—'),
        h('dt', null, t('reports.address')), h('dd', null, k.address || '—'),
      ]);
    }

    function detail(c) {
      const o = opened.value[c.id];
      if (!o) return null;
      if (o.loading) return h('p', { class: 'muted' }, t('actions.loading'));
      if (o.error) return h('p', { class: 'error', role: 'alert' }, o.error);
      const v = o.view;
      return h('div', { class: 'report-detail', 'data-test': 'report-detail' }, [
        h('h3', null, t('reports.reporter')),
        reporter(v),
        h('h3', null, t('casepage.content')),
        h('div', { class: 'text content' }, v.content),
        v.respondent ? h('p', { class: 'muted' }, `${t('casepage.respondent')}: ${[v.respondent.person, v.respondent.unitName].filter(Boolean).join(' · ')}`) : null,
        h('a', { href: href(`/cases/${c.id}`), 'data-test': 'case-link' }, t('leader.openCase')),
      ]);
    }

    const search = (e) => { e.preventDefault(); page.value = 1; load(); };

    return () => h('div', { class: 'leader-page', 'data-test': 'leader-reports' }, [
      h('section', { class: 'card' }, [
        h('div', { class: 'section-head' }, [h('h2', null, t('reports.title')), h('span', { class: 'muted' }, t('desk.count', { n: total.value }))]),
        h('p', { class: 'notice', 'data-test': 'reports-audited' }, t('reports.audited')),
        h('form', { class: 'inline-form', onSubmit: search }, [
          h('select', { value: status.value, 'data-test': 'reports-status', onChange: (e) => { status.value = e.target.value; page.value = 1; load(); } },
            STATUSES.map((s) => h('option', { key: s, value: s }, s ? t(`status.${s}`) : t('reports.anyStatus')))),
          h('input', { type: 'search', value: text.value, maxlength: 100, placeholder: t('reports.search'),
            onInput: (e) => { text.value = e.target.value; } }),
          h('button', { type: 'submit', class: 'secondary' }, t('reports.find')),
        ]),
        error.value ? h('p', { class: 'error', role: 'alert' }, error.value) : null,
        !loaded.value ? h('p', { class: 'muted' }, t('actions.loading'))
          : items.value.length === 0 ? h('p', { class: 'muted' }, t('reports.none'))
            : h('ul', { class: 'leader-cases' }, items.value.map((c) => h('li', { key: c.id, class: 'leader-case', 'data-test': 'report',
              'data-number': c.number, 'data-case': c.id }, [
              h('div', { class: 'leader-case-head' }, [
                h('a', { class: 'mono', href: href(`/cases/${c.id}`) }, c.number),
                h('span', { class: `badge status ${c.status}` }, t(`status.${c.status}`)),
                h('span', { class: 'muted' }, t('leader.receivedAt', { at: when(c.receivedAt) })),
                h('span', { class: 'spacer' }),
                c.identityMasked ? h('span', { class: 'masked' }, t('casepage.masked')) : h('span', { class: 'muted' }, t('casepage.anonymous')),
              ]),
              h('div', { class: 'leader-case-subject' }, c.subject || t('casepage.noSubject')),
              h('div', { class: 'leader-case-tools' }, [
                h('button', { type: 'button', class: opened.value[c.id] ? 'secondary current' : 'secondary', 'data-test': 'report-open',
                  onClick: () => open(c) }, t(opened.value[c.id] ? 'reports.close' : 'reports.open')),
              ]),
              detail(c),
            ]))),
        total.value > PAGE_SIZE ? h('div', { class: 'pager' }, [
          h('button', { disabled: page.value <= 1, onClick: () => { page.value -= 1; load(); } }, t('pager.previous')),
          h('span', null, t('pager.page', { page: page.value, pages: Math.ceil(total.value / PAGE_SIZE) })),
          h('button', { disabled: page.value * PAGE_SIZE >= total.value, onClick: () => { page.value += 1; load(); } }, t('pager.next')),
        ]) : null,
      ]),
    ]);
  },
};
