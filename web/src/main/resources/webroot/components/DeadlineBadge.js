// A dispatch's deadline: the day and time it is due and, where the server counted them, the working days left
// (by the hotline's calendar: holidays and make-up days are the server's to know); marked when due today or past.
import { h } from '../vue.js';
import { t } from '../i18n.js';

export function deadlineState(dueAt, overdue, workingDaysLeft, now = new Date()) {
  if (!dueAt) {
    return null;
  }
  const due = new Date(dueAt);
  if (overdue || due < now) {
    return 'overdue';
  }
  if (workingDaysLeft != null) {
    return workingDaysLeft <= 0 ? 'today' : 'later';
  }
  return due.toDateString() === now.toDateString() ? 'today' : 'later';
}

export default {
  props: { dueAt: String, overdue: Boolean, workingDaysLeft: Number, none: String },
  setup(props) {
    return () => {
      const state = deadlineState(props.dueAt, props.overdue, props.workingDaysLeft);
      if (!state) {
        return h('span', { class: 'muted', 'data-test': 'deadline' }, props.none ? t(props.none) : '—');
      }
      // The centre's wall time as the server wrote it (2026-12-04T17:30+08:00 is 17:30 wherever the browser is).
      const m = /^\d{4}-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(props.dueAt);
      const when = new Date(props.dueAt);
      const text = m ? `${Number(m[1])}-${m[2]} ${m[3]}:${m[4]}`
        : `${when.getMonth() + 1}-${String(when.getDate()).padStart(2, '0')} `
          + `${String(when.getHours()).padStart(2, '0')}:${String(when.getMinutes()).padStart(2, '0')}`;
      const left = props.workingDaysLeft;
      let label = t(`deadline.${state}`);
      if (state === 'later' && left != null) {
        label = t('deadline.daysLeft', { n: left });
      } else if (state === 'overdue' && left != null && left < 0) {
        label = t('deadline.daysOver', { n: -left });
      }
      return h('span', { class: `deadline ${state}`, 'data-test': 'deadline', 'data-state': state, title: t(`deadline.${state}`) },
        `${text} · ${label}`);
    };
  },
};
