// End-to-end test of the web app in headless Chromium (Debian's, driven by playwright-core)
// against `musicctl up` over freshly seeded data:
//   a listener of one tenant logs in, searches a song, plays it (the audio advances),
//   makes a playlist and adds the song, sees the play in the history; a listener of another
//   tenant sees none of it. Screenshots of the main screens go to test-artifacts/.
// Environment: MUSICCTL_BIN (musicctl to run), CHROMIUM (the browser), ARTIFACTS (where).

import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const musicctl = process.env.MUSICCTL_BIN ?? join(root, "target/debug/musicctl");
const artifacts = process.env.ARTIFACTS ?? join(root, "test-artifacts");
const password = "musicctl-demo-1";
mkdirSync(artifacts, { recursive: true });

function check(condition, message) {
  if (!condition) throw new Error(`e2e: ${message}`);
}

const data = mkdtempSync(join(tmpdir(), "musicctl-e2e-"));
const seeded = spawnSync(musicctl, ["--data-dir", data, "seed", "--tenants", "2", "--rows", "600", "--json"], { encoding: "utf8" });
check(seeded.status === 0, `seed failed: ${seeded.stderr}`);

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

async function api(path, token, body) {
  const response = await fetch(`${base}${path}`, {
    method: body ? "POST" : "GET",
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
  const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
  page.on("pageerror", (error) => console.error("page error:", error.message));

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
  const song = (await api("/songs?limit=1", session.token)).items[0];
  const prefix = song.title.slice(0, Math.min(5, song.title.length));

  await page.goto(`${base}/`);
  await page.getByLabel("Organisation").waitFor();
  await page.screenshot({ path: join(artifacts, "01-login.png"), fullPage: true });
  await logIn("northwind-records", "listener@northwind-records.test");

  // Search and play.
  await page.getByLabel("Search songs and artists").fill(prefix);
  await page.getByRole("button", { name: "Search" }).click();
  const found = page.getByRole("list", { name: "Songs found" });
  await found.getByText(song.title, { exact: true }).first().waitFor();
  await page.screenshot({ path: join(artifacts, "02-search.png"), fullPage: true });
  await found.getByRole("button", { name: `Play ${song.title}` }).first().click();
  await page.waitForFunction(() => (document.querySelector("audio")?.currentTime ?? 0) > 0.5, null, { timeout: 15_000 });
  const nowPlaying = await page.getByTestId("now-playing").textContent();
  check(nowPlaying === song.title, `the player shows ${nowPlaying}`);

  // A playlist with the song.
  await page.getByRole("link", { name: "Playlists" }).click();
  await page.getByLabel("Name").fill("E2E mix");
  await page.getByRole("button", { name: "Create playlist" }).click();
  await page.getByRole("heading", { name: "E2E mix" }).waitFor();
  const playlistUrl = page.url();
  await page.getByRole("link", { name: "Browse" }).click();
  await page.getByLabel("Search songs and artists").fill(prefix);
  await page.getByRole("button", { name: "Search" }).click();
  const row = found.locator("li", { hasText: song.title }).first();
  await row.getByRole("button", { name: "Add to playlist" }).click();
  await row.getByLabel("Choose a playlist").selectOption({ label: "E2E mix" });
  await row.getByText("Added").waitFor();
  await page.goto(playlistUrl);
  await page.getByRole("list", { name: "Playlist songs" }).getByText(song.title).waitFor();
  await page.screenshot({ path: join(artifacts, "03-playlist.png"), fullPage: true });

  // The play is in the history.
  await page.getByRole("link", { name: "Listening" }).click();
  await page.getByRole("list", { name: "History" }).locator(`a[href="#/songs/${song.song_id}"]`).first().waitFor();
  await page.screenshot({ path: join(artifacts, "04-listening.png"), fullPage: true });

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
  await page.screenshot({ path: join(artifacts, "05-other-tenant.png"), fullPage: true });
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
