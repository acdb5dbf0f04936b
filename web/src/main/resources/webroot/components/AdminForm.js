// Small pieces the admin pages share (pages/admin/Users.js, Units.js, Customers.js): a form's state (its values, the
// server's message and the field it names, highlighted), labelled inputs, selects and checkboxes, and an inline
// confirmation. Every text is a key; the server's messages come in the user's language already.
import { h, reactive, ref } from '../vue.js';
import { t } from '../i18n.js';

/** A form: values (reactive), the error shown under it, and the field the server named (error.field). */
export function form(initial) {
  const values = reactive({ ...initial });
  const error = ref(null);
  const field = ref(null);
  const busy = ref(false);
  return {
    values, error, field, busy,
    reset(v) {
      Object.keys(values).forEach((k) => { delete values[k]; });
      Object.assign(values, { ...initial, ...(v || {}) });
      error.value = null;
      field.value = null;
    },
    /** Runs the request; a failure keeps every value and shows the message at its field. Answers whether it went. */
    async run(request) {
      busy.value = true;
      error.value = null;
      field.value = null;
      try {
        await request();
        return true;
      } catch (e) {
        error.value = e.message;
        field.value = (e.error && e.error.field) || null;
        return false;
      } finally {
        busy.value = false;
      }
    },
    invalid(name) {
      return field.value === name || (field.value && field.value.startsWith(name + '.'));
    },
  };
}

/** A labelled input bound to f.values[name]; highlighted when the server named it. */
export function input(f, name, label, opts = {}) {
  const bad = f.invalid(opts.errorField || name);
  return h('label', { class: `field${opts.wide ? ' wide' : ''}` }, [
    h('span', { class: 'label' }, [t(label), opts.required ? h('span', { class: 'req' }, ' *') : null]),
    h('input', {
      name, type: opts.type || 'text', value: f.values[name] ?? '', required: opts.required || null,
      maxlength: opts.max || null, autocomplete: opts.autocomplete || 'off', placeholder: opts.placeholder ? t(opts.placeholder) : null,
      class: bad ? 'invalid' : null, 'aria-invalid': bad ? 'true' : null, 'data-test': `field-${name}`,
      onInput: (e) => { f.values[name] = e.target.value; },
    }),
    opts.hint ? h('span', { class: 'hint muted small' }, t(opts.hint)) : null,
  ]);
}

/** A labelled select of choices [{ value, label }] bound to f.values[name]. */
export function select(f, name, label, choices, opts = {}) {
  const bad = f.invalid(name);
  return h('label', { class: 'field' }, [
    h('span', { class: 'label' }, [t(label), opts.required ? h('span', { class: 'req' }, ' *') : null]),
    h('select', {
      name, value: f.values[name] ?? '', class: bad ? 'invalid' : null, 'aria-invalid': bad ? 'true' : null,
      'data-test': `field-${name}`, onChange: (e) => { f.values[name] = e.target.value; },
    }, choices.map((c) => h('option', { value: c.value, selected: String(f.values[name] ?? '') === String(c.value) }, c.label))),
  ]);
}

/** Checkboxes for a list value f.values[name] (roles). */
export function checks(f, name, label, choices) {
  const bad = f.invalid(name);
  const list = f.values[name] || [];
  return h('fieldset', { class: `field checks${bad ? ' invalid' : ''}`, 'data-test': `field-${name}` }, [
    h('legend', { class: 'label' }, t(label)),
    h('div', { class: 'choices' }, choices.map((c) => h('label', { class: 'choice' }, [
      h('input', {
        type: 'checkbox', name, value: c.value, checked: list.includes(c.value), 'data-test': `${name}-${c.value}`,
        onChange: (e) => {
          const now = (f.values[name] || []).filter((v) => v !== c.value);
          f.values[name] = e.target.checked ? [...now, c.value] : now;
        },
      }), c.label,
    ]))),
  ]);
}

/** The form's message, or nothing. */
export function formError(f, test) {
  return f.error.value ? h('p', { class: 'error', role: 'alert', 'data-test': test || 'form-error' }, f.error.value) : null;
}

/** An inline "are you sure" with the question, a confirm and a cancel button. */
export function confirmBar(question, onYes, onNo, test) {
  return h('div', { class: 'confirm-bar', role: 'alertdialog', 'data-test': test || 'confirm' }, [
    h('span', null, question),
    h('button', { type: 'button', class: 'primary small', 'data-test': 'confirm-yes', onClick: onYes }, t('admin.confirm')),
    h('button', { type: 'button', class: 'link', 'data-test': 'confirm-no', onClick: onNo }, t('admin.cancel')),
  ]);
}

/** A secret shown this once (a temporary password), to note down, with a button that hides it for good. */
export function shownOnce(title, secret, note, onDone) {
  return h('div', { class: 'shown-once', role: 'status', 'data-test': 'shown-once' }, [
    h('strong', null, title),
    h('code', { class: 'secret-value', 'data-test': 'temporary-password' }, secret),
    h('p', { class: 'muted small' }, note),
    h('button', { type: 'button', class: 'secondary small', 'data-test': 'shown-once-done', onClick: onDone }, t('admin.noted')),
  ]);
}

export const ROLES = ['agent', 'leader', 'supervisor', 'unit_responder', 'admin'];
export const UNIT_KINDS = ['city_bureau', 'county_bureau', 'department', 'monitoring_centre', 'supervision_office',
  'leadership', 'provincial_centre', 'other'];
export const PARTY_TYPES = ['consumer', 'retailer', 'enterprise', 'employee'];

/** "2026-12-02 10:26" of the server's ISO time (already in the centre's zone). */
export function when(iso) {
  return iso ? iso.slice(0, 16).replace('T', ' ') : '—';
}
