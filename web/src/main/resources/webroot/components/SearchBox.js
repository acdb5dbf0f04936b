// The search box always at hand (the top bar of every page): "/" or Ctrl+K opens it, Esc closes it. It answers as the
// agent types (from 2 characters, 120 ms after the last key; a newer query aborts the older request and an answer
// that arrives late is dropped), in three groups: cases, knowledge articles (a 404 there: the knowledge base is not
// available) and phrases, with the hits marked. ↑ ↓ choose, Enter opens the case or the article or inserts the phrase
// (at the record form's cursor, else to the clipboard). The time from the last key to the results on the page is kept
// on the box as data-search-ms (with data-search-q, the query it is for), for a benchmark to read.
import { h, ref, nextTick, onMounted, onUnmounted } from '../vue.js';
import { lang, t } from '../i18n.js';
import { go } from '../router.js';
import Highlighted from './Highlighted.js';
import { copy, insert, fill, draftValues } from './phrases.js';

const MIN_CHARS = 2;
const DEBOUNCE_MS = 120;

async function fetchJson(path, signal) {
  const r = await fetch(path, { signal, credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Accept-Language': lang.value === 'en' ? 'en' : 'zh-CN' } });
  if (r.status === 404) {
    return { unavailable: true };
  }
  if (!r.ok) {
    let message = `HTTP ${r.status}`;
    try {
      message = (await r.json()).error.message || message;
    } catch (e) {
      // The status says it.
    }
    throw new Error(message);
  }
  return r.json();
}

/**
 * Where the query's words stand in a plain text, as a Highlight value ({text, hits}): what is marked while a list does
 * not send its own highlight (case and letter ignored; the server's highlight, when there, is the exact one).
 */
export function markTerms(text, q) {
  const value = String(text || '');
  const lower = value.toLowerCase();
  const ranges = [];
  for (const term of String(q || '').toLowerCase().split(/[\s\u3000]+/).filter(Boolean)) {
    for (let i = lower.indexOf(term); i >= 0; i = lower.indexOf(term, i + term.length)) {
      ranges.push([i, i + term.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const hits = [];
  for (const r of ranges) {
    const last = hits[hits.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else hits.push([r[0], r[1]]);
  }
  return { text: value, hits };
}

/** The shortcut hint, as the keys are written on this machine. */
const isMac = /Mac|iPhone|iPad/.test(navigator.platform || '');

export default {
  props: { me: Object },
  setup(props) {
    const open = ref(false);
    const q = ref('');
    const groups = ref(null);
    const active = ref(0);
    const note = ref(null);
    const box = ref(null);
    const field = ref(null);
    let timer = null;
    let controller = null;
    let seq = 0;

    function show() {
      open.value = true;
      nextTick(() => { if (field.value) { field.value.focus(); field.value.select(); } });
    }
    function close() {
      open.value = false;
      if (controller) controller.abort();
      clearTimeout(timer);
    }

    function onKey(e) {
      const typing = e.target instanceof HTMLElement && (e.target.isContentEditable
        || ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName));
      if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'k' || e.key === 'K')) {
        e.preventDefault();
        show();
      } else if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        show();
      } else if (e.key === 'Escape' && open.value) {
        e.preventDefault();
        close();
      }
    }
    onMounted(() => document.addEventListener('keydown', onKey));
    onUnmounted(() => { document.removeEventListener('keydown', onKey); close(); });

    /** The query as typed, the time of its last key: searched once the typing pauses. */
    function typed(value) {
      q.value = value;
      const lastKey = performance.now();
      clearTimeout(timer);
      if (value.trim().length < MIN_CHARS) {
        if (controller) controller.abort();
        seq++;
        groups.value = null;
        return;
      }
      timer = setTimeout(() => search(value.trim(), lastKey), DEBOUNCE_MS);
    }

    async function search(text, lastKey) {
      if (controller) controller.abort();
      controller = new AbortController();
      const n = ++seq;
      const signal = controller.signal;
      const p = encodeURIComponent(text);
      const settle = (promise) => promise.then((v) => ({ ok: v }), (e) => ({ error: e }));
      const [cases, articles, phrases] = await Promise.all([
        // No counts: the box shows a few rows of each, and counting a common word's matches is most of a search.
        settle(fetchJson(`/api/cases?q=${p}&size=5&count=false`, signal)),
        settle(fetchJson(`/api/knowledge/articles?q=${p}&size=5&count=false`, signal)),
        settle(fetchJson(`/api/phrases?q=${p}`, signal)),
      ]);
      if (n !== seq || signal.aborted) {
        return; // A newer query is on its way: this answer is stale.
      }
      const group = (r, map) => (r.error ? { error: r.error.message } : r.ok.unavailable ? { unavailable: true }
        : { items: (r.ok.items || []).slice(0, 5).map(map), total: r.ok.total ?? (r.ok.items || []).length });
      groups.value = {
        q: text,
        cases: group(cases, (c) => ({ type: 'case', id: c.id, key: `c${c.id}`, number: c.number,
          title: (c.highlight && c.highlight.subject) || markTerms(c.subject || '', text), snippet: c.highlight && c.highlight.snippet })),
        articles: group(articles, (a) => ({ type: 'article', id: a.id, key: `a${a.id}`,
          title: (a.highlight && a.highlight.title) || markTerms(a.title, text), snippet: a.highlight && a.highlight.snippet })),
        phrases: group(phrases, (x) => ({ type: 'phrase', id: x.id, key: `p${x.id}`, text: x.text,
          title: (x.highlight && x.highlight.title) || markTerms(x.title, text),
          snippet: (x.highlight && x.highlight.snippet) || markTerms(x.text, text) })),
      };
      active.value = 0;
      await nextTick();
      if (n === seq && box.value) {
        box.value.setAttribute('data-search-ms', String(Math.round(performance.now() - lastKey)));
        box.value.setAttribute('data-search-q', text);
      }
    }

    const flat = () => (groups.value ? ['cases', 'articles', 'phrases'].flatMap((g) => groups.value[g].items || []) : []);

    async function choose(item) {
      if (!item) return;
      if (item.type === 'case') {
        close();
        go(`/cases/${item.id}`);
      } else if (item.type === 'article') {
        close();
        go(`/knowledge/${item.id}`);
      } else {
        close();
        // The phrase as written (its placeholders are filled where it is used); into the record form, else copied.
        if (!insert(item.text, item.id)) {
          note.value = t(await copy(fill(item.text, draftValues(props.me, null))) ? 'search.phraseCopied' : 'phrases.copyFailed');
          setTimeout(() => { note.value = null; }, 2500);
        }
      }
    }

    function onFieldKey(e) {
      const all = flat();
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        active.value = all.length ? (active.value + 1) % all.length : 0;
      } else if (e.key === 'ArrowUp') {
        e.preventDefault();
        active.value = all.length ? (active.value - 1 + all.length) % all.length : 0;
      } else if (e.key === 'Enter') {
        e.preventDefault();
        choose(all[active.value]);
      }
    }

    const hint = isMac ? '/ ⌘K' : '/ Ctrl+K';

    function section(name, g, offset) {
      const head = h('h4', null, t(`phrases.search.group.${name}`));
      if (g.unavailable) {
        return h('section', { class: 'search-group', 'data-test': `search-${name}` }, [head, h('p', { class: 'muted small' }, t('phrases.search.unavailable'))]);
      }
      if (g.error) {
        return h('section', { class: 'search-group', 'data-test': `search-${name}` }, [head, h('p', { class: 'error small' }, g.error)]);
      }
      return h('section', { class: 'search-group', 'data-test': `search-${name}` }, [head,
        g.items.length === 0 ? h('p', { class: 'muted small' }, t('phrases.search.none'))
          : h('ul', { role: 'listbox' }, g.items.map((item, i) => h('li', {
            key: item.key, role: 'option', 'aria-selected': String(offset + i === active.value),
            class: offset + i === active.value ? 'active' : null, 'data-test': 'search-result', 'data-type': item.type,
            onMousedown: (e) => e.preventDefault(), onClick: () => choose(item),
            onMousemove: () => { active.value = offset + i; },
          }, [
            h('div', { class: 'search-title' }, [
              item.number ? h('span', { class: 'mono number' }, item.number) : null,
              h(Highlighted, { value: item.title }),
            ]),
            item.snippet ? h(Highlighted, { value: item.snippet, tag: 'div', class: 'search-snippet muted small' }) : null,
          ]))),
      ]);
    }

    return () => h('div', { class: 'search-box', ref: box, 'data-test': 'search-box' }, [
      h('button', { type: 'button', class: 'search-open', 'data-test': 'search-open', onClick: show, title: `${t('phrases.search.title')} (${hint})` }, [
        h('span', null, t('phrases.search.open')), h('kbd', null, hint),
      ]),
      note.value ? h('span', { class: 'search-note', role: 'status' }, note.value) : null,
      open.value ? h('div', { class: 'search-overlay', 'data-test': 'search-overlay', onMousedown: (e) => { if (e.target === e.currentTarget) close(); } },
        h('div', { class: 'search-panel', role: 'dialog', 'aria-label': t('phrases.search.title') }, [
          h('div', { class: 'search-field' }, [
            h('input', {
              ref: field, type: 'search', value: q.value, 'data-test': 'search-input', autocomplete: 'off', maxlength: 200,
              placeholder: t('phrases.search.placeholder'), 'aria-label': t('phrases.search.title'),
              onInput: (e) => typed(e.target.value), onKeydown: onFieldKey,
            }),
            h('button', { type: 'button', class: 'search-close', 'data-test': 'search-close', onClick: close,
              title: t('phrases.search.close'), 'aria-label': t('phrases.search.close') }, h('kbd', null, 'Esc')),
          ]),
          groups.value ? (() => {
            const c = groups.value.cases.items || [];
            const a = groups.value.articles.items || [];
            return h('div', { class: 'search-results', 'data-test': 'search-results' }, [
              section('cases', groups.value.cases, 0),
              section('articles', groups.value.articles, c.length),
              section('phrases', groups.value.phrases, c.length + a.length),
            ]);
          })() : h('p', { class: 'muted small search-help' }, t('phrases.search.help')),
        ])) : null,
    ]);
  },
};
