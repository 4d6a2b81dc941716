// The dashboard's data: its query string, the API call, the filters and the shaping of the
// answer (days without plays, running totals, the hour × weekday grid, retention shares).

import { describe, expect, it, vi } from "vitest";
import { ApiError, createClient } from "./api";
import {
  chartDays,
  dashboardQuery,
  daysBetween,
  filterChips,
  formatDateTime,
  hasFilters,
  hourMatrix,
  loadDashboard,
  perDay,
  retentionShares,
  runningTotals,
  setFilter,
  toggleFilter,
} from "./dashboard";

describe("dashboardQuery", () => {
  it("omits empty filters and keeps a fixed order", () => {
    expect(dashboardQuery({})).toBe("");
    expect(dashboardQuery({ genre: "", plan: undefined, from: "  " })).toBe("");
    expect(dashboardQuery({ plan: "free", genre: "hip hop", to: "2026-12-01", from: "2026-11-01" })).toBe(
      "?from=2026-11-01&to=2026-12-01&genre=hip+hop&plan=free",
    );
    expect(dashboardQuery({ genre: "r&b" })).toBe("?genre=r%26b");
  });
});

describe("loadDashboard", () => {
  it("asks the reports API with the token and the filters", async () => {
    const fetchImpl = vi.fn(async () => new Response(JSON.stringify({ tenant: "acme" }), { status: 200 }));
    const client = createClient({ baseUrl: "https://reports.example/", token: () => "t0k", fetchImpl });
    const answer = await loadDashboard(client, { genre: "rock", plan: "" });
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("https://reports.example/reports/dashboard?genre=rock");
    expect(init.method).toBe("GET");
    expect((init.headers as Record<string, string>).authorization).toBe("Bearer t0k");
    expect(answer.tenant).toBe("acme");
  });

  it("turns a listener's refusal into an ApiError with the server's message", async () => {
    const body = { error: { code: "forbidden", message: "only a tenant admin may see the dashboard" } };
    const client = createClient({ baseUrl: "", token: () => "t", fetchImpl: vi.fn(async () => new Response(JSON.stringify(body), { status: 403 })) });
    const error = await loadDashboard(client, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, code: "forbidden", message: "only a tenant admin may see the dashboard" });
  });
});

describe("filters", () => {
  it("sets a filter and removes it when emptied", () => {
    expect(setFilter({}, "genre", "rock")).toEqual({ genre: "rock" });
    expect(setFilter({ genre: "rock", plan: "free" }, "genre", "")).toEqual({ plan: "free" });
    expect(setFilter({ genre: "rock" }, "genre", undefined)).toEqual({});
  });

  it("keeps the date range in order", () => {
    expect(setFilter({ to: "2026-11-10" }, "from", "2026-11-20")).toEqual({ from: "2026-11-20", to: "2026-11-20" });
    expect(setFilter({ from: "2026-11-20" }, "to", "2026-11-01")).toEqual({ from: "2026-11-01", to: "2026-11-01" });
    expect(setFilter({ to: "2026-11-30" }, "from", "2026-11-20")).toEqual({ from: "2026-11-20", to: "2026-11-30" });
    // The end the API applied counts when the filter itself is not set.
    const applied = { from: "2026-06-05", to: "2026-12-01", genre: null, plan: null };
    expect(setFilter({}, "from", "2026-12-05", applied)).toEqual({ from: "2026-12-05", to: "2026-12-05" });
    expect(setFilter({}, "from", "2026-11-24", applied)).toEqual({ from: "2026-11-24" });
  });

  it("toggles a chart's cross-filter", () => {
    expect(toggleFilter({}, "genre", "rock")).toEqual({ genre: "rock" });
    expect(toggleFilter({ genre: "rock" }, "genre", "jazz")).toEqual({ genre: "jazz" });
    expect(toggleFilter({ genre: "rock", plan: "free" }, "genre", "rock")).toEqual({ plan: "free" });
  });

  it("shows the cross-filters as chips", () => {
    expect(filterChips({ from: "2026-11-01" })).toEqual([]);
    expect(filterChips({ genre: "rock", plan: "free" })).toEqual([
      { key: "genre", label: "Genre: rock" },
      { key: "plan", label: "Plan: free" },
    ]);
    expect(hasFilters({})).toBe(false);
    expect(hasFilters({ genre: "" })).toBe(false);
    expect(hasFilters({ to: "2026-11-01" })).toBe(true);
  });
});

describe("shaping", () => {
  it("lists every day of a range, across months", () => {
    expect(daysBetween("2026-02-27", "2026-03-02")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
    expect(daysBetween("2026-03-02", "2026-03-01")).toEqual([]);
    expect(daysBetween("2026-01-01", "2026-12-31", 10)).toHaveLength(10);
    expect(daysBetween("soon", "2026-01-01")).toEqual([]);
  });

  it("fills the days without rows with 0", () => {
    const rows = [{ day: "2026-11-02", plays: 4 }, { day: "2026-11-04", plays: 1 }, { day: "2026-11-04", plays: 2 }];
    const days = chartDays(rows, { from: "2026-11-01", to: "2026-11-05" });
    expect(days).toEqual(["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05"]);
    expect(perDay(rows, days, (row) => row.plays)).toEqual([0, 4, 0, 3, 0]);
    // Without a range, the rows' own first and last days bound it.
    expect(chartDays(rows, { from: null, to: null })).toEqual(["2026-11-02", "2026-11-03", "2026-11-04"]);
    expect(chartDays([], { from: null, to: null })).toEqual([]);
  });

  it("adds up the catalog month by month", () => {
    const months = [
      { month: "2026-02-01", artists: 1, albums: 0, songs: 5 },
      { month: "2026-01-01", artists: 2, albums: 3, songs: 10 },
      { month: "2026-04-01", artists: 0, albums: 1, songs: 2 },
    ];
    expect(runningTotals(months)).toEqual([
      { month: "2026-01-01", artists: 2, albums: 3, songs: 10 },
      { month: "2026-02-01", artists: 3, albums: 3, songs: 15 },
      { month: "2026-04-01", artists: 3, albums: 4, songs: 17 },
    ]);
    expect(runningTotals([])).toEqual([]);
  });

  it("fills the hour × weekday grid, missing cells with 0", () => {
    const matrix = hourMatrix([
      { weekday: 0, hour: 13, plays: 3 },
      { weekday: 6, hour: 23, plays: 7 },
      { weekday: 6, hour: 23, plays: 1 },
      { weekday: 7, hour: 0, plays: 99 },
      { weekday: 1, hour: 24, plays: 99 },
    ]);
    expect(matrix).toHaveLength(7);
    expect(matrix.every((row) => row.length === 24)).toBe(true);
    expect(matrix[0][13]).toBe(3);
    expect(matrix[6][23]).toBe(8);
    expect(matrix.flat().reduce((a, b) => a + b, 0)).toBe(11);
    expect(hourMatrix([]).flat().every((plays) => plays === 0)).toBe(true);
  });

  it("gives retention as a share of each plan's users", () => {
    expect(
      retentionShares([
        { plan: "free", users: 8, listeners: 6, retained_7d: 2, retained_30d: 1 },
        { plan: "family", users: 3, listeners: 1, retained_7d: 1, retained_30d: 0 },
        { plan: "trial", users: 0, listeners: 0, retained_7d: 0, retained_30d: 0 },
      ]),
    ).toEqual([
      { plan: "free", d7: 25, d30: 12.5 },
      { plan: "family", d7: 33.3, d30: 0 },
      { plan: "trial", d7: 0, d30: 0 },
    ]);
  });

  it("says when the data is from, or that it is unknown", () => {
    expect(formatDateTime(null)).toBe("unknown");
    expect(formatDateTime("not a time")).toBe("not a time");
    expect(formatDateTime("2026-12-02T05:39:00Z")).toMatch(/2026/);
  });
});
