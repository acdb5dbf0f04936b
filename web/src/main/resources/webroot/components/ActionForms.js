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
function body(action, v) {
  const out = {};
  for (const [k, val] of Object.entries(v)) {
    if (val === '' || val == null) {
      continue;
    }
    out[k] = ['unitId', 'contactId', 'workingDays'].includes(k) ? Number(val) : val;
  }
  return out;
}

export default {
  props: { caseView: Object, me: Object },
  emits: ['done'],
  setup(props, { emit }) {
    const open = ref(null);
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

    function start(action) {
      Object.keys(values).forEach((k) => delete values[k]);
      error.value = null;
      open.value = open.value === action ? null : action;
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
        await post(`/api/cases/${props.caseView.id}/${action}`, body(action, values));
        open.value = null;
        emit('done', action);
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

    /** The fields of each action's request (openapi.json: AnswerRequest, DispatchRequest, …). */
    function fields(action) {
      switch (action) {
        case 'answer': return [field(values, 'answer', 'textarea', { required: true, max: 5000, rows: 4 })];
        case 'submit': return [field(values, 'note', 'textarea', { max: 2000 })];
        case 'instruct': return [field(values, 'instruction', 'textarea', { required: true, max: 2000, rows: 4 })];
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

    return () => {
      const allowed = props.caseView.allowedActions || [];
      if (allowed.length === 0) {
        return h('p', { class: 'muted', 'data-test': 'no-actions' }, t('actions.none'));
      }
      return h('div', { class: 'action-forms' }, [
        h('div', { class: 'action-buttons', 'data-test': 'actions' }, allowed.map((a) => h('button', {
          key: a, type: 'button', class: open.value === a ? 'action current' : 'action', 'data-test': `action-${a}`,
          'data-action': a, 'aria-expanded': open.value === a ? 'true' : 'false', onClick: () => start(a),
        }, label('actions.name', a)))),
        open.value ? h('form', { key: open.value, class: 'action-form', 'data-test': `form-${open.value}`, onSubmit: submit }, [
          h('h3', null, label('actions.name', open.value)),
          ...fields(open.value),
          error.value ? h('p', { class: 'error', role: 'alert', 'data-test': 'action-error' }, error.value) : null,
          h('div', { class: 'actions' }, [
            h('button', { type: 'submit', class: 'primary', disabled: busy.value, 'data-test': 'action-send' }, t('actions.submit')),
            h('button', { type: 'button', class: 'link', onClick: () => { open.value = null; } }, t('actions.cancel')),
          ]),
        ]) : null,
      ]);
    };
  },
};
