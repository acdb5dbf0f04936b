// One article (#/knowledge/:id): its text as the server sanitised it (the one place the console renders HTML from the
// server: an allow-list of the OWASP sanitiser), its validity and owner, the steps this user may take (edit, submit,
// publish, return with a reason, retire), the version history with a diff between any two versions, the cases that
// used it, and linking it to a case (as the answer given on the spot, or a reference).
import { h, ref, onMounted } from '../../vue.js';
import { get, post } from '../../api.js';
import { t } from '../../i18n.js';
import { href, go } from '../../router.js';
import { mayLink, statusBadge, validity } from './common.js';

export default {
  props: { me: Object, params: Object, query: Object },
  setup(props) {
    const a = ref(null);
    const error = ref(null);
    const done = ref(null);
    const busy = ref(false);
    const note = ref('');
    const from = ref(null);
    const to = ref(null);
    const diff = ref(null);
    const caseRef = ref((props.query && props.query.case) || '');
    const use = ref('reference');

    async function load() {
      try {
        a.value = await get(`/api/knowledge/articles/${encodeURIComponent(props.params.id)}`);
        // By default the first version against the latest: everything that changed since it was written.
        const vs = a.value.versions;
        if (vs.length >= 2) {
          to.value = vs[0].version;
          from.value = vs[vs.length - 1].version;
        }
        error.value = null;
      } catch (e) {
        error.value = e.message;
      }
    }
    onMounted(load);

    async function step(name) {
      busy.value = true;
      done.value = null;
      try {
        a.value = await post(`/api/knowledge/articles/${a.value.id}/${name}`, note.value.trim() ? { note: note.value.trim() } : {});
        to.value = a.value.versions[0].version;
        note.value = '';
        done.value = t(`knowledge.done.${name}`);
        error.value = null;
      } catch (e) {
        error.value = e.message;
      } finally {
        busy.value = false;
      }
    }

    async function compare() {
      try {
        diff.value = await get(`/api/knowledge/articles/${a.value.id}/diff?from=${from.value}&to=${to.value}`);
        error.value = null;
      } catch (e) {
        error.value = e.message;
      }
    }

    async function link(e) {
      e.preventDefault();
      if (!caseRef.value.trim()) return;
      try {
        await post(`/api/cases/${encodeURIComponent(caseRef.value.trim())}/articles`, { articleId: a.value.id, use: use.value });
        done.value = t('knowledge.linked', { case: caseRef.value.trim() });
        error.value = null;
        await load();
      } catch (err) {
        error.value = err.message;
      }
    }

    const actions = (x) => {
      const allowed = x.allowedActions || [];
      const steps = ['submit', 'publish', 'return', 'retire'].filter((s) => allowed.includes(s));
      if (!allowed.includes('edit') && steps.length === 0) return null;
      return h('div', { class: 'kn-actions', 'data-test': 'kn-actions' }, [
        allowed.includes('edit') ? h('button', { type: 'button', 'data-test': 'kn-edit', onClick: () => go(`/knowledge/${x.id}/edit`) },
          t('knowledge.edit')) : null,
        steps.length ? h('input', { type: 'text', value: note.value, placeholder: t('knowledge.notePlaceholder'), 'data-test': 'kn-note',
          'aria-label': t('knowledge.note'), onInput: (e) => { note.value = e.target.value; } }) : null,
        ...steps.map((s) => h('button', { type: 'button', key: s, class: s === 'publish' || s === 'submit' ? 'primary' : null,
          disabled: busy.value, 'data-test': `kn-${s}`, onClick: () => step(s) }, t(`knowledge.step.${s}`))),
      ]);
    };

    const versions = (x) => h('section', { class: 'card kn-versions', 'data-test': 'kn-versions' }, [
      h('h2', null, t('knowledge.versions')),
      h('div', { class: 'table-scroll' }, h('table', { class: 'list' }, [
        h('thead', null, h('tr', null, ['knowledge.v.version', 'knowledge.v.change', 'knowledge.v.by', 'knowledge.v.at', 'knowledge.v.note',
          'knowledge.v.compare'].map((k) => h('th', { key: k }, t(k))))),
        h('tbody', null, x.versions.map((v) => h('tr', { key: v.version, 'data-test': 'kn-version' }, [
          h('td', { class: 'mono' }, `v${v.version}`),
          h('td', null, t(`knowledge.change.${v.change}`)),
          h('td', null, v.byName),
          h('td', null, (v.at || '').replace('T', ' ').slice(0, 16)),
          h('td', null, v.note || ''),
          h('td', { class: 'kn-compare' }, [
            h('label', null, [h('input', { type: 'radio', name: 'kn-from', checked: from.value === v.version, 'data-test': 'kn-from',
              onChange: () => { from.value = v.version; } }), t('knowledge.v.from')]),
            h('label', null, [h('input', { type: 'radio', name: 'kn-to', checked: to.value === v.version, 'data-test': 'kn-to',
              onChange: () => { to.value = v.version; } }), t('knowledge.v.to')]),
          ]),
        ]))),
      ])),
      x.versions.length >= 2 ? h('button', { type: 'button', 'data-test': 'kn-diff', onClick: compare }, t('knowledge.compare')) : null,
      diff.value ? h('div', { class: 'kn-diff', 'data-test': 'kn-diff-result' }, [
        h('p', { class: 'muted small' }, t('knowledge.diffOf', { from: diff.value.from, to: diff.value.to })),
        ...['title', 'body'].map((part) => h('div', { key: part, class: 'kn-diff-part' }, [
          h('h3', null, t(`knowledge.diff.${part}`)),
          diff.value[part].every((p) => p.op === 'equal') ? h('p', { class: 'muted small' }, t('knowledge.diff.same')) : null,
          ...(part === 'title' && diff.value[part].every((p) => p.op === 'equal') ? [] : diff.value[part]).map((p, i) => h('div', { key: i, class: `kn-diff-line ${p.op}`, 'data-test': `kn-diff-${p.op}` },
            [h('span', { class: 'kn-diff-mark' }, p.op === 'add' ? '+' : p.op === 'remove' ? '−' : ' '), p.text])),
        ])),
      ]) : null,
    ]);

    const cases = (x) => h('section', { class: 'card', 'data-test': 'kn-cases' }, [
      h('h2', null, t('knowledge.cases')),
      x.cases.length === 0 ? h('p', { class: 'muted' }, t('knowledge.noCases'))
        : h('ul', { class: 'kn-case-list' }, x.cases.map((c) => h('li', { key: c.caseId, 'data-test': 'kn-case' }, [
          h('a', { href: href(`/cases/${c.caseId}`), class: 'mono' }, c.number), ' ',
          h('span', { class: 'badge' }, t(`knowledge.use.${c.use}`)), ' ',
          h('span', { class: 'muted small' }, (c.linkedAt || '').slice(0, 10)),
        ]))),
      mayLink(props.me) && x.status === 'published' ? h('form', { class: 'inline-form kn-link', 'data-test': 'kn-link-form', onSubmit: link }, [
        h('input', { type: 'text', value: caseRef.value, placeholder: t('knowledge.casePlaceholder'), 'data-test': 'kn-link-case',
          'aria-label': t('knowledge.caseNumber'), onInput: (e) => { caseRef.value = e.target.value; } }),
        h('select', { value: use.value, 'data-test': 'kn-link-use', onChange: (e) => { use.value = e.target.value; } },
          ['reference', 'answer'].map((u) => h('option', { key: u, value: u }, t(`knowledge.use.${u}`)))),
        h('button', { type: 'submit', class: 'primary', 'data-test': 'kn-link' }, t('knowledge.link')),
      ]) : null,
    ]);

    return () => {
      const x = a.value;
      if (!x) {
        return h('section', { class: 'card' }, error.value ? h('p', { class: 'error', 'data-test': 'kn-error' }, error.value)
          : h('p', { class: 'muted' }, t('actions.loading')));
      }
      return h('div', { class: 'knowledge kn-article', 'data-test': 'kn-article', 'data-id': x.id, 'data-status': x.status }, [
        h('section', { class: 'card' }, [
          h('p', { class: 'small' }, h('a', { href: href('/knowledge') }, t('knowledge.back'))),
          h('div', { class: 'section-head kn-head' }, [
            h('h2', { 'data-test': 'kn-article-title' }, x.title),
            statusBadge(x.status),
            h('span', { class: 'badge' }, t(`knowledge.category.${x.category}`)),
            x.status === 'published' && !x.inForce ? h('span', { class: 'badge warn', 'data-test': 'kn-out-of-force' }, t('knowledge.outOfForce')) : null,
          ]),
          h('div', { class: 'kn-meta muted small' }, [
            h('span', null, x.unitName || t('knowledge.centre')),
            h('span', null, validity(x)),
            h('span', null, t('knowledge.versionBy', { v: x.version, by: x.updatedByName, at: (x.updatedAt || '').slice(0, 10) })),
            x.sourceCaseId ? h('a', { href: href(`/cases/${x.sourceCaseId}`) }, t('knowledge.fromCase')) : null,
          ]),
          error.value ? h('p', { class: 'error', role: 'alert' }, error.value) : null,
          done.value ? h('p', { class: 'ok', role: 'status', 'data-test': 'kn-done' }, done.value) : null,
          // The server's sanitised HTML (an allow-list: no script, no handlers, links http/https/mailto only).
          h('div', { class: 'kn-body', 'data-test': 'kn-body', innerHTML: x.bodyHtml }),
          actions(x),
        ]),
        versions(x),
        cases(x),
      ]);
    };
  },
};
