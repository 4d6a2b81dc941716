// The app warns before a session ends and asks to log in again at its end, saying why.

import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { App } from "./App";
import { saveSession } from "./session";

const user = { user_id: "usr_1", tenant_id: "acme", email: "a@b.co", display_name: "Ana", role: "listener" as const, plan: "free" as const, created_at: "" };

beforeEach(() => {
  localStorage.clear();
  // No API here: every call fails as an unreachable service would.
  vi.stubGlobal("fetch", vi.fn(async () => { throw new TypeError("offline"); }));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

it("says when the session is about to end, then asks to log in again", async () => {
  saveSession({ token: "t", token_type: "Bearer", expires_at: Date.now() / 1000 + 1.5, user, tenant: "acme" });
  render(<App config={{ apiUrl: "", stage: "local" }} />);
  expect((await screen.findByText(/Your session ends at/)).textContent).toContain("Your session ends at");
  expect(await screen.findByText("Your session has expired: log in again to carry on where you were.", {}, { timeout: 3000 })).toBeTruthy();
  expect(screen.getByLabelText("Organisation")).toBeTruthy();
});
