// The player bar: a queue started from a list plays, survives a reload (the provider
// mounted again) with its song and place, Space plays and pauses, the queue panel
// reorders and removes, and nothing of one user's queue shows for another.

import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { createClient, type Song } from "../api";
import { storageKey } from "../queue";
import { PlayerProvider, usePlayer } from "./Player";

const song = (n: number): Song => ({
  song_id: `sng_${n}`, title: `Song ${n}`, artist_id: "art_1", album_id: "alb_1", duration_ms: 200_000, genre: "indie",
});
const songs = [1, 2, 3].map(song);

function fakeClient() {
  const client = createClient({ baseUrl: "http://api.test" });
  vi.spyOn(client, "streamUrl").mockImplementation(async (id) => ({ url: `/media/${id}.wav`, expires_at: 0 }));
  vi.spyOn(client, "recordPlay").mockResolvedValue({
    play_id: "p", user_id: "usr_1", song_id: "", artist_id: "", album_id: "", played_at: "", ms_played: 0, device: "web", plan: "free",
  });
  vi.spyOn(client, "artist").mockResolvedValue({
    artist_id: "art_1", name: "The Tides", genres: ["indie"], popularity: 50, monthly_listeners: 0, created_at: "", updated_at: "",
  });
  vi.spyOn(client, "album").mockResolvedValue({
    album_id: "alb_1", artist_id: "art_1", title: "Salt", release_date: "2026-01-01", genres: ["indie"], total_tracks: 3, created_at: "", updated_at: "",
  });
  return client;
}

function Starter() {
  const player = usePlayer();
  return (
    <>
      <button onClick={() => player.playQueue(songs, 1, "album:alb_1")}>Start</button>
      <button onClick={() => player.playNext(song(9))}>Next up</button>
    </>
  );
}

let played: ReturnType<typeof vi.fn>;
let paused: ReturnType<typeof vi.fn>;
beforeEach(() => {
  localStorage.clear();
  played = vi.fn(async function (this: HTMLMediaElement) {
    Object.defineProperty(this, "paused", { value: false, configurable: true });
    this.dispatchEvent(new Event("play"));
  });
  paused = vi.fn(function (this: HTMLMediaElement) {
    Object.defineProperty(this, "paused", { value: true, configurable: true });
    this.dispatchEvent(new Event("pause"));
  });
  vi.spyOn(HTMLMediaElement.prototype, "play").mockImplementation(played as never);
  vi.spyOn(HTMLMediaElement.prototype, "pause").mockImplementation(paused as never);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const mount = (client = fakeClient(), key = storageKey("northwind", "usr_1")) =>
  render(<PlayerProvider client={client} storageKey={key}><Starter /></PlayerProvider>);

it("plays the chosen song with its artist, and keeps the queue across a reload", async () => {
  const view = mount();
  fireEvent.click(screen.getByRole("button", { name: "Start" }));
  await waitFor(() => expect(screen.getByTestId("now-playing").textContent).toBe("Song 2"));
  await waitFor(() => expect(screen.getByTestId("now-artist").textContent).toBe("The Tides"));
  await waitFor(() => expect(played).toHaveBeenCalled());
  fireEvent.click(screen.getByRole("button", { name: "Next up" }));
  expect(screen.getByRole("button", { name: /^Queue/ }).textContent).toBe("Queue (2/4)");
  view.unmount();

  played.mockClear();
  mount();
  expect(screen.getByTestId("now-playing").textContent).toBe("Song 2");
  expect(screen.getByRole("button", { name: /^Queue/ }).textContent).toBe("Queue (2/4)");
  fireEvent.click(screen.getByRole("button", { name: /^Queue/ }));
  const queue = within(screen.getByRole("list", { name: "Queue songs" }));
  expect(queue.getAllByRole("listitem").map((li) => li.querySelector("button")?.textContent)).toEqual(["Song 1", "Song 2", "Song 9", "Song 3"]);
  // A reload does not start playing by itself.
  await waitFor(() => expect(screen.getByRole("button", { name: "Play" })).toHaveProperty("disabled", false));
  expect(played).not.toHaveBeenCalled();
});

it("keeps one user's queue from another", async () => {
  const view = mount(fakeClient(), storageKey("northwind", "usr_1"));
  fireEvent.click(screen.getByRole("button", { name: "Start" }));
  await waitFor(() => expect(screen.getByTestId("now-playing").textContent).toBe("Song 2"));
  view.unmount();
  mount(fakeClient(), storageKey("aurora", "usr_1"));
  expect(screen.getByTestId("now-playing").textContent).toBe("Nothing playing");
});

it("plays and pauses with Space, but not while typing", async () => {
  mount();
  fireEvent.click(screen.getByRole("button", { name: "Start" }));
  await waitFor(() => expect(screen.getByRole("button", { name: "Pause" })).toBeTruthy());
  fireEvent.keyDown(document.body, { key: " ", code: "Space" });
  await waitFor(() => expect(screen.getByRole("button", { name: "Play" })).toBeTruthy());
  expect(paused).toHaveBeenCalledTimes(1);
  const input = document.createElement("input");
  document.body.appendChild(input);
  fireEvent.keyDown(input, { key: " ", code: "Space" });
  expect(screen.getByRole("button", { name: "Play" })).toBeTruthy();
  input.remove();
});

it("reorders and removes in the queue panel", async () => {
  mount();
  fireEvent.click(screen.getByRole("button", { name: "Start" }));
  await waitFor(() => expect(screen.getByTestId("now-playing").textContent).toBe("Song 2"));
  fireEvent.click(screen.getByRole("button", { name: /^Queue/ }));
  fireEvent.click(screen.getByRole("button", { name: "Move Song 3 up in the queue" }));
  const titles = () => within(screen.getByRole("list", { name: "Queue songs" })).getAllByRole("listitem").map((li) => li.querySelector("button")?.textContent);
  expect(titles()).toEqual(["Song 1", "Song 3", "Song 2"]);
  expect(screen.getByTestId("now-playing").textContent).toBe("Song 2");
  fireEvent.click(screen.getByRole("button", { name: "Remove Song 1 from the queue" }));
  expect(titles()).toEqual(["Song 3", "Song 2"]);
  expect(screen.getByRole("button", { name: /^Queue/ }).textContent).toBe("Queue (2/2)");
  // Shuffle and repeat say their state.
  fireEvent.click(screen.getByRole("button", { name: "Shuffle" }));
  expect(screen.getByRole("button", { name: "Shuffle" }).getAttribute("aria-pressed")).toBe("true");
  fireEvent.click(screen.getByRole("button", { name: "Repeat: off" }));
  expect(screen.getByRole("button", { name: "Repeat: all" })).toBeTruthy();
  await act(async () => undefined);
});
