// A dispatch's deadline: the day and time it is due, marked when it is today or past.
import { h } from '../vue.js';
import { t } from '../i18n.js';

export function deadlineState(dueAt, overdue, now = new Date()) {
  if (!dueAt) {
    return null;
  }
  const due = new Date(dueAt);
  if (overdue || due < now) {
    return 'overdue';
  }
  return due.toDateString() === now.toDateString() ? 'today' : 'later';
}

export default {
  props: { dueAt: String, overdue: Boolean },
  setup(props) {
    return () => {
      const state = deadlineState(props.dueAt, props.overdue);
      if (!state) {
        return h('span', { class: 'muted' }, '—');
      }
      // The centre's wall time as the server wrote it (2026-12-04T17:30+08:00 is 17:30 wherever the browser is).
      const m = /^\d{4}-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(props.dueAt);
      const when = new Date(props.dueAt);
      const text = m ? `${Number(m[1])}-${m[2]} ${m[3]}:${m[4]}`
        : `${when.getMonth() + 1}-${String(when.getDate()).padStart(2, '0')} `
          + `${String(when.getHours()).padStart(2, '0')}:${String(when.getMinutes()).padStart(2, '0')}`;
      return h('span', { class: `deadline ${state}`, title: t(`deadline.${state}`) },
        state === 'later' ? text : `${text} · ${t(`deadline.${state}`)}`);
    };
  },
};
