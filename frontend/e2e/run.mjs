// End-to-end test of the web app in headless Chromium (Debian's, driven by playwright-core)
// against `musicctl up` over freshly seeded data:
//   a listener of one tenant logs in, searches a song as they type by a word in the middle
//   of its title (its row names the artist and the album), plays it (the audio advances, the play is recorded with the time
//   heard), reloads and keeps the queue, likes it (it is in "Liked songs"), makes a
//   playlist from a song row's menu, reorders
//   it by drag and drop (kept on the server), sees the play in the history; a listener of
//   another tenant sees none of it. Another user of the tenant sees the playlist, once
//   public, read-only and saves a copy. The artists grid sorts A to Z and filters by genre;
//   the albums grid lists the last added first, A to Z, and one genre's A to Z. An admin adds an artist, an album and a song with
//   uploaded audio through pickers and plays it. Then the analytics dashboard (over the summaries that
//   `musicctl pipeline` builds before the server starts): an admin sees its charts, narrows
//   the dates, cross-filters by clicking a genre bar; another tenant's admin sees its own
//   figures; a listener is told the dashboard is for admins. Every screen is photographed at
//   phone and desktop width into test-artifacts/ and checked by axe-core (no serious or
//   critical violations); the page logs no errors.
// Environment: MUSICCTL_BIN (musicctl to run), CHROMIUM (the browser), ARTIFACTS (where).

import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { isCurrent } from "../scripts/api-types.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const musicctl = process.env.MUSICCTL_BIN ?? join(root, "target/debug/musicctl");
const artifacts = process.env.ARTIFACTS ?? join(root, "test-artifacts");
const password = "musicctl-demo-1";
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
mkdirSync(artifacts, { recursive: true });

function check(condition, message) {
  if (!condition) throw new Error(`e2e: ${message}`);
}

const data = mkdtempSync(join(tmpdir(), "musicctl-e2e-"));
const seeded = spawnSync(musicctl, ["--data-dir", data, "seed", "--tenants", "2", "--rows", "600", "--json"], { encoding: "utf8" });
check(seeded.status === 0, `seed failed: ${seeded.stderr}`);
// The dashboard's figures: ingest, crawl, views and etl over the seeded tables.
const piped = spawnSync(musicctl, ["--data-dir", data, "pipeline"], { encoding: "utf8" });
check(piped.status === 0, `pipeline failed: ${piped.stderr}`);

const server = spawn(musicctl, ["--data-dir", data, "up", "--port", "0", "--no-seed", "--web-dir", join(here, "../dist")], {
  stdio: ["ignore", "pipe", "inherit"],
});
const base = await new Promise((done, fail) => {
  let seen = "";
  server.stdout.on("data", (chunk) => {
    seen += chunk;
    const match = seen.match(/musicctl is up on (http:\/\/\S+)/);
    if (match) done(match[1]);
  });
  server.on("exit", (code) => fail(new Error(`musicctl up exited with ${code}`)));
  // A generous bound: the wait follows the process, which normally listens within a second.
  setTimeout(() => fail(new Error("musicctl up did not listen within 300 s")), 300_000).unref();
});

/** A WAV file of `seconds` of a 440 Hz tone, 8 kHz mono 16-bit, as an admin would upload. */
function toneWav(seconds) {
  const rate = 8000;
  const samples = rate * seconds;
  const bytes = Buffer.alloc(44 + samples * 2);
  bytes.write("RIFF", 0);
  bytes.writeUInt32LE(36 + samples * 2, 4);
  bytes.write("WAVEfmt ", 8);
  bytes.writeUInt32LE(16, 16);
  bytes.writeUInt16LE(1, 20);
  bytes.writeUInt16LE(1, 22);
  bytes.writeUInt32LE(rate, 24);
  bytes.writeUInt32LE(rate * 2, 28);
  bytes.writeUInt16LE(2, 32);
  bytes.writeUInt16LE(16, 34);
  bytes.write("data", 36);
  bytes.writeUInt32LE(samples * 2, 40);
  for (let n = 0; n < samples; n++) bytes.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * n) / rate) * 8000), 44 + n * 2);
  return bytes;
}

async function api(path, token, body, method) {
  const response = await fetch(`${base}${path}`, {
    method: method ?? (body ? "POST" : "GET"),
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  check(response.ok, `${path} answered ${response.status}`);
  return response.json();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--autoplay-policy=no-user-gesture-required"],
});
let failed = false;
try {
  // The web app's API types are the running API's: generated from its /openapi.json.
  check(await isCurrent(`${base}/openapi.json`),
    `frontend/src/api-schema.d.ts differs from the API: run node frontend/scripts/api-types.mjs ${base}/openapi.json`);

  // One context, as one browser profile: its tabs share the app's stored session.
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => {
    pageErrors.push(error.message);
    console.error("page error:", error.message);
  });
  // Errors the app logs; an API's 4xx answer (another tenant's playlist) is the browser's
  // own "Failed to load resource" line, which the screens show as a message instead.
  const consoleErrors = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      consoleErrors.push(message.text());
      console.error("console error:", message.text());
    }
  });

  // axe-core over the screen as it is now: no serious or critical violations.
  async function accessible(name) {
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    const bad = result.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
    const said = bad.map((violation) => `${violation.id} (${violation.impact}) at ${violation.nodes.slice(0, 3).map((node) => node.target.join(" ")).join(", ")}`);
    check(bad.length === 0, `${name}: accessibility violations: ${said.join("; ")}`);
  }
  // A screen at both widths, settled, then checked by axe; the viewport goes back as it was.
  async function photograph(name) {
    await page.waitForLoadState("networkidle");
    const before = page.viewportSize();
    for (const [label, size] of [["phone", PHONE], ["desktop", DESKTOP]]) {
      await page.setViewportSize(size);
      await page.waitForTimeout(150);
      await page.screenshot({ path: join(artifacts, `${name}-${label}.png`), fullPage: true });
    }
    await accessible(name);
    await page.setViewportSize(before);
  }

  async function logIn(tenant, email) {
    await page.goto(`${base}/`);
    await page.getByLabel("Organisation").fill(tenant);
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByTestId("who").waitFor();
  }

  // A song of the first tenant to look for, found through the API as a person would know it.
  const session = await api("/users/login", undefined, { tenant: "northwind-records", email: "listener@northwind-records.test", password });
  // One found by a word in the middle of its title (its last word, not its first), on the
  // first page of results, as the API answers them.
  const listed = (await api("/songs?limit=50", session.token)).items;
  let song;
  let typed;
  for (const candidate of listed) {
    const words = candidate.title.toLowerCase().split(/\s+/);
    const last = words[words.length - 1];
    if (words.length < 2 || words[0].startsWith(last)) continue;
    const first = await api(`/songs/search?q=${encodeURIComponent(last)}&limit=20`, session.token);
    if (first.items.some((found) => found.song_id === candidate.song_id)) {
      [song, typed] = [candidate, last];
      break;
    }
  }
  check(song, "no seeded song is found by the last word of its title");
  const other = listed.find((candidate) => candidate.song_id !== song.song_id);
  const artistName = (await api(`/artists/${song.artist_id}`, session.token)).name;
  const albumTitle = (await api(`/albums/${song.album_id}`, session.token)).title;

  await page.goto(`${base}/`);
  await page.getByLabel("Organisation").waitFor();
  await photograph("01-login");
  // The organisation is greeted by name as it is typed, and a mistyped one is named as such.
  await page.getByLabel("Organisation").fill("northwind-recrods");
  await page.getByRole("alert").filter({ hasText: 'no organisation is called "northwind-recrods"' }).waitFor();
  await page.getByLabel("Organisation").fill("northwind-records");
  await page.getByTestId("organisation").filter({ hasText: "Signing in to" }).waitFor();
  await logIn("northwind-records", "listener@northwind-records.test");

  // Sign in once: another tab of the app (a shared link, say) is signed in already.
  const tab = await context.newPage();
  await tab.goto(`${base}/#/listening`);
  await tab.getByTestId("who").waitFor();
  check((await tab.title()) === "Your listening · musicctl", `the tab's title is ${await tab.title()}`);
  await tab.close();

  await page.getByRole("heading", { name: "New releases" }).waitFor();
  await photograph("02-home");

  // Search as you type, by a word in the middle of the title: no button; the song's row
  // names its artist and album.
  const search = page.getByLabel("Search songs, artists, albums and playlists");
  await search.pressSequentially(typed, { delay: 40 });
  const found = page.getByRole("list", { name: "Songs found" });
  const songRow = () => found.locator("li.song", { has: page.locator(`a[href="#/songs/${song.song_id}"]`) }).first();
  await songRow().waitFor();
  await songRow().getByTestId("song-artist").filter({ hasText: artistName }).waitFor();
  const shownAlbum = await songRow().getByTestId("song-album").textContent();
  check(shownAlbum === albumTitle, `the song's row shows the album ${shownAlbum}, not ${albumTitle}`);
  await photograph("03-search");
  await songRow().getByRole("button", { name: `Play ${song.title} by ${artistName}` }).click();
  await page.waitForFunction(() => (document.querySelector("audio")?.currentTime ?? 0) > 0.5, null, { timeout: 15_000 });
  const nowPlaying = await page.getByTestId("now-playing").textContent();
  check(nowPlaying === song.title, `the player shows ${nowPlaying}`);
  check((await page.getByTestId("now-artist").textContent()) === artistName, "the player bar does not name the artist");

  // Another song after it in the queue, from that song's own page.
  await page.evaluate((id) => { window.location.hash = `#/songs/${id}`; }, other.song_id);
  await page.getByRole("heading", { name: other.title }).waitFor();
  const queueLength = async () => Number((await page.getByRole("button", { name: /^Queue/ }).textContent()).match(/\/(\d+)\)$/)?.[1] ?? 0);
  const queuedBefore = await queueLength();
  await page.getByRole("button", { name: "Add to queue" }).click();
  check((await queueLength()) === queuedBefore + 1, "the song was not queued");

  // Heard for 31 s, then Next: one play of about 31 s, the time really heard (the demo
  // audio is as long as the song says), read back through the API.
  const before = new Date().toISOString();
  await page.waitForFunction(() => (document.querySelector("audio")?.currentTime ?? 0) >= 31, null, { timeout: 90_000 });
  const placeBefore = Number((await page.getByRole("button", { name: /^Queue/ }).textContent()).match(/\((\d+)\//)?.[1] ?? 0);
  await page.getByRole("button", { name: "Next", exact: true }).click();
  let plays = [];
  for (const deadline = Date.now() + 15_000; plays.length === 0 && Date.now() < deadline; ) {
    const history = await api("/stats/me/history?limit=10", session.token);
    plays = history.items.filter((item) => item.song_id === song.song_id && item.played_at >= before.slice(0, 19));
    if (plays.length === 0) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  check(plays.length === 1, `${plays.length} plays are recorded for 31 s of listening`);
  check(plays[0].ms_played >= 30_000 && plays[0].ms_played <= 34_000, `the play records ${plays[0].ms_played} ms, not about 31 s`);
  const place = async () => Number((await page.getByRole("button", { name: /^Queue/ }).textContent()).match(/\((\d+)\//)?.[1] ?? 0);
  check((await place()) === placeBefore + 1, "Next does not move to the next song of the queue");

  // A reload keeps the queue and its place (paused first, so that the place stays put).
  const pause = page.getByRole("button", { name: "Pause", exact: true });
  if (await pause.count()) await pause.click();
  const queueButton = page.getByRole("button", { name: /^Queue/ });
  const queued = { song: await page.getByTestId("now-playing").textContent(), label: await queueButton.textContent() };
  check(/^Queue \(\d+\/\d+\)$/.test(queued.label), `the queue button says ${queued.label}`);
  await page.reload();
  await page.getByTestId("who").waitFor();
  const kept = { song: await page.getByTestId("now-playing").textContent(), label: await queueButton.textContent() };
  check(kept.song === queued.song && kept.label === queued.label, `after a reload the player has ${JSON.stringify(kept)}, not ${JSON.stringify(queued)}`);
  await queueButton.click();
  await page.getByRole("list", { name: "Queue songs" }).waitFor();
  await photograph("04-queue");
  await queueButton.click();

  // A playlist with the song.
  await page.getByRole("link", { name: "Playlists" }).click();
  await page.getByLabel("Name").fill("E2E mix");
  await page.getByRole("button", { name: "Create playlist" }).click();
  await page.getByRole("heading", { name: "E2E mix" }).waitFor();
  const playlistUrl = page.url();
  const playlistId = decodeURIComponent(playlistUrl.split("#/playlists/")[1]);

  // A like from the song's row: the heart turns, and the song is in "Liked songs".
  await page.getByRole("link", { name: "Browse" }).click();
  await search.fill(typed);
  const heart = songRow().getByRole("button", { name: `Like ${song.title}` });
  if ((await heart.getAttribute("aria-pressed")) !== "true") await heart.click();
  await songRow().locator('button.like[aria-pressed="true"]').waitFor();
  await page.getByRole("link", { name: "Liked songs" }).click();
  await page.getByRole("list", { name: "Liked songs" }).locator(`a[href="#/songs/${song.song_id}"]`).waitFor();
  const likes = await api("/playlists/liked/songs", session.token);
  check(likes.items[0]?.item_id === song.song_id, "the newest like is not the song just liked");
  await photograph("05-liked");
  await page.getByRole("link", { name: "Browse" }).click();
  await search.fill(typed);
  await songRow().getByLabel(`More for ${song.title}`).click();
  await songRow().getByRole("button", { name: "Add to playlist" }).click();
  await songRow().getByLabel("Choose a playlist").selectOption({ label: "E2E mix" });
  await songRow().getByText("Added").waitFor();
  await api(`/playlists/${playlistId}/songs`, session.token, { song_id: other.song_id });

  // Drag the second song above the first: the new order is the server's.
  await page.goto(playlistUrl);
  const entries = page.getByRole("list", { name: "Playlist songs" }).locator("li.song");
  await entries.nth(1).locator(`a[href="#/songs/${other.song_id}"]`).waitFor();
  await entries.nth(1).dragTo(entries.nth(0));
  await entries.nth(0).locator(`a[href="#/songs/${other.song_id}"]`).waitFor({ timeout: 15_000 });
  const stored = await api(`/playlists/${playlistId}`, session.token);
  check(stored.entries.map((entry) => entry.song_id).join() === [other.song_id, song.song_id].join(),
    `after the drag the playlist holds ${stored.entries.map((entry) => entry.song_id).join()}`);
  await photograph("06-playlist");

  // An album and an artist page: cover, names, tracklist and discography.
  await page.goto(`${base}/#/albums/${song.album_id}`);
  await page.getByRole("heading", { name: albumTitle }).waitFor();
  await page.getByRole("list", { name: "Tracklist" }).locator(`a[href="#/songs/${song.song_id}"]`).waitFor();
  await photograph("07-album");
  await page.getByRole("link", { name: artistName }).first().click();
  await page.getByRole("heading", { name: artistName }).waitFor();
  await page.getByRole("list", { name: "Discography" }).locator(`a[href="#/albums/${song.album_id}"]`).waitFor();
  await photograph("08-artist");

  // All artists A to Z, then one genre's most popular first, and all albums as last added:
  // each grid's first card is the API's first item.
  const firstCard = async (label, title) => {
    await page.getByRole("list", { name: label, exact: true }).locator(".card-title").first().filter({ hasText: title }).waitFor();
  };
  await page.goto(`${base}/#/artists`);
  await page.getByLabel("Sort").selectOption({ label: "A–Z" });
  await firstCard("Artists", (await api("/artists/by-name?limit=1", session.token)).items[0].name);
  const artistGenre = await page.getByLabel("Genre").locator("option").nth(1).getAttribute("value");
  await page.getByLabel("Genre").selectOption(artistGenre);
  await firstCard("Artists", (await api(`/artists/top?genre=${encodeURIComponent(artistGenre)}&limit=1`, session.token)).items[0].name);
  check(await page.getByLabel("Sort").isDisabled(), "a genre's artists come most popular first, with no other order");
  await photograph("08-artists-of-a-genre");
  await page.goto(`${base}/#/albums`);
  await page.getByLabel("Sort").selectOption({ label: "Recently added" });
  await firstCard("Albums", (await api("/albums?order=newest&limit=1", session.token)).items[0].title);
  await page.getByLabel("Sort").selectOption({ label: "A–Z" });
  await firstCard("Albums", (await api("/albums/by-title?limit=1", session.token)).items[0].title);
  const albumGenre = await page.getByLabel("Genre").locator("option").nth(1).getAttribute("value");
  await page.getByLabel("Genre").selectOption(albumGenre);
  await firstCard("Albums", (await api(`/albums/by-title?genre=${encodeURIComponent(albumGenre)}&limit=1`, session.token)).items[0].title);
  await photograph("08-albums-of-a-genre");

  // The play is in the history.
  await page.getByRole("link", { name: "Listening" }).click();
  await page.getByRole("list", { name: "History" }).locator(`a[href="#/songs/${song.song_id}"]`).first().waitFor();
  await photograph("09-listening");

  // Another tenant sees none of it.
  await page.getByRole("button", { name: "Log out" }).click();
  await logIn("aurora-radio", "listener@aurora-radio.test");
  await page.getByRole("link", { name: "Playlists" }).click();
  await page.getByRole("list", { name: "My playlists" }).waitFor();
  check((await page.getByText("E2E mix").count()) === 0, "another tenant sees the playlist");
  await page.goto(playlistUrl);
  await page.getByRole("alert").waitFor();
  check((await page.getByRole("alert").textContent()).includes("not found"), "another tenant opens the playlist");
  await page.getByRole("link", { name: "Listening" }).click();
  await page.getByRole("list", { name: "History" }).waitFor();
  await page.waitForLoadState("networkidle");
  check((await page.locator(`a[href="#/songs/${song.song_id}"]`).count()) === 0, "another tenant sees the play");
  await page.getByRole("link", { name: "Liked songs" }).click();
  await page.waitForLoadState("networkidle");
  check((await page.locator(`a[href="#/songs/${song.song_id}"]`).count()) === 0, "another tenant sees the like");
  await photograph("10-other-tenant");

  // The dashboard of a tenant admin.
  const errorsBefore = pageErrors.length;
  // Settled: charts shown for the filters set, no fetch under way.
  const settled = '.dashboard[data-state="ready"][aria-busy="false"]';
  const kpi = async (name) => Number(await page.locator(`[data-kpi="${name}"]`).getAttribute("data-value"));
  const kpis = async () => [await kpi("plays"), await kpi("listeners"), await kpi("minutes")];
  // The tenant the dashboard names: its slug, or its name spelt otherwise.
  const sameTenant = (shown, slug) => shown.toLowerCase().replace(/[^a-z0-9]/g, "") === slug.replace(/-/g, "");
  const summary = (chart) => page.locator(`[data-chart="${chart}"] [data-summary]`).textContent();
  async function openDashboard() {
    await page.getByRole("link", { name: "Dashboard" }).click();
    await page.locator(".dashboard[data-state]").first().waitFor();
    await page.locator(`${settled}, .dashboard[data-state="error"], .dashboard[data-state="empty"]`).waitFor({ timeout: 60_000 });
    const state = await page.locator(".dashboard").getAttribute("data-state");
    const said = await page.locator(".dashboard").innerText();
    check(state === "ready", `the dashboard is ${state}: ${said.slice(0, 300)}`);
  }

  await page.getByRole("button", { name: "Log out" }).click();
  await page.setViewportSize({ width: 1440, height: 900 });
  await logIn("northwind-records", "admin@northwind-records.test");

  // Someone else's public playlist is read-only: no owner controls, a copy may be saved.
  await api(`/playlists/${playlistId}`, session.token, { public: true }, "PATCH");
  await page.goto(playlistUrl);
  await page.getByRole("heading", { name: "E2E mix" }).waitFor();
  check((await page.getByRole("button", { name: "Rename" }).count()) === 0, "a non-owner may rename the playlist");
  check((await page.getByRole("button", { name: /^Remove / }).count()) === 0, "a non-owner may remove songs");
  await page.getByRole("button", { name: "Save a copy to my playlists" }).click();
  await page.getByRole("status").filter({ hasText: "your copy of E2E mix" }).waitFor();
  await photograph("12-shared-playlist");

  // An admin adds an artist, an album and a song with uploaded audio, choosing the artist
  // and the album by name (no ids), the length read from the file; then plays the song.
  await page.getByRole("link", { name: "Admin" }).click();
  const artistForm = page.getByRole("form", { name: "Add an artist" });
  await artistForm.getByLabel("Name").fill("E2E Quartet");
  await artistForm.getByLabel("Genres").fill("jazz");
  await artistForm.getByRole("button", { name: "Add the artist" }).click();
  await artistForm.getByRole("status").filter({ hasText: "Added E2E Quartet." }).waitFor();
  const albumForm = page.getByRole("form", { name: "Add an album" });
  await albumForm.getByLabel("Artist", { exact: true }).fill("E2E Q");
  await albumForm.getByRole("button", { name: "Choose E2E Quartet" }).click();
  await albumForm.getByLabel("Title").fill("E2E Sessions");
  await albumForm.getByLabel("Release date").fill("2026-11-01");
  await albumForm.getByRole("button", { name: "Add the album" }).click();
  await albumForm.getByRole("status").filter({ hasText: "Added E2E Sessions." }).waitFor();
  const songForm = page.getByRole("form", { name: "Add a song" });
  await songForm.getByLabel("Artist", { exact: true }).fill("E2E Q");
  await songForm.getByRole("button", { name: "Choose E2E Quartet" }).click();
  await songForm.getByLabel("Album").selectOption({ label: "E2E Sessions (2026)" });
  await songForm.getByLabel("Title").fill("E2E Blue Hour");
  await songForm.getByLabel("Audio file").setInputFiles({ name: "blue-hour.wav", mimeType: "audio/wav", buffer: toneWav(4) });
  await page.waitForFunction(() => document.querySelector('form[aria-label="Add a song"] input[name="duration_ms"]')?.value === "0:04",
    null, { timeout: 10_000 }).catch(() => check(false, "the song's length is not read from its file"));
  await songForm.getByRole("button", { name: "Add the song" }).click();
  await songForm.getByRole("button", { name: "Play E2E Blue Hour" }).click();
  await page.waitForFunction(() => (document.querySelector("audio")?.currentTime ?? 0) > 0.5, null, { timeout: 15_000 });
  check((await page.getByTestId("now-playing").textContent()) === "E2E Blue Hour", "the uploaded song does not play");
  await photograph("13-admin");
  await openDashboard();
  check(sameTenant(await page.getByTestId("dashboard-tenant").textContent(), "northwind-records"), "the dashboard shows another tenant");
  check(/^Data as of \S/.test(await page.getByTestId("data-as-of").textContent()), "the dashboard says nothing of the data's age");

  // At least 10 charts drawn (an svg each), of at least 5 kinds; a chart without data says so.
  const charts = await page.locator("[data-chart]").evaluateAll((nodes) =>
    nodes.map((node) => ({
      name: node.getAttribute("data-chart"),
      type: node.getAttribute("data-chart-type"),
      drawn: node.querySelector("svg, canvas") !== null,
      empty: node.querySelector("[data-empty]") !== null,
    })),
  );
  const drawn = charts.filter((chart) => chart.drawn);
  console.log(`dashboard charts: ${charts.map((chart) => `${chart.name} (${chart.type}${chart.drawn ? "" : ", empty"})`).join(", ")}`);
  check(drawn.length >= 10, `only ${drawn.length} charts are drawn`);
  check(new Set(drawn.map((chart) => chart.type)).size >= 5, "fewer than 5 kinds of chart are drawn");
  check(charts.every((chart) => chart.drawn || chart.empty), "a chart is neither drawn nor said to be empty");
  await page.waitForTimeout(800); // the charts' first animation
  await page.screenshot({ path: join(artifacts, "dashboard-wide.png"), fullPage: true });
  const northwind = await kpis();
  check(northwind[0] > 0, "the dashboard counts no plays");

  // A later start day narrows the plays: a day after the first with plays always does.
  const from = page.locator('[data-filter="from"]');
  const to = await page.locator('[data-filter="to"]').inputValue();
  const firstDay = (await from.getAttribute("min")) ?? (await from.inputValue());
  const addDays = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  let later = addDays(to, -7);
  if (later <= firstDay) later = addDays(firstDay, 1);
  check(later <= to, `the plays span no two days (${firstDay} to ${to})`);
  await from.fill(later);
  await page.waitForFunction((old) => Number(document.querySelector('[data-kpi="plays"]')?.getAttribute("data-value")) !== old,
    northwind[0], { timeout: 30_000 });
  await page.locator(settled).waitFor();
  check((await kpi("plays")) < northwind[0], `from ${later}, the plays went from ${northwind[0]} to ${await kpi("plays")}`);

  // A click on a genre bar sets the genre filter and narrows the other charts. The charts are
  // SVG, so each bar is an element: the pointer clicks the middle of the tallest (the most
  // played genre) and ECharts finds the bar under it, as for a person's click. A bar is a path
  // with a fill; the axes' paths have none. The mouse, not the element's click(), so that an
  // element drawn over the bar (a label, the player's bar) cannot swallow it.
  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.waitForFunction((old) => Number(document.querySelector('[data-kpi="plays"]')?.getAttribute("data-value")) === old,
    northwind[0], { timeout: 30_000 });
  await page.locator(settled).waitFor();
  const listeningBefore = await summary("listening");
  const bars = page.locator('[data-chart="genres"] svg path:not([fill="none"])');
  // Measured once the bars have stopped moving: after "Clear filters" the chart animates
  // back, and a bar measured mid-way is not where the pointer then lands.
  const measure = () => bars.evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().height));
  let heights = await measure();
  for (let tries = 0; tries < 25; tries += 1) {
    await page.waitForTimeout(200);
    const again = await measure();
    if (again.length === heights.length && again.every((height, i) => height === heights[i])) break;
    heights = again;
  }
  check(heights.length > 1, `the genres chart has ${heights.length} bars`);
  const tallest = bars.nth(heights.indexOf(Math.max(...heights)));
  await tallest.evaluate((node) => node.scrollIntoView({ block: "center" }));
  const box = await tallest.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.move(0, 0);
  const chip = page.locator('[data-chip="genre"]');
  await chip.waitFor();
  const genre = await page.locator('[data-filter="genre"]').inputValue();
  check(genre !== "" && (await chip.textContent()).includes(genre), `the genre chosen is "${genre}", the chip says ${await chip.textContent()}`);
  await page.locator('[data-chart="genre-artists"] [data-summary]', { hasText: /in 1 genre\b/ }).waitFor({ timeout: 30_000 });
  await page.locator(settled).waitFor();
  check((await summary("listening")) !== listeningBefore, `the listening trend kept "${listeningBefore}" for genre ${genre}`);
  check((await kpi("plays")) < northwind[0], `genre ${genre} has all ${northwind[0]} plays`);
  // The chosen bar alone turns the selection colour (SELECTED_COLOR in charts.ts), once its
  // colour's transition ends.
  await page.waitForFunction(() => {
    const fills = [...document.querySelectorAll('[data-chart="genres"] svg path:not([fill="none"])')].map((node) => getComputedStyle(node).fill);
    return fills.filter((fill) => fill === "rgb(232, 137, 12)").length === 1;
  }, null, { timeout: 10_000 }).catch(() => check(false, "the chosen genre's bar is not highlighted"));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(800); // the charts follow the window's size
  await page.screenshot({ path: join(artifacts, "dashboard-phone.png"), fullPage: true });
  await chip.click();
  await page.waitForFunction((old) => Number(document.querySelector('[data-kpi="plays"]')?.getAttribute("data-value")) === old,
    northwind[0], { timeout: 30_000 });

  // Another tenant's admin sees that tenant's figures.
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole("button", { name: "Log out" }).click();
  await logIn("aurora-radio", "admin@aurora-radio.test");
  await openDashboard();
  check(sameTenant(await page.getByTestId("dashboard-tenant").textContent(), "aurora-radio"), "aurora-radio's admin sees another tenant's name");
  const aurora = await kpis();
  check(aurora.join() !== northwind.join(), `both tenants have the figures ${aurora.join(", ")}`);
  await page.waitForTimeout(800); // the charts' first animation
  await photograph("11-dashboard");

  // A listener is told the dashboard is for admins, and the API refuses the figures.
  await page.getByRole("button", { name: "Log out" }).click();
  await logIn("northwind-records", "listener@northwind-records.test");
  check((await page.getByRole("link", { name: "Dashboard" }).count()) === 0, "a listener has the Dashboard link");
  await page.goto(`${base}/#/dashboard`);
  await page.getByTestId("admins-only").waitFor();
  check((await page.getByTestId("admins-only").textContent()).includes("for tenant admins"), "a listener is not told why");
  check((await page.locator("[data-chart]").count()) === 0, "a listener sees charts");
  const refused = await fetch(`${base}/reports/dashboard`, { headers: { authorization: `Bearer ${session.token}` } });
  check(refused.status === 403, `the reports API answered a listener ${refused.status}`);
  check((await refused.json()).error?.code === "forbidden", "the reports API refused a listener without saying forbidden");
  await page.screenshot({ path: join(artifacts, "dashboard-listener.png"), fullPage: true });
  check(pageErrors.length === errorsBefore, `the dashboard threw: ${pageErrors.slice(errorsBefore).join("; ")}`);
  check(consoleErrors.length === 0, `the page logged errors: ${consoleErrors.join("; ")}`);
  console.log(`e2e passed; screenshots in ${artifacts}`);
} catch (error) {
  failed = true;
  console.error(error);
  await browser.contexts()[0]?.pages()[0]?.screenshot({ path: join(artifacts, "failure.png"), fullPage: true }).catch(() => {});
} finally {
  await browser.close();
  server.kill();
  rmSync(data, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
