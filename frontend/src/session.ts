// The signed-in session: kept in sessionStorage for the tab's life, dropped when it expires.

import type { Session } from "./api";

const KEY = "musicctl.session";

export interface StoredSession extends Session {
  tenant: string;
}

export function loadSession(storage: Storage = sessionStorage, now = Date.now()): StoredSession | undefined {
  const text = storage.getItem(KEY);
  if (!text) return undefined;
  try {
    const session = JSON.parse(text) as StoredSession;
    if (session.expires_at * 1000 <= now) {
      storage.removeItem(KEY);
      return undefined;
    }
    return session;
  } catch {
    storage.removeItem(KEY);
    return undefined;
  }
}

export function saveSession(session: StoredSession, storage: Storage = sessionStorage): void {
  storage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(storage: Storage = sessionStorage): void {
  storage.removeItem(KEY);
}
