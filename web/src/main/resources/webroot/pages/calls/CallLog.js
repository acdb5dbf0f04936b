// Placeholder of the CallLog page while it is built (issue 11): says so in the user's language.
import { h } from '../../vue.js';
import { t } from '../../i18n.js';

export default {
  props: { me: Object, params: Object, query: Object },
  setup() {
    return () => h('section', { class: 'card' }, h('p', { class: 'muted' }, t('page.coming')));
  },
};
