// Users (#/admin/users), the admin's first page: every account with its roles, unit, state and the phone an agent
// answers on; a new user (roles, the unit of a unit responder, the phone) whose temporary password is shown once;
// for each account, its roles, phone, a password reset (the temporary password shown once), its sessions and tokens
// (revoked one by one), and deactivation or reactivation after a confirmation. Leaders and the supervision office
// read the list (the API gives them that much); only an admin changes anything, and the server decides every rule
// (nobody changes their own roles, leader and supervisor grants audited, gateway accounts refused).
import { h, ref, computed, onMounted } from '../../vue.js';
import { get, post, put, del } from '../../api.js';
import { t } from '../../i18n.js';
import { form, input, select, checks, formError, confirmBar, shownOnce, ROLES, when } from '../../components/AdminForm.js';

const roleChoices = () => ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));

/** The unit responder's unit as the form holds it (a string) for the API (a number, or null). */
const unitOf = (roles, unitId) => (roles.includes('unit_responder') && unitId ? Number(unitId) : null);

export default {
  props: { me: Object },
  setup(props) {
    const isAdmin = (props.me.roles || []).includes('admin');
    const users = ref([]);
    const units = ref([]);
    const phones = ref({});
    const phonesKnown = ref(true);
    const error = ref(null);
    const notice = ref(null);
    const filter = ref('');
    const creating = ref(false);
    /** { userId, username, password }: a temporary password, shown until the admin says it is noted. */
    const secret = ref(null);
    /** { id, panel }: the account whose panel is open under its row. */
    const open = ref(null);
    const tokens = ref([]);

    const createForm = form({ username: '', displayName: '', roles: ['agent'], unitId: '', password: '', interface: '', extension: '' });
    const rolesForm = form({ roles: [], unitId: '' });
    const phoneForm = form({ interface: '', extension: '' });
    const actionForm = form({});

    const unitName = (id) => (units.value.find((u) => u.id === id) || {}).name || (id ? `#${id}` : '');
    const unitChoices = () => [{ value: '', label: t('admin.users.noUnit') }]
      .concat(units.value.map((u) => ({ value: String(u.id), label: u.name })));

    async function load() {
      try {
        const [list, unitList] = await Promise.all([get('/api/users'), get('/api/units')]);
        users.value = list;
        units.value = unitList;
        error.value = null;
      } catch (e) {
        error.value = e.message;
      }
      try {
        // The phones are the telephony module's: without it the list still shows, the column says it is unknown.
        const list = await get('/api/users/phones');
        phones.value = Object.fromEntries(list.map((p) => [p.userId, p]));
        phonesKnown.value = true;
      } catch (e) {
        phonesKnown.value = false;
      }
    }
    onMounted(load);

    const shown = computed(() => {
      const q = filter.value.trim().toLowerCase();
      return users.value.filter((u) => !q || u.username.toLowerCase().includes(q) || (u.displayName || '').toLowerCase().includes(q)
        || (u.roles || []).some((r) => t(`role.${r}`).includes(q)) || unitName(u.unitId).includes(q));
    });

    function toggleCreate() {
      creating.value = !creating.value;
      notice.value = null;
      if (creating.value) {
        madeWithoutPhone = null;
        createForm.reset();
      }
    }

    /** The account made when its phone was refused: submitting again only sets the phone. */
    let madeWithoutPhone = null;

    async function create(e) {
      e.preventDefault();
      const v = createForm.values;
      let made = madeWithoutPhone;
      const ok = made ? true : await createForm.run(async () => {
        const body = { username: v.username.trim(), displayName: v.displayName.trim() || undefined, roles: v.roles,
          unitId: unitOf(v.roles, v.unitId) ?? undefined };
        if (v.password) {
          body.password = v.password;
        }
        made = await post('/api/users', body);
      });
      if (!ok) {
        return;
      }
      // The account is there; the phone is a second step, whose refusal keeps what was typed.
      const phoneWanted = v.interface.trim() || v.extension.trim();
      if (phoneWanted) {
        const phoneOk = await createForm.run(() => put(`/api/users/${made.id}/phone`, {
          interface: v.interface.trim() || null, extension: v.extension.trim() || null,
        }));
        if (!phoneOk) {
          madeWithoutPhone = made;
          createForm.error.value = t('admin.users.createdPhoneFailed', { username: made.username, reason: createForm.error.value });
          createForm.field.value = 'extension';
          if (made.temporaryPassword) {
            secret.value = { userId: made.id, username: made.username, password: made.temporaryPassword };
          }
          await load();
          return;
        }
      }
      if (made.temporaryPassword && !madeWithoutPhone) {
        secret.value = { userId: made.id, username: made.username, password: made.temporaryPassword };
      }
      madeWithoutPhone = null;
      notice.value = t('admin.users.created', { username: made.username });
      creating.value = false;
      await load();
    }

    function openPanel(u, panel) {
      if (open.value && open.value.id === u.id && open.value.panel === panel) {
        open.value = null;
        return;
      }
      open.value = { id: u.id, panel };
      notice.value = null;
      actionForm.reset();
      if (panel === 'roles') {
        rolesForm.reset({ roles: [...(u.roles || [])], unitId: u.unitId ? String(u.unitId) : '' });
      } else if (panel === 'phone') {
        const p = phones.value[u.id] || {};
        phoneForm.reset({ interface: p.interface || '', extension: p.extension || '' });
      } else if (panel === 'tokens') {
        tokens.value = [];
        actionForm.run(async () => { tokens.value = await get(`/api/users/${u.id}/tokens`); });
      }
    }

    async function saveRoles(u, e) {
      e.preventDefault();
      const v = rolesForm.values;
      if (await rolesForm.run(() => put(`/api/users/${u.id}/roles`, { roles: v.roles, unitId: unitOf(v.roles, v.unitId) }))) {
        notice.value = t('admin.users.rolesSaved', { username: u.username });
        open.value = null;
        await load();
      }
    }

    async function savePhone(u, e) {
      e.preventDefault();
      const v = phoneForm.values;
      if (await phoneForm.run(() => put(`/api/users/${u.id}/phone`, { interface: v.interface.trim() || null,
        extension: v.extension.trim() || null }))) {
        notice.value = t('admin.users.phoneSaved', { username: u.username });
        open.value = null;
        await load();
      }
    }

    async function removePhone(u) {
      if (await phoneForm.run(() => del(`/api/users/${u.id}/phone`))) {
        notice.value = t('admin.users.phoneRemoved', { username: u.username });
        open.value = null;
        await load();
      }
    }

    async function resetPassword(u) {
      let r = null;
      if (await actionForm.run(async () => { r = await post(`/api/users/${u.id}/password-reset`, {}); })) {
        secret.value = { userId: u.id, username: u.username, password: r.temporaryPassword };
        notice.value = t('admin.users.passwordReset', { username: u.username, n: r.revokedTokens });
        open.value = null;
        await load();
      }
    }

    async function setActive(u, active) {
      if (await actionForm.run(() => post(`/api/users/${u.id}/${active ? 'reactivate' : 'deactivate'}`, {}))) {
        notice.value = t(active ? 'admin.users.reactivated' : 'admin.users.deactivated', { username: u.username });
        open.value = null;
        await load();
      }
    }

    async function revoke(u, token) {
      if (await actionForm.run(() => del(`/api/users/${u.id}/tokens/${token.id}`))) {
        tokens.value = tokens.value.filter((x) => x.id !== token.id);
        notice.value = t('admin.users.tokenRevoked', { username: u.username });
      }
    }

    // ---- rendering

    const phoneText = (u) => {
      if (!phonesKnown.value) {
        return h('span', { class: 'muted' }, t('admin.users.phoneUnknown'));
      }
      const p = phones.value[u.id];
      return p ? h('span', { class: 'mono small', 'data-test': 'user-phone' },
        [p.extension, p.interface].filter(Boolean).join(' · ')) : h('span', { class: 'muted' }, '—');
    };

    const state = (u) => h('span', { class: 'states' }, [
      h('span', { class: `tag ${u.active ? 'ok' : 'off'}`, 'data-test': 'user-state' }, t(u.active ? 'admin.users.active' : 'admin.users.inactive')),
      u.mustChangePassword ? h('span', { class: 'tag warn' }, t('admin.users.mustChange')) : null,
    ]);

    const createPanel = () => {
      const v = createForm.values;
      return h('form', { class: 'card admin-form', novalidate: true, onSubmit: create, 'data-test': 'user-create' }, [
        h('h3', null, t('admin.users.new')),
        h('div', { class: 'grid' }, [
          input(createForm, 'username', 'admin.users.username', { required: true, max: 64, hint: 'admin.users.usernameHint' }),
          input(createForm, 'displayName', 'admin.users.displayName', { max: 100 }),
          checks(createForm, 'roles', 'admin.users.roles', roleChoices()),
          v.roles.includes('unit_responder') ? select(createForm, 'unitId', 'admin.users.unit', unitChoices(), { required: true }) : null,
          input(createForm, 'password', 'admin.users.password', { type: 'password', autocomplete: 'new-password', max: 256,
            hint: 'admin.users.passwordHint' }),
          v.roles.includes('agent') || v.roles.includes('leader') || v.roles.includes('supervisor') ? h('div', { class: 'field wide pair' }, [
            input(createForm, 'extension', 'admin.users.extension', { max: 20, placeholder: 'admin.users.extensionExample' }),
            input(createForm, 'interface', 'admin.users.interface', { max: 100, placeholder: 'admin.users.interfaceExample',
              hint: 'admin.users.phoneHint' }),
          ]) : null,
        ]),
        formError(createForm, 'user-create-error'),
        h('div', { class: 'actions' }, [
          h('button', { type: 'submit', class: 'primary', disabled: createForm.busy.value, 'data-test': 'user-create-submit' }, t('admin.users.create')),
          h('button', { type: 'button', class: 'link', onClick: toggleCreate }, t('admin.cancel')),
        ]),
      ]);
    };

    const panel = (u) => {
      const p = open.value.panel;
      if (p === 'roles') {
        const v = rolesForm.values;
        return h('form', { class: 'admin-form inline', novalidate: true, onSubmit: (e) => saveRoles(u, e), 'data-test': 'user-roles-form' }, [
          checks(rolesForm, 'roles', 'admin.users.roles', roleChoices()),
          v.roles.includes('unit_responder') ? select(rolesForm, 'unitId', 'admin.users.unit', unitChoices(), { required: true }) : null,
          h('p', { class: 'muted small' }, t('admin.users.rolesHint')),
          formError(rolesForm),
          h('div', { class: 'actions' }, [
            h('button', { type: 'submit', class: 'primary small', disabled: rolesForm.busy.value, 'data-test': 'user-roles-save' }, t('admin.save')),
            h('button', { type: 'button', class: 'link', onClick: () => { open.value = null; } }, t('admin.cancel')),
          ]),
        ]);
      }
      if (p === 'phone') {
        return h('form', { class: 'admin-form inline', novalidate: true, onSubmit: (e) => savePhone(u, e), 'data-test': 'user-phone-form' }, [
          h('div', { class: 'pair' }, [
            input(phoneForm, 'extension', 'admin.users.extension', { max: 20, placeholder: 'admin.users.extensionExample' }),
            input(phoneForm, 'interface', 'admin.users.interface', { max: 100, placeholder: 'admin.users.interfaceExample' }),
          ]),
          h('p', { class: 'muted small' }, t('admin.users.phoneHint')),
          formError(phoneForm),
          h('div', { class: 'actions' }, [
            h('button', { type: 'submit', class: 'primary small', disabled: phoneForm.busy.value, 'data-test': 'user-phone-save' }, t('admin.save')),
            phones.value[u.id] ? h('button', { type: 'button', class: 'secondary small', 'data-test': 'user-phone-remove',
              onClick: () => removePhone(u) }, t('admin.users.phoneRemove')) : null,
            h('button', { type: 'button', class: 'link', onClick: () => { open.value = null; } }, t('admin.cancel')),
          ]),
        ]);
      }
      if (p === 'password') {
        return h('div', { class: 'admin-form inline' }, [
          confirmBar(t('admin.users.resetQuestion', { username: u.username }), () => resetPassword(u), () => { open.value = null; },
            'user-reset-confirm'),
          formError(actionForm),
        ]);
      }
      if (p === 'active') {
        return h('div', { class: 'admin-form inline' }, [
          confirmBar(t(u.active ? 'admin.users.deactivateQuestion' : 'admin.users.reactivateQuestion', { username: u.username }),
            () => setActive(u, !u.active), () => { open.value = null; }, 'user-active-confirm'),
          formError(actionForm),
        ]);
      }
      // Tokens.
      return h('div', { class: 'admin-form inline', 'data-test': 'user-tokens' }, [
        tokens.value.length === 0 && !actionForm.busy.value ? h('p', { class: 'muted' }, t('admin.users.noTokens')) : null,
        tokens.value.length ? h('table', { class: 'list compact' }, [
          h('thead', null, h('tr', null, ['admin.tokens.kind', 'admin.tokens.name', 'admin.tokens.created', 'admin.tokens.lastUsed',
            'admin.tokens.expires', ''].map((k) => h('th', null, k ? t(k) : '')))),
          h('tbody', null, tokens.value.map((tk) => h('tr', { key: tk.id, 'data-test': 'token-row' }, [
            h('td', null, t(`admin.tokens.kind.${tk.kind}`)), h('td', null, tk.name || '—'), h('td', null, when(tk.createdAt)),
            h('td', null, when(tk.lastUsedAt)), h('td', null, when(tk.expiresAt)),
            h('td', null, h('button', { type: 'button', class: 'secondary small', 'data-test': 'token-revoke',
              onClick: () => revoke(u, tk) }, t('admin.tokens.revoke'))),
          ]))),
        ]) : null,
        formError(actionForm),
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'link', onClick: () => { open.value = null; } }, t('admin.close'))),
      ]);
    };

    const actions = (u) => {
      const self = u.id === props.me.id;
      const gateway = (u.roles || []).includes('gateway');
      if (!isAdmin || gateway) {
        return gateway ? h('span', { class: 'muted small' }, t('admin.users.gateway')) : null;
      }
      const b = (name, label, disabled) => h('button', {
        type: 'button', class: `small${open.value && open.value.id === u.id && open.value.panel === name ? ' current' : ''}`,
        disabled: disabled || null, title: disabled ? t('admin.users.notSelf') : null, 'data-test': `user-${name}`,
        onClick: () => openPanel(u, name),
      }, t(label));
      return h('span', { class: 'row-actions' }, [
        b('roles', 'admin.users.changeRoles', self),
        b('phone', 'admin.users.phone'),
        b('password', 'admin.users.reset', self),
        b('tokens', 'admin.users.tokens'),
        b('active', u.active ? 'admin.users.deactivate' : 'admin.users.reactivate', self),
      ]);
    };

    const rows = () => shown.value.flatMap((u) => {
      const out = [h('tr', { key: u.id, 'data-test': 'user-row', 'data-username': u.username, class: u.active ? null : 'inactive' }, [
        h('td', null, [h('div', { class: 'mono' }, u.username), h('div', { class: 'muted small' }, u.displayName)]),
        h('td', null, (u.roles || []).map((r) => h('span', { class: `badge role ${r}` }, t(`role.${r}`)))),
        h('td', null, unitName(u.unitId) || '—'),
        h('td', null, phoneText(u)),
        h('td', null, state(u)),
        h('td', { class: 'nowrap' }, actions(u)),
      ])];
      if (open.value && open.value.id === u.id) {
        out.push(h('tr', { key: `${u.id}-panel`, class: 'panel-row' }, h('td', { colspan: 6 }, panel(u))));
      }
      return out;
    });

    return () => h('div', { class: 'admin admin-users', 'data-test': 'admin-users' }, [
      h('section', { class: 'card' }, [
        h('div', { class: 'section-head' }, [
          h('h2', null, t('admin.users.title')),
          h('span', { class: 'muted' }, t('admin.users.count', { n: users.value.length })),
          h('span', { class: 'spacer' }),
          h('input', { type: 'search', value: filter.value, placeholder: t('admin.users.filter'), 'data-test': 'user-filter',
            onInput: (e) => { filter.value = e.target.value; } }),
          isAdmin ? h('button', { type: 'button', class: 'primary', 'data-test': 'user-new', onClick: toggleCreate },
            t('admin.users.new')) : null,
        ]),
        isAdmin ? null : h('p', { class: 'muted small' }, t('admin.users.readOnly')),
        error.value ? h('p', { class: 'error', role: 'alert' }, error.value) : null,
        notice.value ? h('p', { class: 'ok', role: 'status', 'data-test': 'admin-notice' }, notice.value) : null,
        secret.value ? shownOnce(t('admin.users.temporaryFor', { username: secret.value.username }), secret.value.password,
          t('admin.users.temporaryNote'), () => { secret.value = null; }) : null,
      ]),
      creating.value ? createPanel() : null,
      h('section', { class: 'card' }, h('table', { class: 'list admin-list', 'data-test': 'user-list' }, [
        h('thead', null, h('tr', null, ['admin.users.user', 'admin.users.roles', 'admin.users.unit', 'admin.users.phone',
          'admin.users.state', ''].map((k) => h('th', null, k ? t(k) : '')))),
        h('tbody', null, rows()),
      ])),
    ]);
  },
};
