// The analytics dashboard's data: the reports API's answer, its filters and query string,
// and pure functions that shape the answer (days without plays, running totals, the
// hour × weekday grid, retention shares) for the charts in charts.ts.

import type { Client } from "./api";

export interface DashboardFilters {
  from?: string;
  to?: string;
  genre?: string;
  plan?: string;
}
export type FilterKey = keyof DashboardFilters;

export interface DayListening {
  day: string;
  plays: number;
  listeners: number;
  minutes: number;
}
export interface GenrePlays {
  genre: string;
  plays: number;
  listeners: number;
}
export interface HourCell {
  weekday: number;
  hour: number;
  plays: number;
}
export interface PlanUsers {
  plan: string;
  users: number;
  listeners: number;
  retained_7d: number;
  retained_30d: number;
}
export interface Signups {
  day: string;
  plan: string;
  users: number;
}
export interface FunnelStep {
  step: string;
  users: number;
}
export interface Engagement {
  user_id: string;
  plan: string;
  active_days: number;
  plays: number;
  minutes: number;
}
export interface GenreArtist {
  genre: string;
  artist_id: string;
  artist: string;
  plays: number;
}
export interface CatalogMonth {
  month: string;
  artists: number;
  albums: number;
  songs: number;
}
export interface DeviceMonth {
  month: string;
  device: string;
  plays: number;
}
export interface TopSong {
  position: number;
  song_id: string;
  title: string;
  artist: string;
  plays: number;
  listeners: number;
}

/** `GET /reports/dashboard`: one tenant's figures, as the last ETL run left them. */
export interface Dashboard {
  tenant: string;
  etl_run: string | null;
  data_as_of: string | null;
  filters: { from: string | null; to: string | null; genre: string | null; plan: string | null };
  bounds: { first_day: string; last_day: string } | null;
  options: { genres: string[]; plans: string[] };
  totals: { plays: number; listeners: number; minutes: number };
  daily_listening: DayListening[];
  genres: GenrePlays[];
  hourly: HourCell[];
  plans: PlanUsers[];
  signups: Signups[];
  funnel: FunnelStep[];
  engagement: Engagement[];
  genre_artists: GenreArtist[];
  catalog_growth: CatalogMonth[];
  devices: DeviceMonth[];
  top_songs: TopSong[];
}

export const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const FILTER_KEYS: FilterKey[] = ["from", "to", "genre", "plan"];

/** The query string of the filters set, in a fixed order; "" when none is. */
export function dashboardQuery(filters: DashboardFilters): string {
  const search = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key]?.trim();
    if (value) search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** The dashboard of the caller's tenant; a listener is refused (403) by the API. */
export function loadDashboard(client: Client, filters: DashboardFilters): Promise<Dashboard> {
  return client.request<Dashboard>("GET", `/reports/dashboard${dashboardQuery(filters)}`);
}

/**
 * The filters with one changed; an empty value removes it. A date keeps the range in order:
 * the other end is pinned (to what the API applied when it was not set) and moved along when
 * the new day passes it, as the API refuses a range that ends before it starts.
 */
export function setFilter(filters: DashboardFilters, key: FilterKey, value: string | undefined, applied?: Dashboard["filters"]): DashboardFilters {
  const next: DashboardFilters = { ...filters };
  const clean = value?.trim();
  if (clean) next[key] = clean;
  else delete next[key];
  if (clean && (key === "from" || key === "to")) {
    const other = key === "from" ? "to" : "from";
    const end = next[other] ?? applied?.[other] ?? undefined;
    if (end && (key === "from" ? clean > end : clean < end)) next[other] = clean;
  }
  return next;
}

/** A chart's click on a genre or plan: sets that filter, or clears it when it is the one set. */
export function toggleFilter(filters: DashboardFilters, key: "genre" | "plan", value: string): DashboardFilters {
  return setFilter(filters, key, filters[key] === value ? undefined : value);
}

/** The cross-filters set (genre, plan), shown as removable chips. */
export function filterChips(filters: DashboardFilters): { key: "genre" | "plan"; label: string }[] {
  const chips: { key: "genre" | "plan"; label: string }[] = [];
  if (filters.genre) chips.push({ key: "genre", label: `Genre: ${filters.genre}` });
  if (filters.plan) chips.push({ key: "plan", label: `Plan: ${filters.plan}` });
  return chips;
}

export function hasFilters(filters: DashboardFilters): boolean {
  return FILTER_KEYS.some((key) => Boolean(filters[key]));
}

/** Every day from `from` to `to` (YYYY-MM-DD, both included); at most `limit` of them. */
export function daysBetween(from: string, to: string, limit = 3660): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  const days: string[] = [];
  if (Number.isNaN(start) || Number.isNaN(end)) return days;
  for (let time = start; time <= end && days.length < limit; time += 86_400_000) {
    days.push(new Date(time).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * The days of a chart's x axis: each day of the range applied, so that a day without plays
 * shows as 0 instead of being skipped; the days of the rows when the range is unknown.
 */
export function chartDays(rows: { day: string }[], range: { from: string | null; to: string | null }): string[] {
  const seen = [...new Set(rows.map((row) => row.day))].sort();
  const from = range.from ?? seen[0];
  const to = range.to ?? seen[seen.length - 1];
  if (!from || !to) return seen;
  const days = daysBetween(from, to);
  // A row outside the range (or past the limit) is still shown.
  const extra = seen.filter((day) => !days.includes(day));
  return extra.length ? [...new Set([...days, ...extra])].sort() : days;
}

/** Per day of `days`, the rows' value of that day summed, 0 when there is none. */
export function perDay<T extends { day: string }>(rows: T[], days: string[], value: (row: T) => number): number[] {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(row.day, (sums.get(row.day) ?? 0) + value(row));
  return days.map((day) => sums.get(day) ?? 0);
}

/** The catalog's size at the end of each month: the running totals of the items added. */
export function runningTotals(months: CatalogMonth[]): CatalogMonth[] {
  const sorted = [...months].sort((a, b) => a.month.localeCompare(b.month));
  let artists = 0;
  let albums = 0;
  let songs = 0;
  return sorted.map((row) => {
    artists += row.artists;
    albums += row.albums;
    songs += row.songs;
    return { month: row.month, artists, albums, songs };
  });
}

/** Plays by weekday (rows, 0 = Sunday) and hour (columns, 0-23); a cell without plays is 0. */
export function hourMatrix(cells: HourCell[]): number[][] {
  const matrix = WEEKDAYS.map(() => new Array<number>(24).fill(0));
  for (const cell of cells) {
    if (cell.weekday >= 0 && cell.weekday < 7 && cell.hour >= 0 && cell.hour < 24) {
      matrix[cell.weekday][cell.hour] += cell.plays;
    }
  }
  return matrix;
}

/** The share (percent, one decimal) of each plan's users still listening 7 and 30 days on. */
export function retentionShares(plans: PlanUsers[]): { plan: string; d7: number; d30: number }[] {
  const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);
  return plans.map((row) => ({ plan: row.plan, d7: share(row.retained_7d, row.users), d30: share(row.retained_30d, row.users) }));
}

/** The distinct values of a field, sorted, e.g. the plans of the sign-ups. */
export function distinct<T>(rows: T[], field: (row: T) => string): string[] {
  return [...new Set(rows.map(field))].sort();
}

const numbers = new Intl.NumberFormat("en-US");
export function formatNumber(value: number): string {
  return numbers.format(value);
}

/** "2 Dec 2026, 05:39" in the reader's time zone, or "unknown". */
export function formatDateTime(iso: string | null): string {
  if (!iso) return "unknown";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
}
