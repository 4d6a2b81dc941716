// The API client: the token goes in the header, JSON errors become ApiErrors with the
// server's message, an expired token calls back, and unreachable servers say so.

import { describe, expect, it, vi } from "vitest";
import { ApiError, createClient } from "./api";

function answer(status: number, body?: unknown) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

describe("createClient", () => {
  it("sends the bearer token and the JSON body to the base URL", async () => {
    const fetchImpl = vi.fn(async () => answer(200, { items: [] }));
    const client = createClient({ baseUrl: "https://api.example/", token: () => "t0k", fetchImpl });
    await client.addToPlaylist("pl_1", "sng_1");
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("https://api.example/playlists/pl_1/songs");
    expect(init.method).toBe("POST");
    expect((init.headers as Record<string, string>).authorization).toBe("Bearer t0k");
    expect(JSON.parse(init.body as string)).toEqual({ song_id: "sng_1" });
  });

  it("builds query strings without empty values", async () => {
    const fetchImpl = vi.fn(async () => answer(200, { items: [] }));
    const client = createClient({ baseUrl: "", fetchImpl });
    await client.searchSongs("salt lines");
    await client.playlist("pl_1");
    const urls = (fetchImpl.mock.calls as unknown as [string][]).map((call) => call[0]);
    expect(urls).toEqual(["/songs/search?q=salt+lines&limit=20", "/playlists/pl_1"]);
  });

  it("turns error bodies into ApiErrors with the server's message and field", async () => {
    const fetchImpl = vi.fn(async () => answer(422, { error: { code: "validation_failed", message: "use a date", field: "release_date" } }));
    const client = createClient({ baseUrl: "", fetchImpl });
    const error = await client.createPlaylist("x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe("use a date");
    expect((error as ApiError).field).toBe("release_date");
    expect((error as ApiError).status).toBe(422);
  });

  it("reports an expired token once the server refuses it", async () => {
    const onUnauthorized = vi.fn();
    const fetchImpl = vi.fn(async () => answer(401, { error: { code: "unauthorized", message: "the token has expired" } }));
    const client = createClient({ baseUrl: "", token: () => "old", onUnauthorized, fetchImpl });
    await expect(client.me()).rejects.toThrow("the token has expired");
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it("says when the server cannot be reached", async () => {
    const fetchImpl = vi.fn(async () => {
      throw new TypeError("network down");
    });
    const client = createClient({ baseUrl: "", fetchImpl });
    await expect(client.history()).rejects.toMatchObject({ code: "unreachable" });
  });

  it("answers nothing for 204", async () => {
    const client = createClient({ baseUrl: "", fetchImpl: vi.fn(async () => new Response(null, { status: 204 })) });
    await expect(client.deletePlaylist("pl_1")).resolves.toBeUndefined();
  });
});
