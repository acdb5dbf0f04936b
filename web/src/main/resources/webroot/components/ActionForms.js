// The steps this user may take on a case now, exactly its allowedActions (the server decides them), each a button
// that opens its small form: the fields of its request (openapi.json), sent as POST /api/cases/{id}/<action>. The
// server's refusal shows in the form in the user's language; after a success the page reloads the case.
import { h, ref, reactive } from '../vue.js';
import { get, post } from '../api.js';
import { t } from '../i18n.js';
import PhoneNumber from './PhoneNumber.js';
import { label } from './Timeline.js';

const RECEIPT_METHODS = ['by_hand', 'callback', 'mail', 'reply'];
const DISPATCH_METHODS = ['email', 'fax', 'hand'];
const FEEDBACK_CHANNELS = ['phone', 'email', 'fax', 'letter', 'walk_in', 'web'];
const SATISFACTION = ['very_satisfied', 'satisfied', 'unsatisfied', 'not_reached'];
const REOPEN_REASONS = ['improper', 'false_report', 'overdue'];
const DECISIONS = ['close', 'redispatch'];

/** One field of a form: a labelled input, text area or select, bound to values[name]. */
function field(values, name, kind, opts = {}) {
  const common = {
    name, 'data-test': `field-${name}`, value: values[name] ?? '',
    required: !!opts.required, maxlength: opts.max || null,
    onInput: (e) => { values[name] = e.target.value; },
    onChange: (e) => { values[name] = e.target.value; },
  };
  let input;
  if (kind === 'textarea') {
    input = h('textarea', { ...common, rows: opts.rows || 3 });
  } else if (kind === 'select') {
    input = h('select', common, [
      !opts.required || values[name] == null || values[name] === ''
        ? h('option', { value: '' }, opts.empty || t('actions.default')) : null,
      ...opts.options.map((o) => h('option', { key: o.value, value: o.value, selected: String(values[name] ?? '') === String(o.value) }, o.text)),
    ]);
  } else {
    input = h('input', { ...common, type: kind, min: opts.min, max: opts.maxValue, step: kind === 'number' ? 1 : null });
  }
  return h('label', { class: 'field' }, [h('span', null, t(opts.label || `actions.field.${name}`)), input,
    opts.hint ? h('small', { class: 'muted' }, opts.hint) : null]);
}

function options(prefix, values) {
  return values.map((v) => ({ value: v, text: label(prefix, v) }));
}

/** The body of an action's request from what was typed: blank optional fields are left out. */
function body(action, v, files) {
  const out = {};
  for (const [k, val] of Object.entries(v)) {
    if (val === '' || val == null) {
      continue;
    }
    out[k] = ['unitId', 'contactId', 'workingDays'].includes(k) ? Number(val) : val;
  }
  // An instruction without a unit leaves the dispatch to the case's owner: nothing of a dispatch is sent then.
  if (action === 'instruct' && out.unitId == null) {
    delete out.method;
  }
  if (action === 'feedback' && files.length) {
    out.attachments = files.map((f) => ({ name: f.name, contentType: f.contentType, data: f.data }));
  }
  return out;
}

function size(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** A picked file as the API takes it: its name, type and bytes in base64 (read by the browser, nothing uploaded yet). */
function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve({ name: file.name, contentType: file.type || 'application/octet-stream', size: file.size,
        data: url.slice(url.indexOf(',') + 1) });
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** The deadline a dispatch made now gets, as the server's working-day clock counts it: 12-04 17:30. */
function dueText(iso) {
  const m = /^\d{4}-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso || '');
  return m ? `${Number(m[1])}-${m[2]} ${m[3]}:${m[4]}` : '';
}

export default {
  // only: the steps to offer (a list row offers its one step); initial: the step whose form is open at once.
  props: { caseView: Object, me: Object, only: Array, initial: String },
  emits: ['done'],
  setup(props, { emit }) {
    const open = ref(null);
    const files = ref([]);
    const deadline = ref(null);
    const values = reactive({});
    const error = ref(null);
    const busy = ref(false);
    const units = ref(null);
    const unitsError = ref(null);

    async function loadUnits() {
      if (units.value) {
        return;
      }
      try {
        units.value = await get('/api/units');
      } catch (e) {
        unitsError.value = e.message;
      }
    }

    /**
     * The deadline a dispatch made now would get: the case's nextDispatch (its working days by kind), asked again of
     * the working-day clock as the form opens, so a form left open over the end of a working day says the right day.
     */
    async function loadDeadline() {
      const next = props.caseView.nextDispatch;
      deadline.value = next || null;
      if (!next) {
        return;
      }
      try {
        const d = await get(`/api/calendar/deadline?${new URLSearchParams({ from: new Date().toISOString(),
          workingDays: String(next.workingDays) })}`);
        deadline.value = { workingDays: next.workingDays, dueAt: d.due, provisional: d.provisional };
      } catch (e) {
        // The case's own figure stands.
      }
    }

    async function pick(e) {
      error.value = null;
      try {
        const picked = await Promise.all(Array.from(e.target.files || []).map(readFile));
        files.value = files.value.concat(picked);
      } catch (err) {
        error.value = String(err && err.message ? err.message : err);
      }
      e.target.value = '';
    }

    function start(action) {
      Object.keys(values).forEach((k) => delete values[k]);
      error.value = null;
      files.value = [];
      open.value = open.value === action ? null : action;
      if (action === 'instruct') {
        values.method = 'email';
        loadUnits();
        loadDeadline();
      }
      if (action === 'dispatch') {
        values.method = 'email';
        loadUnits();
      }
      if (action === 'receipt') {
        values.method = 'by_hand';
      }
      if (action === 'follow-up') {
        values.satisfaction = 'satisfied';
      }
      if (action === 'review') {
        values.decision = 'close';
      }
      if (action === 'reopen') {
        values.reason = REOPEN_REASONS[0];
      }
      if (action === 'extend') {
        const d = props.caseView.currentDispatch;
        values.workingDays = d ? String(d.workingDays + 1) : '';
      }
    }

    async function submit(e) {
      e.preventDefault();
      const action = open.value;
      busy.value = true;
      error.value = null;
      try {
        const sent = body(action, values, files.value);
        const after = await post(`/api/cases/${props.caseView.id}/${action}`, sent);
        open.value = null;
        files.value = [];
        emit('done', action, after);
      } catch (err) {
        error.value = err.message;
      } finally {
        busy.value = false;
      }
    }

    function unitFields() {
      if (unitsError.value) {
        return [h('p', { class: 'error' }, unitsError.value)];
      }
      if (!units.value) {
        return [h('p', { class: 'muted' }, t('actions.loading'))];
      }
      const unit = units.value.find((u) => String(u.id) === String(values.unitId));
      const contacts = unit ? unit.contacts || [] : [];
      const contact = contacts.find((c) => String(c.id) === String(values.contactId)) || contacts[0];
      return [
        field(values, 'unitId', 'select', { required: true, options: units.value.map((u) => ({ value: u.id, text: u.name })),
          empty: t('actions.chooseUnit') }),
        unit ? field(values, 'contactId', 'select', { empty: t('actions.firstResponsible'),
          options: contacts.map((c) => ({ value: c.id, text: `${c.name}${c.title ? ' · ' + c.title : ''}${c.firstResponsible ? ' · ' + t('actions.firstResponsibleMark') : ''}` })) }) : null,
        contact ? h('div', { class: 'contact-card', 'data-test': 'dispatch-contact' }, [
          h('strong', null, contact.name),
          contact.phone ? h(PhoneNumber, { number: contact.phone, caseId: props.caseView.id }) : null,
          contact.email ? h('span', { class: 'muted' }, contact.email) : null,
          contact.fax ? h('span', { class: 'muted' }, `${t('actions.fax')} ${contact.fax}`) : null,
        ]) : null,
        field(values, 'method', 'select', { required: true, options: options('casepage.method', DISPATCH_METHODS) }),
        field(values, 'workingDays', 'number', { min: 0, maxValue: 7, hint: t('actions.workingDaysHint') }),
        field(values, 'note', 'textarea', { max: 2000 }),
      ];
    }

    /**
     * The leader's instruction in one step: the text, the unit it goes to (the case is dispatched there at once; no
     * unit leaves the dispatch to the case's owner) and the deadline the working-day clock gives, shown before sending.
     */
    function instructFields() {
      const out = [field(values, 'instruction', 'textarea', { required: true, max: 2000, rows: 4 })];
      if (unitsError.value) {
        return out.concat(h('p', { class: 'error' }, unitsError.value));
      }
      if (!units.value) {
        return out.concat(h('p', { class: 'muted' }, t('actions.loading')));
      }
      const unit = units.value.find((u) => String(u.id) === String(values.unitId));
      const contact = unit ? (unit.contacts || []).find((c) => c.firstResponsible) || (unit.contacts || [])[0] : null;
      out.push(field(values, 'unitId', 'select', { options: units.value.map((u) => ({ value: u.id, text: u.name })),
        empty: t('actions.instructNoUnit'), label: 'actions.field.instructUnit' }));
      if (unit) {
        out.push(contact ? h('div', { class: 'contact-card', 'data-test': 'dispatch-contact' }, [
          h('strong', null, contact.name),
          contact.email ? h('span', { class: 'muted' }, contact.email) : null,
          contact.fax ? h('span', { class: 'muted' }, `${t('actions.fax')} ${contact.fax}`) : null,
        ]) : null);
        out.push(field(values, 'method', 'select', { required: true, options: options('casepage.method', DISPATCH_METHODS) }));
      }
      const d = deadline.value;
      out.push(h('p', { class: unit ? 'deadline-preview' : 'deadline-preview muted', 'data-test': 'instruct-deadline' }, d
        ? t(unit ? 'actions.instructDeadline' : 'actions.instructDeadlineLater', { n: d.workingDays, at: dueText(d.dueAt) })
          + (d.provisional ? ` · ${t('casepage.provisional')}` : '')
        : t('actions.loading')));
      return out;
    }

    function feedbackFiles() {
      return h('div', { class: 'field files' }, [
        h('span', null, t('actions.field.attachments')),
        // A phone offers its camera and gallery here; several files at once.
        h('label', { class: 'button file-pick' }, [t('actions.pickFiles'),
          h('input', { type: 'file', multiple: true, class: 'file-input', 'data-test': 'field-attachments', onChange: pick })]),
        files.value.length ? h('ul', { class: 'picked', 'data-test': 'picked-files' }, files.value.map((f, i) => h('li', { key: i }, [
          h('span', { class: 'picked-name' }, f.name), h('span', { class: 'muted' }, size(f.size)),
          h('button', { type: 'button', class: 'link', onClick: () => { files.value = files.value.filter((x) => x !== f); } },
            t('actions.removeFile')),
        ]))) : h('small', { class: 'muted' }, t('actions.attachmentsHint')),
      ]);
    }

    /** The fields of each action's request (openapi.json: AnswerRequest, DispatchRequest, …). */
    function fields(action) {
      switch (action) {
        case 'answer': return [field(values, 'answer', 'textarea', { required: true, max: 5000, rows: 4 })];
        case 'submit': return [field(values, 'note', 'textarea', { max: 2000 })];
        case 'instruct': return instructFields();
        case 'dispatch': return unitFields();
        case 'receipt': return [field(values, 'method', 'select', { required: true, label: 'actions.field.receiptMethod',
          options: options('casepage.via', RECEIPT_METHODS) }), field(values, 'note', 'textarea', { max: 2000 })];
        case 'extend': return [field(values, 'workingDays', 'number', { required: true, min: 0,
          // The cap is the server's (deadlines.extension-cap): said, and kept by the field, before anyone asks.
          maxValue: (props.caseView.currentDispatch && props.caseView.currentDispatch.extensionCap) || 1000,
          label: 'actions.field.totalWorkingDays', hint: props.caseView.currentDispatch
            ? t('actions.currentWorkingDays', { n: props.caseView.currentDispatch.workingDays })
              + (props.caseView.currentDispatch.extensionCap != null
                ? ' ' + t('actions.extensionCap', { n: props.caseView.currentDispatch.extensionCap }) : '') : null }),
        field(values, 'reason', 'textarea', { required: true, max: 2000 })];
        case 'feedback': return [field(values, 'result', 'textarea', { required: true, max: 10000, rows: 4 }),
          feedbackFiles(),
          field(values, 'channel', 'select', { options: options('casepage.via', FEEDBACK_CHANNELS), empty: '—' })];
        case 'follow-up': return [field(values, 'satisfaction', 'select', { required: true, options: options('casepage.satisfaction', SATISFACTION) }),
          field(values, 'note', 'textarea', { max: 2000 })];
        case 'review': return [field(values, 'decision', 'select', { required: true, options: options('actions.decision', DECISIONS) }),
          field(values, 'note', 'textarea', { max: 2000, hint: t('actions.reviewNoteHint') })];
        case 'reopen': return [field(values, 'reason', 'select', { required: true, options: options('casepage.reopenReason', REOPEN_REASONS) }),
          field(values, 'note', 'textarea', { required: true, max: 2000 })];
        case 'close': return [field(values, 'note', 'textarea', { required: true, max: 2000 })];
        case 'take': return [field(values, 'note', 'textarea', { max: 2000 })];
        default: return [];
      }
    }

    if (props.initial && (props.caseView.allowedActions || []).includes(props.initial)) {
      start(props.initial);
    }

    return () => {
      const allowed = (props.caseView.allowedActions || []).filter((a) => !props.only || props.only.includes(a));
      if (allowed.length === 0) {
        return h('p', { class: 'muted', 'data-test': 'no-actions' }, t('actions.none'));
      }
      return h('div', { class: 'action-forms' }, [
        h('div', { class: 'action-buttons', 'data-test': 'actions' }, allowed.map((a) => h('button', {
          key: a, type: 'button', class: open.value === a ? 'action current' : 'action', 'data-test': `action-${a}`,
          'data-action': a, 'aria-expanded': open.value === a ? 'true' : 'false', onClick: () => start(a),
        }, label('actions.name', a)))),
        open.value ? h('form', { key: open.value, class: 'action-form', 'data-test': `form-${open.value}`, onSubmit: submit }, [
          h('h3', null, label('actions.name', open.value === 'instruct' && values.unitId ? 'instructAndDispatch' : open.value)),
          ...fields(open.value),
          error.value ? h('p', { class: 'error', role: 'alert', 'data-test': 'action-error' }, error.value) : null,
          h('div', { class: 'actions' }, [
            h('button', { type: 'submit', class: 'primary', disabled: busy.value, 'data-test': 'action-send' },
              t(open.value === 'instruct' && values.unitId ? 'actions.instructAndDispatch' : 'actions.submit')),
            h('button', { type: 'button', class: 'link', onClick: () => { open.value = null; } }, t('actions.cancel')),
          ]),
        ]) : null,
      ]);
    };
  },
};
