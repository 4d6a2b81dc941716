// The analytics dashboard of a tenant's admins: KPIs, filters and twelve charts over the
// summaries that the last ETL run left. Charts cross-filter: a genre bar or treemap node
// sets the genre, a plan slice the plan; every change fetches the figures again.

import { useMemo, useState } from "react";
import type { Client } from "../api";
import { CHARTS, type ChartSpec } from "../charts";
import {
  filterChips,
  formatDateTime,
  formatNumber,
  hasFilters,
  loadDashboard,
  setFilter,
  toggleFilter,
  type Dashboard as DashboardData,
  type DashboardFilters,
  type FilterKey,
} from "../dashboard";
import { Chart } from "./Chart";
import { useAsync } from "./common";

const KPIS = [
  { key: "plays", label: "Plays" },
  { key: "listeners", label: "Listeners on the busiest day" },
  { key: "minutes", label: "Minutes listened" },
] as const;

export function Dashboard({ client }: { client: Client }) {
  const [filters, setFilters] = useState<DashboardFilters>({});
  // Each answer keeps the filters it was asked with: until the one for the current filters is
  // in, the old charts stay, dimmed and marked busy.
  const state = useAsync(async () => ({ filters, data: await loadDashboard(client, filters) }), [client, filters]);
  const data = state.data?.data;
  const busy = state.loading || (state.data !== undefined && state.data.filters !== filters);
  const status = state.error ? "error" : !data ? "loading" : data.etl_run === null ? "empty" : "ready";
  const change = (key: FilterKey, value: string | undefined) => setFilters((old) => setFilter(old, key, value, data?.filters));

  return (
    <section className="dashboard" data-state={status} aria-busy={busy}>
      <div className="dashboard-head">
        <h1>
          Dashboard {data && <span className="tenant" data-testid="dashboard-tenant">{data.tenant}</span>}
        </h1>
        {status === "ready" && data && (
          <p className="muted" data-testid="data-as-of" title={`Summaries built ${formatDateTime(data.etl_run)}`}>
            Data as of {formatDateTime(data.data_as_of)}
          </p>
        )}
      </div>
      {status === "loading" && <p className="muted" role="status">Loading the dashboard…</p>}
      {status === "error" && (
        <div className="notice" role="alert">
          <p className="error">{state.error}</p>
          <div className="actions">
            <button onClick={state.reload}>Retry</button>
            {hasFilters(filters) && <button onClick={() => setFilters({})}>Clear filters</button>}
          </div>
        </div>
      )}
      {status === "empty" && (
        <div className="notice" data-testid="dashboard-empty">
          <p>No figures yet: the summaries of {data?.tenant ?? "your organisation"} have not been built.</p>
          <p>
            Run <code>musicctl pipeline</code>: it copies the services' tables into the data lake and loads the summaries
            the dashboard reads. Then reload this page.
          </p>
          <button onClick={state.reload}>Reload</button>
        </div>
      )}
      {status === "ready" && data && (
        <>
          <FilterBar data={data} filters={filters} change={change} clear={() => setFilters({})} />
          <div className="kpis">
            {KPIS.map(({ key, label }) => (
              <div className="kpi" key={key} data-kpi={key} data-value={data.totals[key]}>
                <span className="kpi-value">{formatNumber(data.totals[key])}</span>
                <span className="kpi-label">{label}</span>
              </div>
            ))}
          </div>
          <div className="charts">
            {CHARTS.map((spec) => (
              <ChartCard key={spec.name} spec={spec} data={data} filters={filters} filtered={hasFilters(filters)}
                toggle={(key, value) => setFilters((old) => toggleFilter(old, key, value))} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function FilterBar({ data, filters, change, clear }: {
  data: DashboardData;
  filters: DashboardFilters;
  change: (key: FilterKey, value: string | undefined) => void;
  clear: () => void;
}) {
  const chips = filterChips(filters);
  const genres = withSelected(data.options.genres, filters.genre);
  const plans = withSelected(data.options.plans, filters.plan);
  return (
    <>
      <div className="filters" role="group" aria-label="Filters">
        <label>
          From
          <input type="date" data-filter="from" value={filters.from ?? data.filters.from ?? ""}
            min={data.bounds?.first_day} max={data.bounds?.last_day} onChange={(e) => change("from", e.target.value)} />
        </label>
        <label>
          To
          <input type="date" data-filter="to" value={filters.to ?? data.filters.to ?? ""}
            min={data.bounds?.first_day} max={data.bounds?.last_day} onChange={(e) => change("to", e.target.value)} />
        </label>
        <label>
          Genre
          <select data-filter="genre" value={filters.genre ?? ""} onChange={(e) => change("genre", e.target.value)}>
            <option value="">All genres</option>
            {genres.map((genre) => <option key={genre} value={genre}>{genre}</option>)}
          </select>
        </label>
        <label>
          Plan
          <select data-filter="plan" value={filters.plan ?? ""} onChange={(e) => change("plan", e.target.value)}>
            <option value="">All plans</option>
            {plans.map((plan) => <option key={plan} value={plan}>{plan}</option>)}
          </select>
        </label>
        <button type="button" onClick={clear} disabled={!hasFilters(filters)}>Clear filters</button>
      </div>
      {chips.length > 0 && (
        <ul className="chips" aria-label="Active filters">
          {chips.map((chip) => (
            <li key={chip.key}>
              <button className="chip" data-chip={chip.key} aria-label={`Remove the filter ${chip.label}`} onClick={() => change(chip.key, undefined)}>
                {chip.label} <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The options of a select, with the value chosen kept even when the data no longer has it. */
function withSelected(options: string[], selected: string | undefined): string[] {
  return selected && !options.includes(selected) ? [...options, selected] : options;
}

function ChartCard({ spec, data, filters, filtered, toggle }: {
  spec: ChartSpec;
  data: DashboardData;
  filters: DashboardFilters;
  filtered: boolean;
  toggle: (key: "genre" | "plan", value: string) => void;
}) {
  // Only a chart that cross-filters shows the selection, so only it is redrawn on a click.
  const genre = spec.filterOf ? filters.genre : undefined;
  const plan = spec.filterOf ? filters.plan : undefined;
  const option = useMemo(() => spec.option(data, { genre, plan }), [spec, data, genre, plan]);
  const empty = spec.rows(data) === 0;
  const filterOf = spec.filterOf;
  return (
    <figure className="card" data-chart={spec.name} data-chart-type={spec.type}>
      <figcaption>
        <h2>{spec.title}</h2>
        {!empty && <p className="muted" data-summary>{spec.summary(data)}</p>}
      </figcaption>
      {empty ? (
        <p className="empty muted" data-empty>No data for this chart{filtered ? " with these filters" : ""}.</p>
      ) : (
        <Chart option={option} onClick={filterOf && ((event) => {
          const chosen = filterOf(event);
          if (chosen) toggle(chosen.key, chosen.value);
        })} />
      )}
    </figure>
  );
}
