// The like cache: rows asking in the same moment make one request per kind; a toggle
// shows at once and goes back when the API refuses.

import { expect, it, vi } from "vitest";
import { ApiError, createClient } from "./api";
import { likeBookOf } from "./likes";

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

it("asks about every id shown at once in one request per kind", async () => {
  const client = createClient({ baseUrl: "" });
  const among = vi.spyOn(client, "likedAmong").mockImplementation(async (kind, ids) => ({
    items: ids.filter((id) => id.endsWith("1")).map((id) => ({ kind, item_id: id, user_id: "u", liked_at: "", title: "" })),
  }));
  const book = likeBookOf(client);
  expect(book.get("song", "sng_1")).toBeUndefined();
  expect(book.get("song", "sng_2")).toBeUndefined();
  expect(book.get("album", "alb_1")).toBeUndefined();
  await settle();
  expect(among).toHaveBeenCalledTimes(2);
  expect(among).toHaveBeenCalledWith("song", ["sng_1", "sng_2"]);
  expect([book.get("song", "sng_1"), book.get("song", "sng_2"), book.get("album", "alb_1")]).toEqual([true, false, true]);
  await settle();
  expect(among).toHaveBeenCalledTimes(2);
});

it("shows a like at once, and takes it back when the API refuses", async () => {
  const client = createClient({ baseUrl: "" });
  vi.spyOn(client, "likedAmong").mockResolvedValue({ items: [] });
  const like = vi.spyOn(client, "like").mockRejectedValueOnce(new ApiError(404, "not_found", "song sng_9 not found"));
  const book = likeBookOf(client);
  book.get("song", "sng_9");
  await settle();
  const seen: (boolean | undefined)[] = [];
  book.subscribe("song", "sng_9", () => seen.push(book.get("song", "sng_9")));
  await expect(book.toggle("song", "sng_9")).rejects.toThrow("not found");
  expect(seen).toEqual([true, false]);
  like.mockResolvedValueOnce({ kind: "song", item_id: "sng_9", user_id: "u", liked_at: "", title: "" });
  await book.toggle("song", "sng_9");
  expect(book.get("song", "sng_9")).toBe(true);
});
