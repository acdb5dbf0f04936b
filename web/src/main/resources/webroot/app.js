// The console's shell: who is signed in, which page shows (a hash route, see router.js), the language, the menu.
import { createApp, defineAsyncComponent, h, ref } from './vue.js';
import { get, del, whenUnauthorized } from './api.js';
import { loadLanguages, t, lang, setLang } from './i18n.js';
import { connectEvents, disconnectEvents, forgetEvents, whenStreamClosed } from './events.js';
import { route, go, href, match } from './router.js';
import SignIn from './pages/signin/SignIn.js';
import Desk from './pages/desk/Desk.js';
import Intake from './pages/intake/Intake.js';
import CasePage from './pages/cases/CasePage.js';
import CallLog from './pages/calls/CallLog.js';
import Password from './pages/account/Password.js';
import UnitPortal from './pages/unit/UnitPortal.js';
import SearchBox from './components/SearchBox.js';

/**
 * A page of a few users (the leader's, the supervision office's, the admin's) is fetched when first opened, so the
 * agents' desk, the page most people open, does not load them (index.html preloads the desk's modules only).
 */
function later(load, name = 'default') {
  return defineAsyncComponent({
    loader: () => load().then((m) => m[name]),
    // A page that could not be fetched says so (the network, a restart of the service) instead of staying blank.
    errorComponent: { props: { error: Object }, setup: (props) => () => h('div', { class: 'card error', 'data-test': 'page-failed' },
      [t('page.loadFailed'), ' ', h('span', { class: 'muted' }, String(props.error && props.error.message || ''))]) },
    onError(error, retry, fail, attempts) {
      if (attempts <= 2) {
        setTimeout(retry, 500 * attempts);
      } else {
        fail();
      }
    },
  });
}
const LeaderQueue = later(() => import('./pages/leader/LeaderQueue.js'));
const ReviewQueue = later(() => import('./pages/leader/LeaderQueue.js'), 'ReviewQueue');
const Lending = later(() => import('./pages/leader/Lending.js'));
const Reports = later(() => import('./pages/leader/Reports.js'));
// The statistics page brings ECharts (a megabyte) with it: fetched only when opened.
const StatsBulletin = later(() => import('./pages/stats/Bulletin.js'));
const Board = later(() => import('./pages/supervision/Board.js'));
const Accountability = later(() => import('./pages/stats/Accountability.js'));
const Wallboard = later(() => import('./pages/stats/Wallboard.js'));
const Users = later(() => import('./pages/admin/Users.js'));
const Units = later(() => import('./pages/admin/Units.js'));
const Customers = later(() => import('./pages/admin/Customers.js'));
const AdminCalendar = later(() => import('./pages/admin/Calendar.js'));
const AdminGateways = later(() => import('./pages/admin/Gateways.js'));
// Standard service phrases and words not to use (phrases.manage: the supervision office and admins).
const AdminPhrases = later(() => import('./pages/admin/Phrases.js'));
// The knowledge base (知识库): its list, review queue, article page and editor.
const KnowledgeList = later(() => import('./pages/knowledge/KnowledgeList.js'));
const KnowledgeReview = later(() => import('./pages/knowledge/KnowledgeList.js'), 'ReviewQueue');
const KnowledgeArticle = later(() => import('./pages/knowledge/ArticlePage.js'));
const KnowledgeEditor = later(() => import('./pages/knowledge/ArticleEditor.js'));

const me = ref(null);
const notice = ref(null);
/** The session ended while a page was open: the page stays (with what was typed), a sign-in covers it. */
const expired = ref(false);

/** Who works the hotline's desk: those who take calls and file cases. */
const DESK = ['agent', 'leader', 'supervisor', 'admin'];
/**
 * The pages by address; the menu shows those with a label to the roles named (a page is a client of the API, which
 * decides what each user may do: the menu only keeps a user from pages that would show them nothing).
 */
const ROUTES = [
  // The leader's first page is their queue (home: the first of the menu they may use).
  { pattern: '/leader', page: LeaderQueue, menu: 'menu.leaderQueue', roles: ['leader'] },
  { pattern: '/leader/review', page: ReviewQueue, menu: 'menu.leaderReview', roles: ['leader'] },
  // The supervision office's first page is its board (the first menu entry a user may use is their home).
  { pattern: '/supervision', page: Board, menu: 'menu.supervision', roles: ['supervisor'] },
  { pattern: '/desk', page: Desk, menu: 'menu.desk', roles: DESK },
  { pattern: '/intake', page: Intake, menu: 'menu.intake', roles: ['agent', 'leader', 'supervisor'] },
  { pattern: '/calls', page: CallLog, menu: 'menu.calls', roles: DESK },
  // The live wallboard (GET /api/stats/wallboard): after the desk, so it is nobody's first page; #/wallboard?tv=1 for a wall screen.
  { pattern: '/wallboard', page: Wallboard, menu: 'menu.wallboard', roles: ['agent', 'leader', 'supervisor'] },
  { pattern: '/unit', page: UnitPortal, menu: 'menu.unit', roles: ['unit_responder'] },
  { pattern: '/leader/lending', page: Lending, menu: 'menu.lending', roles: ['leader', 'supervisor'] },
  { pattern: '/leader/reports', page: Reports, menu: 'menu.reports', roles: ['leader', 'supervisor'] },
  // Quarterly scores: leaders and the supervision office see every unit; a unit's responder their own (the API scopes it).
  { pattern: '/accountability', page: Accountability, menu: 'menu.accountability', roles: ['leader', 'supervisor', 'unit_responder'] },
  // The bulletin: those GET /api/stats/bulletin answers (stats.read).
  { pattern: '/stats', page: StatsBulletin, menu: 'menu.stats', roles: ['leader', 'supervisor'] },
  // Administration: leaders and the supervision office read users and units (the API gives them that much).
  { pattern: '/admin/users', page: Users, menu: 'menu.adminUsers', roles: ['admin', 'leader', 'supervisor'] },
  { pattern: '/admin/units', page: Units, menu: 'menu.adminUnits', roles: ['admin', 'leader', 'supervisor'] },
  { pattern: '/admin/customers', page: Customers, menu: 'menu.adminCustomers', roles: ['admin'] },
  // The calendar reads for everyone (the API's is public); only an admin gets the upload form on it.
  { pattern: '/admin/calendar', page: AdminCalendar, menu: 'menu.calendar', roles: ['admin', 'supervisor', 'leader'] },
  // Those the outbox and the mail log answer (GET /api/outbox, /api/mail/messages); retry shows to admin and supervisor.
  { pattern: '/admin/gateways', page: AdminGateways, menu: 'menu.gateways', roles: ['admin', 'supervisor', 'leader'] },
  { pattern: '/admin/phrases', page: AdminPhrases, menu: 'phrases.menu', roles: ['admin', 'supervisor'] },
  // The knowledge base: staff search it and the units read what is published; writers and reviewers as the API says.
  { pattern: '/knowledge', page: KnowledgeList, menu: 'knowledge.menu', roles: ['agent', 'leader', 'supervisor', 'unit_responder'] },
  { pattern: '/knowledge/review', page: KnowledgeReview, menu: 'knowledge.menuReview', roles: ['leader', 'supervisor'] },
  { pattern: '/knowledge/new', page: KnowledgeEditor, roles: ['agent', 'supervisor'] },
  { pattern: '/knowledge/:id/edit', page: KnowledgeEditor, roles: ['agent', 'leader', 'supervisor'] },
  { pattern: '/knowledge/:id', page: KnowledgeArticle, roles: ['agent', 'leader', 'supervisor', 'unit_responder'] },
  // The case search (GET /api/cases?q=): every role that lists cases; a unit's responder finds their unit's only.
  { pattern: '/cases', page: later(() => import('./pages/cases/CaseList.js')), menu: 'menu.cases', roles: [...DESK, 'unit_responder'] },
  { pattern: '/cases/:id', page: CasePage },
  { pattern: '/password', page: Password },
];

function mayUse(r, user) {
  return !r.roles || (user.roles || []).some((role) => r.roles.includes(role));
}

/** The first page of a user: an admin's is Users, anyone else's the first of the menu they may use. */
function home(user) {
  if ((user.roles || []).includes('admin')) {
    return ROUTES.find((r) => r.pattern === '/admin/users');
  }
  return ROUTES.find((r) => r.menu && mayUse(r, user)) || ROUTES[0];
}

async function signedIn(user) {
  // Another user signing in over an expired page gets their own page (the page's key includes the user).
  me.value = user;
  notice.value = null;
  expired.value = false;
  // A new session: a fresh stream (the old one was refused with the old session's cookie).
  disconnectEvents();
  connectEvents();
  // No page asked for (the address without #/…): the user's own first page, not the router's default.
  const asked = /^#\/./.test(location.hash);
  if (!asked || route.value.path === '/signin' || !match(ROUTES.filter((r) => mayUse(r, user)), route.value.path)) {
    go(home(user).pattern);
  }
}

async function signOut() {
  try {
    await del('/api/session');
  } catch (e) {
    // Signed out already (an expired session): the page goes to sign-in all the same.
  }
  disconnectEvents();
  forgetEvents();
  me.value = null;
  expired.value = false;
  go('/signin');
}

// A session that ended while a page was open: sign in again over the page, which keeps what was typed.
whenUnauthorized(() => {
  if (me.value) {
    expired.value = true;
  }
  disconnectEvents();
});

// The stream was refused: if the session ended, the next request says so (401 → sign in again over the page).
whenStreamClosed(() => {
  if (me.value) {
    get('/api/me').catch(() => {});
  }
});

const Shell = {
  setup() {
    return () => {
      if (!me.value) {
        return h(SignIn, { notice: notice.value, onSignedIn: signedIn });
      }
      // A reset password: nothing else answers until it is changed, so the page says so and asks for it.
      const found = me.value.mustChangePassword ? { pattern: '/password', page: Password, params: {} }
        : match(ROUTES.filter((r) => mayUse(r, me.value)), route.value.path) || { ...home(me.value), params: {} };
      // A wall screen (#/wallboard?tv=1): the board alone, no menu or top bar.
      const tv = found.pattern === '/wallboard' && route.value.query.tv === '1';
      return h('div', { class: tv ? 'shell tv' : 'shell' }, [
        tv ? null : h('header', { class: 'topbar' }, [
          h('span', { class: 'brand' }, t('app.title')),
          h('nav', { class: 'menu' }, ROUTES.filter((r) => r.menu && mayUse(r, me.value)).map((r) => h('a', {
            key: r.pattern, href: href(r.pattern), 'data-test': 'menu-' + r.pattern.slice(1),
            class: found.pattern === r.pattern ? 'current' : null,
          }, t(r.menu)))),
          h('span', { class: 'spacer' }),
          // The search box of cases, knowledge and phrases ("/" or Ctrl+K): for those who work the desk.
          (me.value.roles || []).some((r) => DESK.includes(r)) ? h(SearchBox, { me: me.value }) : null,
          h('a', { class: 'who', href: href('/password'), title: t('menu.password'), 'data-test': 'who' },
            me.value.displayName || me.value.username),
          h('button', {
            class: 'link', 'data-test': 'lang',
            onClick: () => setLang(lang.value === 'en' ? 'zh-CN' : 'en'),
          }, lang.value === 'en' ? '中文' : 'English'),
          h('button', { class: 'link', 'data-test': 'signout', onClick: signOut }, t('signout')),
        ]),
        h('main', null, [h(found.page, {
          key: route.value.path + '@' + me.value.id, me: me.value, params: found.params, query: route.value.query,
          onChanged: async () => { me.value = await get('/api/me'); },
        })]),
        expired.value ? h('div', { class: 'overlay', 'data-test': 'expired' }, h(SignIn, {
          notice: 'signin.expired', username: me.value.username, onSignedIn: signedIn,
        })) : null,
      ]);
    };
  },
};

async function start() {
  // Who is signed in is asked while the dictionaries load: the first page needs both.
  const who = get('/api/me');
  who.catch(() => {});
  await loadLanguages();
  try {
    await signedIn(await who);
  } catch (e) {
    me.value = null;
  }
  createApp(Shell).mount('#app');
}

start();
