// Change one's own password: the current one, the new one twice. The server's policy decides (and says why in the
// user's language); a session whose password was reset lands here and may do nothing else until it is changed.
import { h, ref } from '../../vue.js';
import { put } from '../../api.js';
import { t } from '../../i18n.js';
import { go } from '../../router.js';

export default {
  props: { me: Object },
  emits: ['changed'],
  setup(props, { emit }) {
    const current = ref('');
    const next = ref('');
    const again = ref('');
    const error = ref(null);
    const done = ref(false);
    const busy = ref(false);

    async function submit(e) {
      e.preventDefault();
      error.value = null;
      done.value = false;
      if (next.value !== again.value) {
        error.value = t('password.mismatch');
        return;
      }
      busy.value = true;
      try {
        await put('/api/me/password', { currentPassword: current.value, newPassword: next.value });
        current.value = next.value = again.value = '';
        done.value = true;
        emit('changed');
      } catch (err) {
        error.value = err.message;
      } finally {
        busy.value = false;
      }
    }

    const field = (name, label, value, auto) => h('label', null, [t(label), h('input', {
      name, type: 'password', autocomplete: auto, required: true, value: value.value,
      onInput: (e) => { value.value = e.target.value; },
    })]);

    return () => h('form', { class: 'card narrow', onSubmit: submit, 'data-test': 'password-form' }, [
      h('h2', null, t('password.title')),
      props.me && props.me.mustChangePassword ? h('p', { class: 'notice' }, t('password.mustChange')) : null,
      field('currentPassword', 'password.current', current, 'current-password'),
      field('newPassword', 'password.new', next, 'new-password'),
      field('newPasswordAgain', 'password.again', again, 'new-password'),
      h('p', { class: 'muted' }, t('password.policy')),
      error.value ? h('p', { class: 'error', role: 'alert', 'data-test': 'password-error' }, error.value) : null,
      done.value ? h('p', { class: 'ok', role: 'status', 'data-test': 'password-done' }, t('password.done')) : null,
      h('div', { class: 'actions' }, [
        h('button', { type: 'submit', class: 'primary', disabled: busy.value }, t('password.submit')),
        h('button', { type: 'button', class: 'link', onClick: () => go('/desk') }, t('password.back')),
      ]),
    ]);
  },
};
