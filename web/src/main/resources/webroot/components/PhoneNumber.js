// A phone number the user may see, with click-to-call: Asterisk rings the user's own phone first, then dials the
// number (POST /api/calls/dial). Shows the state in a line below: ringing your phone, or why it could not.
import { h, ref } from '../vue.js';
import { post } from '../api.js';
import { t } from '../i18n.js';

export default {
  props: { number: String, caseId: Number, dial: { type: Boolean, default: true } },
  setup(props) {
    const state = ref(null);
    const message = ref('');

    async function call() {
      state.value = 'dialling';
      message.value = '';
      try {
        await post('/api/calls/dial', props.caseId ? { number: props.number, caseId: props.caseId } : { number: props.number });
        state.value = 'ringing';
        setTimeout(() => { if (state.value === 'ringing') state.value = null; }, 8000);
      } catch (e) {
        state.value = 'failed';
        message.value = e.message;
      }
    }

    return () => h('span', { class: 'phone-number', 'data-test': 'phone-number', 'data-number': props.number }, [
      h('span', { class: 'mono' }, props.number),
      props.dial && props.number ? h('button', {
        type: 'button', class: 'dial', 'data-test': 'dial', title: t('phone.dial'), disabled: state.value === 'dialling',
        onClick: call,
      }, t('phone.dial')) : null,
      state.value === 'ringing' ? h('span', { class: 'dial-state', role: 'status', 'data-test': 'dial-state' }, t('phone.ringingYou')) : null,
      state.value === 'failed' ? h('span', { class: 'dial-state error', role: 'alert', 'data-test': 'dial-error' }, message.value) : null,
    ]);
  },
};
