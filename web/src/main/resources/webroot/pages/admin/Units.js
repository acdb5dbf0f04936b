// Units (#/admin/units): the bureau's units as a tree, and the chosen unit with its contacts: the first responsible
// person (第一责任人, who receives the dispatch form) with phone, e-mail and fax, and the others. An admin creates a
// unit with its first responsible person, changes a unit, adds, changes and removes contacts and marks who is the
// first responsible person; everyone else who may read units sees the same without the buttons.
import { h, ref, computed, onMounted } from '../../vue.js';
import { get, post, put, del } from '../../api.js';
import { t } from '../../i18n.js';
import { go } from '../../router.js';
import { form, input, select, formError, confirmBar, UNIT_KINDS } from '../../components/AdminForm.js';

const CONTACT = { name: '', title: '', phone: '', email: '', fax: '' };

/** A contact's fields for the API: empty ones left out. */
function contactBody(v, first) {
  const out = { name: v.name.trim(), firstResponsible: first };
  ['title', 'phone', 'email', 'fax'].forEach((k) => {
    if (v[k] && v[k].trim()) {
      out[k] = v[k].trim();
    }
  });
  return out;
}

/** The units in tree order (parents before their children), each with its depth. */
function tree(units) {
  const children = new Map();
  units.forEach((u) => {
    const p = units.some((x) => x.id === u.parentId) ? u.parentId : null;
    children.set(p, [...(children.get(p) || []), u]);
  });
  const out = [];
  const walk = (parent, depth) => (children.get(parent) || []).forEach((u) => {
    out.push({ unit: u, depth });
    walk(u.id, depth + 1);
  });
  walk(null, 0);
  return out;
}

export default {
  props: { me: Object, query: Object },
  setup(props) {
    const isAdmin = (props.me.roles || []).includes('admin');
    const units = ref([]);
    const error = ref(null);
    const notice = ref(null);
    const filter = ref('');
    const selected = ref(props.query && props.query.unit ? Number(props.query.unit) : null);
    /** What is being edited: 'new' (a unit), 'unit', 'contact:<id>', 'add', or 'remove:<id>'. */
    const editing = ref(null);

    const unitForm = form({ name: '', code: '', kind: 'county_bureau', parentId: '', ...Object.fromEntries(
      Object.keys(CONTACT).map((k) => [`c_${k}`, '']),
    ) });
    const contactForm = form({ ...CONTACT, firstResponsible: false });
    const actionForm = form({});

    const current = computed(() => units.value.find((u) => u.id === selected.value) || null);
    const kindChoices = () => UNIT_KINDS.map((k) => ({ value: k, label: t(`unitKind.${k}`) }));
    const parentChoices = (except) => [{ value: '', label: t('admin.units.noParent') }]
      .concat(units.value.filter((u) => u.id !== except).map((u) => ({ value: String(u.id), label: u.name })));

    async function load() {
      try {
        units.value = await get('/api/units');
        error.value = null;
        if (selected.value == null && units.value.length) {
          selected.value = units.value[0].id;
        }
      } catch (e) {
        error.value = e.message;
      }
    }
    onMounted(load);

    function choose(u) {
      selected.value = u.id;
      editing.value = null;
      notice.value = null;
      go('/admin/units', { unit: u.id });
    }

    function startNew() {
      editing.value = editing.value === 'new' ? null : 'new';
      notice.value = null;
      unitForm.reset();
    }

    function startEditUnit() {
      const u = current.value;
      editing.value = 'unit';
      unitForm.reset({ name: u.name, code: u.code || '', kind: u.kind, parentId: u.parentId ? String(u.parentId) : '' });
    }

    function startContact(c) {
      editing.value = c ? `contact:${c.id}` : 'add';
      contactForm.reset(c ? { name: c.name, title: c.title || '', phone: c.phone || '', email: c.email || '', fax: c.fax || '',
        firstResponsible: c.firstResponsible } : { firstResponsible: current.value.contacts.length === 0 });
    }

    const unitBody = (v) => ({ name: v.name.trim(), kind: v.kind, code: v.code.trim() || null,
      parentId: v.parentId ? Number(v.parentId) : null });

    async function createUnit(e) {
      e.preventDefault();
      const v = unitForm.values;
      let made = null;
      const body = unitBody(v);
      const c = Object.fromEntries(Object.keys(CONTACT).map((k) => [k, v[`c_${k}`]]));
      if (c.name.trim()) {
        body.contacts = [contactBody(c, true)];
      }
      if (await unitForm.run(async () => { made = await post('/api/units', body); })) {
        notice.value = t('admin.units.created', { name: made.name });
        editing.value = null;
        selected.value = made.id;
        await load();
      } else if (unitForm.field.value && unitForm.field.value.startsWith('contacts[0].')) {
        unitForm.field.value = `c_${unitForm.field.value.slice('contacts[0].'.length)}`;
      }
    }

    async function saveUnit(e) {
      e.preventDefault();
      if (await unitForm.run(() => put(`/api/units/${current.value.id}`, unitBody(unitForm.values)))) {
        notice.value = t('admin.units.saved', { name: unitForm.values.name });
        editing.value = null;
        await load();
      }
    }

    async function saveContact(e) {
      e.preventDefault();
      const v = contactForm.values;
      const u = current.value;
      const adding = editing.value === 'add';
      const request = adding ? () => post(`/api/units/${u.id}/contacts`, contactBody(v, !!v.firstResponsible))
        : () => put(`/api/units/${u.id}/contacts/${editing.value.slice('contact:'.length)}`, contactBody(v, !!v.firstResponsible));
      if (await contactForm.run(request)) {
        notice.value = t(adding ? 'admin.units.contactAdded' : 'admin.units.contactSaved', { name: v.name });
        editing.value = null;
        await load();
      }
    }

    async function markFirst(c) {
      const u = current.value;
      if (await actionForm.run(() => put(`/api/units/${u.id}/contacts/${c.id}`, { ...contactBody({ ...CONTACT, ...c,
        title: c.title || '', phone: c.phone || '', email: c.email || '', fax: c.fax || '' }, true) }))) {
        notice.value = t('admin.units.markedFirst', { name: c.name });
        await load();
      }
    }

    async function removeContact(c) {
      const u = current.value;
      if (await actionForm.run(() => del(`/api/units/${u.id}/contacts/${c.id}`))) {
        notice.value = t('admin.units.contactRemoved', { name: c.name });
        editing.value = null;
        await load();
      }
    }

    // ---- rendering

    const shown = computed(() => {
      const q = filter.value.trim();
      const all = tree(units.value);
      return q ? all.filter((x) => x.unit.name.includes(q) || (x.unit.code || '').toLowerCase().includes(q.toLowerCase())) : all;
    });

    const firstOf = (u) => u.contacts.find((c) => c.firstResponsible);

    const unitFields = (except) => [
      input(unitForm, 'name', 'admin.units.name', { required: true, max: 100 }),
      input(unitForm, 'code', 'admin.units.code', { max: 32, hint: 'admin.units.codeHint' }),
      select(unitForm, 'kind', 'admin.units.kind', kindChoices(), { required: true }),
      select(unitForm, 'parentId', 'admin.units.parent', parentChoices(except)),
    ];

    const newUnitForm = () => h('form', { class: 'card admin-form', novalidate: true, onSubmit: createUnit, 'data-test': 'unit-create' }, [
      h('h3', null, t('admin.units.new')),
      h('div', { class: 'grid' }, unitFields(null)),
      h('h4', null, t('admin.units.firstResponsible')),
      h('div', { class: 'grid' }, [
        input(unitForm, 'c_name', 'admin.contact.name', { max: 100 }),
        input(unitForm, 'c_title', 'admin.contact.title', { max: 100 }),
        input(unitForm, 'c_phone', 'admin.contact.phone', { type: 'tel', max: 40 }),
        input(unitForm, 'c_email', 'admin.contact.email', { type: 'email', max: 200 }),
        input(unitForm, 'c_fax', 'admin.contact.fax', { type: 'tel', max: 40 }),
      ]),
      h('p', { class: 'muted small' }, t('admin.units.firstHint')),
      formError(unitForm, 'unit-create-error'),
      h('div', { class: 'actions' }, [
        h('button', { type: 'submit', class: 'primary', disabled: unitForm.busy.value, 'data-test': 'unit-create-submit' }, t('admin.units.create')),
        h('button', { type: 'button', class: 'link', onClick: () => { editing.value = null; } }, t('admin.cancel')),
      ]),
    ]);

    const contactFormView = () => h('form', { class: 'admin-form inline', novalidate: true, onSubmit: saveContact, 'data-test': 'contact-form' }, [
      h('div', { class: 'grid' }, [
        input(contactForm, 'name', 'admin.contact.name', { required: true, max: 100 }),
        input(contactForm, 'title', 'admin.contact.title', { max: 100 }),
        input(contactForm, 'phone', 'admin.contact.phone', { type: 'tel', max: 40 }),
        input(contactForm, 'email', 'admin.contact.email', { type: 'email', max: 200 }),
        input(contactForm, 'fax', 'admin.contact.fax', { type: 'tel', max: 40 }),
      ]),
      h('label', { class: 'check' }, [h('input', { type: 'checkbox', checked: !!contactForm.values.firstResponsible,
        'data-test': 'field-firstResponsible', onChange: (e) => { contactForm.values.firstResponsible = e.target.checked; } }),
      t('admin.contact.isFirst')]),
      formError(contactForm, 'contact-error'),
      h('div', { class: 'actions' }, [
        h('button', { type: 'submit', class: 'primary small', disabled: contactForm.busy.value, 'data-test': 'contact-save' }, t('admin.save')),
        h('button', { type: 'button', class: 'link', onClick: () => { editing.value = null; } }, t('admin.cancel')),
      ]),
    ]);

    const contactRow = (c) => {
      const rows = [h('tr', { key: c.id, 'data-test': 'contact-row', 'data-name': c.name, class: c.firstResponsible ? 'first' : null }, [
        h('td', null, [h('strong', null, c.name), c.title ? h('div', { class: 'muted small' }, c.title) : null,
          c.firstResponsible ? h('span', { class: 'tag first', 'data-test': 'first-responsible' }, t('admin.contact.first')) : null]),
        h('td', { class: 'mono' }, c.phone || '—'),
        h('td', { class: 'mono' }, c.email || '—'),
        h('td', { class: 'mono' }, c.fax || '—'),
        isAdmin ? h('td', { class: 'nowrap' }, h('span', { class: 'row-actions' }, [
          h('button', { type: 'button', class: 'small', 'data-test': 'contact-edit', onClick: () => startContact(c) }, t('admin.edit')),
          c.firstResponsible ? null : h('button', { type: 'button', class: 'small', 'data-test': 'contact-first',
            onClick: () => markFirst(c) }, t('admin.contact.makeFirst')),
          h('button', { type: 'button', class: 'small', 'data-test': 'contact-remove',
            onClick: () => { editing.value = `remove:${c.id}`; } }, t('admin.remove')),
        ])) : null,
      ])];
      if (editing.value === `contact:${c.id}`) {
        rows.push(h('tr', { key: `${c.id}-edit`, class: 'panel-row' }, h('td', { colspan: 5 }, contactFormView())));
      } else if (editing.value === `remove:${c.id}`) {
        rows.push(h('tr', { key: `${c.id}-remove`, class: 'panel-row' }, h('td', { colspan: 5 }, [
          confirmBar(t('admin.units.removeQuestion', { name: c.name }), () => removeContact(c), () => { editing.value = null; },
            'contact-remove-confirm'),
          formError(actionForm),
        ])));
      }
      return rows;
    };

    const detail = () => {
      const u = current.value;
      if (!u) {
        return h('section', { class: 'card' }, h('p', { class: 'muted' }, t('admin.units.none')));
      }
      const parent = units.value.find((x) => x.id === u.parentId);
      const first = firstOf(u);
      return h('section', { class: 'card unit-detail', 'data-test': 'unit-detail', 'data-unit': u.name }, [
        editing.value === 'unit' ? h('form', { class: 'admin-form', novalidate: true, onSubmit: saveUnit, 'data-test': 'unit-edit' }, [
          h('div', { class: 'grid' }, unitFields(u.id)),
          formError(unitForm, 'unit-edit-error'),
          h('div', { class: 'actions' }, [
            h('button', { type: 'submit', class: 'primary small', disabled: unitForm.busy.value, 'data-test': 'unit-save' }, t('admin.save')),
            h('button', { type: 'button', class: 'link', onClick: () => { editing.value = null; } }, t('admin.cancel')),
          ]),
        ]) : h('div', { class: 'section-head' }, [
          h('h2', null, u.name),
          h('span', { class: 'badge' }, t(`unitKind.${u.kind}`)),
          u.code ? h('span', { class: 'mono muted' }, u.code) : null,
          h('span', { class: 'spacer' }),
          isAdmin ? h('button', { type: 'button', class: 'secondary small', 'data-test': 'unit-edit-start', onClick: startEditUnit },
            t('admin.units.edit')) : null,
        ]),
        editing.value === 'unit' ? null : h('p', { class: 'muted small' }, parent ? t('admin.units.under', { name: parent.name })
          : t('admin.units.top')),
        first ? null : h('p', { class: 'notice', 'data-test': 'no-first' }, t('admin.units.noFirst')),
        h('h3', null, t('admin.units.contacts')),
        u.contacts.length ? h('table', { class: 'list contacts' }, [
          h('thead', null, h('tr', null, ['admin.contact.name', 'admin.contact.phone', 'admin.contact.email', 'admin.contact.fax',
            isAdmin ? '' : null].filter((k) => k !== null).map((k) => h('th', null, k ? t(k) : '')))),
          h('tbody', null, u.contacts.flatMap(contactRow)),
        ]) : h('p', { class: 'muted' }, t('admin.units.noContacts')),
        editing.value === 'add' ? contactFormView() : null,
        isAdmin && editing.value !== 'add' ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary small',
          'data-test': 'contact-add', onClick: () => startContact(null) }, t('admin.units.addContact'))) : null,
        editing.value && editing.value.startsWith('remove:') ? null : formError(actionForm),
      ]);
    };

    return () => h('div', { class: 'admin admin-units', 'data-test': 'admin-units' }, [
      h('section', { class: 'card' }, [
        h('div', { class: 'section-head' }, [
          h('h2', null, t('admin.units.title')),
          h('span', { class: 'muted' }, t('admin.units.count', { n: units.value.length })),
          h('span', { class: 'spacer' }),
          isAdmin ? h('button', { type: 'button', class: 'primary', 'data-test': 'unit-new', onClick: startNew }, t('admin.units.new')) : null,
        ]),
        error.value ? h('p', { class: 'error', role: 'alert' }, error.value) : null,
        notice.value ? h('p', { class: 'ok', role: 'status', 'data-test': 'admin-notice' }, notice.value) : null,
      ]),
      editing.value === 'new' ? newUnitForm() : null,
      h('div', { class: 'admin-split' }, [
        h('section', { class: 'card unit-tree' }, [
          h('input', { type: 'search', value: filter.value, placeholder: t('admin.units.filter'), 'data-test': 'unit-filter',
            onInput: (e) => { filter.value = e.target.value; } }),
          h('ul', { 'data-test': 'unit-list' }, shown.value.map(({ unit, depth }) => h('li', { key: unit.id }, h('button', {
            type: 'button', class: `unit-item${unit.id === selected.value ? ' current' : ''}`, style: { paddingLeft: `${8 + depth * 16}px` },
            'data-test': 'unit-item', 'data-name': unit.name, onClick: () => choose(unit),
          }, [h('span', { class: 'unit-name' }, unit.name), firstOf(unit) ? null
            : h('span', { class: 'tag warn small', title: t('admin.units.noFirst') }, t('admin.units.noFirstShort'))])))),
        ]),
        detail(),
      ]),
    ]);
  },
};
