// Standard service phrases and words not to use (#/admin/phrases), for the supervision office and admins: the phrases
// by category in their order (moved up and down), added and changed in a form with the placeholders to click in,
// retired and brought back; the words agents must not use, each with what to say instead.
import { h, ref, onMounted } from '../../vue.js';
import { get, post, put, del } from '../../api.js';
import { t } from '../../i18n.js';
import { form, input, select, formError, confirmBar } from '../../components/AdminForm.js';
import { CATEGORIES, categoryLabel } from '../../components/phrases.js';

const KINDS = ['complaint', 'inquiry', 'suggestion', 'report'];
const CHANNELS = ['phone', 'fax', 'web', 'letter', 'walk_in', 'email', 'provincial'];
const PLACEHOLDERS = ['工号', '坐席姓名', '工单号', '办结时限', '责任单位', '客户称呼'];
const EMPTY = { category: 'greeting', kind: '', channel: '', title: '', text: '' };

export default {
  props: { me: Object },
  setup() {
    const phrases = ref([]);
    const words = ref([]);
    const error = ref(null);
    const category = ref('greeting');
    /** The phrase in the form: null (none), 'new', or its id. */
    const editing = ref(null);
    const phraseForm = form({ ...EMPTY });
    const wordForm = form({ word: '', hint: '' });
    const editingWord = ref(null);
    const removing = ref(null);
    let textArea = null;

    async function load() {
      try {
        const [p, w] = await Promise.all([get('/api/phrases?retired=true'), get('/api/forbidden-words')]);
        phrases.value = p.items;
        words.value = w.items;
        error.value = null;
      } catch (e) {
        error.value = e.message;
      }
    }
    onMounted(load);

    const inCategory = () => phrases.value.filter((p) => p.category === category.value);

    function edit(p) {
      editing.value = p ? p.id : 'new';
      phraseForm.reset(p ? { category: p.category, kind: p.kind || '', channel: p.channel || '', title: p.title, text: p.text }
        : { ...EMPTY, category: category.value });
    }

    function body(v, retired) {
      const out = { category: v.category, title: v.title, text: v.text };
      if (v.kind) out.kind = v.kind;
      if (v.channel) out.channel = v.channel;
      if (retired !== undefined) out.retired = retired;
      return out;
    }

    async function save(e) {
      e.preventDefault();
      const id = editing.value;
      const was = phrases.value.find((p) => p.id === id);
      const ok = await phraseForm.run(() => (id === 'new' ? post('/api/phrases', body(phraseForm.values))
        : put(`/api/phrases/${id}`, body(phraseForm.values, was ? was.retired : false))));
      if (ok) {
        category.value = phraseForm.values.category;
        editing.value = null;
        await load();
      }
    }

    async function retire(p, retired) {
      try {
        await put(`/api/phrases/${p.id}`, { ...body({ ...p, kind: p.kind || '', channel: p.channel || '' }), retired });
        await load();
      } catch (e) {
        error.value = e.message;
      }
    }

    async function move(p, by) {
      const list = inCategory().filter((x) => !x.retired);
      const i = list.findIndex((x) => x.id === p.id);
      const j = i + by;
      if (i < 0 || j < 0 || j >= list.length) return;
      [list[i], list[j]] = [list[j], list[i]];
      try {
        await put('/api/phrases/order', { ids: list.map((x) => x.id) });
        await load();
      } catch (e) {
        error.value = e.message;
      }
    }

    function placeholder(name) {
      const token = `{${name}}`;
      const v = phraseForm.values.text || '';
      const at = textArea ? textArea.selectionStart ?? v.length : v.length;
      const end = textArea ? textArea.selectionEnd ?? at : at;
      phraseForm.values.text = v.slice(0, at) + token + v.slice(end);
      requestAnimationFrame(() => {
        if (textArea) {
          textArea.focus();
          textArea.setSelectionRange(at + token.length, at + token.length);
        }
      });
    }

    async function saveWord(e) {
      e.preventDefault();
      const v = { word: wordForm.values.word, hint: wordForm.values.hint || undefined };
      const id = editingWord.value;
      if (await wordForm.run(() => (id ? put(`/api/forbidden-words/${id}`, v) : post('/api/forbidden-words', v)))) {
        editingWord.value = null;
        wordForm.reset();
        await load();
      }
    }

    async function removeWord(w) {
      try {
        await del(`/api/forbidden-words/${w.id}`);
        removing.value = null;
        await load();
      } catch (e) {
        error.value = e.message;
      }
    }

    const choices = (list, prefix, anyKey) => [{ value: '', label: t(anyKey) }, ...list.map((x) => ({ value: x, label: t(`${prefix}.${x}`) }))];

    function phraseEditor() {
      return h('tr', { class: 'panel-row' }, h('td', { colspan: 5 }, h('form', { class: 'admin-form', 'data-test': 'phrase-form', onSubmit: save }, [
        h('h3', null, t(editing.value === 'new' ? 'phrases.admin.new' : 'phrases.admin.edit')),
        h('div', { class: 'grid' }, [
          select(phraseForm, 'category', 'phrases.admin.category', CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c) }))),
          select(phraseForm, 'kind', 'case.kind', choices(KINDS, 'kind', 'phrases.admin.anyKind')),
          select(phraseForm, 'channel', 'phrases.admin.channel', choices(CHANNELS, 'channel', 'phrases.admin.anyChannel')),
          input(phraseForm, 'title', 'phrases.admin.title', { required: true, max: 60, wide: true }),
          h('label', { class: 'field wide' }, [
            h('span', { class: 'label' }, [t('phrases.admin.text'), h('span', { class: 'req' }, ' *')]),
            h('textarea', { name: 'text', rows: 3, maxlength: 1000, value: phraseForm.values.text, 'data-test': 'field-text',
              class: phraseForm.invalid('text') ? 'invalid' : null,
              onVnodeMounted: (v) => { textArea = v.el; }, onInput: (e) => { phraseForm.values.text = e.target.value; } }),
            h('span', { class: 'placeholders' }, [h('span', { class: 'muted small' }, t('phrases.admin.placeholders')),
              ...PLACEHOLDERS.map((name) => h('button', { type: 'button', class: 'small', key: name, 'data-test': `ph-${name}`,
                onClick: () => placeholder(name) }, `{${name}}`))]),
          ]),
        ]),
        formError(phraseForm),
        h('div', { class: 'actions' }, [
          h('button', { type: 'submit', class: 'primary small', 'data-test': 'phrase-save', disabled: phraseForm.busy.value }, t('admin.save')),
          h('button', { type: 'button', class: 'link', onClick: () => { editing.value = null; } }, t('admin.cancel')),
        ]),
      ])));
    }

    return () => {
      const list = inCategory();
      const active = list.filter((p) => !p.retired);
      return h('div', { class: 'admin phrases-admin' }, [
        error.value ? h('p', { class: 'error', role: 'alert' }, error.value) : null,
        h('section', { class: 'card' }, [
          h('div', { class: 'section-head' }, [
            h('h2', null, t('phrases.admin.phrases')),
            h('span', { class: 'muted' }, t('phrases.admin.count', { n: phrases.value.filter((p) => !p.retired).length })),
            h('span', { class: 'spacer' }),
            h('button', { type: 'button', class: 'primary small', 'data-test': 'phrase-new', onClick: () => edit(null) }, t('phrases.admin.add')),
          ]),
          h('div', { class: 'phrase-tabs', role: 'tablist' }, CATEGORIES.map((c) => h('button', {
            type: 'button', role: 'tab', key: c, class: category.value === c ? 'current' : null, 'data-test': `cat-${c}`,
            'aria-selected': String(category.value === c), onClick: () => { category.value = c; editing.value = null; },
          }, [categoryLabel(c), h('span', { class: 'muted small' }, ` ${phrases.value.filter((p) => p.category === c && !p.retired).length}`)]))),
          h('table', { class: 'list compact', 'data-test': 'phrase-table' }, [
            h('thead', null, h('tr', null, ['phrases.admin.title', 'phrases.admin.text', 'case.kind', 'phrases.admin.channel', 'phrases.admin.actions']
              .map((k) => h('th', { key: k }, t(k))))),
            h('tbody', null, [
              editing.value === 'new' ? phraseEditor() : null,
              ...list.flatMap((p) => {
                const at = active.findIndex((x) => x.id === p.id);
                return [h('tr', { key: p.id, class: p.retired ? 'inactive' : null, 'data-test': 'phrase-row', 'data-title': p.title }, [
                  h('td', { class: 'nowrap' }, [p.title, p.retired ? h('span', { class: 'tag off' }, ` ${t('phrases.admin.retired')}`) : null]),
                  h('td', null, p.text),
                  h('td', { class: 'nowrap' }, p.kind ? t(`kind.${p.kind}`) : t('phrases.admin.any')),
                  h('td', { class: 'nowrap' }, p.channel ? t(`channel.${p.channel}`) : t('phrases.admin.any')),
                  h('td', null, h('span', { class: 'row-actions' }, [
                    h('button', { type: 'button', class: 'small', title: t('phrases.admin.up'), 'aria-label': t('phrases.admin.up'),
                      disabled: p.retired || at <= 0, 'data-test': 'phrase-up', onClick: () => move(p, -1) }, '↑'),
                    h('button', { type: 'button', class: 'small', title: t('phrases.admin.down'), 'aria-label': t('phrases.admin.down'),
                      disabled: p.retired || at < 0 || at >= active.length - 1, 'data-test': 'phrase-down', onClick: () => move(p, 1) }, '↓'),
                    h('button', { type: 'button', class: 'small', 'data-test': 'phrase-edit', onClick: () => edit(p) }, t('phrases.admin.editShort')),
                    h('button', { type: 'button', class: 'small', 'data-test': p.retired ? 'phrase-restore' : 'phrase-retire',
                      onClick: () => retire(p, !p.retired) }, t(p.retired ? 'phrases.admin.restore' : 'phrases.admin.retire')),
                  ])),
                ]), editing.value === p.id ? phraseEditor() : null];
              }),
            ]),
          ]),
        ]),
        h('section', { class: 'card' }, [
          h('div', { class: 'section-head' }, [
            h('h2', null, t('phrases.admin.words')),
            h('span', { class: 'muted' }, t('phrases.admin.count', { n: words.value.length })),
          ]),
          h('p', { class: 'muted small' }, t('phrases.admin.wordsHelp')),
          h('form', { class: 'admin-form word-form', 'data-test': 'word-form', onSubmit: saveWord }, [
            h('div', { class: 'pair' }, [
              input(wordForm, 'word', 'phrases.admin.word', { required: true, max: 30 }),
              input(wordForm, 'hint', 'phrases.admin.hint', { max: 200 }),
            ]),
            formError(wordForm),
            h('div', { class: 'actions' }, [
              h('button', { type: 'submit', class: 'primary small', 'data-test': 'word-save', disabled: wordForm.busy.value },
                t(editingWord.value ? 'admin.save' : 'phrases.admin.addWord')),
              editingWord.value ? h('button', { type: 'button', class: 'link', onClick: () => { editingWord.value = null; wordForm.reset(); } }, t('admin.cancel')) : null,
            ]),
          ]),
          h('table', { class: 'list compact', 'data-test': 'word-table' }, [
            h('thead', null, h('tr', null, ['phrases.admin.word', 'phrases.admin.hint', 'phrases.admin.actions'].map((k) => h('th', { key: k }, t(k))))),
            h('tbody', null, words.value.map((w) => h('tr', { key: w.id, 'data-test': 'word-row' }, [
              h('td', { class: 'nowrap' }, h('mark', null, w.word)),
              h('td', null, w.hint || h('span', { class: 'muted' }, '—')),
              h('td', null, removing.value === w.id
                ? confirmBar(t('phrases.admin.removeWord', { word: w.word }), () => removeWord(w), () => { removing.value = null; })
                : h('span', { class: 'row-actions' }, [
                  h('button', { type: 'button', class: 'small', onClick: () => { editingWord.value = w.id; wordForm.reset({ word: w.word, hint: w.hint || '' }); } },
                    t('phrases.admin.editShort')),
                  h('button', { type: 'button', class: 'small', 'data-test': 'word-remove', onClick: () => { removing.value = w.id; } }, t('phrases.admin.remove')),
                ])),
            ]))),
          ]),
        ]),
      ]);
    };
  },
};
