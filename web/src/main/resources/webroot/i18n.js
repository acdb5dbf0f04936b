// Every text of the console is a key of i18n/<lang>.json; Simplified Chinese by default, English by a switch that
// the browser remembers.
import { ref } from './vue.js';

const LANGS = ['zh-CN', 'en'];
const STORE = 'hotline.lang';
const dictionaries = {};

export const lang = ref(LANGS.includes(localStorage.getItem(STORE)) ? localStorage.getItem(STORE) : 'zh-CN');

/** Fetches one language's dictionary once. */
function load(l) {
  if (!dictionaries[l]) {
    dictionaries[l] = fetch(`/i18n/${l}.json`).then((r) => r.json()).then((d) => { dictionaries[l] = d; return d; },
      (e) => { delete dictionaries[l]; throw e; });
  }
  return Promise.resolve(dictionaries[l]);
}

/** The language in use and Chinese (every key's fallback); another language is fetched when switched to. */
export async function loadLanguages() {
  await Promise.all([...new Set(['zh-CN', lang.value])].map(load));
  document.documentElement.lang = lang.value;
}

/** Switches the language once its dictionary is here, so no page shows keys in between. */
export async function setLang(l) {
  if (LANGS.includes(l)) {
    await load(l);
    lang.value = l;
    localStorage.setItem(STORE, l);
    document.documentElement.lang = l;
  }
}

/** A dictionary that has arrived (a pending fetch answers nothing yet). */
function dict(l) {
  const d = dictionaries[l];
  return d && !(d instanceof Promise) ? d : {};
}

/** The text of a key in the current language, with {name} placeholders filled from args. */
export function t(key, args = {}) {
  const text = dict(lang.value)[key] ?? dict('zh-CN')[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in args ? String(args[name]) : m));
}
