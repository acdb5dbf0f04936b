// The case page (#/cases/:id, by id or number): every field as the API gives it to this user (a report's reporter
// shows 保密 where the server masked it), the actions they may take now, the dispatches with their deadline and
// receipt, the attachments (a PDF or a picture shown in the page), the record form, the calls with their recording
// where there is one, the callbacks with every attempt, and the timeline. A case event for it reloads it live.
import { h, ref, onMounted, onUnmounted } from '../../vue.js';
import { get, post } from '../../api.js';
import PhrasePanel from '../../components/PhrasePanel.js';
import { setTarget, insertAt } from '../../components/phrases.js';
import { t, lang } from '../../i18n.js';
import { onEvent } from '../../events.js';
import DeadlineBadge from '../../components/DeadlineBadge.js';
import PhoneNumber from '../../components/PhoneNumber.js';
import Timeline, { when, label } from '../../components/Timeline.js';
import ActionForms from '../../components/ActionForms.js';
import FindingForm from '../../components/FindingForm.js';
import CaseArticles from '../knowledge/CaseArticles.js';

function size(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

function row(key, value, test) {
  return [h('dt', { key: key + '-t' }, t(key)), h('dd', { key: key + '-d', 'data-test': test || null }, value)];
}

/** A part of the page that the user may not see at all (403): shown as nothing. */
async function optional(path) {
  try {
    return await get(path);
  } catch (e) {
    if (e.status === 403) {
      return null;
    }
    throw e;
  }
}

export default {
  props: { me: Object, params: Object, query: Object },
  setup(props) {
    const view = ref(null);
    const calls = ref(null);
    const callbacks = ref(null);
    const error = ref(null);
    const showForm = ref(false);
    const callbackKind = ref('satisfaction');
    const callbackError = ref(null);
    /** The dispatch a finding is being recorded against (the supervision office's 记录问题), or null. */
    const findingFor = ref(null);
    const findingDone = ref(null);
    const mayRecordFinding = () => ((props.me && props.me.roles) || []).includes('supervisor');
    const ref_ = () => encodeURIComponent(props.params.id);

    async function load() {
      try {
        const c = await get(`/api/cases/${ref_()}`);
        view.value = c;
        error.value = null;
        const [k, b] = await Promise.all([optional(`/api/cases/${c.id}/calls?size=50`), optional(`/api/cases/${c.id}/callbacks`)]);
        calls.value = k;
        callbacks.value = b;
      } catch (e) {
        error.value = e.message;
      }
    }

    async function requestCallback(e) {
      e.preventDefault();
      callbackError.value = null;
      try {
        await post(`/api/cases/${view.value.id}/callbacks`, { kind: callbackKind.value });
        await load();
      } catch (err) {
        callbackError.value = err.message;
      }
    }

    let stop = null;
    onMounted(() => {
      stop = onEvent('case', (e) => {
        if (view.value && e && Number(e.caseId) === view.value.id) {
          load();
        }
      });
      load();
    });
    onUnmounted(() => stop && stop());
    // Phrases (filled from this case) go into the text field of a step the user was last in.
    let lastField = null;
    const onFocus = (e) => { if (e.target.matches('.case-actions textarea, .case-actions input[type=text]')) lastField = e.target; };
    let untarget = () => {};
    onMounted(() => {
      document.addEventListener('focusin', onFocus);
      untarget = setTarget((text, phraseId) => {
        const el = lastField && document.contains(lastField) && !lastField.disabled ? lastField
          : document.querySelector('.case-actions textarea');
        if (!el) return false;
        if (phraseId == null || !view.value) {
          insertAt(el, text);
          return true;
        }
        // A phrase found by the search box comes as written: filled from this case by the server first.
        get(`/api/cases/${view.value.id}/phrases`).then((r) => {
          const p = r.items.find((x) => x.id === phraseId);
          insertAt(el, p ? p.text : text);
        }, () => insertAt(el, text));
        return true;
      });
    });
    onUnmounted(() => { document.removeEventListener('focusin', onFocus); untarget(); });
    const mayPhrase = () => (props.me.roles || []).some((r) => ['agent', 'leader', 'supervisor', 'admin'].includes(r));

    function contact(c) {
      if (c.identityMasked) {
        return h('span', { class: 'masked', 'data-test': 'masked' }, t('casepage.masked'));
      }
      if (c.anonymous && !c.contact) {
        return h('span', { class: 'muted' }, t('casepage.anonymous'));
      }
      const k = c.contact;
      if (!k) {
        return h('span', { class: 'muted' }, '—');
      }
      return h('div', { class: 'contact', 'data-test': 'contact' }, [
        k.name ? h('div', { 'data-test': 'contact-name' }, k.name) : null,
        ...(k.phones || []).map((p) => h('div', { key: p }, h(PhoneNumber, { number: p, caseId: c.id }))),
        k.email ? h('div', { class: 'muted' }, k.email) : null,
        k.address ? h('div', { class: 'muted' }, k.address) : null,
      ]);
    }

    function fields(c) {
      const respondent = c.respondent ? [c.respondent.person, c.respondent.unitName].filter(Boolean).join(' · ') : '';
      return h('dl', { class: 'fields', 'data-test': 'fields' }, [
        ...row('case.number', h('span', { class: 'mono' }, c.number), 'field-number'),
        ...row('case.kind', t(`kind.${c.kind}`), 'field-kind'),
        ...row('casepage.channel', label('casepage.via', c.channel), 'field-channel'),
        ...row('case.status', t(`status.${c.status}`), 'field-status'),
        ...row('casepage.receivedAt', when(c.receivedAt), 'field-receivedAt'),
        ...row('casepage.owner', c.owner ? c.owner.name : '', 'field-owner'),
        ...row('casepage.round', String(c.round), 'field-round'),
        ...row('casepage.partyType', c.partyType ? t(`party.${c.partyType}`) : '—', 'field-partyType'),
        ...row('casepage.category', c.category ? (c.categoryLabel ? c.categoryLabel[lang.value === 'en' ? 'en' : 'zh-CN'] : c.category) : '—',
          'field-category'),
        ...row('casepage.contact', contact(c), 'field-contact'),
        ...row('casepage.respondent', respondent || '—', 'field-respondent'),
        c.instruction ? row('casepage.instruction', h('div', { class: 'text' }, c.instruction), 'field-instruction') : [],
        c.reopenReason ? row('casepage.reopenReason', label('casepage.reopenReason', c.reopenReason), 'field-reopenReason') : [],
        c.satisfaction ? row('casepage.satisfaction', label('casepage.satisfaction', c.satisfaction), 'field-satisfaction') : [],
        c.closedAt ? row('casepage.closedAt', when(c.closedAt), 'field-closedAt') : [],
        ...row('casepage.createdAt', when(c.createdAt), 'field-createdAt'),
      ].flat());
    }

    function receipt(d) {
      if (!d.receivedAt) {
        return h('span', { class: 'receipt pending', 'data-test': 'receipt' }, t('casepage.notReceived'));
      }
      return h('span', { class: 'receipt done', 'data-test': 'receipt' },
        t('casepage.receivedOn', { at: when(d.receivedAt), how: label('casepage.via', d.receiptMethod) }));
    }

    function dispatches(c) {
      const ds = c.dispatches || [];
      if (ds.length === 0) {
        return h('p', { class: 'muted' }, t('casepage.noDispatches'));
      }
      return h('table', { class: 'list', 'data-test': 'dispatches' }, [
        h('thead', null, h('tr', null, ['casepage.d.round', 'casepage.d.unit', 'casepage.d.contact', 'casepage.d.method',
          'casepage.d.dispatchedAt', 'casepage.d.deadline', 'casepage.d.receipt', 'casepage.d.feedback', 'casepage.d.status']
          .map((k) => h('th', { key: k }, t(k))))),
        h('tbody', null, ds.map((d) => h('tr', { key: d.id, 'data-test': 'dispatch', 'data-round': d.round }, [
          h('td', null, [String(d.round), d.supervisedBy ? h('div', { class: 'muted small' }, label('casepage.supervisedBy', d.supervisedBy)) : null]),
          h('td', { 'data-test': 'dispatch-unit' }, d.unitName),
          h('td', null, d.contact ? [h('div', null, d.contact.name),
            d.contact.phone ? h(PhoneNumber, { number: d.contact.phone, caseId: c.id }) : null] : '—'),
          h('td', null, [label('casepage.method', d.method),
            d.delivery ? h('div', { class: 'muted small', 'data-test': 'delivery' }, label('casepage.delivery', d.delivery.status)) : null]),
          h('td', null, when(d.dispatchedAt)),
          h('td', { 'data-test': 'dispatch-deadline' }, [
            h(DeadlineBadge, { dueAt: d.dueAt, overdue: d.overdue && d.status === 'open' }),
            h('div', { class: 'muted small' }, t('casepage.workingDays', { n: d.workingDays })
              + (d.provisional ? ` · ${t('casepage.provisional')}` : '')),
          ]),
          h('td', null, receipt(d)),
          h('td', { class: 'text' }, d.feedback ? [h('div', null, d.feedback), h('div', { class: 'muted small' }, when(d.feedbackAt)),
            ...(c.attachments || []).filter((a) => a.dispatchId === d.id).map((a) => h('div', { key: a.id, class: 'small' },
              h('a', { href: `/api/cases/${c.id}/attachments/${a.id}`, download: a.name, 'data-test': 'feedback-attachment' }, a.name)))] : '—'),
          h('td', null, [label('casepage.dispatchStatus', d.status),
            mayRecordFinding() ? h('div', null, h('button', { type: 'button', class: 'small nowrap', 'data-test': 'dispatch-finding',
              onClick: () => { findingDone.value = null; findingFor.value = d; } }, t('finding.action'))) : null]),
        ]))),
      ]);
    }

    function attachments(c) {
      const files = c.attachments || [];
      if (files.length === 0) {
        return h('p', { class: 'muted' }, t('casepage.noAttachments'));
      }
      return h('ul', { class: 'attachments', 'data-test': 'attachments' }, files.map((a) => {
        const url = `/api/cases/${c.id}/attachments/${a.id}`;
        return h('li', { key: a.id, class: 'attachment', 'data-test': 'attachment', 'data-preview': a.preview || 'none' }, [
          h('div', { class: 'attachment-head' }, [
            h('strong', null, a.name),
            h('span', { class: 'muted' }, `${a.contentType} · ${size(a.size)}`),
            a.dispatchId ? h('span', { class: 'badge', 'data-test': 'attachment-feedback' }, t('casepage.feedbackFile', {
              n: ((c.dispatches || []).find((d) => d.id === a.dispatchId) || {}).round || '' })) : null,
            h('a', { href: url, download: a.name, 'data-test': 'attachment-download' }, t('casepage.download')),
          ]),
          a.preview === 'pdf' ? h('iframe', { class: 'pdf', src: url, title: a.name, 'data-test': 'attachment-pdf' }) : null,
          a.preview === 'image' ? h('img', { class: 'picture', src: url, alt: a.name, 'data-test': 'attachment-image' }) : null,
        ]);
      }));
    }

    function recordForm(c) {
      const url = `/api/cases/${c.id}/record-form`;
      return h('div', { class: 'record-form' }, [
        h('div', { class: 'actions' }, [
          h('button', { type: 'button', class: 'secondary', 'data-test': 'record-form-toggle', onClick: () => { showForm.value = !showForm.value; } },
            t(showForm.value ? 'casepage.hideForm' : 'casepage.showForm')),
          h('a', { href: url, target: '_blank', rel: 'noopener', 'data-test': 'record-form-link' }, t('casepage.openForm')),
        ]),
        showForm.value ? h('iframe', { class: 'pdf', src: url, title: t('casepage.recordForm'), 'data-test': 'record-form' }) : null,
      ]);
    }

    function callList() {
      const items = calls.value ? calls.value.items : [];
      if (items.length === 0) {
        return h('p', { class: 'muted' }, t('casepage.noCalls'));
      }
      return h('table', { class: 'list', 'data-test': 'calls' }, [
        h('thead', null, h('tr', null, ['casepage.k.startedAt', 'casepage.k.direction', 'casepage.k.number', 'casepage.k.disposition',
          'casepage.k.durations', 'casepage.k.recording'].map((k) => h('th', { key: k }, t(k))))),
        h('tbody', null, items.map((k) => h('tr', { key: k.id, 'data-test': 'call' }, [
          h('td', null, when(k.startedAt)),
          h('td', null, label('casepage.direction', k.direction)),
          h('td', null, k.identityMasked ? h('span', { class: 'masked' }, t('casepage.masked'))
            : k.callerNumber ? h(PhoneNumber, { number: k.callerNumber, caseId: view.value.id }) : '—'),
          h('td', null, t(`disposition.${k.disposition || 'unknown'}`)),
          h('td', null, t('casepage.k.seconds', { wait: k.waitSeconds ?? '—', talk: k.talkSeconds ?? '—' })),
          h('td', null, k.recordingUrl ? h('a', { href: k.recordingUrl, target: '_blank', rel: 'noopener noreferrer',
            'data-test': 'recording' }, t('casepage.listen')) : h('span', { class: 'muted' }, '—')),
        ]))),
      ]);
    }

    function callbackList() {
      const jobs = callbacks.value ? callbacks.value.items : [];
      return h('div', null, [
        jobs.length === 0 ? h('p', { class: 'muted' }, t('casepage.noCallbacks'))
          : h('ul', { class: 'callbacks', 'data-test': 'callbacks' }, jobs.map((j) => h('li', { key: j.id, 'data-test': 'callback' }, [
            h('div', { class: 'callback-head' }, [
              h('strong', null, label('casepage.callbackKind', j.kind)),
              j.number ? h(PhoneNumber, { number: j.number, caseId: view.value.id }) : null,
              h('span', null, label('casepage.callbackStatus', j.status)),
              h('span', { class: 'muted' }, t('casepage.attempts', { n: j.attempts ?? 0, max: j.maxAttempts ?? '—' })),
              j.status === 'pending' && j.nextAttemptAt ? h('span', { class: 'muted' }, t('casepage.nextAttempt', { at: when(j.nextAttemptAt) })) : null,
              j.result ? h('span', null, label('casepage.callbackResult', j.result)) : null,
            ]),
            (j.attemptLog || []).length ? h('ol', { class: 'attempts' }, j.attemptLog.map((a, i) => h('li', { key: i },
              `${when(a.at)} ${label('casepage.callbackResult', a.outcome)}`))) : null,
          ]))),
        h('form', { class: 'inline-form', 'data-test': 'callback-form', onSubmit: requestCallback }, [
          h('select', { value: callbackKind.value, onChange: (e) => { callbackKind.value = e.target.value; } },
            ['satisfaction', 'receipt'].map((k) => h('option', { key: k, value: k }, label('casepage.callbackKind', k)))),
          h('button', { type: 'submit', class: 'secondary', 'data-test': 'callback-request' }, t('casepage.requestCallback')),
          callbackError.value ? h('span', { class: 'error', role: 'alert' }, callbackError.value) : null,
        ]),
      ]);
    }

    function section(title, content, test) {
      return h('section', { class: 'card', 'data-test': test }, [h('h2', null, t(title)), content]);
    }

    return () => {
      if (error.value && !view.value) {
        return h('section', { class: 'card' }, h('p', { class: 'error', 'data-test': 'case-error' }, error.value));
      }
      const c = view.value;
      if (!c) {
        return h('section', { class: 'card' }, h('p', { class: 'muted' }, t('actions.loading')));
      }
      return h('div', { class: 'case-page', 'data-test': 'case-page', 'data-case': c.id, 'data-status': c.status }, [
        h('section', { class: 'card case-head' }, [
          h('div', { class: 'section-head' }, [
            h('h2', { 'data-test': 'case-subject' }, c.subject || t('casepage.noSubject')),
            h('span', { class: 'mono muted' }, c.number),
            h('span', { class: 'badge' }, t(`kind.${c.kind}`)),
            h('span', { class: `badge status ${c.status}`, 'data-test': 'case-status' }, t(`status.${c.status}`)),
            c.currentDispatch ? h(DeadlineBadge, { dueAt: c.currentDispatch.dueAt,
              overdue: c.currentDispatch.overdue && c.currentDispatch.status === 'open',
              workingDaysLeft: c.currentDispatch.status === 'open' ? c.currentDispatch.workingDaysLeft : undefined }) : null,
          ]),
          error.value ? h('p', { class: 'error' }, error.value) : null,
          h('div', { class: 'case-grid' }, [
            h('div', null, [fields(c), h('h3', null, t('casepage.content')), h('div', { class: 'text content', 'data-test': 'case-content' }, c.content)]),
            h('div', { class: 'case-actions', 'data-test': 'case-actions' }, [h('h3', null, t('casepage.actions')),
              h(ActionForms, { caseView: c, me: props.me, onDone: () => load() })]),
          ]),
        ]),
        mayPhrase() ? h('details', { class: 'card case-phrases', 'data-test': 'case-phrases' }, [
          h('summary', null, t('phrases.panel')), h(PhrasePanel, { me: props.me, caseId: c.id, kind: c.kind, channel: c.channel })]) : null,
        section('casepage.dispatches', [findingDone.value ? h('p', { class: 'ok notice', role: 'status', 'data-test': 'finding-done' },
          findingDone.value) : null, dispatches(c)], 'dispatches-card'),
        findingFor.value ? h(FindingForm, { dispatchId: findingFor.value.id, number: c.number, round: findingFor.value.round,
          unitName: findingFor.value.unitName, onCancel: () => { findingFor.value = null; },
          onDone: (f) => { findingFor.value = null; findingDone.value = t('finding.recorded', { number: c.number,
            kind: t(`finding.kind.${f.kind}`) }); load(); } }) : null,
        h(CaseArticles, { key: `articles-${c.id}-${c.status}`, me: props.me, caseView: c }),
        section('casepage.attachments', attachments(c), 'attachments-card'),
        section('casepage.recordForm', recordForm(c), 'record-form-card'),
        calls.value ? section('casepage.calls', callList(), 'calls-card') : null,
        callbacks.value ? section('casepage.callbacks', callbackList(), 'callbacks-card') : null,
        section('casepage.timeline', h(Timeline, { events: c.timeline }), 'timeline-card'),
      ]);
    };
  },
};
