// Every text of the console is a key of i18n/<lang>.json; Simplified Chinese by default, English by a switch that
// the browser remembers.
import { ref } from './vue.js';

const LANGS = ['zh-CN', 'en'];
const STORE = 'hotline.lang';
const dictionaries = {};

export const lang = ref(LANGS.includes(localStorage.getItem(STORE)) ? localStorage.getItem(STORE) : 'zh-CN');

export async function loadLanguages() {
  await Promise.all(LANGS.map(async (l) => {
    const r = await fetch(`/i18n/${l}.json`);
    dictionaries[l] = await r.json();
  }));
  document.documentElement.lang = lang.value;
}

export function setLang(l) {
  if (LANGS.includes(l)) {
    lang.value = l;
    localStorage.setItem(STORE, l);
    document.documentElement.lang = l;
  }
}

/** The text of a key in the current language, with {name} placeholders filled from args. */
export function t(key, args = {}) {
  const text = (dictionaries[lang.value] || {})[key] ?? (dictionaries['zh-CN'] || {})[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in args ? String(args[name]) : m));
}
