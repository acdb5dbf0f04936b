// Drafts of record forms, kept in this browser until filed: nothing typed is lost to a reload, a crashed tab or an
// expired session. The text (kind, fields, customer, call link, idempotency key) goes to localStorage, one entry per
// user and draft slot, written on every change; attached files go to IndexedDB (too large for localStorage), one
// record per file. A draft is removed only once its case has been filed and its last step taken.

const PREFIX = 'hotline.draft.';
const DB = 'hotline-drafts';
const STORE = 'files';

function key(userId, slot) {
  return `${PREFIX}${userId}.${slot}`;
}

/** A random idempotency key (crypto.randomUUID needs a secure context; getRandomValues does not). */
export function newRef() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return 'console:' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export function load(userId, slot) {
  try {
    const raw = localStorage.getItem(key(userId, slot));
    return raw ? JSON.parse(raw) : null;
  } catch (e) {
    return null;
  }
}

/** Writes the draft; answers false when the browser refused (storage full or disabled), so the page can say so. */
export function save(userId, slot, draft) {
  try {
    localStorage.setItem(key(userId, slot), JSON.stringify({ ...draft, savedAt: new Date().toISOString() }));
    return true;
  } catch (e) {
    return false;
  }
}

export function remove(userId, slot) {
  localStorage.removeItem(key(userId, slot));
}

/** This user's drafts that hold something typed, newest first: [{ slot, draft }]. */
export function list(userId) {
  const out = [];
  const prefix = `${PREFIX}${userId}.`;
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i);
    if (k && k.startsWith(prefix)) {
      try {
        const d = JSON.parse(localStorage.getItem(k));
        if (d && d.touched) {
          out.push({ slot: k.slice(prefix.length), draft: d });
        }
      } catch (e) {
        // An entry this page cannot read is left alone.
      }
    }
  }
  return out.sort((a, b) => String(b.draft.savedAt).localeCompare(String(a.draft.savedAt)));
}

// ---- files

let opening = null;

function db() {
  if (typeof indexedDB === 'undefined') {
    return Promise.reject(new Error('no IndexedDB'));
  }
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const r = indexedDB.open(DB, 1);
      r.onupgradeneeded = () => r.result.createObjectStore(STORE);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    opening.catch(() => { opening = null; });
  }
  return opening;
}

function request(mode, f) {
  return db().then((d) => new Promise((resolve, reject) => {
    const tx = d.transaction(STORE, mode);
    const r = f(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(r && r.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  }));
}

function fileKey(userId, slot, id) {
  return `${userId}.${slot}.${id}`;
}

/** Keeps a file of a draft; answers whether it was kept (false: it lives in this page only). */
export async function putFile(userId, slot, id, file) {
  try {
    await request('readwrite', (s) => s.put(file, fileKey(userId, slot, id)));
    return true;
  } catch (e) {
    return false;
  }
}

export async function getFile(userId, slot, id) {
  try {
    return (await request('readonly', (s) => s.get(fileKey(userId, slot, id)))) || null;
  } catch (e) {
    return null;
  }
}

export async function deleteFile(userId, slot, id) {
  try {
    await request('readwrite', (s) => s.delete(fileKey(userId, slot, id)));
  } catch (e) {
    // Nothing kept, nothing to delete.
  }
}
