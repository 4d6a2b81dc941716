// The dashboard's charts: for each, its name, kind and title, and pure functions from the
// reports API's answer to an ECharts option, a one-line summary and, for the charts that
// cross-filter, the filter a click on one of their items sets.

import type { ComposeOption } from "echarts/core";
import type {
  BarSeriesOption,
  FunnelSeriesOption,
  HeatmapSeriesOption,
  LineSeriesOption,
  PieSeriesOption,
  ScatterSeriesOption,
  TreemapSeriesOption,
} from "echarts/charts";
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from "echarts/components";
import {
  chartDays,
  distinct,
  formatNumber,
  hourMatrix,
  perDay,
  retentionShares,
  runningTotals,
  WEEKDAYS,
  type Dashboard,
  type DashboardFilters,
} from "./dashboard";

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | FunnelSeriesOption
  | HeatmapSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | ScatterSeriesOption
  | TreemapSeriesOption
  | AriaComponentOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>;
export type ChartType = "line" | "bar" | "heatmap" | "pie" | "funnel" | "scatter" | "treemap" | "area";

/** What the dashboard needs of an ECharts click event. */
export interface ChartEvent {
  componentType?: string;
  name?: string;
  treePathInfo?: { name: string }[];
}

export interface ChartSpec {
  name: string;
  type: ChartType;
  title: string;
  /** How many rows of the answer the chart shows; 0 shows the empty note instead. */
  rows: (data: Dashboard) => number;
  option: (data: Dashboard, filters: DashboardFilters) => ChartOption;
  summary: (data: Dashboard) => string;
  /** The filter that a click on an item toggles. */
  filterOf?: (event: ChartEvent) => { key: "genre" | "plan"; value: string } | undefined;
}

/** The charts' colours: the app's blue first, then colours that stay apart for the eye. */
export const PALETTE = ["#0b5cad", "#e8890c", "#2e8b57", "#8e44ad", "#c0392b", "#16a0b5", "#7f8c1f", "#5d6d7e"];
/** The genre bars' colour, and that of the genre selected. The e2e test finds the bars by it. */
export const BAR_COLOR = "#0b5cad";
export const SELECTED_COLOR = "#e8890c";

const TEXT = "#1d1d1f";
const MUTED = "#666666";

function base(option: ChartOption): ChartOption {
  return {
    color: PALETTE,
    textStyle: { fontFamily: "system-ui, sans-serif", color: TEXT },
    aria: { enabled: true },
    animationDuration: 400,
    ...option,
  };
}

const grid = (extra: GridComponentOption = {}): GridComponentOption => ({
  left: 8,
  right: 16,
  top: 36,
  bottom: 8,
  outerBoundsMode: "same",
  outerBoundsContain: "all",
  ...extra,
});
const legend: LegendComponentOption = { type: "scroll", top: 0, textStyle: { color: MUTED } };

/** "2026-11-01" as "1 Nov"; a month "2026-11-01" as "Nov 2026". */
export function shortDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : date.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
}
export function shortMonth(month: string): string {
  const date = new Date(`${month.slice(0, 7)}-01T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? month : date.toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

export function listeningOption(data: Dashboard): ChartOption {
  const days = chartDays(data.daily_listening, data.filters);
  return base({
    grid: grid(),
    legend,
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: days, boundaryGap: false, axisLabel: { formatter: shortDay } },
    yAxis: [
      { type: "value", minInterval: 1, axisLabel: { color: PALETTE[0] } },
      { type: "value", minInterval: 1, axisLabel: { color: PALETTE[1] }, splitLine: { show: false } },
    ],
    series: [
      { type: "line", name: "Plays", showSymbol: false, data: perDay(data.daily_listening, days, (row) => row.plays) },
      { type: "line", name: "Listeners", yAxisIndex: 1, showSymbol: false, data: perDay(data.daily_listening, days, (row) => row.listeners) },
    ],
  });
}

export function genresOption(data: Dashboard, filters: DashboardFilters): ChartOption {
  const selected = filters.genre;
  return base({
    grid: grid({ top: 16 }),
    tooltip: { trigger: "item" },
    xAxis: { type: "category", data: data.genres.map((row) => row.genre), axisLabel: { interval: 0, rotate: data.genres.length > 6 ? 35 : 0 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      {
        type: "bar",
        name: "Plays",
        cursor: "pointer",
        barMaxWidth: 48,
        data: data.genres.map((row) => ({
          value: row.plays,
          itemStyle: {
            color: row.genre === selected ? SELECTED_COLOR : BAR_COLOR,
            opacity: selected && row.genre !== selected ? 0.45 : 1,
          },
        })),
      },
    ],
  });
}

export function hoursOption(data: Dashboard): ChartOption {
  const matrix = hourMatrix(data.hourly);
  const cells = matrix.flatMap((hours, weekday) => hours.map((plays, hour) => [hour, weekday, plays]));
  const max = Math.max(1, ...cells.map((cell) => cell[2]));
  return base({
    grid: grid({ top: 8, bottom: 44 }),
    tooltip: {
      trigger: "item",
      formatter: (params) => {
        const [hour, weekday, plays] = (params as { value: number[] }).value;
        return `${WEEKDAYS[weekday]} ${hour}:00–${hour + 1}:00: ${formatNumber(plays)} plays`;
      },
    },
    xAxis: { type: "category", data: Array.from({ length: 24 }, (_, hour) => String(hour)), splitArea: { show: true } },
    yAxis: { type: "category", data: WEEKDAYS, inverse: true, splitArea: { show: true } },
    visualMap: {
      type: "continuous",
      min: 0,
      max,
      orient: "horizontal",
      left: "center",
      bottom: 0,
      itemHeight: 160,
      itemWidth: 12,
      calculable: false,
      text: [`${formatNumber(max)} plays`, "0"],
      inRange: { color: ["#eef4fb", "#0b5cad"] },
      textStyle: { color: MUTED },
    },
    series: [{ type: "heatmap", name: "Plays", data: cells }],
  });
}

export function plansOption(data: Dashboard, filters: DashboardFilters): ChartOption {
  return base({
    legend,
    tooltip: { trigger: "item", formatter: "{b}: {c} users ({d}%)" },
    series: [
      {
        type: "pie",
        name: "Users",
        cursor: "pointer",
        radius: ["35%", "65%"],
        center: ["50%", "55%"],
        selectedMode: "single",
        selectedOffset: 10,
        label: { formatter: "{b}: {c}" },
        data: data.plans.map((row) => ({ name: row.plan, value: row.users, selected: row.plan === filters.plan })),
      },
    ],
  });
}

export function signupsOption(data: Dashboard): ChartOption {
  const days = chartDays(data.signups, data.filters);
  return base({
    grid: grid(),
    legend,
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: days, boundaryGap: false, axisLabel: { formatter: shortDay } },
    yAxis: { type: "value", minInterval: 1 },
    series: distinct(data.signups, (row) => row.plan).map((plan) => ({
      type: "line" as const,
      name: plan,
      stack: "users",
      showSymbol: false,
      areaStyle: { opacity: 0.12 },
      data: perDay(data.signups.filter((row) => row.plan === plan), days, (row) => row.users),
    })),
  });
}

/** Each step's users as a share (percent, whole) of the first step's. */
export function funnelShares(data: Dashboard): number[] {
  const first = data.funnel[0]?.users ?? 0;
  return data.funnel.map((step) => (first > 0 ? Math.round((step.users / first) * 100) : 0));
}

export function funnelOption(data: Dashboard): ChartOption {
  const shares = funnelShares(data);
  return base({
    tooltip: { trigger: "item", formatter: "{b}: {c} users" },
    series: [
      {
        type: "funnel",
        name: "Users",
        sort: "none",
        top: 8,
        bottom: 8,
        left: "10%",
        width: "80%",
        minSize: "12%",
        gap: 2,
        label: { position: "inside", color: "#fff", textBorderColor: "rgba(0,0,0,0.35)", textBorderWidth: 2 },
        data: data.funnel.map((step, index) => ({
          name: step.step,
          value: step.users,
          label: { formatter: `${step.step}: ${formatNumber(step.users)} (${shares[index]}%)` },
        })),
      },
    ],
  });
}

export function engagementOption(data: Dashboard): ChartOption {
  return base({
    grid: grid({ bottom: 4 }),
    legend,
    tooltip: {
      trigger: "item",
      formatter: (params) => {
        const { seriesName, value } = params as { seriesName: string; value: number[] };
        return `${seriesName}: ${value[0]} active days, ${formatNumber(value[1])} plays, ${formatNumber(value[2])} min`;
      },
    },
    xAxis: { type: "value", name: "active days", nameLocation: "middle", nameGap: 24, minInterval: 1 },
    yAxis: { type: "value", name: "plays", minInterval: 1 },
    series: distinct(data.engagement, (row) => row.plan).map((plan) => ({
      type: "scatter" as const,
      name: plan,
      symbolSize: 8,
      itemStyle: { opacity: 0.7 },
      data: data.engagement.filter((row) => row.plan === plan).map((row) => [row.active_days, row.plays, row.minutes]),
    })),
  });
}

/** The artists of each genre, genres in order of their plays. */
export function genreTree(data: Dashboard): { genre: string; plays: number; artists: { name: string; plays: number }[] }[] {
  const genres = new Map<string, { genre: string; plays: number; artists: { name: string; plays: number }[] }>();
  for (const row of data.genre_artists) {
    const node = genres.get(row.genre) ?? { genre: row.genre, plays: 0, artists: [] };
    node.plays += row.plays;
    node.artists.push({ name: row.artist, plays: row.plays });
    genres.set(row.genre, node);
  }
  return [...genres.values()].sort((a, b) => b.plays - a.plays || a.genre.localeCompare(b.genre));
}

export function genreArtistsOption(data: Dashboard, filters: DashboardFilters): ChartOption {
  return base({
    tooltip: { trigger: "item", formatter: "{b}: {c} plays" },
    series: [
      {
        type: "treemap",
        name: "Genres",
        cursor: "pointer",
        roam: false,
        nodeClick: false,
        breadcrumb: { show: false },
        top: 0,
        left: 0,
        right: 0,
        bottom: 0,
        upperLabel: { show: true, height: 20, color: "#fff" },
        levels: [
          { itemStyle: { borderColor: "#fff", borderWidth: 2, gapWidth: 2 } },
          { itemStyle: { gapWidth: 1 }, colorSaturation: [0.35, 0.6], upperLabel: { show: false } },
        ],
        data: genreTree(data).map((node, index) => ({
          name: node.genre,
          value: node.plays,
          itemStyle: { color: node.genre === filters.genre ? SELECTED_COLOR : PALETTE[index % PALETTE.length] },
          children: node.artists.map((artist) => ({ name: artist.name, value: artist.plays })),
        })),
      },
    ],
  });
}

export function catalogOption(data: Dashboard): ChartOption {
  const totals = runningTotals(data.catalog_growth);
  const kinds = [["Songs", "songs"], ["Albums", "albums"], ["Artists", "artists"]] as const;
  return base({
    grid: grid(),
    legend,
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: totals.map((row) => row.month), boundaryGap: false, axisLabel: { formatter: shortMonth } },
    yAxis: { type: "value", minInterval: 1 },
    series: kinds.map(([name, field]) => ({
      type: "line" as const,
      name,
      showSymbol: totals.length <= 24,
      areaStyle: { opacity: 0.2 },
      data: totals.map((row) => row[field]),
    })),
  });
}

export function devicesOption(data: Dashboard): ChartOption {
  const months = distinct(data.devices, (row) => row.month);
  return base({
    grid: grid(),
    legend,
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: months, axisLabel: { formatter: shortMonth } },
    yAxis: { type: "value", minInterval: 1 },
    series: distinct(data.devices, (row) => row.device).map((device) => ({
      type: "bar" as const,
      name: device,
      stack: "plays",
      barMaxWidth: 56,
      data: months.map((month) => sum(data.devices.filter((row) => row.device === device && row.month === month).map((row) => row.plays))),
    })),
  });
}

export function topSongsOption(data: Dashboard): ChartOption {
  const songs = [...data.top_songs].sort((a, b) => a.position - b.position);
  return base({
    grid: grid({ top: 8, right: 40 }),
    tooltip: { trigger: "item", formatter: "{b}: {c} plays" },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: {
      type: "category",
      inverse: true,
      data: songs.map((song) => `${song.title} · ${song.artist}`),
      axisLabel: { width: 150, overflow: "truncate" },
    },
    series: [{ type: "bar", name: "Plays", barMaxWidth: 20, label: { show: true, position: "right" }, data: songs.map((song) => song.plays) }],
  });
}

export function retentionOption(data: Dashboard): ChartOption {
  const shares = retentionShares(data.plans);
  return base({
    grid: grid(),
    legend,
    tooltip: { trigger: "axis", valueFormatter: (value) => `${String(value)}%` },
    xAxis: { type: "category", data: shares.map((row) => row.plan) },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: [
      { type: "bar", name: "Retained 7 days", barMaxWidth: 32, data: shares.map((row) => row.d7) },
      { type: "bar", name: "Retained 30 days", barMaxWidth: 32, data: shares.map((row) => row.d30) },
    ],
  });
}

const seriesName = (event: ChartEvent) => (event.componentType === "series" && event.name ? event.name : undefined);

/** The filter a click sets: `key` takes the value `pick` reads from the clicked item. */
const filterBy = (key: "genre" | "plan", pick: (event: ChartEvent) => string | undefined) => (event: ChartEvent) => {
  const value = pick(event);
  return value ? { key, value } : undefined;
};

/** The genre of a treemap node: the genre itself, or the genre of an artist. */
export function treemapGenre(event: ChartEvent): string | undefined {
  if (event.componentType !== "series") return undefined;
  // The path starts at the series' root, then the genre, then the artist.
  const path = event.treePathInfo ?? [];
  return path.length >= 2 ? path[1].name : event.name || undefined;
}

export const CHARTS: ChartSpec[] = [
  {
    name: "listening",
    type: "line",
    title: "Listening trend",
    rows: (data) => data.daily_listening.length,
    option: listeningOption,
    summary: (data) => `${formatNumber(sum(data.daily_listening.map((row) => row.plays)))} plays on ${data.daily_listening.length} days`,
  },
  {
    name: "genres",
    type: "bar",
    title: "Most played genres",
    rows: (data) => data.genres.length,
    option: genresOption,
    summary: (data) => `${data.genres.length} genres; click a bar to filter by it`,
    filterOf: filterBy("genre", seriesName),
  },
  {
    name: "hours",
    type: "heatmap",
    title: "Plays by hour and weekday",
    rows: (data) => data.hourly.length,
    option: hoursOption,
    summary: (data) => {
      const busiest = [...data.hourly].sort((a, b) => b.plays - a.plays)[0];
      return busiest ? `Busiest: ${WEEKDAYS[busiest.weekday] ?? busiest.weekday} ${busiest.hour}:00 (all time)` : "";
    },
  },
  {
    name: "plans",
    type: "pie",
    title: "Users by plan",
    rows: (data) => data.plans.length,
    option: plansOption,
    summary: (data) => `${formatNumber(sum(data.plans.map((row) => row.users)))} users on ${data.plans.length} plans; click a slice to filter by it`,
    filterOf: filterBy("plan", seriesName),
  },
  {
    name: "signups",
    type: "line",
    title: "New users per day",
    rows: (data) => data.signups.length,
    option: signupsOption,
    summary: (data) => `${formatNumber(sum(data.signups.map((row) => row.users)))} new users, stacked by plan`,
  },
  {
    name: "funnel",
    type: "funnel",
    title: "From sign-up to coming back",
    rows: (data) => data.funnel.length,
    option: funnelOption,
    summary: (data) => {
      const shares = funnelShares(data);
      return shares.length ? `${shares[shares.length - 1]}% of those who signed up reached the last step (all time)` : "";
    },
  },
  {
    name: "engagement",
    type: "scatter",
    title: "Engagement: active days and plays",
    rows: (data) => data.engagement.length,
    option: engagementOption,
    summary: (data) => `${formatNumber(data.engagement.length)} users, one dot each`,
  },
  {
    name: "genre-artists",
    type: "treemap",
    title: "Genres and their artists",
    rows: (data) => data.genre_artists.length,
    option: genreArtistsOption,
    summary: (data) => {
      const genres = genreTree(data).length;
      return `${data.genre_artists.length} artists in ${genres} ${genres === 1 ? "genre" : "genres"}; click one to filter by its genre`;
    },
    filterOf: filterBy("genre", treemapGenre),
  },
  {
    name: "catalog",
    type: "area",
    title: "Catalog growth",
    rows: (data) => data.catalog_growth.length,
    option: catalogOption,
    summary: (data) => {
      const last = runningTotals(data.catalog_growth).at(-1);
      return last ? `${formatNumber(last.songs)} songs, ${formatNumber(last.albums)} albums, ${formatNumber(last.artists)} artists` : "";
    },
  },
  {
    name: "devices",
    type: "bar",
    title: "Plays by device per month",
    rows: (data) => data.devices.length,
    option: devicesOption,
    summary: (data) => `${distinct(data.devices, (row) => row.device).length} devices over ${distinct(data.devices, (row) => row.month).length} months`,
  },
  {
    name: "top-songs",
    type: "bar",
    title: "Top 10 songs",
    rows: (data) => data.top_songs.length,
    option: topSongsOption,
    summary: (data) => {
      const first = [...data.top_songs].sort((a, b) => a.position - b.position)[0];
      return first ? `Number 1: ${first.title} by ${first.artist}, ${formatNumber(first.plays)} plays (all time)` : "";
    },
  },
  {
    name: "retention",
    type: "bar",
    title: "Retention by plan",
    rows: (data) => data.plans.length,
    option: retentionOption,
    summary: () => "Share of each plan's users retained after 7 and 30 days (all time)",
  },
];
