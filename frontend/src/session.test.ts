// Sessions: shared by the app's tabs, dropped when expired or unreadable; the organisation
// of the last sign-in is offered at the next, unless a link names one.

import { expect, it } from "vitest";
import { clearSession, loadSession, organisationToOffer, saveSession } from "./session";

const user = { user_id: "usr_1", tenant_id: "acme", email: "a@b.co", display_name: "A", role: "listener" as const, plan: "free" as const, created_at: "" };

it("keeps a session until it expires", () => {
  const now = Date.now();
  saveSession({ token: "t", token_type: "Bearer", expires_at: now / 1000 + 60, user, tenant: "acme" });
  expect(loadSession(localStorage, now)?.token).toBe("t");
  expect(loadSession(localStorage, now + 61_000)).toBeUndefined();
  expect(localStorage.getItem("musicctl.session")).toBeNull();
});

it("drops an unreadable session", () => {
  localStorage.setItem("musicctl.session", "{not json");
  expect(loadSession()).toBeUndefined();
  clearSession();
});

it("offers the organisation of a link, else the last one signed in to", () => {
  saveSession({ token: "t", token_type: "Bearer", expires_at: Date.now() / 1000 + 60, user, tenant: "acme-records" });
  clearSession();
  expect(organisationToOffer("")).toBe("acme-records");
  expect(organisationToOffer("?tenant=beta-radio")).toBe("beta-radio");
});
