// The login form: sends tenant, e-mail and password, and shows the server's refusal.

import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, expect, it, vi } from "vitest";
import { ApiError, createClient } from "../api";
import { Login } from "./Login";

afterEach(cleanup);

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

it("logs in with the tenant typed and hands over the session", async () => {
  const client = createClient({ baseUrl: "" });
  const session = { token: "t", expires_at: 9_999_999_999, user: { user_id: "usr_1" } };
  const login = vi.spyOn(client, "login").mockResolvedValue(session as never);
  const onSession = vi.fn();
  render(<Login client={client} onSession={onSession} />);
  fill("Organisation", " Acme-Records ");
  fill("E-mail", "ana@example.com");
  fill("Password", "correct horse 9");
  fireEvent.click(screen.getByRole("button", { name: "Log in" }));
  await waitFor(() => expect(onSession).toHaveBeenCalled());
  expect(login).toHaveBeenCalledWith("acme-records", "ana@example.com", "correct horse 9");
  expect(onSession.mock.calls[0][0].tenant).toBe("acme-records");
});

it("shows why a login was refused", async () => {
  const client = createClient({ baseUrl: "" });
  vi.spyOn(client, "login").mockRejectedValue(new ApiError(401, "unauthorized", "wrong tenant, e-mail or password"));
  render(<Login client={client} onSession={vi.fn()} notice="Your session has expired: log in again." />);
  expect(screen.getByRole("status").textContent).toContain("expired");
  fill("Organisation", "acme");
  fill("E-mail", "ana@example.com");
  fill("Password", "nope nope 1");
  fireEvent.click(screen.getByRole("button", { name: "Log in" }));
  expect((await screen.findByRole("alert")).textContent).toBe("wrong tenant, e-mail or password");
});

it("switches to sign-up and asks for a name", () => {
  render(<Login client={createClient({ baseUrl: "" })} onSession={vi.fn()} />);
  fireEvent.click(screen.getByRole("button", { name: "New here? Sign up" }));
  expect(screen.getByLabelText("Your name")).toBeTruthy();
  expect(screen.getByRole("button", { name: "Sign up" })).toBeTruthy();
});

it("greets the organisation typed by name, or says there is none, at its field", async () => {
  const client = createClient({ baseUrl: "" });
  vi.spyOn(client, "organisation").mockImplementation(async (slug) => {
    if (slug === "acme-records") return { tenant_id: slug, name: "Acme Records" };
    throw new ApiError(404, "not_found", `no organisation is called "${slug}": check the short name with whoever invited you`);
  });
  render(<Login client={client} onSession={vi.fn()} />);
  fill("Organisation", "Acme-Records");
  expect((await screen.findByTestId("organisation", {}, { timeout: 2000 })).textContent).toBe("Signing in to Acme Records");
  fill("Organisation", "acme-recrods");
  const error = await screen.findByRole("alert", {}, { timeout: 2000 });
  expect(error.textContent).toContain('no organisation is called "acme-recrods"');
  expect(screen.getByLabelText("Organisation").getAttribute("aria-invalid")).toBe("true");
});

it("after a refused login, names a mistyped organisation rather than the password", async () => {
  const client = createClient({ baseUrl: "" });
  vi.spyOn(client, "login").mockRejectedValue(new ApiError(401, "unauthorized", "wrong tenant, e-mail or password"));
  vi.spyOn(client, "organisation").mockRejectedValue(new ApiError(404, "not_found", 'no organisation is called "acm"'));
  render(<Login client={client} onSession={vi.fn()} />);
  fill("Organisation", "acm");
  fill("E-mail", "ana@example.com");
  fill("Password", "nope nope 1");
  fireEvent.click(screen.getByRole("button", { name: "Log in" }));
  expect((await screen.findByRole("alert")).textContent).toBe('no organisation is called "acm"');
});
