// On the case page: the articles this case used (a reference, or the answer given on the spot), linking one found by
// a search, and "propose an article" from a handled case (the answer picked from the case, a draft for a reviewer).
import { h, ref, onMounted } from '../../vue.js';
import { get, post } from '../../api.js';
import { t } from '../../i18n.js';
import { href, go } from '../../router.js';
import Highlighted from '../../components/Highlighted.js';
import { mayLink, mayWrite } from './common.js';

const HANDLED = ['handled', 'followed_up', 'closed'];

/** The answers a case holds: the answer on the spot, a unit's feedback, in the timeline's order. */
function answers(c) {
  return (c.timeline || []).filter((e) => (e.action === 'answer' || e.action === 'feedback') && e.note).map((e) => e.note);
}

export default {
  props: { me: Object, caseView: Object },
  setup(props) {
    const links = ref(null);
    const q = ref('');
    const found = ref(null);
    const use = ref(props.caseView.kind === 'inquiry' ? 'answer' : 'reference');
    const error = ref(null);
    const proposing = ref(false);
    const answer = ref('');
    let timer = null;

    async function load() {
      try {
        links.value = await get(`/api/cases/${props.caseView.id}/articles`);
      } catch (e) {
        links.value = null;
        if (e.status !== 403) error.value = e.message;
      }
    }
    onMounted(load);

    function search() {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        if (!q.value.trim()) {
          found.value = null;
          return;
        }
        try {
          found.value = await get(`/api/knowledge/articles?${new URLSearchParams({ q: q.value.trim(), size: '5' })}`);
        } catch (e) {
          error.value = e.message;
        }
      }, 150);
    }

    async function link(a) {
      try {
        links.value = await post(`/api/cases/${props.caseView.id}/articles`, { articleId: a.id, use: use.value });
        found.value = null;
        q.value = '';
        error.value = null;
      } catch (e) {
        error.value = e.message;
      }
    }

    async function propose(e) {
      e.preventDefault();
      try {
        const a = await post(`/api/cases/${props.caseView.id}/articles/propose`, { answer: answer.value });
        go(`/knowledge/${a.id}/edit`);
      } catch (err) {
        error.value = err.message;
      }
    }

    return () => {
      if (!links.value) return null;
      const c = props.caseView;
      return h('section', { class: 'card', 'data-test': 'case-articles' }, [
        h('h2', null, t('knowledge.caseArticles')),
        error.value ? h('p', { class: 'error', role: 'alert' }, error.value) : null,
        links.value.items.length === 0 ? h('p', { class: 'muted' }, t('knowledge.noneLinked'))
          : h('ul', { class: 'kn-case-list' }, links.value.items.map((l) => h('li', { key: l.articleId, 'data-test': 'case-article' }, [
            h('a', { href: href(`/knowledge/${l.articleId}`) }, l.title), ' ',
            h('span', { class: 'badge' }, t(`knowledge.use.${l.use}`)), ' ',
            h('span', { class: 'muted small' }, `${l.linkedByName} · ${(l.linkedAt || '').slice(0, 10)}`),
          ]))),
        mayLink(props.me) ? h('div', { class: 'inline-form kn-case-search' }, [
          h('input', { type: 'search', value: q.value, placeholder: t('knowledge.searchPlaceholder'), 'data-test': 'case-article-search',
            'aria-label': t('knowledge.search'), onInput: (e) => { q.value = e.target.value; search(); } }),
          h('select', { value: use.value, 'data-test': 'case-article-use', onChange: (e) => { use.value = e.target.value; } },
            ['reference', 'answer'].map((u) => h('option', { key: u, value: u }, t(`knowledge.use.${u}`)))),
        ]) : null,
        found.value ? h('ul', { class: 'kn-list' }, found.value.items.map((a) => h('li', { key: a.id, class: 'kn-item' }, [
          h('div', { class: 'kn-item-head' }, [
            h(Highlighted, { value: a.highlight && a.highlight.title ? a.highlight.title : a.title, class: 'kn-title' }),
            h('button', { type: 'button', class: 'primary', 'data-test': 'case-article-link', onClick: () => link(a) }, t('knowledge.link')),
          ]),
          a.highlight && a.highlight.snippet ? h(Highlighted, { value: a.highlight.snippet, tag: 'p', class: 'kn-snippet' }) : null,
        ]))) : null,
        mayWrite(props.me) && HANDLED.includes(c.status) && c.kind !== 'report' ? (proposing.value
          ? h('form', { class: 'kn-propose', 'data-test': 'kn-propose-form', onSubmit: propose }, [
            h('label', { class: 'kn-field' }, [h('span', null, t('knowledge.proposeAnswer')),
              h('textarea', { rows: 4, value: answer.value, required: true, 'data-test': 'kn-propose-answer',
                onInput: (e) => { answer.value = e.target.value; } })]),
            h('div', { class: 'kn-actions' }, [
              h('button', { type: 'submit', class: 'primary', 'data-test': 'kn-propose-send' }, t('knowledge.proposeSend')),
              h('button', { type: 'button', onClick: () => { proposing.value = false; } }, t('knowledge.cancel'))]),
          ])
          : h('button', { type: 'button', 'data-test': 'kn-propose', onClick: () => {
            proposing.value = true;
            answer.value = answers(c).slice(-1)[0] || '';
          } }, t('knowledge.propose'))) : null,
      ]);
    };
  },
};
