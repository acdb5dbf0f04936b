// Writing an article: a new draft (#/knowledge/new), a change (#/knowledge/:id/edit), or a unit's policy update (the
// unit portal: `unit`). A small toolbar over an editable area (bold, italic, underline, headings, lists, a link); what
// is typed is sent as HTML and the server sanitises it whatever the browser made of it. Title, category, owning unit,
// effective and expiry dates beside it.
import { h, ref, onMounted, nextTick } from '../../vue.js';
import { get, post, put } from '../../api.js';
import { t } from '../../i18n.js';
import { go } from '../../router.js';
import { CATEGORIES, UNIT_CATEGORIES } from './common.js';

const TOOLS = [
  { key: 'bold', cmd: 'bold', label: 'B' },
  { key: 'italic', cmd: 'italic', label: 'I' },
  { key: 'underline', cmd: 'underline', label: 'U' },
  { key: 'h3', cmd: 'formatBlock', arg: 'h3', label: 'H3' },
  { key: 'h4', cmd: 'formatBlock', arg: 'h4', label: 'H4' },
  { key: 'p', cmd: 'formatBlock', arg: 'p', label: '¶' },
  { key: 'ul', cmd: 'insertUnorderedList', label: '•' },
  { key: 'ol', cmd: 'insertOrderedList', label: '1.' },
];

export default {
  props: { me: Object, params: Object, query: Object, unit: Boolean },
  emits: ['submitted'],
  setup(props, { emit }) {
    const id = props.params && props.params.id ? props.params.id : null;
    const title = ref('');
    const category = ref(props.unit ? 'marketing_policy' : 'other');
    const unitId = ref('');
    const effectiveFrom = ref('');
    const expiresOn = ref('');
    const version = ref(null);
    const units = ref([]);
    const error = ref(null);
    const busy = ref(false);
    const editor = ref(null);
    const initial = ref('');

    onMounted(async () => {
      try {
        if (!props.unit) {
          units.value = await get('/api/units');
        }
        if (id) {
          const a = await get(`/api/knowledge/articles/${encodeURIComponent(id)}`);
          title.value = a.title;
          category.value = a.category;
          unitId.value = a.unitId == null ? '' : String(a.unitId);
          effectiveFrom.value = a.effectiveFrom || '';
          expiresOn.value = a.expiresOn || '';
          version.value = a.version;
          initial.value = a.bodyHtml;
        }
        await nextTick();
        // A new line is a paragraph (the allow-list's p), not the browser's div.
        document.execCommand('defaultParagraphSeparator', false, 'p');
        // The server's sanitised HTML, to go on editing it.
        if (editor.value) editor.value.innerHTML = initial.value;
      } catch (e) {
        error.value = e.message;
      }
    });

    function tool(x) {
      editor.value.focus();
      document.execCommand(x.cmd, false, x.arg || null);
    }
    function addLink() {
      const url = window.prompt(t('knowledge.editor.linkPrompt'), 'https://');
      if (url && /^(https?:|mailto:)/i.test(url.trim())) {
        editor.value.focus();
        document.execCommand('createLink', false, url.trim());
      }
    }

    async function save(e) {
      e.preventDefault();
      busy.value = true;
      const body = { title: title.value, bodyHtml: editor.value.innerHTML, category: category.value,
        effectiveFrom: effectiveFrom.value || null, expiresOn: expiresOn.value || null };
      if (!props.unit) body.unitId = unitId.value ? Number(unitId.value) : null;
      try {
        if (props.unit) {
          const a = await post('/api/knowledge/submissions', body);
          title.value = '';
          editor.value.innerHTML = '';
          effectiveFrom.value = '';
          expiresOn.value = '';
          error.value = null;
          emit('submitted', a);
        } else if (id) {
          const a = await put(`/api/knowledge/articles/${encodeURIComponent(id)}`, { ...body, version: version.value });
          go(`/knowledge/${a.id}`);
        } else {
          const a = await post('/api/knowledge/articles', body);
          go(`/knowledge/${a.id}`);
        }
      } catch (err) {
        error.value = err.message;
      } finally {
        busy.value = false;
      }
    }

    const label = (key, control) => h('label', { class: 'kn-field' }, [h('span', null, t(key)), control]);

    return () => h('form', { class: props.unit ? 'kn-editor' : 'card kn-editor', 'data-test': 'kn-editor', onSubmit: save }, [
      props.unit ? null : h('h2', null, t(id ? 'knowledge.editTitle' : 'knowledge.newTitle')),
      error.value ? h('p', { class: 'error', role: 'alert', 'data-test': 'kn-editor-error' }, error.value) : null,
      label('knowledge.f.title', h('input', { type: 'text', required: true, maxlength: 200, value: title.value, 'data-test': 'kn-f-title',
        onInput: (e) => { title.value = e.target.value; } })),
      h('div', { class: 'kn-field-row' }, [
        label('knowledge.f.category', h('select', { value: category.value, 'data-test': 'kn-f-category',
          onChange: (e) => { category.value = e.target.value; } },
          (props.unit ? UNIT_CATEGORIES : CATEGORIES).map((c) => h('option', { key: c, value: c }, t(`knowledge.category.${c}`))))),
        props.unit ? null : label('knowledge.f.unit', h('select', { value: unitId.value, 'data-test': 'kn-f-unit',
          onChange: (e) => { unitId.value = e.target.value; } }, [h('option', { value: '' }, t('knowledge.centre')),
          ...units.value.map((u) => h('option', { key: u.id, value: String(u.id) }, u.name))])),
        label('knowledge.f.effectiveFrom', h('input', { type: 'date', value: effectiveFrom.value, 'data-test': 'kn-f-from',
          onInput: (e) => { effectiveFrom.value = e.target.value; } })),
        label('knowledge.f.expiresOn', h('input', { type: 'date', value: expiresOn.value, 'data-test': 'kn-f-until',
          onInput: (e) => { expiresOn.value = e.target.value; } })),
      ]),
      h('div', { class: 'kn-field' }, [
        h('span', null, t('knowledge.f.body')),
        h('div', { class: 'kn-toolbar', role: 'toolbar', 'aria-label': t('knowledge.editor.toolbar') }, [
          ...TOOLS.map((x) => h('button', { type: 'button', key: x.key, title: t(`knowledge.editor.${x.key}`), 'aria-label': t(`knowledge.editor.${x.key}`),
            'data-test': `kn-tool-${x.key}`, onMousedown: (e) => e.preventDefault(), onClick: () => tool(x) }, x.label)),
          h('button', { type: 'button', title: t('knowledge.editor.link'), 'aria-label': t('knowledge.editor.link'),
            'data-test': 'kn-tool-link', onMousedown: (e) => e.preventDefault(), onClick: addLink }, t('knowledge.editor.linkShort')),
        ]),
        h('div', { class: 'kn-editable kn-body', contenteditable: 'true', ref: editor, 'data-test': 'kn-f-body',
          role: 'textbox', 'aria-multiline': 'true', 'aria-label': t('knowledge.f.body') }),
      ]),
      h('div', { class: 'kn-actions' }, [
        h('button', { type: 'submit', class: 'primary', disabled: busy.value, 'data-test': 'kn-save' },
          t(props.unit ? 'knowledge.unitSubmit' : 'knowledge.save')),
        props.unit ? null : h('button', { type: 'button', onClick: () => (id ? go(`/knowledge/${id}`) : go('/knowledge')) }, t('knowledge.cancel')),
      ]),
    ]);
  },
};
