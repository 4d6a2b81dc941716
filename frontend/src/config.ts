// Where the API is: `config.json` next to the app (written by `musicctl deploy`), else the
// build-time VITE_API_URL, else the origin that served the app (`musicctl up`). The reports
// API (the dashboard's figures) may live elsewhere: `reports_url`, else the same place.

export interface AppConfig {
  apiUrl: string;
  reportsUrl?: string;
  stage: string;
}

export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<AppConfig> {
  const fallback: AppConfig = {
    apiUrl: (import.meta.env.VITE_API_URL as string | undefined) ?? "",
    stage: (import.meta.env.VITE_STAGE as string | undefined) ?? "local",
  };
  try {
    const response = await fetchImpl("config.json", { cache: "no-store" });
    if (!response.ok) return fallback;
    const body = (await response.json()) as { api_url?: string; reports_url?: string; stage?: string };
    return {
      apiUrl: body.api_url || fallback.apiUrl,
      reportsUrl: body.reports_url || undefined,
      stage: body.stage || fallback.stage,
    };
  } catch {
    return fallback;
  }
}

/** The base URL of the reports API. */
export function reportsBase(config: AppConfig): string {
  return config.reportsUrl || config.apiUrl;
}
