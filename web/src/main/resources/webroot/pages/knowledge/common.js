// What the knowledge pages share: the categories, who may write and review (the server decides; this only keeps
// buttons from users who would be refused), and the small pieces of a result row.
import { h } from '../../vue.js';
import { t } from '../../i18n.js';

export const CATEGORIES = ['marketing_policy', 'monopoly_management', 'supply_allocation', 'licensing', 'products', 'service', 'other'];
/** What a unit's responder submits: the policy changes of the seed. */
export const UNIT_CATEGORIES = ['marketing_policy', 'monopoly_management', 'supply_allocation'];
export const STATUSES = ['published', 'expired', 'in_review', 'draft', 'retired', 'all'];

const has = (me, ...roles) => ((me && me.roles) || []).some((r) => roles.includes(r));
export const mayWrite = (me) => has(me, 'agent', 'supervisor');
export const mayReview = (me) => has(me, 'supervisor', 'leader');
export const mayLink = (me) => has(me, 'agent', 'supervisor', 'leader');

export function statusBadge(status) {
  return h('span', { class: `badge kn-status ${status}`, 'data-test': 'kn-status' }, t(`knowledge.status.${status}`));
}

/** effective → expiry, either may be open. */
export function validity(a) {
  if (!a.effectiveFrom && !a.expiresOn) {
    return t('knowledge.validAlways');
  }
  return t('knowledge.validRange', { from: a.effectiveFrom || '…', until: a.expiresOn || '…' });
}
