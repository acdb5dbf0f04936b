// Standard service phrases on the console: filling the placeholders the page knows (a case not filed yet: the agent,
// the customer typed in), copying to the clipboard, and inserting at the cursor of the record form's text field (the
// intake page registers that field; the search box inserts there too).
import { t } from '../i18n.js';

export const CATEGORIES = ['greeting', 'verification', 'apology', 'explanation', 'closing'];
const TOKEN = /\{(工号|坐席姓名|工单号|办结时限|责任单位|客户称呼)\}/g;

/** The text with the placeholders of values filled ({ 工号: 'gh1024', … }); the others left as written. */
export function fill(template, values) {
  return String(template || '').replace(TOKEN, (m, name) => (values[name] != null && values[name] !== '' ? values[name] : m));
}

/** The placeholders a text still holds. */
export function missing(text) {
  return [...new Set([...String(text || '').matchAll(TOKEN)].map((m) => m[1]))];
}

/** What the page knows before a case is filed: the agent, and the customer's name as typed (or the polite form). */
export function draftValues(me, form) {
  const name = form && form.contact && !form.anonymous ? (form.contact.name || '').trim() : '';
  return { 工号: me ? me.username : '', 坐席姓名: me ? (me.displayName || me.username) : '', 客户称呼: name || '尊敬的客户' };
}

let target = null;

/** The field phrases go into: f(text) inserts (false: no field to take it now); answers a function that unregisters it. */
export function setTarget(f) {
  target = f;
  return () => {
    if (target === f) {
      target = null;
    }
  };
}

export function hasTarget() {
  return target != null;
}

/** Inserts into the registered field (phraseId: which phrase, for a page that fills it itself); false when no page has one. */
export function insert(text, phraseId) {
  if (!target) {
    return false;
  }
  return target(text, phraseId) !== false;
}

/** Copies to the clipboard (the Clipboard API, else a selected text area); answers whether it went. */
export async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (e) {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch (e2) {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

/**
 * Inserts text at the cursor of a text field (replacing what is selected), as typing would: the field's input event
 * tells the page's model, and the cursor ends after the text.
 */
export function insertAt(el, text) {
  const start = el.selectionStart ?? el.value.length;
  const end = el.selectionEnd ?? start;
  const max = el.maxLength > 0 ? el.maxLength : Infinity;
  const room = Math.max(0, max - (el.value.length - (end - start)));
  const piece = text.slice(0, room);
  el.value = el.value.slice(0, start) + piece + el.value.slice(end);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.focus();
  el.setSelectionRange(start + piece.length, start + piece.length);
  return piece.length === text.length;
}

export const categoryLabel = (c) => t(`phrases.category.${c}`);
