// Sign in: what was typed stays when it fails; the server's reason (wrong password, locked for N seconds) is shown
// in the caller's language.
import { h, ref } from '../../vue.js';
import { post, get } from '../../api.js';
import { t } from '../../i18n.js';

export default {
  props: { notice: String, username: String },
  emits: ['signedIn'],
  setup(props, { emit }) {
    const username = ref(props.username || '');
    const password = ref('');
    const error = ref(null);
    const busy = ref(false);

    async function submit(e) {
      e.preventDefault();
      busy.value = true;
      error.value = null;
      try {
        // The session's answer names the user as GET /api/me would: no second round trip before the desk.
        const session = await post('/api/session', { username: username.value, password: password.value });
        emit('signedIn', (session && session.user) || await get('/api/me'));
      } catch (err) {
        error.value = err.message;
      } finally {
        busy.value = false;
      }
    }

    return () => h('div', { class: 'signin' }, [
      h('form', { class: 'card', onSubmit: submit, 'data-test': 'signin' }, [
        h('h1', null, t('app.title')),
        props.notice ? h('p', { class: 'notice' }, t(props.notice)) : null,
        h('label', null, [t('signin.username'),
          h('input', { name: 'username', autocomplete: 'username', value: username.value, required: true,
            onInput: (e) => { username.value = e.target.value; } })]),
        h('label', null, [t('signin.password'),
          h('input', { name: 'password', type: 'password', autocomplete: 'current-password', value: password.value,
            required: true, onInput: (e) => { password.value = e.target.value; } })]),
        error.value ? h('p', { class: 'error', role: 'alert', 'data-test': 'signin-error' }, error.value) : null,
        h('button', { type: 'submit', class: 'primary', disabled: busy.value }, t('signin.submit')),
      ]),
    ]);
  },
};
