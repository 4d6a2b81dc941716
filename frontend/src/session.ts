// The signed-in session: kept in localStorage, so that every tab of the app (a shared link
// opened in a new tab included) is signed in once, and dropped when it expires or when
// any tab logs out. The organisation of the last sign-in is remembered for the next one.

import type { Session } from "./api";

/** Where the session is kept; other tabs watch it through `storage` events. */
export const SESSION_KEY = "musicctl.session";

const ORGANISATION_KEY = "musicctl.organisation";

export interface StoredSession extends Session {
  tenant: string;
}

export function loadSession(storage: Storage = localStorage, now = Date.now()): StoredSession | undefined {
  const text = storage.getItem(SESSION_KEY);
  if (!text) return undefined;
  try {
    const session = JSON.parse(text) as StoredSession;
    if (session.expires_at * 1000 <= now) {
      storage.removeItem(SESSION_KEY);
      return undefined;
    }
    return session;
  } catch {
    storage.removeItem(SESSION_KEY);
    return undefined;
  }
}

export function saveSession(session: StoredSession, storage: Storage = localStorage): void {
  storage.setItem(SESSION_KEY, JSON.stringify(session));
  storage.setItem(ORGANISATION_KEY, session.tenant);
}

export function clearSession(storage: Storage = localStorage): void {
  storage.removeItem(SESSION_KEY);
}

/** The organisation to offer at sign-in: the link's `?tenant=`, else the last one used. */
export function organisationToOffer(search: string, storage: Storage = localStorage): string {
  return new URLSearchParams(search).get("tenant") ?? storage.getItem(ORGANISATION_KEY) ?? "";
}
