// Sessions: kept for the tab, dropped when expired or unreadable.

import { expect, it } from "vitest";
import { clearSession, loadSession, saveSession } from "./session";

const user = { user_id: "usr_1", tenant_id: "acme", email: "a@b.co", display_name: "A", role: "listener" as const, plan: "free", created_at: "" };

it("keeps a session until it expires", () => {
  const now = Date.now();
  saveSession({ token: "t", expires_at: now / 1000 + 60, user, tenant: "acme" });
  expect(loadSession(sessionStorage, now)?.token).toBe("t");
  expect(loadSession(sessionStorage, now + 61_000)).toBeUndefined();
  expect(sessionStorage.length).toBe(0);
});

it("drops an unreadable session", () => {
  sessionStorage.setItem("musicctl.session", "{not json");
  expect(loadSession()).toBeUndefined();
  clearSession();
});
