// End-to-end test of the web app in headless Chromium (Debian's, driven by playwright-core)
// against `musicctl up` over freshly seeded data:
//   a listener of one tenant logs in, searches a song, plays it (the audio advances),
//   makes a playlist and adds the song, sees the play in the history; a listener of another
//   tenant sees none of it. Then the analytics dashboard (over the summaries that
//   `musicctl pipeline` builds before the server starts): an admin sees its charts, narrows
//   the dates, cross-filters by clicking a genre bar; another tenant's admin sees its own
//   figures; a listener is told the dashboard is for admins. Screenshots of the main screens
//   go to test-artifacts/.
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
  // One context, as one browser profile: its tabs share the app's stored session.
  const context = await browser.newContext({ viewport: { width: 420, height: 900 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => {
    pageErrors.push(error.message);
    console.error("page error:", error.message);
  });

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

  // Sign in once: another tab of the app (a shared link, say) is signed in already.
  const tab = await context.newPage();
  await tab.goto(`${base}/#/listening`);
  await tab.getByTestId("who").waitFor();
  check((await tab.title()) === "Your listening · musicctl", `the tab's title is ${await tab.title()}`);
  await tab.close();

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

  // A play counts once heard (30 s, half the song, or to its end: the demo audio ends
  // after a few seconds), once, with the time really heard: read back through the API.
  let play;
  for (const deadline = Date.now() + 30_000; !play && Date.now() < deadline; ) {
    const history = await api("/stats/me/history?limit=10", session.token);
    play = history.items.find((item) => item.song_id === song.song_id);
    if (!play) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  check(play !== undefined, "the play of the song is recorded once it has been heard");
  check(play.ms_played > 1_000 && play.ms_played <= song.duration_ms, `the play records the time heard, not ${play.ms_played} ms`);

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
  const heights = await bars.evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().height));
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
