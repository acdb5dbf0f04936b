// The working-day calendar (#/admin/calendar): a year as twelve month grids (Monday first, weekends shaded, holidays in
// red with their name, make-up working days marked 班), the provisional-year warning for a year whose arrangement is
// not published yet, and, for an admin, the upload of a year's file when the State Council publishes it. The server
// checks the file in full before anything changes and names the line of a mistake; the page shows what it says.
import { h, ref, computed, onMounted } from '../../vue.js';
import { get, put } from '../../api.js';
import { t, lang } from '../../i18n.js';

/** Largest file the server takes (CalendarService.MAX_BYTES); a larger one is refused here before it is sent. */
const MAX_BYTES = 64 * 1024;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The weeks of a month as rows of seven cells (Monday first), each a day of the year's list or null. */
function monthWeeks(days, month) {
  const inMonth = days.filter((d) => Number(d.date.slice(5, 7)) === month);
  if (inMonth.length === 0) {
    return [];
  }
  // getUTCDay: 0 Sunday … 6 Saturday; Monday first: Monday 0 … Sunday 6.
  const lead = (new Date(`${inMonth[0].date}T00:00:00Z`).getUTCDay() + 6) % 7;
  const cells = Array(lead).fill(null).concat(inMonth);
  while (cells.length % 7 !== 0) {
    cells.push(null);
  }
  const weeks = [];
  for (let i = 0; i < cells.length; i += 7) {
    weeks.push(cells.slice(i, i + 7));
  }
  return weeks;
}

export default {
  props: { me: Object, query: Object },
  setup(props) {
    const now = new Date().getFullYear();
    const initial = Number(props.query && props.query.year) || now;
    const year = ref(initial);
    const view = ref(null);
    const error = ref(null);
    const isAdmin = computed(() => (props.me.roles || []).includes('admin'));

    const file = ref(null);
    const uploadYear = ref(null);
    const uploading = ref(false);
    const uploadError = ref(null);
    const uploaded = ref(null);

    async function load() {
      try {
        view.value = await get(`/api/calendar/years/${year.value}`);
        error.value = null;
        const open = view.value.uploadable;
        // The year shown, when it takes an upload; else the next year, the one usually published late.
        if (year.value >= open.from && year.value <= open.to) {
          uploadYear.value = year.value;
        } else if (uploadYear.value == null || uploadYear.value < open.from || uploadYear.value > open.to) {
          uploadYear.value = open.to;
        }
      } catch (e) {
        error.value = e.message;
      }
    }

    function show(y) {
      year.value = y;
      load();
    }

    async function upload(e) {
      e.preventDefault();
      uploadError.value = null;
      uploaded.value = null;
      const f = file.value;
      if (!f) {
        uploadError.value = t('admincal.chooseFile');
        return;
      }
      if (f.size > MAX_BYTES) {
        uploadError.value = t('admincal.tooLarge', { size: f.size, max: MAX_BYTES });
        return;
      }
      uploading.value = true;
      try {
        const content = await f.text();
        const target = uploadYear.value;
        const r = await put(`/api/calendar/years/${target}`, { fileName: f.name, content });
        uploaded.value = t('admincal.uploaded', {
          year: target, holidays: r.holidays.length, makeUps: r.makeUpWorkdays.length,
        });
        year.value = target;
        view.value = r;
      } catch (err) {
        uploadError.value = err.message;
      } finally {
        uploading.value = false;
      }
    }

    onMounted(load);

    const years = computed(() => {
      const known = view.value ? view.value.years : [];
      const open = view.value ? view.value.uploadable : { from: now, to: now + 1 };
      const all = new Set([...known, open.from, open.to, year.value]);
      return [...all].sort((a, b) => a - b);
    });

    const holidayName = (d) => (lang.value === 'en' ? d.holidayEn || d.holiday : d.holiday);

    function dayCell(d, i) {
      if (!d) {
        return h('td', { key: `e${i}`, class: 'empty' });
      }
      const dow = i % 7;
      const weekend = dow >= 5;
      const classes = ['day'];
      if (weekend) {
        classes.push('weekend');
      }
      if (d.holiday && !d.makeUpWorkday) {
        classes.push('holiday');
      }
      if (d.makeUpWorkday) {
        classes.push('makeup');
      }
      const title = d.makeUpWorkday ? `${d.date} ${holidayName(d)}` : d.holiday ? `${d.date} ${holidayName(d)}`
        : `${d.date} ${t(d.working ? 'admincal.working' : 'admincal.off')}`;
      return h('td', {
        key: d.date, class: classes, title, 'data-date': d.date, 'data-test': 'day',
        'data-kind': d.makeUpWorkday ? 'makeup' : d.holiday ? 'holiday' : d.working ? 'working' : 'off',
      }, [
        h('span', { class: 'num' }, String(Number(d.date.slice(8, 10)))),
        d.makeUpWorkday ? h('span', { class: 'mark', 'aria-label': t('admincal.makeUp') }, t('admincal.makeUpMark')) : null,
        d.holiday && !d.makeUpWorkday ? h('span', { class: 'mark', 'aria-label': holidayName(d) }, t('admincal.holidayMark')) : null,
      ]);
    }

    function month(m) {
      const weeks = monthWeeks(view.value.days, m);
      return h('div', { key: m, class: 'month', 'data-test': 'month', 'data-month': m }, [
        h('h3', null, t(`admincal.month.${m}`)),
        h('table', { class: 'month-grid' }, [
          h('thead', null, h('tr', null, WEEKDAYS.map((w, i) => h('th', { key: w, class: i >= 5 ? 'weekend' : null },
            t(`admincal.dow.${w}`))))),
          h('tbody', null, weeks.map((w, wi) => h('tr', { key: wi }, w.map((d, i) => dayCell(d, i))))),
        ]),
      ]);
    }

    function origin(v) {
      if (v.provisional) {
        return null;
      }
      return h('p', { class: 'muted small', 'data-test': 'origin' }, v.origin === 'upload'
        ? t('admincal.originUpload', { source: v.source, file: v.fileName || '—', at: (v.uploadedAt || '').replace('T', ' ').slice(0, 16) })
        : t('admincal.originFile', { source: v.source, file: v.fileName || '—' }));
    }

    function holidayList(v) {
      if (v.provisional || v.holidays.length === 0) {
        return null;
      }
      return h('ul', { class: 'holiday-list', 'data-test': 'holiday-list' }, [
        ...v.holidays.map((x) => h('li', { key: x.from }, [
          h('span', { class: 'swatch holiday' }), `${lang.value === 'en' ? x.nameEn : x.name} `,
          h('span', { class: 'muted mono' }, x.from === x.to ? x.from.slice(5) : `${x.from.slice(5)} – ${x.to.slice(5)}`),
        ])),
        ...v.makeUpWorkdays.map((x) => h('li', { key: x.date }, [
          h('span', { class: 'swatch makeup' }, t('admincal.makeUpMark')), `${lang.value === 'en' ? x.nameEn : x.name} `,
          h('span', { class: 'muted mono' }, x.date.slice(5)),
        ])),
      ]);
    }

    function uploadForm(v) {
      const open = v.uploadable;
      const choices = [];
      for (let y = open.from; y <= open.to; y++) {
        choices.push(y);
      }
      return h('section', { class: 'card calendar-upload', 'data-test': 'calendar-upload' }, [
        h('h2', null, t('admincal.uploadTitle')),
        h('p', { class: 'muted small' }, t('admincal.uploadHint')),
        h('form', { class: 'upload-form', onSubmit: upload }, [
          h('label', null, [t('admincal.uploadYear'), h('select', {
            name: 'year', 'data-test': 'upload-year', value: uploadYear.value,
            onChange: (e) => { uploadYear.value = Number(e.target.value); },
          }, choices.map((y) => h('option', { key: y, value: y, selected: y === uploadYear.value }, t('admincal.yearOption', { year: y }))))]),
          h('label', null, [t('admincal.file'), h('input', {
            type: 'file', name: 'file', accept: '.yaml,.yml,text/yaml,application/x-yaml,text/plain', 'data-test': 'upload-file',
            onChange: (e) => { file.value = e.target.files[0] || null; uploadError.value = null; uploaded.value = null; },
          })]),
          h('button', { type: 'submit', class: 'primary', disabled: uploading.value, 'data-test': 'upload-submit' },
            t(uploading.value ? 'admincal.uploading' : 'admincal.upload')),
        ]),
        uploadError.value ? h('p', { class: 'error', role: 'alert', 'data-test': 'upload-error' }, uploadError.value) : null,
        uploaded.value ? h('p', { class: 'ok', role: 'status', 'data-test': 'upload-ok' }, uploaded.value) : null,
        h('p', { class: 'notice small', 'data-test': 'deadlines-note' }, t('admincal.deadlinesNote')),
      ]);
    }

    return () => {
      const v = view.value;
      return h('div', { class: 'admin-calendar', 'data-test': 'admin-calendar' }, [
        h('section', { class: 'card' }, [
          h('div', { class: 'section-head calendar-head' }, [
            h('h2', null, t('admincal.title')),
            h('span', { class: 'spacer' }),
            h('button', { type: 'button', class: 'small', 'data-test': 'year-prev', onClick: () => show(year.value - 1) }, '‹'),
            h('select', {
              'data-test': 'year-picker', value: year.value, 'aria-label': t('admincal.year'),
              onChange: (e) => show(Number(e.target.value)),
            }, years.value.map((y) => h('option', { key: y, value: y, selected: y === year.value }, t('admincal.yearOption', { year: y })))),
            h('button', { type: 'button', class: 'small', 'data-test': 'year-next', onClick: () => show(year.value + 1) }, '›'),
          ]),
          error.value ? h('p', { class: 'error', role: 'alert' }, error.value) : null,
          v && v.provisional ? h('div', { class: 'notice provisional', role: 'status', 'data-test': 'provisional' }, [
            h('span', null, t(isAdmin.value ? 'admincal.provisionalAdmin' : 'admincal.provisional', { year: v.year })),
            isAdmin.value && v.year >= v.uploadable.from && v.year <= v.uploadable.to ? h('button', {
              type: 'button', class: 'small', 'data-test': 'go-upload', onClick: () => {
                const input = document.querySelector('[data-test=upload-file]');
                input.scrollIntoView({ block: 'center' });
                input.focus();
              },
            }, t('admincal.goUpload')) : null,
          ]) : null,
          v ? origin(v) : null,
          v ? h('div', { class: 'legend small' }, [
            h('span', null, [h('span', { class: 'swatch holiday' }), t('admincal.legendHoliday')]),
            h('span', null, [h('span', { class: 'swatch makeup' }, t('admincal.makeUpMark')), t('admincal.legendMakeUp')]),
            h('span', null, [h('span', { class: 'swatch weekend' }), t('admincal.legendWeekend')]),
          ]) : null,
          v ? h('div', { class: 'months', 'data-test': 'months', 'data-year': v.year }, Array.from({ length: 12 }, (_, i) => month(i + 1))) : null,
          v ? holidayList(v) : null,
        ]),
        v && isAdmin.value ? uploadForm(v) : null,
      ]);
    };
  },
};
