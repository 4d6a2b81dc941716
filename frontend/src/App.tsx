// The app: the login page until there is a session, then the tenant's screens: the
// navigation (a sidebar on a desktop, a bar on a phone), the content and the player bar. An expired token sends the user back to log in, saying why.
// Admins also have the analytics dashboard, whose figures come from the reports API.

import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { createClient } from "./api";
import { reportsBase, type AppConfig } from "./config";
import { AlbumPage, AllAlbums, AllArtists, ArtistPage, GenrePage, Home } from "./components/Catalog";
import { AccountContext } from "./components/account";
import { AdminsOnly } from "./components/AdminsOnly";
import { Admin } from "./components/Admin";
import { Liked } from "./components/Liked";
import { Login } from "./components/Login";
import { PlayerProvider } from "./components/Player";
import { MyPlaylists, PlaylistPage } from "./components/Playlists";
import { Listening, SongPage } from "./components/Stats";
import { parseRoute, sectionOf, titleOf, type Section } from "./routes";
import { storageKey } from "./queue";
import { SESSION_KEY, clearSession, loadSession, saveSession, type StoredSession } from "./session";

// The dashboard and its charts load only when an admin opens it.
const Dashboard = lazy(() => import("./components/Dashboard").then((module) => ({ default: module.Dashboard })));

/** How long before a session ends the app says so. */
const WARN_BEFORE_MS = 120_000;

export function App({ config }: { config: AppConfig }) {
  const [session, setSession] = useState<StoredSession | undefined>(() => loadSession());
  const [notice, setNotice] = useState<string>();
  const [hash, setHash] = useState(window.location.hash);
  // Signing in or out in one tab does the same in the others.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === SESSION_KEY || event.key === null) setSession(loadSession());
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, []);
  useEffect(() => {
    const onHash = () => setHash(window.location.hash);
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  useEffect(() => {
    document.title = session ? titleOf(parseRoute(hash)) : "Log in · musicctl";
  }, [hash, session]);
  // Two minutes before the session ends, say so; at its end, ask to log in again (the
  // page, and the player's queue, are where they were after logging in).
  const [ending, setEnding] = useState(false);
  useEffect(() => {
    setEnding(false);
    if (!session) return;
    const left = session.expires_at * 1000 - Date.now();
    const warn = window.setTimeout(() => setEnding(true), Math.max(left - WARN_BEFORE_MS, 0));
    const timer = window.setTimeout(() => logOut("Your session has expired: log in again to carry on where you were."), Math.max(left, 0));
    return () => {
      window.clearTimeout(warn);
      window.clearTimeout(timer);
    };
  }, [session]);

  function logOut(message?: string) {
    clearSession();
    setSession(undefined);
    setNotice(message);
  }

  const client = useMemo(
    () =>
      createClient({
        baseUrl: config.apiUrl,
        token: () => session?.token,
        onUnauthorized: () => logOut("Your session has expired: log in again."),
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [config.apiUrl, session?.token],
  );
  const reports = useMemo(
    () =>
      createClient({
        baseUrl: reportsBase(config),
        token: () => session?.token,
        onUnauthorized: () => logOut("Your session has expired: log in again."),
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [config.apiUrl, config.reportsUrl, session?.token],
  );

  if (!session) {
    return (
      <Login client={client} notice={notice} onSession={(fresh) => {
        saveSession(fresh);
        setNotice(undefined);
        setSession(fresh);
      }} />
    );
  }
  const route = parseRoute(hash);
  const isAdmin = session.user.role === "admin";
  const section = sectionOf(route);
  const link = (target: Section, href: string, label: string) => (
    <a href={href} aria-current={section === target ? "page" : undefined}>{label}</a>
  );
  return (
    <AccountContext.Provider value={{ user: session.user, tenant: session.tenant }}>
    <PlayerProvider client={client} storageKey={storageKey(session.tenant, session.user.user_id)}>
      <header className="top">
        <a className="brand" href="#/">musicctl</a>
        <nav aria-label="Main">
          {link("browse", "#/", "Browse")}
          {link("albums", "#/albums", "Albums")}
          {link("artists", "#/artists", "Artists")}
          {link("liked", "#/liked", "Liked songs")}
          {link("playlists", "#/playlists", "Playlists")}
          {link("listening", "#/listening", "Listening")}
          {isAdmin && link("dashboard", "#/dashboard", "Dashboard")}
          {isAdmin && link("admin", "#/admin", "Admin")}
        </nav>
        <span className="who" data-testid="who">{session.user.display_name} · {session.tenant}</span>
        <button onClick={() => logOut()}>Log out</button>
      </header>
      <main className={route.page === "dashboard" ? "wide" : undefined}>
        {ending && (
          <p className="notice" role="status">
            Your session ends at {new Date(session.expires_at * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}.{" "}
            <button className="link" onClick={() => logOut("Log in again to carry on where you were.")}>Log in again now</button>
          </p>
        )}
        {route.page === "home" && <Home client={client} />}
        {route.page === "albums" && <AllAlbums client={client} />}
        {route.page === "artists" && <AllArtists client={client} />}
        {route.page === "artist" && <ArtistPage client={client} artistId={route.id} />}
        {route.page === "album" && <AlbumPage client={client} albumId={route.id} />}
        {route.page === "song" && <SongPage client={client} songId={route.id} />}
        {route.page === "genre" && <GenrePage client={client} genre={route.genre} />}
        {route.page === "liked" && <Liked client={client} />}
        {route.page === "playlists" && <MyPlaylists client={client} />}
        {route.page === "playlist" && <PlaylistPage client={client} playlistId={route.id} share={route.share} userId={session.user.user_id} />}
        {route.page === "listening" && <Listening client={client} />}
        {route.page === "dashboard" && (isAdmin ? (
          <Suspense fallback={<p className="muted" role="status">Loading the dashboard…</p>}>
            <Dashboard client={reports} />
          </Suspense>
        ) : <AdminsOnly />)}
        {route.page === "admin" && (isAdmin ? <Admin client={client} /> : <p className="error">Only admins may see this page.</p>)}
      </main>
    </PlayerProvider>
    </AccountContext.Provider>
  );
}
