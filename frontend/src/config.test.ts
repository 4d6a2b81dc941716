// Where the APIs are: config.json's api_url, and its reports_url for the dashboard when set.

import { expect, it, vi } from "vitest";
import { loadConfig, reportsBase } from "./config";

const json = (body: unknown) => vi.fn(async () => new Response(JSON.stringify(body), { status: 200 }));

it("reads the reports API from config.json, else uses the API", async () => {
  const both = await loadConfig(json({ api_url: "https://api.example", reports_url: "https://reports.example", stage: "prod" }));
  expect(both).toEqual({ apiUrl: "https://api.example", reportsUrl: "https://reports.example", stage: "prod" });
  expect(reportsBase(both)).toBe("https://reports.example");
  const apiOnly = await loadConfig(json({ api_url: "https://api.example" }));
  expect(apiOnly.reportsUrl).toBeUndefined();
  expect(reportsBase(apiOnly)).toBe("https://api.example");
});

it("falls back when there is no config.json", async () => {
  const config = await loadConfig(vi.fn(async () => new Response("", { status: 404 })));
  expect(config.reportsUrl).toBeUndefined();
  expect(reportsBase(config)).toBe(config.apiUrl);
});
