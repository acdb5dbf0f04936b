// The knowledge base (#/knowledge): a search box that answers as one types (every term a substring of the title or
// body, title hits first, the hits marked), category and status filters, and the results. What agents see by default
// is published and in force; writers and reviewers pick other statuses. The review queue (#/knowledge/review) is the
// same list of the articles in review, with the articles about to expire beside it.
import { h, ref, onMounted, watch } from '../../vue.js';
import { get } from '../../api.js';
import { t } from '../../i18n.js';
import { href, go } from '../../router.js';
import Highlighted from '../../components/Highlighted.js';
import { CATEGORIES, STATUSES, mayWrite, mayReview, statusBadge, validity } from './common.js';

const PAGE_SIZE = 20;

function listPage(review) {
  return {
    props: { me: Object, query: Object },
    setup(props) {
      const q = ref((props.query && props.query.q) || '');
      const category = ref((props.query && props.query.category) || '');
      const status = ref(review ? 'in_review' : (props.query && props.query.status) || 'published');
      const page = ref(1);
      const result = ref(null);
      const expiring = ref(null);
      const error = ref(null);
      let timer = null;
      let asked = 0;

      async function load() {
        const mine = ++asked;
        try {
          const params = new URLSearchParams({ status: status.value, page: String(page.value), size: String(PAGE_SIZE) });
          if (q.value.trim()) params.set('q', q.value.trim());
          if (category.value) params.set('category', category.value);
          const r = await get(`/api/knowledge/articles?${params}`);
          // An answer to an older query that arrives late is dropped.
          if (mine === asked) {
            result.value = r;
            error.value = null;
          }
        } catch (e) {
          if (mine === asked) error.value = e.message;
        }
      }
      function soon() {
        clearTimeout(timer);
        timer = setTimeout(() => { page.value = 1; load(); }, 150);
      }
      watch([category, status], () => { page.value = 1; load(); });
      onMounted(async () => {
        load();
        if (review && mayReview(props.me)) {
          try {
            expiring.value = await get('/api/knowledge/expiring');
          } catch (e) {
            expiring.value = null;
          }
        }
      });

      const item = (a) => h('li', { key: a.id, class: 'kn-item', 'data-test': 'kn-item', 'data-id': a.id }, [
        h('div', { class: 'kn-item-head' }, [
          h('a', { href: href(`/knowledge/${a.id}`), class: 'kn-title', 'data-test': 'kn-item-link' },
            a.highlight && a.highlight.title ? h(Highlighted, { value: a.highlight.title }) : a.title),
          statusBadge(a.status),
          h('span', { class: 'badge' }, t(`knowledge.category.${a.category}`)),
        ]),
        a.highlight && a.highlight.snippet ? h(Highlighted, { value: a.highlight.snippet, tag: 'p', class: 'kn-snippet' }) : null,
        h('div', { class: 'kn-meta muted small' }, [
          a.unitName ? h('span', null, a.unitName) : h('span', null, t('knowledge.centre')),
          h('span', null, validity(a)),
          h('span', null, t('knowledge.updated', { at: (a.updatedAt || '').slice(0, 10) })),
        ]),
      ]);

      const filters = () => h('div', { class: 'kn-filters' }, [
        h('input', { type: 'search', value: q.value, placeholder: t('knowledge.searchPlaceholder'), 'aria-label': t('knowledge.search'),
          'data-test': 'kn-search', class: 'kn-search', onInput: (e) => { q.value = e.target.value; soon(); } }),
        h('select', { value: category.value, 'data-test': 'kn-category', 'aria-label': t('knowledge.categoryLabel'),
          onChange: (e) => { category.value = e.target.value; } }, [
          h('option', { value: '' }, t('knowledge.allCategories')),
          ...CATEGORIES.map((c) => h('option', { key: c, value: c }, t(`knowledge.category.${c}`)))]),
        review ? null : h('select', { value: status.value, 'data-test': 'kn-status-filter', 'aria-label': t('knowledge.statusLabel'),
          onChange: (e) => { status.value = e.target.value; } },
          (mayWrite(props.me) || mayReview(props.me) ? STATUSES : ['published']).map((s) => h('option', { key: s, value: s },
            t(`knowledge.filter.${s}`)))),
        h('span', { class: 'spacer' }),
        mayWrite(props.me) ? h('button', { type: 'button', class: 'primary', 'data-test': 'kn-new', onClick: () => go('/knowledge/new') },
          t('knowledge.new')) : null,
      ]);

      const results = () => {
        const r = result.value;
        if (!r) return h('p', { class: 'muted' }, t('actions.loading'));
        if (r.items.length === 0) return h('p', { class: 'muted', 'data-test': 'kn-none' }, t(review ? 'knowledge.noneInReview' : 'knowledge.none'));
        return h('div', null, [
          h('p', { class: 'muted small', 'data-test': 'kn-total' }, t('knowledge.found', { n: r.total })),
          h('ul', { class: 'kn-list', 'data-test': 'kn-list' }, r.items.map(item)),
          r.total > PAGE_SIZE ? h('div', { class: 'pager' }, [
            h('button', { disabled: page.value <= 1, onClick: () => { page.value -= 1; load(); } }, t('pager.previous')),
            h('span', null, t('pager.page', { page: page.value, pages: Math.ceil(r.total / PAGE_SIZE) })),
            h('button', { disabled: page.value * PAGE_SIZE >= r.total, onClick: () => { page.value += 1; load(); } }, t('pager.next')),
          ]) : null,
        ]);
      };

      const expiringCard = () => {
        const e = expiring.value;
        if (!e) return null;
        return h('section', { class: 'card', 'data-test': 'kn-expiring' }, [
          h('div', { class: 'section-head' }, [h('h2', null, t('knowledge.expiring')),
            h('span', { class: 'muted' }, t('knowledge.expiringHint', { days: e.days }))]),
          e.items.length === 0 ? h('p', { class: 'muted' }, t('knowledge.noneExpiring'))
            : h('ul', { class: 'kn-list' }, e.items.map((a) => h('li', { key: a.id, class: 'kn-item', 'data-test': 'kn-expiring-item' }, [
              h('div', { class: 'kn-item-head' }, [
                h('a', { href: href(`/knowledge/${a.id}`), class: 'kn-title' }, a.title),
                h('span', { class: 'badge warn' }, t('knowledge.expiresOn', { date: a.expiresOn })),
                a.remindedAt ? h('span', { class: 'muted small' }, t('knowledge.reminded', { at: a.remindedAt.slice(0, 10) })) : null,
              ]),
              h('div', { class: 'kn-meta muted small' }, a.unitName || t('knowledge.centre')),
            ]))),
        ]);
      };

      return () => h('div', { class: 'knowledge', 'data-test': review ? 'kn-review' : 'kn-page' }, [
        h('section', { class: 'card' }, [
          h('div', { class: 'section-head' }, [h('h2', null, t(review ? 'knowledge.reviewTitle' : 'knowledge.title'))]),
          filters(),
          error.value ? h('p', { class: 'error', role: 'alert' }, error.value) : null,
          results(),
        ]),
        review ? expiringCard() : null,
      ]);
    },
  };
}

export default listPage(false);
export const ReviewQueue = listPage(true);
