// The case search (#/cases?q=…): every case this user may list whose text holds every word typed, as the server
// ranks them (subject hits first, then the rest, newest first), with the hits marked in the subject and in a snippet
// of the content. Answers as one types. The server counts up to 1,000 matches ("1000+" past that) and searches only
// the most recent cases for a query of single characters; the page says both.
import { h, ref, onMounted, onUnmounted } from '../../vue.js';
import { get } from '../../api.js';
import { t } from '../../i18n.js';
import { href } from '../../router.js';
import Highlighted from '../../components/Highlighted.js';

const PAGE_SIZE = 20;
const TYPING_MS = 200;
const KINDS = ['complaint', 'inquiry', 'suggestion', 'report'];

export default {
  props: { me: Object, query: Object },
  setup(props) {
    const text = ref((props.query && props.query.q) || '');
    const kind = ref((props.query && props.query.kind) || '');
    const page = ref(1);
    const result = ref(null);
    const error = ref(null);
    const loading = ref(false);
    let asked = 0;
    let timer = null;
    const input = ref(null);

    async function load() {
      const q = text.value.trim();
      // The address keeps the search, so that it can be sent on and comes back with the browser's back button.
      history.replaceState(null, '', href('/cases', { q, kind: kind.value }));
      if (!q) {
        result.value = null;
        error.value = null;
        return;
      }
      const mine = ++asked;
      loading.value = true;
      const params = new URLSearchParams({ q, page: String(page.value), size: String(PAGE_SIZE) });
      if (kind.value) {
        params.set('kind', kind.value);
      }
      try {
        const r = await get(`/api/cases?${params}`);
        // An answer to an older query than the last one typed is dropped.
        if (mine === asked) {
          result.value = r;
          error.value = null;
        }
      } catch (e) {
        if (mine === asked) {
          error.value = e.message;
        }
      } finally {
        if (mine === asked) {
          loading.value = false;
        }
      }
    }

    function typed(value) {
      text.value = value;
      page.value = 1;
      clearTimeout(timer);
      timer = setTimeout(load, TYPING_MS);
    }

    onMounted(() => {
      if (input.value) {
        input.value.focus();
      }
      load();
    });
    onUnmounted(() => clearTimeout(timer));

    function count(r) {
      const n = r.totalCapped ? `${r.total}+` : String(r.total);
      return t('caselist.count', { n });
    }

    function row(c) {
      const hl = c.highlight || {};
      return h('li', { key: c.id, class: 'caselist-item', 'data-test': 'search-result', 'data-number': c.number }, [
        h('div', { class: 'caselist-meta' }, [
          h('a', { class: 'mono', href: href(`/cases/${c.id}`), 'data-test': 'case-link' }, c.number),
          h('span', { class: 'tag' }, t(`kind.${c.kind}`)),
          h('span', { class: 'muted' }, t(`status.${c.status}`)),
          h('span', { class: 'muted' }, (c.receivedAt || '').slice(0, 10)),
        ]),
        h('a', { class: 'caselist-subject', href: href(`/cases/${c.id}`), 'data-test': 'result-subject' },
          hl.subject ? h(Highlighted, { value: hl.subject }) : (c.subject || t('caselist.noSubject'))),
        hl.snippet ? h(Highlighted, { tag: 'p', class: 'caselist-snippet', value: hl.snippet, 'data-test': 'result-snippet' }) : null,
      ]);
    }

    return () => {
      const r = result.value;
      const pages = r ? Math.max(1, Math.ceil(r.total / PAGE_SIZE)) : 1;
      return h('section', { class: 'card caselist' }, [
        h('div', { class: 'section-head' }, [
          h('h2', null, t('caselist.title')),
          r ? h('span', { class: 'muted', 'data-test': 'result-count' }, count(r)) : null,
          loading.value ? h('span', { class: 'muted' }, t('caselist.searching')) : null,
        ]),
        h('form', { class: 'caselist-form', role: 'search', onSubmit: (e) => { e.preventDefault(); clearTimeout(timer); page.value = 1; load(); } }, [
          h('input', { ref: input, type: 'search', name: 'q', value: text.value, placeholder: t('caselist.placeholder'),
            'aria-label': t('caselist.placeholder'), maxlength: 100, autocomplete: 'off', 'data-test': 'case-search',
            onInput: (e) => typed(e.target.value) }),
          h('select', { name: 'kind', value: kind.value, 'aria-label': t('case.kind'),
            onChange: (e) => { kind.value = e.target.value; page.value = 1; load(); } }, [
            h('option', { value: '' }, t('desk.allKinds')),
            ...KINDS.map((k) => h('option', { key: k, value: k }, t(`kind.${k}`))),
          ]),
        ]),
        h('p', { class: 'muted caselist-help' }, t('caselist.help')),
        r && r.recentOnly ? h('p', { class: 'notice', 'data-test': 'recent-only' }, t('caselist.recentOnly', { n: r.recentOnly })) : null,
        r && r.totalCapped ? h('p', { class: 'muted', 'data-test': 'capped' }, t('caselist.capped', { n: r.total })) : null,
        error.value ? h('p', { class: 'error' }, error.value) : null,
        r && r.items.length === 0 ? h('p', { class: 'muted', 'data-test': 'no-results' }, t('caselist.none')) : null,
        r && r.items.length ? h('ol', { class: 'caselist-results', 'data-test': 'results' }, r.items.map(row)) : null,
        r && r.total > PAGE_SIZE ? h('div', { class: 'pager' }, [
          h('button', { type: 'button', disabled: page.value <= 1, onClick: () => { page.value -= 1; load(); } }, t('pager.previous')),
          h('span', null, t('pager.page', { page: page.value, pages: r.totalCapped ? `${pages}+` : pages })),
          h('button', { type: 'button', disabled: page.value * PAGE_SIZE >= r.total, onClick: () => { page.value += 1; load(); } },
            t('pager.next')),
        ]) : null,
      ]);
    };
  },
};
