// The dashboard page with the ECharts wrapper replaced by a plain div (jsdom draws no
// charts): loading, ready with KPIs and one figure per chart, a filter change asking again,
// the error with Retry, the state before the first ETL run.

import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, expect, it, vi } from "vitest";
import { ApiError, createClient } from "../api";
import { CHARTS } from "../charts";
import type { Dashboard as DashboardData } from "../dashboard";
import { Dashboard } from "./Dashboard";

vi.mock("./Chart", () => ({ Chart: () => <div className="chart" data-testid="chart" /> }));
afterEach(cleanup);

const answer: DashboardData = {
  tenant: "acme",
  etl_run: "2026-12-02T05:40:00Z",
  data_as_of: "2026-12-02T05:39:00Z",
  filters: { from: "2026-11-01", to: "2026-11-30", genre: null, plan: null },
  bounds: { first_day: "2026-06-05", last_day: "2026-12-01" },
  options: { genres: ["ambient", "rock"], plans: ["free", "premium"] },
  totals: { plays: 1234, listeners: 56, minutes: 7890 },
  daily_listening: [{ day: "2026-11-01", plays: 10, listeners: 3, minutes: 30 }],
  genres: [{ genre: "rock", plays: 100, listeners: 10 }],
  hourly: [{ weekday: 0, hour: 13, plays: 3 }],
  plans: [{ plan: "free", users: 10, listeners: 5, retained_7d: 2, retained_30d: 1 }],
  signups: [],
  funnel: [{ step: "signed up", users: 100 }],
  engagement: [],
  genre_artists: [{ genre: "rock", artist_id: "art_1", artist: "X", plays: 10 }],
  catalog_growth: [{ month: "2026-01-01", artists: 1, albums: 2, songs: 3 }],
  devices: [{ month: "2026-11-01", device: "web", plays: 10 }],
  top_songs: [{ position: 1, song_id: "sng_1", title: "One", artist: "X", plays: 10, listeners: 5 }],
};

function client(load: (path: string) => Promise<unknown>) {
  const api = createClient({ baseUrl: "" });
  const request = vi.spyOn(api, "request").mockImplementation(((_method: string, path: string) => load(path)) as never);
  return { api, request };
}

it("shows the KPIs, the filters and a card per chart, empty ones saying so", async () => {
  const { api } = client(async () => answer);
  const { container } = render(<Dashboard client={api} />);
  expect(container.querySelector('[data-state="loading"]')).not.toBeNull();
  await screen.findByTestId("data-as-of");
  expect(container.querySelector(".dashboard")?.getAttribute("data-state")).toBe("ready");
  expect(container.querySelector('[data-kpi="plays"]')?.textContent).toContain("1,234");
  expect(container.querySelector('[data-kpi="minutes"]')?.getAttribute("data-value")).toBe("7890");
  expect(screen.getByTestId("dashboard-tenant").textContent).toBe("acme");
  expect(container.querySelectorAll("[data-chart]")).toHaveLength(CHARTS.length);
  // No sign-ups and no engagement in the answer: those two cards say so instead of drawing.
  expect(container.querySelector('[data-chart="signups"] [data-empty]')).not.toBeNull();
  expect(container.querySelector('[data-chart="engagement"] [data-empty]')).not.toBeNull();
  expect(screen.getAllByTestId("chart")).toHaveLength(CHARTS.length - 2);
  expect((container.querySelector('[data-filter="from"]') as HTMLInputElement).value).toBe("2026-11-01");
  expect(container.querySelector('[data-filter="from"]')?.getAttribute("min")).toBe("2026-06-05");
});

it("asks again when a filter changes, and shows the cross-filter as a removable chip", async () => {
  const { api, request } = client(async () => answer);
  const { container } = render(<Dashboard client={api} />);
  await screen.findByTestId("data-as-of");
  fireEvent.change(container.querySelector('[data-filter="genre"]')!, { target: { value: "rock" } });
  await waitFor(() => expect(request).toHaveBeenLastCalledWith("GET", "/reports/dashboard?genre=rock"));
  const chip = await screen.findByRole("button", { name: "Remove the filter Genre: rock" });
  fireEvent.change(container.querySelector('[data-filter="from"]')!, { target: { value: "2026-11-20" } });
  await waitFor(() => expect(request).toHaveBeenLastCalledWith("GET", "/reports/dashboard?from=2026-11-20&genre=rock"));
  fireEvent.click(chip);
  await waitFor(() => expect(request).toHaveBeenLastCalledWith("GET", "/reports/dashboard?from=2026-11-20"));
  fireEvent.click(screen.getByRole("button", { name: "Clear filters" }));
  await waitFor(() => expect(request).toHaveBeenLastCalledWith("GET", "/reports/dashboard"));
});

it("shows the API's error with a Retry that asks again", async () => {
  let calls = 0;
  const { api } = client(async () => {
    calls += 1;
    if (calls === 1) throw new ApiError(503, "unavailable", "the summaries cannot be read");
    return answer;
  });
  const { container } = render(<Dashboard client={api} />);
  expect((await screen.findByRole("alert")).textContent).toContain("the summaries cannot be read");
  expect(container.querySelector(".dashboard")?.getAttribute("data-state")).toBe("error");
  fireEvent.click(screen.getByRole("button", { name: "Retry" }));
  await screen.findByTestId("data-as-of");
  expect(container.querySelector(".dashboard")?.getAttribute("data-state")).toBe("ready");
});

it("tells the admin to run the pipeline before the first ETL run", async () => {
  const { api } = client(async () => ({ ...answer, etl_run: null, data_as_of: null }));
  const { container } = render(<Dashboard client={api} />);
  expect((await screen.findByTestId("dashboard-empty")).textContent).toContain("musicctl pipeline");
  expect(container.querySelector(".dashboard")?.getAttribute("data-state")).toBe("empty");
  expect(container.querySelectorAll("[data-chart]")).toHaveLength(0);
});
