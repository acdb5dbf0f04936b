// Customers (#/admin/customers): found by name, licence number or (a part of) a phone number, however written; a new
// customer with a number; the chosen one changed, its numbers added and removed. For the admin, and for the agents,
// leaders and the supervision office who may work with customer records (the API lets them).
import { h, ref, onMounted } from '../../vue.js';
import { get, post, put, del } from '../../api.js';
import { t } from '../../i18n.js';
import { go } from '../../router.js';
import { form, input, select, formError, confirmBar, PARTY_TYPES } from '../../components/AdminForm.js';

const FIELDS = { name: '', partyType: 'consumer', licenceNo: '', email: '', address: '', note: '' };

/** The customer's fields for the API: empty ones left out. */
function body(v) {
  const out = { name: v.name.trim(), partyType: v.partyType };
  ['licenceNo', 'email', 'address', 'note'].forEach((k) => {
    if (v[k] && v[k].trim()) {
      out[k] = v[k].trim();
    }
  });
  return out;
}

export default {
  props: { me: Object, query: Object },
  setup(props) {
    const q = ref((props.query && props.query.q) || '');
    const results = ref(null);
    const error = ref(null);
    const notice = ref(null);
    const chosen = ref(null);
    const creating = ref(false);
    const editing = ref(false);
    /** The number whose removal waits for a confirmation. */
    const removing = ref(null);

    const createForm = form({ ...FIELDS, phone: '' });
    const editForm = form({ ...FIELDS });
    const phoneForm = form({ phone: '' });
    const actionForm = form({});

    const partyChoices = () => PARTY_TYPES.map((p) => ({ value: p, label: t(`party.${p}`) }));

    async function search(e) {
      if (e) {
        e.preventDefault();
      }
      const text = q.value.trim();
      notice.value = null;
      if (!text) {
        results.value = null;
        return;
      }
      try {
        results.value = await get(`/api/customers?${new URLSearchParams({ q: text })}`);
        error.value = null;
        go('/admin/customers', { q: text });
      } catch (err) {
        error.value = err.message;
      }
    }

    async function open(c) {
      try {
        chosen.value = await get(`/api/customers/${c.id}`);
        editing.value = false;
        removing.value = null;
        phoneForm.reset();
        actionForm.reset();
      } catch (err) {
        error.value = err.message;
      }
    }

    /** The chosen customer changed: the list shows it as it is now. */
    function changed(c) {
      chosen.value = c;
      if (results.value) {
        results.value = results.value.map((x) => (x.id === c.id ? c : x));
      }
    }

    function startCreate() {
      creating.value = !creating.value;
      notice.value = null;
      createForm.reset(/^[0-9 +()\-.]{4,}$/.test(q.value.trim()) ? { phone: q.value.trim() } : { name: q.value.trim() });
    }

    async function create(e) {
      e.preventDefault();
      const v = createForm.values;
      const b = body(v);
      if (v.phone.trim()) {
        b.phones = [v.phone.trim()];
      }
      let made = null;
      const ok = await createForm.run(async () => { made = await post('/api/customers', b); });
      if (createForm.field.value === 'phones[0]') {
        createForm.field.value = 'phone';
      }
      if (ok) {
        notice.value = t('admin.customers.created', { name: made.name });
        creating.value = false;
        results.value = [made, ...(results.value || []).filter((x) => x.id !== made.id)];
        chosen.value = made;
      }
    }

    function startEdit() {
      const c = chosen.value;
      editing.value = true;
      editForm.reset({ name: c.name, partyType: c.partyType, licenceNo: c.licenceNo || '', email: c.email || '',
        address: c.address || '', note: c.note || '' });
    }

    async function save(e) {
      e.preventDefault();
      let c = null;
      if (await editForm.run(async () => { c = await put(`/api/customers/${chosen.value.id}`, body(editForm.values)); })) {
        changed(c);
        editing.value = false;
        notice.value = t('admin.customers.saved', { name: c.name });
      }
    }

    async function addPhone(e) {
      e.preventDefault();
      let c = null;
      const number = phoneForm.values.phone.trim();
      if (await phoneForm.run(async () => { c = await post(`/api/customers/${chosen.value.id}/phones`, { phone: number }); })) {
        changed(c);
        phoneForm.reset();
        notice.value = t('admin.customers.phoneAdded', { phone: number });
      }
    }

    async function removePhone(number) {
      let c = null;
      if (await actionForm.run(async () => { c = await del(`/api/customers/${chosen.value.id}/phones/${encodeURIComponent(number)}`); })) {
        changed(c);
        removing.value = null;
        notice.value = t('admin.customers.phoneRemoved', { phone: number });
      }
    }

    onMounted(() => {
      if (q.value) {
        search();
      }
    });

    // ---- rendering

    const customerFields = (f) => [
      input(f, 'name', 'admin.customers.name', { required: true, max: 100 }),
      select(f, 'partyType', 'admin.customers.partyType', partyChoices(), { required: true }),
      input(f, 'licenceNo', 'admin.customers.licenceNo', { max: 40, hint: 'admin.customers.licenceHint' }),
      input(f, 'email', 'admin.customers.email', { type: 'email', max: 200 }),
      input(f, 'address', 'admin.customers.address', { max: 300, wide: true }),
      input(f, 'note', 'admin.customers.note', { max: 2000, wide: true }),
    ];

    const createView = () => h('form', { class: 'card admin-form', novalidate: true, onSubmit: create, 'data-test': 'customer-create' }, [
      h('h3', null, t('admin.customers.new')),
      h('div', { class: 'grid' }, [...customerFields(createForm),
        input(createForm, 'phone', 'admin.customers.phone', { type: 'tel', max: 40, hint: 'admin.customers.phoneHint' })]),
      formError(createForm, 'customer-create-error'),
      h('div', { class: 'actions' }, [
        h('button', { type: 'submit', class: 'primary', disabled: createForm.busy.value, 'data-test': 'customer-create-submit' },
          t('admin.customers.create')),
        h('button', { type: 'button', class: 'link', onClick: () => { creating.value = false; } }, t('admin.cancel')),
      ]),
    ]);

    const detail = () => {
      const c = chosen.value;
      return h('section', { class: 'card customer-detail', 'data-test': 'customer-detail', 'data-name': c.name }, [
        editing.value ? h('form', { class: 'admin-form', novalidate: true, onSubmit: save, 'data-test': 'customer-edit' }, [
          h('div', { class: 'grid' }, customerFields(editForm)),
          formError(editForm, 'customer-edit-error'),
          h('div', { class: 'actions' }, [
            h('button', { type: 'submit', class: 'primary small', disabled: editForm.busy.value, 'data-test': 'customer-save' }, t('admin.save')),
            h('button', { type: 'button', class: 'link', onClick: () => { editing.value = false; } }, t('admin.cancel')),
          ]),
        ]) : [
          h('div', { class: 'section-head' }, [
            h('h2', null, c.name), h('span', { class: 'badge' }, t(`party.${c.partyType}`)), h('span', { class: 'spacer' }),
            h('button', { type: 'button', class: 'secondary small', 'data-test': 'customer-edit-start', onClick: startEdit }, t('admin.edit')),
          ]),
          h('dl', { class: 'fields' }, [
            ['admin.customers.licenceNo', c.licenceNo], ['admin.customers.email', c.email], ['admin.customers.address', c.address],
            ['admin.customers.note', c.note],
          ].flatMap(([k, v]) => [h('dt', null, t(k)), h('dd', null, v || '—')])),
        ],
        h('h3', null, t('admin.customers.phones')),
        c.phones.length ? h('ul', { class: 'phones', 'data-test': 'customer-phones' }, c.phones.map((p) => h('li', { key: p, 'data-test': 'customer-phone', 'data-phone': p }, [
          h('span', { class: 'mono' }, p),
          removing.value === p ? confirmBar(t('admin.customers.removeQuestion', { phone: p }), () => removePhone(p),
            () => { removing.value = null; }, 'phone-remove-confirm')
            : h('button', { type: 'button', class: 'small', 'data-test': 'phone-remove', onClick: () => { removing.value = p; } }, t('admin.remove')),
        ]))) : h('p', { class: 'muted' }, t('admin.customers.noPhones')),
        formError(actionForm),
        h('form', { class: 'admin-form inline add-phone', novalidate: true, onSubmit: addPhone, 'data-test': 'phone-add' }, [
          input(phoneForm, 'phone', 'admin.customers.addPhone', { type: 'tel', max: 40, required: true }),
          h('button', { type: 'submit', class: 'secondary small', disabled: phoneForm.busy.value, 'data-test': 'phone-add-submit' }, t('admin.add')),
          formError(phoneForm, 'phone-add-error'),
        ]),
      ]);
    };

    const list = () => h('section', { class: 'card' }, results.value === null
      ? h('p', { class: 'muted' }, t('admin.customers.searchFirst'))
      : results.value.length === 0 ? h('p', { class: 'muted', 'data-test': 'customer-none' }, t('admin.customers.none'))
        : h('table', { class: 'list admin-list', 'data-test': 'customer-list' }, [
          h('thead', null, h('tr', null, ['admin.customers.name', 'admin.customers.partyType', 'admin.customers.phones',
            'admin.customers.licenceNo'].map((k) => h('th', null, t(k))))),
          h('tbody', null, results.value.map((c) => h('tr', {
            key: c.id, class: `clickable${chosen.value && chosen.value.id === c.id ? ' current' : ''}`, 'data-test': 'customer-row',
            'data-name': c.name, onClick: () => open(c),
          }, [
            h('td', null, h('button', { type: 'button', class: 'link name', 'data-test': 'customer-open' }, c.name)),
            h('td', null, t(`party.${c.partyType}`)),
            h('td', { class: 'mono small' }, c.phones.join('，') || '—'),
            h('td', { class: 'mono small' }, c.licenceNo || '—'),
          ]))),
        ]));

    return () => h('div', { class: 'admin admin-customers', 'data-test': 'admin-customers' }, [
      h('section', { class: 'card' }, [
        h('div', { class: 'section-head' }, [
          h('h2', null, t('admin.customers.title')),
          h('span', { class: 'spacer' }),
          h('button', { type: 'button', class: 'primary', 'data-test': 'customer-new', onClick: startCreate }, t('admin.customers.new')),
        ]),
        h('form', { class: 'search-bar', novalidate: true, onSubmit: search, role: 'search' }, [
          h('input', { type: 'search', name: 'q', value: q.value, maxlength: 100, placeholder: t('admin.customers.searchHint'),
            'data-test': 'customer-search', onInput: (e) => { q.value = e.target.value; } }),
          h('button', { type: 'submit', class: 'secondary', 'data-test': 'customer-search-submit' }, t('admin.customers.search')),
        ]),
        error.value ? h('p', { class: 'error', role: 'alert' }, error.value) : null,
        notice.value ? h('p', { class: 'ok', role: 'status', 'data-test': 'admin-notice' }, notice.value) : null,
      ]),
      creating.value ? createView() : null,
      h('div', { class: 'admin-split wide-right' }, [list(), chosen.value ? detail() : null]),
    ]);
  },
};
