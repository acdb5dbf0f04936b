// The console's shell: who is signed in, which page shows (a hash route: #/desk, #/signin), the language.
import { createApp, h, ref, shallowRef } from './vue.js';
import { get, del, whenUnauthorized } from './api.js';
import { loadLanguages, t, lang, setLang } from './i18n.js';
import { connectEvents, disconnectEvents } from './events.js';
import SignIn from './pages/signin/SignIn.js';
import Desk from './pages/desk/Desk.js';

const me = ref(null);
const route = ref(location.hash.replace(/^#/, '') || '/desk');
const notice = ref(null);

window.addEventListener('hashchange', () => {
  route.value = location.hash.replace(/^#/, '') || '/desk';
});

function go(path) {
  location.hash = '#' + path;
}

async function signedIn(user) {
  me.value = user;
  notice.value = null;
  connectEvents();
  if (route.value === '/signin') {
    go('/desk');
  }
}

async function signOut() {
  try {
    await del('/api/session');
  } catch (e) {
    // Signed out already (an expired session): the page goes to sign-in all the same.
  }
  disconnectEvents();
  me.value = null;
  go('/signin');
}

// A session that ended while a page was open: back to sign-in, saying why; drafts stay where they are kept.
whenUnauthorized(() => {
  if (me.value) {
    notice.value = 'signin.expired';
  }
  disconnectEvents();
  me.value = null;
});

const PAGES = { '/desk': Desk };

const Shell = {
  setup() {
    return () => {
      if (!me.value) {
        return h(SignIn, { notice: notice.value, onSignedIn: signedIn });
      }
      const page = PAGES[route.value] || Desk;
      return h('div', { class: 'shell' }, [
        h('header', { class: 'topbar' }, [
          h('span', { class: 'brand' }, t('app.title')),
          h('span', { class: 'spacer' }),
          h('span', { class: 'who', 'data-test': 'who' }, me.value.displayName || me.value.username),
          h('button', {
            class: 'link', 'data-test': 'lang',
            onClick: () => setLang(lang.value === 'en' ? 'zh-CN' : 'en'),
          }, lang.value === 'en' ? '中文' : 'English'),
          h('button', { class: 'link', 'data-test': 'signout', onClick: signOut }, t('signout')),
        ]),
        h('main', null, [h(page, { me: me.value })]),
      ]);
    };
  },
};

async function start() {
  await loadLanguages();
  try {
    const user = await get('/api/me');
    await signedIn(user);
  } catch (e) {
    me.value = null;
  }
  createApp(Shell).mount('#app');
}

start();
