// The phrases panel beside the record form: the standard service phrases for the case's kind and channel, by
// category, filled (from the case on the server when it is filed, else with what the page knows); one click copies a
// phrase, another inserts it at the cursor of the record form's text field.
import { h, ref, watch, onMounted } from '../vue.js';
import { get } from '../api.js';
import { t } from '../i18n.js';
import { CATEGORIES, categoryLabel, fill, missing, copy, insert } from './phrases.js';

export default {
  props: {
    me: Object,
    kind: String,
    channel: String,
    /** A filed case: its phrases filled by the server. */
    caseId: Number,
    /** What the page fills itself for a case not filed yet ({ 工号, 坐席姓名, 客户称呼 }). */
    values: Object,
  },
  setup(props) {
    const items = ref([]);
    const error = ref(null);
    const open = ref('greeting');
    const note = ref(null);
    let seq = 0;

    async function load() {
      const n = ++seq;
      const params = new URLSearchParams();
      if (props.kind) params.set('kind', props.kind);
      if (props.channel) params.set('channel', props.channel);
      try {
        const r = await get(props.caseId ? `/api/cases/${props.caseId}/phrases?${params}` : `/api/phrases?${params}`);
        if (n === seq) {
          items.value = r.items;
          error.value = null;
        }
      } catch (e) {
        if (n === seq) error.value = e.message;
      }
    }
    onMounted(load);
    watch(() => [props.kind, props.channel, props.caseId], load);

    const textOf = (p) => (props.caseId ? p.text : fill(p.text, props.values || {}));
    let noteTimer = null;
    function say(key) {
      note.value = t(key);
      clearTimeout(noteTimer);
      noteTimer = setTimeout(() => { note.value = null; }, 2500);
    }

    return () => {
      const groups = CATEGORIES.map((c) => ({ c, list: items.value.filter((p) => p.category === c) })).filter((g) => g.list.length);
      return h('aside', { class: 'card phrase-panel', 'data-test': 'phrase-panel' }, [
        h('div', { class: 'section-head' }, [
          h('h3', null, t('phrases.panel')),
          h('span', { class: 'spacer' }),
          note.value ? h('span', { class: 'phrase-note', role: 'status', 'data-test': 'phrase-note' }, note.value) : null,
        ]),
        error.value ? h('p', { class: 'error' }, error.value) : null,
        h('div', { class: 'phrase-tabs', role: 'tablist' }, groups.map((g) => h('button', {
          type: 'button', role: 'tab', key: g.c, 'data-test': `phrase-tab-${g.c}`, 'aria-selected': String(open.value === g.c),
          class: open.value === g.c ? 'current' : null, onClick: () => { open.value = g.c; },
        }, categoryLabel(g.c)))),
        h('ul', { class: 'phrase-list' }, (groups.find((g) => g.c === open.value) || groups[0] || { list: [] }).list.map((p) => {
          const text = textOf(p);
          const left = missing(text);
          return h('li', { key: p.id, 'data-test': 'phrase', 'data-title': p.title }, [
            h('div', { class: 'phrase-title' }, [
              h('strong', null, p.title),
              p.kind ? h('span', { class: 'tag' }, t(`kind.${p.kind}`)) : null,
              p.channel ? h('span', { class: 'tag' }, t(`channel.${p.channel}`)) : null,
            ]),
            // Placeholders without a value yet stand out, to be filled in by hand where the phrase goes.
            h('p', { class: 'phrase-text', 'data-test': 'phrase-text' }, text.split(/(\{(?:工号|坐席姓名|工单号|办结时限|责任单位|客户称呼)\})/)
              .map((part, i) => (i % 2 ? h('span', { class: 'ph', key: i }, part) : part))),
            left.length ? h('p', { class: 'muted small' }, t('phrases.toFill', { names: left.join('、') })) : null,
            h('div', { class: 'phrase-actions' }, [
              h('button', { type: 'button', class: 'small', 'data-test': 'phrase-copy',
                onClick: async () => say(await copy(text) ? 'phrases.copied' : 'phrases.copyFailed') }, t('phrases.copy')),
              h('button', { type: 'button', class: 'small', 'data-test': 'phrase-insert',
                onClick: () => say(insert(text) ? 'phrases.inserted' : 'phrases.noField') }, t('phrases.insert')),
            ]),
          ]);
        })),
      ]);
    };
  },
};
