// Log in or sign up to one tenant: the tenant is typed, or offered from the URL's ?tenant=
// or the last sign-in.

import { useState } from "react";
import type { Client } from "../api";
import { organisationToOffer, type StoredSession } from "../session";
import { messageOf } from "./common";

export function Login({ client, onSession, notice }: { client: Client; onSession: (s: StoredSession) => void; notice?: string }) {
  const [tenant, setTenant] = useState(() => organisationToOffer(window.location.search));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [name, setName] = useState("");
  const [signUp, setSignUp] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const slug = tenant.trim().toLowerCase();
      const session = signUp
        ? await client.register(slug, email, password, name)
        : await client.login(slug, email, password);
      onSession({ ...session, tenant: slug });
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <h1>musicctl</h1>
      {notice && <p className="notice" role="status">{notice}</p>}
      <form onSubmit={submit} aria-label={signUp ? "Sign up" : "Log in"}>
        <label>
          Organisation
          <input name="tenant" value={tenant} onChange={(e) => setTenant(e.target.value)} required autoComplete="organization" aria-describedby="tenant-hint" />
        </label>
        <small id="tenant-hint" className="muted">The short name of your organisation, e.g. northwind-records</small>
        <label>
          E-mail
          <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="email" />
        </label>
        <label>
          Password
          <input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete={signUp ? "new-password" : "current-password"} />
        </label>
        {signUp && (
          <label>
            Your name
            <input name="display_name" value={name} onChange={(e) => setName(e.target.value)} required />
          </label>
        )}
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" disabled={busy}>{busy ? "…" : signUp ? "Sign up" : "Log in"}</button>
      </form>
      <button className="link" onClick={() => setSignUp(!signUp)}>
        {signUp ? "I have an account: log in" : "New here? Sign up"}
      </button>
    </main>
  );
}
