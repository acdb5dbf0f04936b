// The record form of a case at intake: one of the four kinds (complaint, inquiry, suggestion, report), switchable while
// typing without losing what the kinds share. Its constraints come from the server's own intake rules
// (GET /api/intake/form, the same code that validates a filing), so what the browser refuses the server would refuse
// too; what only the server can judge (a phone number that is no number) comes back as an error at its field.
// Every text is rendered as text. The form edits the object it is given (the page keeps it as the draft).
import { h, ref } from '../vue.js';
import { t, lang } from '../i18n.js';

/** The rules of one kind: { kind, respondent, anonymous, confidentialReporter, answerOnTheSpot, workingDays }. */
export function kindRules(rules, kind) {
  return (rules && rules.kinds.find((k) => k.kind === kind)) || {};
}

const trimmed = (v) => (v == null ? '' : String(v).trim());

/**
 * The errors of the form by field path ({ content: 'message' }), checked as the server checks a filing; end is
 * 'answer' when the case is to be answered on the spot (then the answer is required too).
 */
export function validate(rules, form, end) {
  const errors = {};
  const f = rules.fields;
  const k = kindRules(rules, form.kind);
  const text = (path, value) => {
    const v = trimmed(value);
    const rule = f[path] || {};
    if (rule.required && !v) {
      errors[path] = t('intake.err.required');
    } else if (rule.maxLength && v.length > rule.maxLength) {
      errors[path] = t('intake.err.tooLong', { max: rule.maxLength });
    }
    return v;
  };
  if (!form.kind) {
    errors.kind = t('intake.err.required');
  }
  if (!form.channel) {
    errors.channel = t('intake.err.required');
  }
  text('subject', form.subject);
  text('content', form.content);
  const anonymous = k.anonymous && form.anonymous;
  if (!anonymous) {
    const c = form.contact;
    const name = text('contact.name', c.name);
    const phones = c.phones.map(trimmed).filter(Boolean);
    const rule = f['contact.phones'];
    c.phones.forEach((p, i) => {
      if (trimmed(p).length > rule.maxLength) {
        errors[`contact.phones[${i}]`] = t('intake.err.tooLong', { max: rule.maxLength });
      }
    });
    if (phones.length > rule.maxItems) {
      errors['contact.phones'] = t('intake.err.tooMany', { max: rule.maxItems });
    }
    const email = text('contact.email', c.email);
    if (email && !new RegExp(`^(?:${f['contact.email'].pattern})$`).test(email)) {
      errors['contact.email'] = t('intake.err.email');
    }
    const address = text('contact.address', c.address);
    if (!name && phones.length === 0 && !email && !address) {
      errors.contact = t('intake.err.contactRequired');
    }
  }
  if (k.respondent) {
    text('respondent.person', form.respondent.person);
  }
  if (end === 'answer') {
    text('answer', form.answer);
    if (!trimmed(form.answer)) {
      errors.answer = t('intake.err.answerRequired');
    }
  }
  return errors;
}

/** The body of POST /api/cases for this form (what its kind takes; blank fields left out). */
export function caseBody(rules, form) {
  const k = kindRules(rules, form.kind);
  const body = { kind: form.kind, channel: form.channel, content: form.content };
  if (trimmed(form.subject)) body.subject = form.subject;
  if (form.partyType) body.partyType = form.partyType;
  if (form.category) body.category = form.category;
  if (k.anonymous && form.anonymous) {
    body.anonymous = true;
  } else {
    const c = form.contact;
    const contact = {};
    if (trimmed(c.name)) contact.name = c.name;
    const phones = c.phones.filter((p) => trimmed(p));
    if (phones.length) contact.phones = phones;
    if (trimmed(c.email)) contact.email = c.email;
    if (trimmed(c.address)) contact.address = c.address;
    body.contact = contact;
    if (form.customerId) body.customerId = form.customerId;
  }
  if (k.respondent) {
    const r = {};
    if (trimmed(form.respondent.person)) r.person = form.respondent.person;
    if (form.respondent.unitId) r.unitId = form.respondent.unitId;
    if (Object.keys(r).length) body.respondent = r;
  }
  return body;
}

/**
 * Where the server's field path shows in this form: a phone's index counts the phones sent (blank ones are not), so
 * contact.phones[1] may be the third input.
 */
export function formPath(form, path) {
  const m = /^contact\.phones\[(\d+)\]$/.exec(path || '');
  if (!m) {
    return path;
  }
  let seen = -1;
  for (let i = 0; i < form.contact.phones.length; i++) {
    if (trimmed(form.contact.phones[i])) {
      seen++;
      if (seen === Number(m[1])) {
        return `contact.phones[${i}]`;
      }
    }
  }
  return 'contact.phones';
}

function formatBytes(n) {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

export default {
  props: {
    rules: Object, form: Object, errors: Object, units: Array, customers: Array, files: Array, filesNote: String,
    busy: Boolean,
  },
  // edited: (path) of the field changed, null for another change.
  emits: ['files', 'removeFile', 'customer', 'submit', 'edited'],
  setup(props, { emit }) {
    const unitFilter = ref('');
    const dragging = ref(false);

    return () => {
      const rules = props.rules;
      const form = props.form;
      const errors = props.errors || {};
      const k = kindRules(rules, form.kind);
      const report = !!k.confidentialReporter;
      const anonymous = !!(k.anonymous && form.anonymous);
      const fieldRule = (path) => rules.fields[path] || {};
      const edited = (path) => emit('edited', path || null);
      const err = (path) => (errors[path] ? h('p', { class: 'field-error', role: 'alert', 'data-test': `err-${path}` }, errors[path]) : null);

      /** A labelled text input or text area bound to obj[prop], constrained by the field's rule. */
      const input = (path, label, obj, prop, opts = {}) => {
        const rule = fieldRule(opts.rule || path);
        const attrs = {
          name: path, 'data-test': `f-${path}`, value: obj[prop] ?? '', disabled: props.busy || opts.disabled,
          maxlength: rule.maxLength, required: (!opts.noMark && (rule.required || opts.required)) || null,
          'aria-invalid': errors[path] ? 'true' : null, class: errors[path] ? 'invalid' : null,
          placeholder: opts.placeholder || null,
          onInput: (e) => { obj[prop] = e.target.value; edited(path); },
        };
        const control = opts.rows ? h('textarea', { ...attrs, rows: opts.rows })
          : h('input', { ...attrs, type: opts.type || 'text', autocomplete: 'off' });
        return h('label', { class: `field ${opts.wide ? 'wide' : ''}` }, [
          h('span', { class: 'label' }, [t(label), !opts.noMark && (rule.required || opts.required) ? h('span', { class: 'req' }, ' *') : null,
            opts.counter && rule.maxLength ? h('span', { class: 'counter muted' }, ` ${trimmed(obj[prop]).length} / ${rule.maxLength}`) : null]),
          control, err(path),
        ]);
      };

      const select = (path, label, value, options, onChange, blank) => h('label', { class: 'field' }, [
        h('span', { class: 'label' }, [t(label), fieldRule(path).required ? h('span', { class: 'req' }, ' *') : null]),
        h('select', {
          name: path, 'data-test': `f-${path}`, value, disabled: props.busy,
          onChange: (e) => { onChange(e.target.value); edited(path); },
        }, [blank ? h('option', { value: '' }, t(blank)) : null,
          ...options.map((o) => h('option', { key: o.value, value: o.value, selected: o.value === value }, o.label))]),
        err(path),
      ]);

      // ---- the kind: four tabs, the title of the kind's record form
      const kinds = h('div', { class: 'kind-switch', role: 'tablist', 'data-test': 'kinds' }, rules.kinds.map((x) => h('button', {
        type: 'button', role: 'tab', key: x.kind, 'data-test': `kind-${x.kind}`, 'aria-selected': String(x.kind === form.kind),
        class: x.kind === form.kind ? 'current' : null, disabled: props.busy,
        onClick: () => { form.kind = x.kind; edited(); },
      }, t(`kind.${x.kind}`))));

      // ---- who wrote in (a report's reporter: confidential)
      const phoneRule = fieldRule('contact.phones');
      const phones = form.contact.phones.map((p, i) => h('div', { class: 'phone-row', key: i }, [
        h('input', {
          name: `contact.phones[${i}]`, 'data-test': `f-contact.phones[${i}]`, type: 'tel', value: p, maxlength: phoneRule.maxLength,
          disabled: props.busy || anonymous, autocomplete: 'off', class: errors[`contact.phones[${i}]`] ? 'invalid' : null,
          'aria-invalid': errors[`contact.phones[${i}]`] ? 'true' : null,
          onInput: (e) => { form.contact.phones[i] = e.target.value; edited(`contact.phones[${i}]`); },
        }),
        form.contact.phones.length > 1 ? h('button', {
          type: 'button', class: 'link', disabled: props.busy || anonymous, title: t('intake.removePhone'),
          onClick: () => { form.contact.phones.splice(i, 1); edited(); },
        }, '×') : null,
        err(`contact.phones[${i}]`),
      ]));
      const customers = props.customers || [];
      const customerChooser = customers.length === 0 || anonymous ? null : h('div', { class: 'field wide customers', 'data-test': 'customer-chooser' }, [
        h('span', { class: 'label' }, t('intake.customer')),
        h('div', { class: 'choices' }, [
          ...customers.map((c) => h('label', { key: c.id, class: 'choice' }, [
            h('input', {
              type: 'radio', name: 'customer', value: String(c.id), 'data-test': `customer-${c.id}`, disabled: props.busy,
              checked: form.customerId === c.id, onChange: () => emit('customer', c),
            }),
            h('span', null, c.name), c.partyType ? h('span', { class: 'muted' }, ` · ${t(`party.${c.partyType}`)}`) : null,
          ])),
          h('label', { class: 'choice' }, [
            h('input', {
              type: 'radio', name: 'customer', value: '', 'data-test': 'customer-new', disabled: props.busy,
              checked: !form.customerId, onChange: () => emit('customer', null),
            }),
            h('span', null, t('intake.newCustomer')),
          ]),
        ]),
        err('customerId'),
      ]);
      const contact = h('fieldset', { class: `section ${report ? 'confidential' : ''}`, 'data-test': 'contact' }, [
        h('legend', null, [t(report ? 'intake.reporter' : 'intake.caller'),
          report ? h('span', { class: 'secret', 'data-test': 'confidential' }, t('intake.confidential')) : null]),
        report ? h('p', { class: 'muted small' }, t('intake.confidentialNote')) : null,
        k.anonymous ? h('label', { class: 'check' }, [
          h('input', {
            type: 'checkbox', name: 'anonymous', 'data-test': 'f-anonymous', checked: anonymous, disabled: props.busy,
            onChange: (e) => {
              form.anonymous = e.target.checked;
              if (form.anonymous) {
                // An anonymous report carries no contact details: they are emptied, not sent.
                form.contact.name = form.contact.email = form.contact.address = '';
                form.contact.phones = [''];
                form.customerId = null;
              }
              edited('anonymous');
            },
          }),
          t('intake.anonymous'),
        ]) : null,
        err('anonymous'),
        err('contact'),
        h('div', { class: 'grid' }, [
          customerChooser,
          input('contact.name', report ? 'intake.reporterName' : 'intake.contactName', form.contact, 'name', { disabled: anonymous }),
          h('div', { class: 'field' }, [
            h('span', { class: 'label' }, t('intake.phones')),
            ...phones,
            form.contact.phones.length < phoneRule.maxItems ? h('button', {
              type: 'button', class: 'link add', 'data-test': 'add-phone', disabled: props.busy || anonymous,
              onClick: () => { form.contact.phones.push(''); edited(); },
            }, t('intake.addPhone')) : null,
            err('contact.phones'),
          ]),
          input('contact.email', 'intake.email', form.contact, 'email', { type: 'email', disabled: anonymous }),
          input('contact.address', 'intake.address', form.contact, 'address', { disabled: anonymous }),
        ]),
      ]);

      // ---- whom it is about (complaints and reports)
      let respondent = null;
      if (k.respondent) {
        const q = unitFilter.value.trim().toLowerCase();
        const units = (props.units || []).filter((u) => !q || u.name.toLowerCase().includes(q) || (u.code || '').toLowerCase().includes(q)
          || u.id === form.respondent.unitId);
        respondent = h('fieldset', { class: 'section', 'data-test': 'respondent' }, [
          h('legend', null, t(form.kind === 'report' ? 'intake.respondent.report' : 'intake.respondent.complaint')),
          err('respondent'),
          h('div', { class: 'grid' }, [
            h('div', { class: 'field' }, [
              h('span', { class: 'label' }, t(form.kind === 'report' ? 'intake.unit.report' : 'intake.unit.complaint')),
              h('input', {
                type: 'search', 'data-test': 'unit-filter', placeholder: t('intake.unitFilter'), value: unitFilter.value,
                disabled: props.busy, onInput: (e) => { unitFilter.value = e.target.value; },
              }),
              h('select', {
                name: 'respondent.unitId', 'data-test': 'f-respondent.unitId', disabled: props.busy,
                class: errors['respondent.unitId'] ? 'invalid' : null,
                onChange: (e) => { form.respondent.unitId = e.target.value ? Number(e.target.value) : null; edited('respondent.unitId'); },
              }, [h('option', { value: '', selected: !form.respondent.unitId }, t('intake.noUnit')),
                ...units.map((u) => h('option', { key: u.id, value: String(u.id), selected: u.id === form.respondent.unitId }, u.name))]),
              err('respondent.unitId'),
            ]),
            input('respondent.person', form.kind === 'report' ? 'intake.person.report' : 'intake.person.complaint',
              form.respondent, 'person'),
          ]),
        ]);
      }

      // ---- what it is about
      const body = h('fieldset', { class: 'section' }, [
        h('legend', null, t('intake.matter')),
        h('div', { class: 'grid' }, [
          // The subject category (主题分类) the bulletins count by: the configured list, optional.
          (rules.categories || []).length ? select('category', 'intake.category', form.category || '',
            rules.categories.map((c) => ({ value: c.key, label: lang.value === 'en' ? c.labelEn : c.label })),
            (v) => { form.category = v; }, 'intake.categoryUnset') : null,
          input('subject', 'intake.subject', form, 'subject', { wide: true }),
          input('content', `intake.content.${form.kind}`, form, 'content', { rows: 7, wide: true, counter: true }),
        ]),
      ]);

      // ---- attachments: drop them on the zone, or choose them
      const a = rules.attachments;
      const files = props.files || [];
      const attachments = h('fieldset', { class: 'section' }, [
        h('legend', null, t('intake.attachments')),
        h('div', {
          class: `dropzone ${dragging.value ? 'over' : ''}`, 'data-test': 'dropzone',
          onDragover: (e) => { e.preventDefault(); dragging.value = true; },
          onDragleave: () => { dragging.value = false; },
          onDrop: (e) => { e.preventDefault(); dragging.value = false; if (!props.busy) emit('files', e.dataTransfer.files); },
        }, [
          h('span', null, t('intake.dropHere')), ' ',
          h('label', { class: 'file-button' }, [t('intake.chooseFiles'), h('input', {
            type: 'file', multiple: true, 'data-test': 'f-files', disabled: props.busy,
            onChange: (e) => { emit('files', e.target.files); e.target.value = ''; },
          })]),
          h('p', { class: 'muted small' }, t('intake.fileLimits', { count: a.maxCount, size: formatBytes(a.maxBytes) })),
        ]),
        err('attachments'),
        props.filesNote ? h('p', { class: 'notice small', 'data-test': 'files-note' }, props.filesNote) : null,
        files.length ? h('ul', { class: 'files', 'data-test': 'files' }, files.map((f, i) => h('li', { key: f.id }, [
          h('span', null, f.name), h('span', { class: 'muted' }, ` ${formatBytes(f.size)}`),
          f.kept === false ? h('span', { class: 'muted' }, ` · ${t('intake.fileNotKept')}`) : null,
          h('button', { type: 'button', class: 'link', disabled: props.busy, onClick: () => emit('removeFile', f.id) }, t('intake.removeFile')),
          err(`attachments[${i}]`), err(`attachments[${i}].name`),
        ]))) : null,
      ]);

      // ---- the answer given on the spot (the kinds whose case may be answered and closed at once)
      const answer = k.answerOnTheSpot ? h('fieldset', { class: 'section' }, [
        h('legend', null, t('intake.answerSection')),
        // Required for that end only: not marked, the hint says when.
        input('answer', 'intake.answer', form, 'answer', { rows: 3, wide: true, placeholder: t('intake.answerHint'), noMark: true }),
      ]) : null;

      return h('form', {
        class: 'record-form', 'data-test': 'record-form', 'data-kind': form.kind, novalidate: true,
        onSubmit: (e) => { e.preventDefault(); emit('submit', 'submit'); },
      }, [
        h('div', { class: 'form-head' }, [
          h('h2', { 'data-test': 'form-title' }, t(`intake.title.${form.kind}`)),
          kinds,
        ]),
        err('kind'),
        h('div', { class: 'grid top' }, [
          select('channel', 'intake.channel', form.channel, rules.channels.map((c) => ({ value: c, label: t(`channel.${c}`) })),
            (v) => { form.channel = v; }),
          select('partyType', 'intake.partyType', form.partyType || '', rules.partyTypes.map((p) => ({ value: p, label: t(`party.${p}`) })),
            (v) => { form.partyType = v; }, 'intake.partyUnset'),
          h('div', { class: 'field' }, [h('span', { class: 'label' }, t('intake.deadline')),
            h('span', { class: 'static', 'data-test': 'kind-deadline' },
              k.workingDays === 0 ? t('intake.sameDay') : t('intake.workingDays', { n: k.workingDays }))]),
        ]),
        contact,
        respondent,
        body,
        attachments,
        answer,
        h('div', { class: 'actions ends' }, [
          h('button', { type: 'submit', class: 'primary', 'data-test': 'end-submit', disabled: props.busy || !k.submitForInstruction },
            t('intake.submitForInstruction')),
          k.answerOnTheSpot ? h('button', {
            type: 'button', class: 'secondary', 'data-test': 'end-answer', disabled: props.busy,
            onClick: () => emit('submit', 'answer'),
          }, t('intake.answerAndClose')) : null,
        ]),
      ]);
    };
  },
};
