// Log in or sign up to one tenant: the tenant is typed, or offered from the URL's ?tenant=
// or the last sign-in. As it is typed the page greets the organisation by name, or says
// that there is none by that name.

import { useEffect, useState } from "react";
import { ApiError, type Client } from "../api";
import { organisationToOffer, type StoredSession } from "../session";
import { messageOf } from "./common";

/** What the page knows of the organisation typed: its name, that there is none, or nothing yet. */
type Organisation = { slug: string; name: string } | { slug: string; missing: string };

/** Looks the organisation `slug` up once typing has paused; network trouble says nothing. */
function useOrganisation(client: Client, slug: string): [Organisation | undefined, (found: Organisation) => void] {
  const [found, setFound] = useState<Organisation>();
  useEffect(() => {
    if (!slug) return;
    let live = true;
    const timer = window.setTimeout(() => {
      lookUp(client, slug).then((result) => live && result && setFound(result));
    }, 400);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [client, slug]);
  return [found?.slug === slug ? found : undefined, setFound];
}

async function lookUp(client: Client, slug: string): Promise<Organisation | undefined> {
  try {
    return { slug, name: (await client.organisation(slug)).name };
  } catch (caught) {
    return caught instanceof ApiError && caught.status === 404 ? { slug, missing: caught.message } : undefined;
  }
}

export function Login({ client, onSession, notice }: { client: Client; onSession: (s: StoredSession) => void; notice?: string }) {
  const [tenant, setTenant] = useState(() => organisationToOffer(window.location.search));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [name, setName] = useState("");
  const [signUp, setSignUp] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const slug = tenant.trim().toLowerCase();
  const [organisation, setOrganisation] = useOrganisation(client, slug);
  const missing = organisation && "missing" in organisation ? organisation.missing : undefined;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = signUp
        ? await client.register(slug, email, password, name)
        : await client.login(slug, email, password);
      onSession({ ...session, tenant: slug });
    } catch (caught) {
      // A refused login may be a mistyped organisation: then say so at its field.
      const checked = caught instanceof ApiError && caught.status === 401 ? await lookUp(client, slug) : undefined;
      if (checked && "missing" in checked) setOrganisation(checked);
      else setError(messageOf(caught));
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
          <input name="tenant" value={tenant} onChange={(e) => setTenant(e.target.value)} required autoComplete="organization"
            aria-describedby={missing ? "tenant-error" : "tenant-hint"} aria-invalid={missing ? true : undefined} />
        </label>
        {missing ? (
          <small id="tenant-error" className="error" role="alert">{missing}</small>
        ) : organisation && "name" in organisation ? (
          <small id="tenant-hint" className="muted" data-testid="organisation">Signing in to <strong>{organisation.name}</strong></small>
        ) : (
          <small id="tenant-hint" className="muted">The short name of your organisation, e.g. northwind-records</small>
        )}
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
