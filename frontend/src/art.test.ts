// Generated covers: the same id always gives the same picture, ids differ, names are escaped.

import { expect, it } from "vitest";
import { coverArt, initials } from "./art";

it("draws the same cover for the same id, another for another", () => {
  expect(coverArt("alb_1", "Salt Lines")).toBe(coverArt("alb_1", "Salt Lines"));
  expect(coverArt("alb_1", "Salt Lines")).not.toBe(coverArt("alb_2", "Salt Lines"));
});

it("takes up to two initials, and a note for an empty name", () => {
  expect(initials("salt lines of the north")).toBe("SL");
  expect(initials("Lights of the City")).toBe("LC");
  expect(initials("The")).toBe("T");
  expect(initials("  Émile ")).toBe("É");
  expect(initials("")).toBe("♪");
});

it("escapes the name inside the picture", () => {
  const svg = decodeURIComponent(coverArt("x", "<b> & c").split(",")[1]);
  expect(svg).toContain("&#60;&#38;");
  expect(svg).not.toContain("<b>");
});
