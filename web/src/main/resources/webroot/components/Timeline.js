// A case's timeline (办理记录), oldest first: each step named in the user's language, who took it and when, the
// status it moved the case to, its note, and what it did (a dispatch's unit and deadline, an extension's new limit…).
import { h } from '../vue.js';
import { t } from '../i18n.js';

/** The centre's date and time of an ISO instant as the server wrote it (its zone): 2026-12-01 10:05. */
export function when(iso) {
  return iso ? String(iso).slice(0, 16).replace('T', ' ') : '';
}

/** A label for an enum value: the key's text, or the value itself when the dictionary has none. */
export function label(prefix, value) {
  if (value == null || value === '') {
    return '';
  }
  const key = `${prefix}.${value}`;
  const text = t(key);
  return text === key ? String(value) : text;
}

/** What the step did, as short phrases. */
function details(e) {
  const d = e.detail || {};
  const out = [];
  switch (e.action) {
    case 'dispatch':
      out.push(t('timeline.round', { n: d.round }));
      if (d.unitName) out.push(t('timeline.unit', { unit: d.unitName }));
      if (d.contactName) out.push(t('timeline.contact', { name: d.contactName }));
      if (d.method) out.push(label('casepage.method', d.method));
      if (d.workingDays != null) out.push(t('timeline.workingDays', { n: d.workingDays }));
      if (d.dueAt) out.push(t('timeline.dueAt', { at: when(d.dueAt) }));
      if (d.reason) out.push(label('casepage.reopenReason', d.reason));
      if (d.supervisedBy) out.push(label('casepage.supervisedBy', d.supervisedBy));
      break;
    case 'extend':
      out.push(t('timeline.extended', { from: d.fromWorkingDays, to: d.workingDays }));
      if (d.dueAt) out.push(t('timeline.dueAt', { at: when(d.dueAt) }));
      break;
    case 'receipt':
    case 'feedback':
      if (d.round) out.push(t('timeline.round', { n: d.round }));
      if (d.receiptImplied) out.push(t('timeline.receiptImplied'));
      if (Array.isArray(d.attachments) && d.attachments.length) {
        out.push(t('timeline.attachments', { n: d.attachments.length, names: d.attachments.map((a) => a.name).join('、') }));
      }
      break;
    case 'follow_up':
      if (d.satisfaction) out.push(label('casepage.satisfaction', d.satisfaction));
      break;
    case 'review':
      if (d.decision) out.push(label('actions.decision', d.decision));
      break;
    case 'overdue':
      if (d.round) out.push(t('timeline.round', { n: d.round }));
      if (d.dueAt) out.push(t('timeline.dueAt', { at: when(d.dueAt) }));
      break;
    case 'remind':
      if (d.channel) out.push(t('timeline.remindChannel', { channel: t(`board.channel.${d.channel}`) }));
      if (d.round) out.push(t('timeline.round', { n: d.round }));
      if (d.recipientName) out.push(t('timeline.contact', { name: d.recipientName }));
      if (d.daysLate) out.push(t('timeline.daysLate', { n: d.daysLate }));
      break;
    case 'finding':
    case 'finding_withdrawn':
      if (d.kind) out.push(t(`finding.kind.${d.kind}`));
      if (d.round) out.push(t('timeline.round', { n: d.round }));
      if (d.unitName) out.push(t('timeline.unit', { unit: d.unitName }));
      break;
    case 'delivered':
    case 'delivery_failed':
      if (d.channel) out.push(label('casepage.method', d.channel));
      if (d.pages) out.push(t('timeline.pages', { n: d.pages }));
      if (d.bounced) out.push(t('timeline.bounced'));
      if (d.error) out.push(String(d.error));
      break;
    default:
      break;
  }
  if (e.action === 'reopen' || (e.to === 'reopened' && d.reason)) {
    if (d.reason) out.push(label('casepage.reopenReason', d.reason));
    if (d.nextRound) out.push(t('timeline.nextRound', { n: d.nextRound }));
  }
  return out;
}

export default {
  props: { events: Array },
  setup(props) {
    return () => {
      const events = props.events || [];
      if (events.length === 0) {
        return h('p', { class: 'muted' }, t('timeline.none'));
      }
      return h('ol', { class: 'timeline', 'data-test': 'timeline' }, events.map((e) => {
        const extra = details(e);
        return h('li', { key: e.id, class: `timeline-entry ${e.action}`, 'data-test': 'timeline-entry', 'data-action': e.action }, [
          h('div', { class: 'timeline-head' }, [
            h('span', { class: 'timeline-action' }, label('timeline.action', e.action)),
            h('span', { class: 'timeline-actor' }, e.actorId == null && e.actor === 'system' ? t('timeline.system') : e.actor),
            h('span', { class: 'timeline-at muted' }, when(e.at)),
            e.channel ? h('span', { class: 'timeline-channel muted' }, label('casepage.via', e.channel)) : null,
            e.to && e.from !== e.to ? h('span', { class: 'timeline-status' }, `→ ${label('status', e.to)}`) : null,
          ]),
          extra.length ? h('div', { class: 'timeline-detail', 'data-test': 'timeline-detail' }, extra.join(' · ')) : null,
          e.note ? h('div', { class: 'timeline-note text' }, e.note) : null,
        ]);
      }));
    };
  },
};
