// The card of a call ringing (only this agent's): the caller's number, the customers known by it, their open cases,
// the last calls, the repeat-caller flag. After hang-up it stays for wrap-up until dismissed. "New case" opens the
// record form prefilled with the number and the customer (chosen here when several share the number), linked to the
// call; each open case opens its case page.
import { h, ref } from '../../vue.js';
import { t } from '../../i18n.js';
import { go, href } from '../../router.js';
import DeadlineBadge from '../../components/DeadlineBadge.js';

export default {
  props: { pop: Object },
  emits: ['dismiss'],
  setup(props, { emit }) {
    const chosen = ref(null);
    return () => {
      const p = props.pop;
      const customers = p.customers || [];
      const cases = p.openCases || [];
      const customerId = customers.length === 1 ? customers[0].id : chosen.value;
      const newCase = () => go('/intake', { number: p.callerNumber, customer: customerId, call: p.callId });
      return h('section', { class: `card pop ${p.phase}`, 'data-test': 'screenpop', 'data-linkedid': p.linkedid }, [
        h('div', { class: 'pop-head' }, [
          h('span', { class: 'phase' }, t(`pop.${p.phase}`)),
          h('strong', { class: 'number', 'data-test': 'pop-number' }, p.callerNumber || t('pop.noNumber')),
          p.repeatCaller ? h('span', { class: 'flag' }, t('pop.repeat')) : null,
          h('span', { class: 'spacer' }),
          h('button', { type: 'button', class: 'primary', 'data-test': 'pop-new-case', onClick: newCase }, t('pop.newCase')),
          p.phase === 'ended' || p.restored ? h('button', { class: 'link', 'data-test': 'pop-dismiss', onClick: () => emit('dismiss', p.linkedid) }, t('pop.dismiss')) : null,
        ]),
        // The card comes first, from the call alone; who is calling follows a moment later (lookup 'done').
        p.lookup === 'pending' || p.lookup === 'failed'
          ? h('p', { class: 'muted', 'data-test': 'pop-lookup' }, t(p.lookup === 'failed' ? 'pop.lookupFailed' : 'pop.lookingUp'))
          : h('div', { class: 'pop-body' }, [
          h('div', null, [
            h('h3', null, t('pop.customers')),
            customers.length === 0 ? h('p', { class: 'muted' }, t('pop.unknown'))
              : customers.length === 1
                ? h('ul', null, customers.map((c) => h('li', { key: c.id, 'data-test': 'pop-customer' }, `${c.name}${c.partyType ? ' · ' + t(`party.${c.partyType}`) : ''}`)))
                // Several customers share the number: the agent says which one is calling; the new case gets that one.
                : h('div', { class: 'choices', role: 'radiogroup', 'aria-label': t('pop.chooseCustomer'), 'data-test': 'pop-customers' },
                  customers.map((c) => h('label', { key: c.id, class: 'choice' }, [
                    h('input', { type: 'radio', name: `pop-customer-${p.linkedid}`, value: String(c.id), 'data-test': `pop-customer-${c.id}`,
                      checked: chosen.value === c.id, onChange: () => { chosen.value = c.id; } }),
                    `${c.name}${c.partyType ? ' · ' + t(`party.${c.partyType}`) : ''}`,
                  ]))),
          ]),
          h('div', null, [
            h('h3', null, t('pop.openCases')),
            cases.length === 0 ? h('p', { class: 'muted' }, t('pop.noCases'))
              : h('ul', null, cases.map((c) => h('li', { key: c.id, 'data-test': 'pop-case' }, [
                h('a', { href: href(`/cases/${c.id}`), title: t('pop.openCase'), 'data-test': 'pop-case-link' }, [
                  h('span', { class: 'mono' }, c.number), ' ', c.subject || '']), ' ',
                c.currentDispatch ? h(DeadlineBadge, { dueAt: c.currentDispatch.dueAt, overdue: c.currentDispatch.overdue,
                  workingDaysLeft: c.currentDispatch.workingDaysLeft })
                  : h('span', { class: 'muted' }, t('desk.undispatched')),
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
