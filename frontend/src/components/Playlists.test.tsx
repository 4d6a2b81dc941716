// A playlist page: the owner gets the controls; others see a shared playlist read-only;
// after a change the page shows the playlist as it is now, not an older copy.

import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, expect, it, vi } from "vitest";
import { createClient, type PlaylistDetail } from "../api";
import { PlaylistPage } from "./Playlists";

afterEach(cleanup);

function detail(name: string, isPublic: boolean): PlaylistDetail {
  const answer: PlaylistDetail = {
    playlist: { playlist_id: "pl_1", owner_id: "usr_owner", name, public: isPublic, collaborators: ["usr_helper"], entry_count: 1, created_at: "", updated_at: "" },
    entries: [{ position: 0, song_id: "sng_1", title: "Salt Lines", artist_id: "art_1", duration_ms: 200_000, added_by: "usr_owner", added_at: "" }],
  };
  return answer;
}

it("gives the owner every control", async () => {
  const client = createClient({ baseUrl: "" });
  vi.spyOn(client, "playlist").mockResolvedValue(detail("Mix", false));
  render(<PlaylistPage client={client} playlistId="pl_1" userId="usr_owner" />);
  await screen.findByRole("heading", { name: "Mix" });
  for (const name of ["Rename", "Make public", "Share link", "Delete", "Remove Salt Lines"]) {
    expect(screen.getByRole("button", { name })).toBeTruthy();
  }
});

it("shows someone else's shared playlist read-only", async () => {
  const client = createClient({ baseUrl: "" });
  vi.spyOn(client, "playlist").mockResolvedValue(detail("Mix", true));
  render(<PlaylistPage client={client} playlistId="pl_1" share="tok" userId="usr_stranger" />);
  await screen.findByRole("heading", { name: "Mix" });
  expect(screen.getByRole("button", { name: "Play all" })).toBeTruthy();
  for (const name of ["Rename", "Share link", "Delete", "Remove Salt Lines", "Move Salt Lines down"]) {
    expect(screen.queryByRole("button", { name })).toBeNull();
  }
});

it("lets a collaborator change the songs but not the playlist", async () => {
  const client = createClient({ baseUrl: "" });
  vi.spyOn(client, "playlist").mockResolvedValue(detail("Mix", false));
  render(<PlaylistPage client={client} playlistId="pl_1" userId="usr_helper" />);
  await screen.findByRole("heading", { name: "Mix" });
  expect(screen.getByRole("button", { name: "Remove Salt Lines" })).toBeTruthy();
  expect(screen.queryByRole("button", { name: "Delete" })).toBeNull();
});

it("shows the current state after making a playlist public", async () => {
  const client = createClient({ baseUrl: "" });
  const read = vi.spyOn(client, "playlist").mockResolvedValueOnce(detail("Mix", false)).mockResolvedValue(detail("Mix", true));
  vi.spyOn(client, "updatePlaylist").mockResolvedValue(detail("Mix", true).playlist as never);
  render(<PlaylistPage client={client} playlistId="pl_1" userId="usr_owner" />);
  fireEvent.click(await screen.findByRole("button", { name: "Make public" }));
  await waitFor(() => expect(screen.getByRole("button", { name: "Make private" })).toBeTruthy());
  expect(read).toHaveBeenCalledTimes(2);
});
