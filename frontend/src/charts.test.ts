// The charts' options, built from an answer of the reports API: the right kind of series,
// days and cells without plays as 0, running totals, the selected genre and plan shown,
// and clicks turned into the filter they set.

import { describe, expect, it } from "vitest";
import {
  BAR_COLOR,
  catalogOption,
  CHARTS,
  funnelOption,
  genreArtistsOption,
  genresOption,
  hoursOption,
  listeningOption,
  plansOption,
  SELECTED_COLOR,
  topSongsOption,
  treemapGenre,
  type ChartOption,
  type ChartSpec,
} from "./charts";
import type { Dashboard } from "./dashboard";

const answer: Dashboard = {
  tenant: "acme",
  etl_run: "2026-12-02T05:40:00Z",
  data_as_of: "2026-12-02T05:39:00Z",
  filters: { from: "2026-11-01", to: "2026-11-04", genre: null, plan: null },
  bounds: { first_day: "2026-06-05", last_day: "2026-12-01" },
  options: { genres: ["ambient", "rock"], plans: ["free", "premium"] },
  totals: { plays: 30, listeners: 5, minutes: 90 },
  daily_listening: [
    { day: "2026-11-01", plays: 10, listeners: 3, minutes: 30 },
    { day: "2026-11-03", plays: 20, listeners: 4, minutes: 60 },
  ],
  genres: [
    { genre: "rock", plays: 20, listeners: 4 },
    { genre: "ambient", plays: 10, listeners: 2 },
  ],
  hourly: [{ weekday: 0, hour: 13, plays: 3 }, { weekday: 5, hour: 20, plays: 9 }],
  plans: [
    { plan: "free", users: 10, listeners: 5, retained_7d: 2, retained_30d: 1 },
    { plan: "premium", users: 4, listeners: 4, retained_7d: 3, retained_30d: 2 },
  ],
  signups: [
    { day: "2026-11-01", plan: "free", users: 3 },
    { day: "2026-11-02", plan: "premium", users: 1 },
  ],
  funnel: [
    { step: "signed up", users: 100 },
    { step: "first play", users: 80 },
    { step: "made a playlist", users: 30 },
    { step: "came back", users: 20 },
  ],
  engagement: [
    { user_id: "usr_1", plan: "free", active_days: 3, plays: 20, minutes: 50 },
    { user_id: "usr_2", plan: "premium", active_days: 9, plays: 70, minutes: 200 },
  ],
  genre_artists: [
    { genre: "rock", artist_id: "art_1", artist: "Stone", plays: 12 },
    { genre: "ambient", artist_id: "art_2", artist: "Drift", plays: 10 },
    { genre: "rock", artist_id: "art_3", artist: "Pebble", plays: 8 },
  ],
  catalog_growth: [
    { month: "2026-01-01", artists: 1, albums: 2, songs: 3 },
    { month: "2026-02-01", artists: 1, albums: 1, songs: 10 },
  ],
  devices: [
    { month: "2026-11-01", device: "web", plays: 10 },
    { month: "2026-11-01", device: "ios", plays: 5 },
    { month: "2026-10-01", device: "web", plays: 2 },
  ],
  top_songs: [
    { position: 2, song_id: "sng_2", title: "Two", artist: "Drift", plays: 5, listeners: 2 },
    { position: 1, song_id: "sng_1", title: "One", artist: "Stone", plays: 9, listeners: 4 },
  ],
};
const empty: Dashboard = {
  ...answer,
  daily_listening: [], genres: [], hourly: [], plans: [], signups: [], funnel: [], engagement: [],
  genre_artists: [], catalog_growth: [], devices: [], top_songs: [],
};

type Series = { type: string; name?: string; data: unknown[]; areaStyle?: unknown; stack?: string; sort?: string };
const series = (option: ChartOption) => option.series as Series[];
const spec = (name: string) => CHARTS.find((chart) => chart.name === name) as ChartSpec;

describe("the charts", () => {
  it("are at least eleven, of at least six kinds, each drawn with the series of its kind", () => {
    expect(CHARTS.length).toBeGreaterThanOrEqual(11);
    expect(new Set(CHARTS.map((chart) => chart.name)).size).toBe(CHARTS.length);
    expect(new Set(CHARTS.map((chart) => chart.type)).size).toBeGreaterThanOrEqual(6);
    for (const chart of CHARTS) {
      const drawn = series(chart.option(answer, {}));
      expect(drawn.length, chart.name).toBeGreaterThan(0);
      for (const one of drawn) {
        expect(one.type, chart.name).toBe(chart.type === "area" ? "line" : chart.type);
        if (chart.type === "area") expect(one.areaStyle).toBeDefined();
      }
      expect(chart.rows(answer), chart.name).toBeGreaterThan(0);
      expect(chart.summary(answer), chart.name).not.toBe("");
    }
  });

  it("are all empty when the answer has no rows", () => {
    expect(CHARTS.filter((chart) => chart.rows(empty) > 0).map((chart) => chart.name)).toEqual([]);
  });

  it("show a day without plays as 0", () => {
    const option = listeningOption(answer);
    expect((option.xAxis as { data: string[] }).data).toEqual(["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"]);
    expect(series(option).map((one) => one.data)).toEqual([[10, 0, 20, 0], [3, 0, 4, 0]]);
  });

  it("fill the heatmap's missing cells with 0", () => {
    const option = hoursOption(answer);
    const cells = series(option)[0].data as number[][];
    expect(cells).toHaveLength(7 * 24);
    expect(cells).toContainEqual([13, 0, 3]);
    expect(cells).toContainEqual([20, 5, 9]);
    expect(cells).toContainEqual([0, 3, 0]);
    expect(cells.filter((cell) => cell[2] > 0)).toHaveLength(2);
    expect((option.visualMap as { max: number }).max).toBe(9);
    expect((option.yAxis as { data: string[] }).data[0]).toBe("Sun");
  });

  it("highlight the selected genre's bar and dim the others", () => {
    const plain = series(genresOption(answer, {}))[0].data as { itemStyle: { color: string; opacity: number } }[];
    expect(plain.map((bar) => bar.itemStyle)).toEqual([{ color: BAR_COLOR, opacity: 1 }, { color: BAR_COLOR, opacity: 1 }]);
    const chosen = series(genresOption(answer, { genre: "ambient" }))[0].data as { value: number; itemStyle: { color: string; opacity: number } }[];
    expect(chosen[1]).toEqual({ value: 10, itemStyle: { color: SELECTED_COLOR, opacity: 1 } });
    expect(chosen[0].itemStyle).toEqual({ color: BAR_COLOR, opacity: 0.45 });
  });

  it("pull out the selected plan's slice", () => {
    const slices = series(plansOption(answer, { plan: "premium" }))[0].data;
    expect(slices).toEqual([
      { name: "free", value: 10, selected: false },
      { name: "premium", value: 4, selected: true },
    ]);
  });

  it("keep the funnel's steps in order with their share of the first", () => {
    const funnel = series(funnelOption(answer))[0] as unknown as { sort: string; data: { name: string; label: { formatter: string } }[] };
    expect(funnel.sort).toBe("none");
    expect(funnel.data.map((step) => step.name)).toEqual(["signed up", "first play", "made a playlist", "came back"]);
    expect(funnel.data[3].label.formatter).toBe("came back: 20 (20%)");
  });

  it("group the artists under their genres, most played genre first", () => {
    const nodes = series(genreArtistsOption(answer, { genre: "ambient" }))[0].data as {
      name: string; value: number; itemStyle: { color: string }; children: { name: string; value: number }[];
    }[];
    expect(nodes.map((node) => [node.name, node.value, node.children.map((child) => child.name)])).toEqual([
      ["rock", 20, ["Stone", "Pebble"]],
      ["ambient", 10, ["Drift"]],
    ]);
    expect(nodes[1].itemStyle.color).toBe(SELECTED_COLOR);
    expect(nodes[0].itemStyle.color).not.toBe(SELECTED_COLOR);
  });

  it("draw the catalog's running totals", () => {
    const drawn = series(catalogOption(answer));
    expect(drawn.map((one) => [one.name, one.data])).toEqual([
      ["Songs", [3, 13]],
      ["Albums", [2, 3]],
      ["Artists", [1, 2]],
    ]);
  });

  it("stack the devices' plays per month, 0 for a month without any", () => {
    const option = spec("devices").option(answer, {});
    expect((option.xAxis as { data: string[] }).data).toEqual(["2026-10-01", "2026-11-01"]);
    expect(series(option).map((one) => [one.name, one.stack, one.data])).toEqual([
      ["ios", "plays", [0, 5]],
      ["web", "plays", [2, 10]],
    ]);
  });

  it("rank the top songs by position", () => {
    const option = topSongsOption(answer);
    expect((option.yAxis as { data: string[] }).data).toEqual(["One · Stone", "Two · Drift"]);
    expect(series(option)[0].data).toEqual([9, 5]);
  });

  it("give retention as percentages", () => {
    expect(series(spec("retention").option(answer, {})).map((one) => one.data)).toEqual([[20, 75], [10, 50]]);
  });
});

describe("a click on a chart", () => {
  it("filters by the genre of a bar or a treemap node, and by the plan of a slice", () => {
    expect(spec("genres").filterOf?.({ componentType: "series", name: "rock" })).toEqual({ key: "genre", value: "rock" });
    expect(spec("plans").filterOf?.({ componentType: "series", name: "free" })).toEqual({ key: "plan", value: "free" });
    const leaf = { componentType: "series", name: "Stone", treePathInfo: [{ name: "Genres" }, { name: "rock" }, { name: "Stone" }] };
    expect(spec("genre-artists").filterOf?.(leaf)).toEqual({ key: "genre", value: "rock" });
    expect(treemapGenre({ componentType: "series", name: "jazz", treePathInfo: [{ name: "Genres" }, { name: "jazz" }] })).toBe("jazz");
  });

  it("filters nothing off the series (a legend, an axis)", () => {
    expect(spec("genres").filterOf?.({ componentType: "xAxis", name: "rock" })).toBeUndefined();
    expect(spec("listening").filterOf).toBeUndefined();
  });
});
