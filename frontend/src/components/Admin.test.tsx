// Catalog forms for admins: the artist is found by name and chosen (no raw ids), the
// album goes to the API with the chosen artist, and an error the API names a field for
// is shown under that field in words; users are found by the API, not among the pages loaded.

import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, expect, it, vi } from "vitest";
import { ApiError, createClient } from "../api";

const salt = { album_id: "alb_1", artist_id: "art_9", title: "Salt", release_date: "2026-01-02", genres: ["indie"], total_tracks: 1, created_at: "", updated_at: "" };
import { Admin } from "./Admin";

afterEach(cleanup);

function client() {
  const api = createClient({ baseUrl: "" });
  vi.spyOn(api, "listUsers").mockResolvedValue({ items: [] });
  vi.spyOn(api, "searchArtists").mockResolvedValue({
    items: [{ artist_id: "art_9", name: "The Tides", genres: ["indie"], popularity: 40 }],
  });
  return api;
}

it("adds an album for an artist chosen by name", async () => {
  const api = client();
  const created = vi.spyOn(api, "createAlbum").mockResolvedValue(salt);
  render(<Admin client={api} />);
  const form = within(screen.getByRole("form", { name: "Add an album" }));
  fireEvent.change(form.getByLabelText("Artist"), { target: { value: "the t" } });
  fireEvent.click(await form.findByRole("button", { name: "Choose The Tides" }));
  fireEvent.change(form.getByLabelText("Title"), { target: { value: "Salt" } });
  fireEvent.change(form.getByLabelText("Release date"), { target: { value: "2026-01-02" } });
  fireEvent.submit(screen.getByRole("form", { name: "Add an album" }));
  await waitFor(() => expect(created).toHaveBeenCalled());
  expect(created.mock.calls[0][0]).toMatchObject({ artist_id: "art_9", title: "Salt", release_date: "2026-01-02", genres: ["indie"] });
  expect((await form.findByRole("status")).textContent).toContain("Added Salt.");
});

it("shows the API's complaint under the field it names", async () => {
  const api = client();
  vi.spyOn(api, "createArtist").mockRejectedValue(new ApiError(422, "validation_failed", "use a two-letter country code, e.g. IE", "country"));
  render(<Admin client={api} />);
  const form = within(screen.getByRole("form", { name: "Add an artist" }));
  fireEvent.change(form.getByLabelText("Name"), { target: { value: "Ana" } });
  fireEvent.change(form.getByLabelText("Genres"), { target: { value: "folk" } });
  fireEvent.change(form.getByLabelText("Country"), { target: { value: "X" } });
  fireEvent.submit(screen.getByRole("form", { name: "Add an artist" }));
  const country = form.getByLabelText("Country");
  await waitFor(() => expect(country.getAttribute("aria-invalid")).toBe("true"));
  expect(country.getAttribute("aria-describedby")).toContain("error");
  expect(form.getByText("use a two-letter country code, e.g. IE")).toBeTruthy();
  expect(form.queryByRole("alert")).toBeNull();
});

it("refuses a song length it cannot read, under the length field", async () => {
  const api = client();
  vi.spyOn(api, "discography").mockResolvedValue({ items: [salt] });
  const created = vi.spyOn(api, "createSong");
  render(<Admin client={api} />);
  const form = within(screen.getByRole("form", { name: "Add a song" }));
  fireEvent.change(form.getByLabelText("Artist"), { target: { value: "the" } });
  fireEvent.click(await form.findByRole("button", { name: "Choose The Tides" }));
  await form.findByRole("option", { name: "Salt (2026)" });
  fireEvent.change(form.getByLabelText("Album"), { target: { value: "alb_1" } });
  fireEvent.change(form.getByLabelText("Title"), { target: { value: "Harbour" } });
  fireEvent.change(form.getByLabelText("Length"), { target: { value: "3:75" } });
  fireEvent.submit(screen.getByRole("form", { name: "Add a song" }));
  await form.findByText("Give the length as minutes and seconds, e.g. 3:25.");
  expect(created).not.toHaveBeenCalled();
});

it("finds users through the API by the start of their e-mail, past the pages loaded", async () => {
  const api = client();
  const bea = { user_id: "usr_2", tenant_id: "acme", email: "bea@example.com", display_name: "Bea", role: "listener", plan: "free", created_at: "" } as const;
  const search = vi.spyOn(api, "searchUsers").mockResolvedValue({ items: [bea] });
  render(<Admin client={api} />);
  fireEvent.change(screen.getByLabelText("Find a user by e-mail"), { target: { value: " Bea@ " } });
  expect((await screen.findByRole("cell", { name: "bea@example.com" }, { timeout: 2000 })).textContent).toBe("bea@example.com");
  expect(search).toHaveBeenCalledWith("bea@", undefined);
});
