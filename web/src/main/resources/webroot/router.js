// The console's routes: the part of the address after '#', e.g. #/desk, #/cases/12, #/intake?number=138…&call=7.
// A page reads route.value.params (from the pattern) and route.value.query; go(path) moves to another page.
import { ref } from './vue.js';

function parse(hash) {
  const raw = hash.replace(/^#/, '') || '/desk';
  const [path, search] = raw.split('?');
  return { path: path || '/desk', query: Object.fromEntries(new URLSearchParams(search || '')), params: {} };
}

export const route = ref(parse(location.hash));

window.addEventListener('hashchange', () => {
  route.value = parse(location.hash);
});

/** Moves to path ('/cases/12'), with query parameters when given ({ number: '138…' }). */
export function go(path, query) {
  const search = query ? new URLSearchParams(Object.entries(query).filter(([, v]) => v != null && v !== '')).toString() : '';
  location.hash = '#' + path + (search ? '?' + search : '');
}

/** The link of a path, for an <a href>. */
export function href(path, query) {
  const search = query ? new URLSearchParams(Object.entries(query).filter(([, v]) => v != null && v !== '')).toString() : '';
  return '#' + path + (search ? '?' + search : '');
}

/**
 * The first of routes ([{ pattern: '/cases/:id', page }]) matching the current path, with its params; null when none.
 */
export function match(routes, path) {
  const parts = path.split('/').filter(Boolean);
  for (const r of routes) {
    const want = r.pattern.split('/').filter(Boolean);
    if (want.length !== parts.length) {
      continue;
    }
    const params = {};
    if (want.every((w, i) => (w.startsWith(':') ? ((params[w.slice(1)] = decodeURIComponent(parts[i])), true) : w === parts[i]))) {
      return { ...r, params };
    }
  }
  return null;
}
