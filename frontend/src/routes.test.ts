// Hash routes: each screen's address, with share tokens kept.

import { expect, it } from "vitest";
import { parseRoute, sectionOf, titleOf } from "./routes";

it("reads every screen from the hash", () => {
  expect(parseRoute("")).toEqual({ page: "home" });
  expect(parseRoute("#/artists/art_1")).toEqual({ page: "artist", id: "art_1" });
  expect(parseRoute("#/albums/alb_1")).toEqual({ page: "album", id: "alb_1" });
  expect(parseRoute("#/albums")).toEqual({ page: "albums" });
  expect(parseRoute("#/artists/")).toEqual({ page: "artists" });
  expect(parseRoute("#/genres/hip%20hop")).toEqual({ page: "genre", genre: "hip hop" });
  expect(parseRoute("#/playlists")).toEqual({ page: "playlists" });
  expect(parseRoute("#/liked")).toEqual({ page: "liked" });
  expect(parseRoute("#/playlists/pl_1?share=abc")).toEqual({ page: "playlist", id: "pl_1", share: "abc" });
  expect(parseRoute("#/listening")).toEqual({ page: "listening" });
  expect(parseRoute("#/dashboard")).toEqual({ page: "dashboard" });
  expect(parseRoute("#/admin")).toEqual({ page: "admin" });
  expect(parseRoute("#/nowhere")).toEqual({ page: "home" });
});

it("names each screen in the title and marks its section in the navigation", () => {
  expect(titleOf(parseRoute(""))).toBe("Browse · musicctl");
  expect(titleOf(parseRoute("#/genres/indie"))).toBe("indie · Genre · musicctl");
  expect(titleOf(parseRoute("#/playlists/pl_1"))).toBe("Playlist · musicctl");
  expect(sectionOf(parseRoute("#/playlists/pl_1"))).toBe("playlists");
  expect(sectionOf(parseRoute("#/artists/art_1"))).toBe("artists");
  expect(sectionOf(parseRoute("#/albums"))).toBe("albums");
  expect(sectionOf(parseRoute("#/genres/indie"))).toBe("browse");
  expect(sectionOf(parseRoute("#/admin"))).toBe("admin");
});
