// The statistics bulletin (统计通报, #/stats; leaders and the supervision office): a period (week, month, quarter, year
// or any range, with previous and next), the headline figures, charts (ECharts) and tables of GET /api/stats/bulletin,
// the definitions the figures follow, and the same bulletin to download as CSV, Excel or PDF. Everything shown is
// what the API gives this user; the page computes nothing but shares for display.
import { h, ref, onMounted, onUnmounted, nextTick } from '../../vue.js';
import { get } from '../../api.js';
import { t, lang } from '../../i18n.js';
import * as echarts from './echarts.js';

const PERIODS = ['week', 'month', 'quarter', 'year', 'range'];
const PALETTE = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4'];

/** Today in the hotline's zone, YYYY-MM-DD. */
function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from, to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);
}

export function percent(r) {
  return r == null ? '—' : `${(r * 100).toFixed(1)}%`;
}

function num(v, digits) {
  if (v == null) return '—';
  return digits == null ? String(v) : Number(v).toFixed(digits);
}

/** Very satisfied plus satisfied, over those reached (as the files say it). */
function satisfiedRate(s) {
  return s && s.verySatisfiedShare != null && s.satisfiedShare != null
    ? Math.round((s.verySatisfiedShare + s.satisfiedShare) * 10000) / 10000 : null;
}

const HANDLING = [
  ['dispatched'], ['receiptWithinDay'], ['receiptWithinDayRate', 'rate'], ['due'], ['handled'], ['onTime'],
  ['onTimeRate', 'rate'], ['overdue'], ['overdueDaysLate'], ['extensions'], ['secondRound'], ['thirdRound'],
  ['handlingDaysMean', 2], ['handlingDaysP90', 2],
];
const SATISFACTION = [
  ['followUps'], ['reached'], ['reachRate', 'rate'], ['verySatisfied'], ['satisfied'], ['unsatisfied'],
  ['verySatisfiedShare', 'rate'], ['satisfiedShare', 'rate'], ['unsatisfiedShare', 'rate'],
];
const TELEPHONY = [
  ['offered'], ['answered'], ['abandoned'], ['answeredWithin15s'], ['answerRate', 'rate'], ['within15sRate', 'rate'],
  ['waitSecondsMean', 1], ['talkSecondsMean', 1],
];

function cell(v, how) {
  return how === 'rate' ? percent(v) : num(v, typeof how === 'number' ? how : null);
}

/** Canvas tooltips: no HTML is made from the data (unit names are text), and no inline style meets the CSP. */
const TOOLTIP = { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText', confine: true };

function barsOption(items, color) {
  return {
    color: [color],
    tooltip: TOOLTIP,
    grid: { left: 8, right: 12, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: items.map((i) => i.label), axisLabel: { interval: 0, hideOverlap: false, width: 52, overflow: 'break', lineHeight: 14 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: items.map((i) => i.count), label: { show: true, position: 'top' }, barMaxWidth: 36 }],
  };
}

function pieOption(items) {
  return {
    color: PALETTE,
    tooltip: { trigger: 'item', renderMode: 'richText', confine: true },
    series: [{ type: 'pie', radius: ['35%', '65%'], data: items.map((i) => ({ name: i.label, value: i.count })),
      label: { formatter: '{b}\n{c}' } }],
  };
}

function hbarsOption(names, values, color, asRate) {
  return {
    color: [color],
    tooltip: { ...TOOLTIP, valueFormatter: asRate ? (v) => percent(v) : undefined },
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: asRate ? { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v) => `${Math.round(v * 100)}%` } }
      : { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: names, axisLabel: { width: 120, overflow: 'truncate' } },
    series: [{ type: 'bar', data: values, barMaxWidth: 18,
      label: { show: true, position: 'right', formatter: (p) => (asRate ? percent(p.value) : p.value) } }],
  };
}

function sharesOption(units) {
  const names = units.map((u) => u.name);
  const part = (key) => units.map((u) => u[key]);
  const series = [['verySatisfiedShare', 'stats.verySatisfied'], ['satisfiedShare', 'stats.satisfied'], ['unsatisfiedShare', 'stats.unsatisfied']]
    .map(([key, label]) => ({ type: 'bar', stack: 'share', name: t(label), data: part(key), barMaxWidth: 18 }));
  return {
    color: [PALETTE[5], PALETTE[1], PALETTE[3]],
    tooltip: { ...TOOLTIP, valueFormatter: (v) => percent(v) },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 30, bottom: 8, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v) => `${Math.round(v * 100)}%` } },
    yAxis: { type: 'category', inverse: true, data: names, axisLabel: { width: 120, overflow: 'truncate' } },
    series,
  };
}

function hoursOption(hours) {
  return {
    color: [PALETTE[0], PALETTE[3]],
    tooltip: TOOLTIP,
    legend: { top: 0 },
    grid: { left: 8, right: 12, top: 30, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: hours.map((x) => String(x.hour)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'bar', stack: 'calls', name: t('stats.answered'), data: hours.map((x) => x.answered) },
      { type: 'bar', stack: 'calls', name: t('stats.abandoned'), data: hours.map((x) => x.abandoned) },
    ],
  };
}

export default {
  props: { me: Object },
  setup() {
    const period = ref('quarter');
    const anchor = ref(today());
    const from = ref(addDays(today(), -29));
    const to = ref(today());
    const data = ref(null);
    const error = ref(null);
    const loading = ref(false);
    const els = {};
    const charts = {};
    let observer = null;

    function params() {
      return period.value === 'range' ? { from: from.value, to: to.value } : { period: period.value, date: anchor.value };
    }

    function download(format) {
      const q = new URLSearchParams({ ...params(), format, lang: lang.value === 'en' ? 'en' : 'zh-CN' });
      return `/api/stats/bulletin?${q}`;
    }

    async function load() {
      loading.value = true;
      try {
        data.value = await get(`/api/stats/bulletin?${new URLSearchParams(params())}`);
        error.value = null;
      } catch (e) {
        error.value = e.message;
      } finally {
        loading.value = false;
      }
      await nextTick();
      draw();
    }

    /** The previous or next period: the one containing the day before this range's start, or after its end. */
    function step(dir) {
      const r = data.value && data.value.range;
      if (!r) return;
      if (period.value === 'range') {
        const span = daysBetween(r.from, r.to) + 1;
        from.value = addDays(r.from, dir * span);
        to.value = addDays(r.to, dir * span);
      } else {
        anchor.value = dir < 0 ? addDays(r.from, -1) : addDays(r.to, 1);
      }
      load();
    }

    function chart(name, option) {
      const el = els[name];
      if (!el) {
        if (charts[name]) {
          charts[name].dispose();
          delete charts[name];
        }
        return;
      }
      let c = charts[name];
      if (c && c.getDom() !== el) {
        c.dispose();
        c = null;
      }
      if (!c) {
        c = echarts.init(el, null, { renderer: 'canvas', locale: lang.value === 'en' ? 'EN' : 'ZH' });
        charts[name] = c;
        if (observer) observer.observe(el);
      }
      c.setOption(option, true);
    }

    function draw() {
      const b = data.value;
      if (!b) return;
      const v = b.volume || {};
      chart('kind', barsOption(v.byKind || [], PALETTE[0]));
      chart('channel', barsOption(v.byChannel || [], PALETTE[4]));
      chart('party', pieOption(v.byPartyType || []));
      // Cases filed without a category are a bar of their own, after the top ten and the rest.
      const cats = (v.topCategories || []).concat(v.uncategorised ? [{ label: t('stats.uncategorised'), count: v.uncategorised }] : []);
      chart('categories', hbarsOption(cats.map((c) => c.label), cats.map((c) => c.count), PALETTE[2], false));
      const units = (b.handling && b.handling.byUnit) || [];
      chart('onTime', hbarsOption(units.map((u) => u.name), units.map((u) => u.onTimeRate), PALETTE[0], true));
      chart('satisfaction', sharesOption((b.satisfaction && b.satisfaction.byUnit) || []));
      chart('hours', b.telephony && b.telephony.available ? hoursOption(b.telephony.byHour || []) : null);
    }

    const resize = () => Object.values(charts).forEach((c) => c.resize());
    onMounted(() => {
      // A chart follows its box: the window, the menu wrapping, a phone turned.
      observer = typeof ResizeObserver === 'function' ? new ResizeObserver(resize) : null;
      window.addEventListener('resize', resize);
      load();
    });
    onUnmounted(() => {
      window.removeEventListener('resize', resize);
      if (observer) observer.disconnect();
      Object.values(charts).forEach((c) => c.dispose());
    });

    const box = (name, title, height = 260) => h('figure', { class: 'stats-chart' }, [
      h('figcaption', null, title),
      h('div', { class: 'chart', style: { height: `${height}px` }, 'data-test': `chart-${name}`, ref: (el) => { els[name] = el; } }),
    ]);

    function figure(key, value, how, test) {
      return h('div', { class: 'stats-figure', 'data-test': `figure-${test}`, 'data-value': value == null ? '' : String(value) }, [
        h('div', { class: 'label' }, t(key)),
        h('div', { class: 'value' }, cell(value, how)),
      ]);
    }

    function headline(b) {
      const ht = (b.handling && b.handling.totals) || {};
      const st = (b.satisfaction && b.satisfaction.totals) || {};
      const tel = b.telephony && b.telephony.available ? b.telephony.totals || {} : null;
      return h('div', { class: 'stats-figures' }, [
        figure('stats.fig.total', (b.volume || {}).total, null, 'total'),
        figure('stats.fig.dispatched', ht.dispatched, null, 'dispatched'),
        figure('stats.fig.receiptRate', ht.receiptWithinDayRate, 'rate', 'receiptRate'),
        figure('stats.fig.onTimeRate', ht.onTimeRate, 'rate', 'onTimeRate'),
        figure('stats.fig.overdue', ht.overdue, null, 'overdue'),
        figure('stats.fig.reachRate', st.reachRate, 'rate', 'reachRate'),
        figure('stats.fig.satisfiedRate', satisfiedRate(st), 'rate', 'satisfiedRate'),
        tel ? figure('stats.fig.offered', tel.offered, null, 'offered') : null,
        tel ? figure('stats.fig.answerRate', tel.answerRate, 'rate', 'answerRate') : null,
        tel ? figure('stats.fig.within15sRate', tel.within15sRate, 'rate', 'within15sRate') : null,
      ]);
    }

    function table(test, first, rows, totals, fields, firstOf) {
      return h('div', { class: 'table-scroll' }, h('table', { class: 'list stats-table', 'data-test': test }, [
        h('thead', null, h('tr', null, [h('th', null, t(first)), ...fields.map(([f]) => h('th', { class: 'num' }, t(`stats.col.${f}`)))])),
        h('tbody', null, [
          ...rows.map((r, i) => h('tr', { key: i }, [h('td', null, firstOf(r)), ...fields.map(([f, how]) => h('td', { class: 'num' }, cell(r[f], how)))])),
          totals ? h('tr', { class: 'total' }, [h('td', null, t('stats.total')), ...fields.map(([f, how]) => h('td', { class: 'num' }, cell(totals[f], how)))]) : null,
        ]),
      ]));
    }

    function counts(test, title, items, total) {
      return h('div', { class: 'stats-counts' }, [
        h('h3', null, title),
        h('table', { class: 'list stats-table', 'data-test': test }, h('tbody', null, items.map((i, k) => h('tr', { key: k }, [
          h('td', null, i.label || i.name || t('stats.unfilled')),
          h('td', { class: 'num' }, String(i.count)),
          h('td', { class: 'num muted' }, total ? percent(i.count / total) : '—'),
        ])))),
      ]);
    }

    function picker() {
      const r = data.value && data.value.range;
      return h('div', { class: 'stats-picker' }, [
        h('div', { class: 'stats-periods', role: 'group' }, PERIODS.map((p) => h('button', {
          key: p, type: 'button', class: period.value === p ? 'tab current' : 'tab', 'data-test': `period-${p}`,
          onClick: () => { period.value = p; load(); },
        }, t(`stats.period.${p}`)))),
        period.value === 'range'
          ? h('form', { class: 'inline-form', onSubmit: (e) => { e.preventDefault(); load(); } }, [
            h('input', { type: 'date', value: from.value, 'data-test': 'range-from', onChange: (e) => { from.value = e.target.value; } }),
            h('span', null, t('stats.to')),
            h('input', { type: 'date', value: to.value, 'data-test': 'range-to', onChange: (e) => { to.value = e.target.value; } }),
            h('button', { type: 'submit', class: 'secondary', 'data-test': 'range-apply' }, t('stats.apply')),
          ])
          : h('input', { type: 'date', value: anchor.value, 'data-test': 'period-date', 'aria-label': t('stats.date'),
            onChange: (e) => { if (e.target.value) { anchor.value = e.target.value; load(); } } }),
        h('div', { class: 'stats-step' }, [
          h('button', { type: 'button', class: 'secondary', 'data-test': 'period-prev', disabled: !r || loading.value, onClick: () => step(-1) }, t('stats.previous')),
          h('strong', { class: 'stats-range', 'data-test': 'range-label' }, r ? `${r.label || ''} ${r.from} ${t('stats.to')} ${r.to}` : ''),
          h('button', { type: 'button', class: 'secondary', 'data-test': 'period-next', disabled: !r || loading.value, onClick: () => step(1) }, t('stats.next')),
        ]),
        h('div', { class: 'stats-downloads' }, [
          h('span', { class: 'muted' }, t('stats.download')),
          ...[['csv', 'CSV'], ['xlsx', 'Excel'], ['pdf', 'PDF']].map(([f, label]) => h('a', {
            key: f, class: 'button secondary', href: download(f), download: '', 'data-test': `download-${f}`,
          }, label)),
        ]),
      ]);
    }

    return () => {
      const b = data.value;
      const v = (b && b.volume) || {};
      const tel = b && b.telephony;
      return h('div', { class: 'leader-page stats-page', 'data-test': 'stats-bulletin' }, [
        h('section', { class: 'card' }, [
          h('div', { class: 'section-head' }, [h('h2', null, t('stats.title')),
            b ? h('span', { class: 'muted' }, t('stats.generated', { at: new Date(b.generatedAt).toLocaleString(lang.value === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai' }) })) : null]),
          picker(),
          error.value ? h('p', { class: 'error', role: 'alert', 'data-test': 'stats-error' }, error.value) : null,
          !b && !error.value ? h('p', { class: 'muted' }, t('actions.loading')) : null,
        ]),
        b ? h('section', { class: 'card' }, [h('h2', null, t('stats.headline')), headline(b)]) : null,
        b ? h('section', { class: 'card' }, [
          h('h2', null, t('stats.volume')),
          h('div', { class: 'stats-grid charts' }, [
            box('kind', t('stats.chart.kind')),
            box('channel', t('stats.chart.channel')),
            box('party', t('stats.chart.party')),
            box('categories', t('stats.chart.categories'), Math.max(220, 26 * ((v.topCategories || []).length + 1) + 30)),
          ]),
          h('div', { class: 'stats-grid' }, [
            counts('volume-responsible', t('stats.responsibleUnits'), v.byResponsibleUnit || [], v.total),
            counts('volume-respondent', t('stats.respondentUnits'), v.byRespondentUnit || [], v.total),
          ]),
          v.repeat ? h('p', { class: 'muted', 'data-test': 'repeat' }, t('stats.repeat', v.repeat)) : null,
        ]) : null,
        b ? h('section', { class: 'card' }, [
          h('h2', null, t('stats.handling')),
          box('onTime', t('stats.chart.onTime'), Math.max(200, 26 * ((b.handling && b.handling.byUnit) || []).length + 40)),
          table('table-handling', 'stats.col.unit', (b.handling && b.handling.byUnit) || [], b.handling && b.handling.totals, HANDLING, (r) => r.name),
        ]) : null,
        b ? h('section', { class: 'card' }, [
          h('h2', null, t('stats.satisfaction')),
          box('satisfaction', t('stats.chart.satisfaction'), Math.max(200, 26 * ((b.satisfaction && b.satisfaction.byUnit) || []).length + 50)),
          table('table-satisfaction', 'stats.col.unit', (b.satisfaction && b.satisfaction.byUnit) || [], b.satisfaction && b.satisfaction.totals, SATISFACTION, (r) => r.name),
        ]) : null,
        b ? h('section', { class: 'card' }, [
          h('h2', null, t('stats.telephony')),
          tel && tel.available ? [
            box('hours', t('stats.chart.hours'), 280),
            table('table-telephony', 'stats.col.hour', tel.byHour || [], tel.totals, TELEPHONY, (r) => `${String(r.hour).padStart(2, '0')}:00`),
          ] : h('p', { class: 'muted', 'data-test': 'telephony-off' }, t('stats.telephonyOff')),
        ]) : null,
        b ? h('section', { class: 'card' }, [
          h('h2', null, t('stats.definitions')),
          h('dl', { class: 'stats-definitions', 'data-test': 'definitions' }, (b.definitions || []).flatMap((d) => [
            h('dt', { key: `${d.key}-t` }, d.label), h('dd', { key: `${d.key}-d` }, d.text)])),
        ]) : null,
      ]);
    };
  },
};
