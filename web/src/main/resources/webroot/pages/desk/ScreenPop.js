// The card of a call ringing (only this agent's): the caller's number, the customers known by it, their open cases,
// the last calls, the repeat-caller flag. After hang-up it stays for wrap-up until dismissed.
import { h } from '../../vue.js';
import { t } from '../../i18n.js';
import DeadlineBadge from '../../components/DeadlineBadge.js';

export default {
  props: { pop: Object },
  emits: ['dismiss'],
  setup(props, { emit }) {
    return () => {
      const p = props.pop;
      const customers = p.customers || [];
      const cases = p.openCases || [];
      return h('section', { class: `card pop ${p.phase}`, 'data-test': 'screenpop', 'data-linkedid': p.linkedid }, [
        h('div', { class: 'pop-head' }, [
          h('span', { class: 'phase' }, t(`pop.${p.phase}`)),
          h('strong', { class: 'number', 'data-test': 'pop-number' }, p.callerNumber || t('pop.noNumber')),
          p.repeatCaller ? h('span', { class: 'flag' }, t('pop.repeat')) : null,
          h('span', { class: 'spacer' }),
          p.phase === 'ended' ? h('button', { class: 'link', onClick: () => emit('dismiss', p.linkedid) }, t('pop.dismiss')) : null,
        ]),
        // The card comes first, from the call alone; who is calling follows a moment later (lookup 'done').
        p.lookup === 'pending' || p.lookup === 'failed'
          ? h('p', { class: 'muted', 'data-test': 'pop-lookup' }, t(p.lookup === 'failed' ? 'pop.lookupFailed' : 'pop.lookingUp'))
          : h('div', { class: 'pop-body' }, [
          h('div', null, [
            h('h3', null, t('pop.customers')),
            customers.length === 0 ? h('p', { class: 'muted' }, t('pop.unknown'))
              : h('ul', null, customers.map((c) => h('li', { key: c.id }, `${c.name}${c.partyType ? ' · ' + t(`party.${c.partyType}`) : ''}`))),
          ]),
          h('div', null, [
            h('h3', null, t('pop.openCases')),
            cases.length === 0 ? h('p', { class: 'muted' }, t('pop.noCases'))
              : h('ul', null, cases.map((c) => h('li', { key: c.id }, [
                h('span', { class: 'mono' }, c.number), ' ', c.subject || '', ' ',
                h(DeadlineBadge, { dueAt: c.currentDispatch && c.currentDispatch.dueAt, overdue: c.currentDispatch && c.currentDispatch.overdue }),
              ]))),
          ]),
          h('div', null, [
            h('h3', null, t('pop.recentCalls')),
            (p.recentCalls || []).length === 0 ? h('p', { class: 'muted' }, t('pop.noCalls'))
              : h('ul', null, p.recentCalls.map((c, i) => h('li', { key: i }, `${(c.startedAt || '').slice(0, 16).replace('T', ' ')} ${t(`disposition.${c.disposition || 'unknown'}`)}`))),
          ]),
        ]),
      ]);
    };
  },
};
