// Recording a finding (记录问题) against one dispatch (a round) of a case: the supervision office's improper handling,
// falsification or delay without cause, with the note it must give. A dialog over the page; the server records it on
// the case's timeline and counts it against the unit in the quarter the dispatch was sent in.
import { h, reactive } from '../vue.js';
import { post } from '../api.js';
import { t } from '../i18n.js';

export const FINDING_KINDS = ['improper_handling', 'falsification', 'delay_without_cause'];

export default {
  props: { dispatchId: Number, number: String, round: Number, unitName: String },
  emits: ['done', 'cancel'],
  setup(props, { emit }) {
    const s = reactive({ kind: FINDING_KINDS[0], note: '', error: null, busy: false });

    async function submit() {
      if (!s.note.trim()) {
        s.error = t('finding.noteRequired');
        return;
      }
      s.busy = true;
      try {
        const f = await post(`/api/dispatches/${props.dispatchId}/findings`, { kind: s.kind, note: s.note.trim() });
        emit('done', f);
      } catch (e) {
        s.error = e.message;
      } finally {
        s.busy = false;
      }
    }

    return () => h('div', { class: 'overlay board-overlay', onClick: (e) => { if (e.target === e.currentTarget) emit('cancel'); } },
      h('div', { class: 'card dialog', role: 'dialog', 'data-test': 'finding-form' }, [
        h('h2', null, t('finding.title', { number: props.number || '' })),
        h('p', { class: 'muted' }, t('finding.against', { n: props.round, unit: props.unitName || '' })),
        h('label', null, [t('finding.kind'), h('select', { value: s.kind, 'data-test': 'field-finding-kind',
          onChange: (e) => { s.kind = e.target.value; } }, FINDING_KINDS.map((k) => h('option', { value: k, key: k }, t(`finding.kind.${k}`))))]),
        h('label', null, [t('finding.note'), h('textarea', { rows: 4, maxlength: 2000, value: s.note, 'data-test': 'field-finding-note',
          onInput: (e) => { s.note = e.target.value; s.error = null; } })]),
        h('p', { class: 'muted small' }, t('finding.hint')),
        s.error ? h('p', { class: 'error', role: 'alert', 'data-test': 'dialog-error' }, s.error) : null,
        h('div', { class: 'dialog-actions' }, [
          h('button', { type: 'button', onClick: () => emit('cancel') }, t('board.cancel')),
          h('button', { type: 'button', class: 'primary', disabled: s.busy, 'data-test': 'finding-submit', onClick: submit },
            t('finding.submit')),
        ]),
      ]));
  },
};
