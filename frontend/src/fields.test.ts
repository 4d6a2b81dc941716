// Lengths typed by people: minutes and seconds, or seconds alone.

import { expect, it } from "vitest";
import { parseLength } from "./components/fields";

it("reads m:ss and seconds, and refuses the rest", () => {
  expect(parseLength("3:25")).toBe(205_000);
  expect(parseLength(" 0:31 ")).toBe(31_000);
  expect(parseLength("95")).toBe(95_000);
  for (const bad of ["", "3:75", "abc", "0:00", "-3:00", "3.5"]) expect(parseLength(bad)).toBeUndefined();
});
