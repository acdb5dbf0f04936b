// Intake (受理登记): a new case on its record form, opened from the menu or from a call's screen pop
// (#/intake?number=…&customer=…&call=…: prefilled with the caller's number and customer, channel phone, linked to the
// call). Everything typed is the draft, kept in this browser on every change until the case is filed (drafts.js), one
// draft per call (or one for a case begun from the menu). Two ends: submit for the leader's instruction, or answer on
// the spot and close. Filing carries the draft's idempotency key, so a retry after a lost answer never files twice.
import { h, reactive, ref, watch, onMounted, onUnmounted } from '../../vue.js';
import { get, post, ApiError } from '../../api.js';
import { t } from '../../i18n.js';
import { href } from '../../router.js';
import RecordForm, { validate, caseBody, formPath, kindRules } from '../../components/RecordForm.js';
import * as drafts from './drafts.js';
import PhrasePanel from '../../components/PhrasePanel.js';
import Highlighted from '../../components/Highlighted.js';
import { setTarget, insertAt, fill, draftValues } from '../../components/phrases.js';

let rulesCache = null;

function slotOf(query) {
  if (query.call) return `call-${query.call}`;
  if (query.draft) return String(query.draft);
  if (query.number) return `number-${query.number}`;
  return 'new';
}

function emptyForm() {
  return {
    kind: 'complaint', channel: 'phone', partyType: '', category: '', subject: '', content: '', anonymous: false,
    contact: { name: '', phones: [''], email: '', address: '' },
    respondent: { person: '', unitId: null },
    customerId: null, answer: '',
  };
}

function freshDraft(query) {
  const form = emptyForm();
  if (query.number) {
    form.contact.phones = [query.number];
  }
  if (query.customer && /^\d+$/.test(query.customer)) {
    form.customerId = Number(query.customer);
  }
  return {
    sourceRef: drafts.newRef(), callId: query.call && /^\d+$/.test(query.call) ? Number(query.call) : null,
    number: query.number || null, touched: false, filed: null, linked: false, files: [], form,
  };
}

/** A file's bytes as base64, what NewAttachment carries. */
function base64(blob) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(blob);
  });
}

function randomId() {
  return Array.from(crypto.getRandomValues(new Uint8Array(6)), (x) => x.toString(16).padStart(2, '0')).join('');
}

export default {
  props: { me: Object, params: Object, query: Object },
  setup(props) {
    const rules = ref(rulesCache);
    const units = ref([]);
    const customers = ref([]);
    const draft = reactive(freshDraft({}));
    const slot = ref('new');
    const errors = ref({});
    const topError = ref(null);
    const busy = ref(false);
    const done = ref(null);
    const filesNote = ref(null);
    const storageNote = ref(null);
    const others = ref([]);
    const ready = ref(false);
    /** The words not to use found in the form before filing: { end, fields: [{ field, value, hits }] }, until fixed or overridden. */
    const wordCheck = ref(null);
    /** The record form's text field a phrase goes into: the last one the agent was in, else the content. */
    const formBox = ref(null);
    let lastField = null;
    /** Files of this page's draft by id, as chosen (IndexedDB keeps them across reloads where it can). */
    const blobs = new Map();
    const userId = () => props.me.id;

    function persist() {
      if (!ready.value) return;
      storageNote.value = drafts.save(userId(), slot.value, JSON.parse(JSON.stringify(draft))) ? null : t('intake.notSaved');
    }

    function replaceDraft(d) {
      Object.keys(draft).forEach((k) => delete draft[k]);
      Object.assign(draft, d);
    }

    function refreshOthers() {
      others.value = drafts.list(userId()).filter((x) => x.slot !== slot.value);
    }

    async function lookUpCustomers() {
      customers.value = [];
      if (!draft.number) return;
      try {
        customers.value = await get(`/api/customers?phone=${encodeURIComponent(draft.number)}`);
      } catch (e) {
        customers.value = [];
      }
      // A customer named by the pop (or the only one of the number) fills what is still blank.
      const chosen = customers.value.find((c) => c.id === draft.form.customerId)
        || (!draft.touched && draft.form.customerId == null && customers.value.length === 1 ? customers.value[0] : null);
      if (chosen && !draft.touched) {
        chooseCustomer(chosen, false);
      }
    }

    function chooseCustomer(c, byHand = true) {
      const f = draft.form;
      f.customerId = c ? c.id : null;
      if (c) {
        if (!f.contact.name) f.contact.name = c.name || '';
        if (!f.partyType && c.partyType) f.partyType = c.partyType;
        if (!f.contact.email && c.email) f.contact.email = c.email;
        if (!f.contact.address && c.address) f.contact.address = c.address;
      }
      if (byHand) draft.touched = true;
    }

    async function init(query) {
      ready.value = false;
      done.value = null;
      errors.value = {};
      topError.value = null;
      filesNote.value = null;
      blobs.clear();
      slot.value = slotOf(query || {});
      const kept = drafts.load(userId(), slot.value);
      replaceDraft(kept && kept.form ? kept : freshDraft(query || {}));
      // Files this browser could not keep are gone after a reload: say so rather than file without them.
      const lost = (draft.files || []).filter((f) => f.kept === false);
      if (lost.length) {
        draft.files = draft.files.filter((f) => f.kept !== false);
        filesNote.value = t('intake.filesLost', { names: lost.map((f) => f.name).join('、') });
      }
      ready.value = true;
      persist();
      refreshOthers();
      if (!rules.value) {
        try {
          rules.value = rulesCache = await get('/api/intake/form');
        } catch (e) {
          topError.value = e.message;
        }
      }
      lookUpCustomers();
    }

    // Every change is written at once: a reload or a crash a moment later loses nothing.
    watch(draft, persist, { deep: true, flush: 'sync' });
    watch(() => props.query, (q) => init(q));

    let untarget = () => {};
    onMounted(() => {
      untarget = setTarget((text) => {
        const root = formBox.value;
        const el = (lastField && root && root.contains(lastField) && !lastField.disabled) ? lastField
          : root && root.querySelector('textarea[name=content]');
        if (el) insertAt(el, fill(text, draftValues(props.me, draft.form)));
      });
    });
    onUnmounted(() => untarget());
    onMounted(async () => {
      init(props.query);
      try {
        units.value = await get('/api/units');
      } catch (e) {
        units.value = [];
      }
    });

    // Another tab of this user filing or editing a draft: the list of the others follows.
    const onStorage = () => refreshOthers();
    window.addEventListener('storage', onStorage);
    onUnmounted(() => window.removeEventListener('storage', onStorage));

    async function addFiles(list) {
      const a = rules.value.attachments;
      const notes = [];
      for (const file of Array.from(list || [])) {
        if (draft.files.length >= a.maxCount) {
          notes.push(t('intake.tooManyFiles', { count: a.maxCount }));
          break;
        }
        if (file.size > a.maxBytes) {
          notes.push(t('intake.fileTooLarge', { name: file.name, size: Math.round(a.maxBytes / 1024 / 1024) }));
          continue;
        }
        if (!file.name || file.name.length > a.maxNameLength) {
          notes.push(t('intake.fileNameTooLong', { max: a.maxNameLength }));
          continue;
        }
        const total = draft.files.reduce((n, f) => n + f.size, 0) + file.size;
        // Base64 makes the files a third larger, and the whole request has a limit.
        if (Math.ceil(total / 3) * 4 + 64 * 1024 > a.maxRequestBytes) {
          notes.push(t('intake.filesTooLargeTogether', { size: Math.floor(a.maxRequestBytes * 3 / 4 / 1024 / 1024) }));
          continue;
        }
        const id = randomId();
        blobs.set(id, file);
        const kept = await drafts.putFile(userId(), slot.value, id, file);
        draft.files.push({ id, name: file.name, type: file.type || 'application/octet-stream', size: file.size, kept });
        draft.touched = true;
      }
      filesNote.value = notes.length ? notes.join(' ') : null;
    }

    function removeFile(id) {
      draft.files = draft.files.filter((f) => f.id !== id);
      blobs.delete(id);
      drafts.deleteFile(userId(), slot.value, id);
    }

    async function attachments() {
      const out = [];
      for (const f of draft.files) {
        const blob = blobs.get(f.id) || await drafts.getFile(userId(), slot.value, f.id);
        if (!blob) {
          throw new Error(t('intake.fileMissing', { name: f.name }));
        }
        out.push({ name: f.name, contentType: f.type, data: await base64(blob) });
      }
      return out;
    }

    /** A step already taken (a retry after its answer was lost) is done, not an error. */
    async function step(path, body, reached) {
      try {
        await post(`/api/cases/${draft.filed.id}/${path}`, body);
      } catch (e) {
        if (!(e.status === 409 && e.error && e.error.status === reached)) {
          throw e;
        }
      }
    }

    /**
     * The words not to use in the form's texts (POST /api/texts/check): a warning the agent may override, never a
     * block; a check that cannot be made (the network) lets the filing go on.
     */
    async function checkWords(end) {
      const fields = [['subject', draft.form.subject], ['content', draft.form.content]];
      if (end === 'answer') fields.push(['answer', draft.form.answer]);
      const found = [];
      try {
        for (const [field, value] of fields) {
          if (!value || !value.trim()) continue;
          const r = await post('/api/texts/check', { text: value });
          if (r.hits.length) found.push({ field, value, hits: r.hits });
        }
      } catch (e) {
        return [];
      }
      return found;
    }

    async function file(end, override = false) {
      if (!rules.value || busy.value) return;
      topError.value = null;
      const found = validate(rules.value, draft.form, end);
      errors.value = found;
      if (Object.keys(found).length) {
        topError.value = t('intake.fixErrors');
        return;
      }
      if (!draft.filed && !override) {
        busy.value = true;
        const words = await checkWords(end);
        busy.value = false;
        if (words.length) {
          wordCheck.value = { end, fields: words };
          return;
        }
      }
      wordCheck.value = null;
      busy.value = true;
      draft.end = end;
      try {
        if (!draft.filed) {
          const body = { ...caseBody(rules.value, draft.form), sourceRef: draft.sourceRef };
          const files = await attachments();
          if (files.length) body.attachments = files;
          const created = await post('/api/cases', body);
          draft.filed = { id: created.id, number: created.number };
        }
        let linkError = null;
        if (draft.callId && !draft.linked) {
          // A case filed while the call is up is linked by the server; after hang-up it is linked here. Either way once.
          try {
            await post(`/api/calls/${draft.callId}/case`, { caseId: draft.filed.id });
            draft.linked = true;
          } catch (e) {
            linkError = e.message;
          }
        }
        if (end === 'answer') {
          await step('answer', { answer: draft.form.answer }, 'closed');
        } else {
          await step('submit', {}, 'awaiting_instruction');
        }
        const filed = { ...draft.filed, end, linkError };
        const ids = draft.files.map((f) => f.id);
        drafts.remove(userId(), slot.value);
        ids.forEach((id) => drafts.deleteFile(userId(), slot.value, id));
        blobs.clear();
        // The form starts again for the same caller (another matter), nothing typed in it yet.
        replaceDraft(freshDraft(props.query || {}));
        errors.value = {};
        done.value = filed;
        refreshOthers();
        lookUpCustomers();
      } catch (e) {
        const field = e.error && e.error.field;
        if (field) {
          errors.value = { [formPath(draft.form, field)]: e.message };
          topError.value = t('intake.fixErrors');
        } else {
          // No answer at all (the network, the server down): nothing is lost, the same key files it once on retry.
          const message = e instanceof ApiError ? e.message : t('intake.offline');
          topError.value = draft.filed ? t('intake.stepFailed', { number: draft.filed.number, message }) : message;
        }
      } finally {
        busy.value = false;
      }
    }

    /** Something typed: the draft holds it; a message at that field (and the form's "correct what is marked") goes. */
    function edited(path) {
      draft.touched = true;
      if (!path) return;
      const left = { ...errors.value };
      let changed = false;
      for (const k of Object.keys(left)) {
        if (k === path || (path.startsWith('contact') && (k === 'contact' || k === 'contact.phones')) || (path === 'anonymous' && k.startsWith('contact'))) {
          delete left[k];
          changed = true;
        }
      }
      if (changed) {
        errors.value = left;
        if (Object.keys(left).length === 0 && topError.value === t('intake.fixErrors')) {
          topError.value = null;
        }
      }
    }

    /** The warning of words not to use: each field's text with them marked, what to say instead, and the two ways on. */
    function wordWarning() {
      const w = wordCheck.value;
      const words = new Map();
      w.fields.forEach((f) => f.hits.forEach((x) => words.set(x.word, x.hint)));
      // Under the buttons that asked for the filing, in view.
      return h('div', { class: 'word-warning', role: 'alertdialog', 'data-test': 'word-warning',
        onVnodeMounted: (v) => v.el.scrollIntoView({ block: 'nearest' }) }, [
        h('strong', null, t('phrases.warning.title', { n: words.size })),
        ...w.fields.map((f) => h('p', { class: 'word-field', key: f.field }, [
          h('span', { class: 'muted' }, t(`phrases.warning.field.${f.field}`) + '：'),
          h(Highlighted, { value: { text: f.value, hits: f.hits.map((x) => [x.start, x.end]) } }),
        ])),
        h('ul', null, [...words].map(([word, hint]) => h('li', { key: word, 'data-test': 'word-hit' }, [
          h('mark', null, word), hint ? [' → ', t('phrases.warning.instead'), h('q', null, hint)] : null,
        ]))),
        h('div', { class: 'actions' }, [
          h('button', { type: 'button', class: 'secondary', 'data-test': 'word-fix', onClick: () => {
            const first = w.fields[0].field;
            wordCheck.value = null;
            const el = formBox.value && formBox.value.querySelector(`[name=${first}]`);
            if (el) {
              el.focus();
              el.setSelectionRange(w.fields[0].hits[0].start, w.fields[0].hits[0].end);
            }
          } }, t('phrases.warning.fix')),
          h('button', { type: 'button', class: 'primary', 'data-test': 'word-override', onClick: () => file(w.end, true) },
            t('phrases.warning.override')),
        ]),
      ]);
    }

    const kindOf = (d) => t(`kind.${(d.form && d.form.kind) || 'complaint'}`);
    const linkOf = (x) => (x.slot.startsWith('call-') ? href('/intake', { call: x.slot.slice(5), number: x.draft.number })
      : href('/intake', { draft: x.slot }));

    return () => {
      if (!rules.value) {
        return h('section', { class: 'card' }, topError.value ? h('p', { class: 'error' }, topError.value) : h('p', { class: 'muted' }, t('intake.loading')));
      }
      const k = kindRules(rules.value, draft.form.kind);
      return h('div', { class: 'intake' }, [
        done.value ? h('section', { class: 'card filed', role: 'status', 'data-test': 'filed' }, [
          h('p', null, [
            t(done.value.end === 'answer' ? 'intake.doneAnswered' : 'intake.doneSubmitted'), ' ',
            h('a', { href: href(`/cases/${done.value.id}`), class: 'mono', 'data-test': 'filed-link' }, done.value.number),
          ]),
          done.value.linkError ? h('p', { class: 'notice small' }, t('intake.linkFailed', { message: done.value.linkError })) : null,
        ]) : null,
        others.value.length ? h('section', { class: 'card others', 'data-test': 'other-drafts' }, [
          h('h3', null, t('intake.otherDrafts')),
          h('ul', null, others.value.map((x) => h('li', { key: x.slot }, [
            h('a', { href: linkOf(x) }, `${kindOf(x.draft)} · ${(x.draft.form.subject || x.draft.form.content || '').slice(0, 40) || t('intake.untitled')}`),
            h('span', { class: 'muted' }, ` ${(x.draft.savedAt || '').slice(0, 16).replace('T', ' ')}`),
          ]))),
        ]) : null,
        h('section', { class: 'card' }, [
          h('div', { class: 'intake-status' }, [
            draft.callId ? h('span', { class: 'tag', 'data-test': 'call-link' }, t('intake.fromCall', { number: draft.number || '' })) : null,
            h('span', { class: 'muted small', 'data-test': 'draft-state' },
              storageNote.value || (draft.touched ? t('intake.draftKept') : t('intake.draftEmpty'))),
            draft.filed ? h('span', { class: 'notice small' }, t('intake.filedPending', { number: draft.filed.number })) : null,
          ]),
          topError.value ? h('p', { class: 'error', role: 'alert', 'data-test': 'form-error' }, topError.value) : null,
          h('div', { class: 'intake-columns' }, [h('div', {
            class: 'intake-form', ref: formBox,
            onFocusin: (e) => { if (e.target.matches('textarea, input[type=text]')) lastField = e.target; },
          }, [h(RecordForm, {
            rules: rules.value, form: draft.form, errors: errors.value, units: units.value,
            customers: k.anonymous && draft.form.anonymous ? [] : customers.value,
            files: draft.files, filesNote: filesNote.value, busy: busy.value || !!draft.filed,
            onEdited: edited,
            onCustomer: (c) => chooseCustomer(c),
            onFiles: addFiles,
            onRemoveFile: removeFile,
            onSubmit: (end) => file(end),
          }), wordCheck.value ? wordWarning() : null]),
          h(PhrasePanel, { me: props.me, kind: draft.form.kind, channel: draft.form.channel,
            // Filed: the case's own phrases, once its steps are done (the deadline comes with the submission).
            caseId: done.value ? done.value.id : (draft.filed && !busy.value ? draft.filed.id : null),
            values: draftValues(props.me, draft.form) }),
          ]),
          // After filing, only the last step remains to retry: the form itself is no longer sent.
          draft.filed && !busy.value ? h('div', { class: 'actions' }, [
            h('button', { type: 'button', class: 'primary', 'data-test': 'retry-step', onClick: () => file(draft.end || 'submit') },
              t('intake.retryStep')),
          ]) : null,
        ]),
      ]);
    };
  },
};
