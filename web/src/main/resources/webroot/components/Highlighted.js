// A search result's text with its hits marked: `value` is the server's {text, hits: [[start, end], …]} (UTF-16
// indices, sorted, apart), or a plain string. Rendered as text nodes and <mark>s, never as HTML.
import { h } from '../vue.js';

export function pieces(value) {
  if (value == null) {
    return [];
  }
  if (typeof value === 'string') {
    return [{ text: value, hit: false }];
  }
  const out = [];
  let at = 0;
  for (const [start, end] of value.hits || []) {
    if (start > at) {
      out.push({ text: value.text.slice(at, start), hit: false });
    }
    out.push({ text: value.text.slice(start, end), hit: true });
    at = end;
  }
  if (at < value.text.length) {
    out.push({ text: value.text.slice(at), hit: false });
  }
  return out;
}

export default {
  props: { value: [Object, String], tag: { type: String, default: 'span' } },
  setup(props) {
    return () => h(props.tag, { class: 'highlighted' },
      pieces(props.value).map((p) => (p.hit ? h('mark', { 'data-test': 'hit' }, p.text) : p.text)));
  },
};
