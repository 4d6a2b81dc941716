// Generated cover art for albums, artists and playlists that have no picture: two colours
// and the initials, chosen from the id so that the same album always looks the same, as an
// SVG data URL usable by <img> and by the Media Session.

/** A 32-bit FNV-1a hash of `text`. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Small words that initials skip: "Lights of the City" is LC. */
const SMALL = new Set(["a", "an", "and", "of", "the", "in", "on", "to", "for", "de", "la", "el", "le", "y"]);

/** Up to two initials of `name`: the first letters of its first two words that matter. */
export function initials(name: string): string {
  const all = name.trim().split(/\s+/u).filter(Boolean);
  const words = all.filter((word) => !SMALL.has(word.toLowerCase())).length > 0 ? all.filter((word) => !SMALL.has(word.toLowerCase())) : all;
  return words.slice(0, 2).map((word) => [...word][0]?.toUpperCase() ?? "").join("") || "♪";
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The cover of `id` named `name`, as an SVG data URL. */
export function coverArt(id: string, name: string): string {
  const h = hash(id);
  const hue = h % 360;
  const second = (hue + 40 + ((h >>> 9) % 80)) % 360;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">` +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">` +
    `<stop offset="0" stop-color="hsl(${hue} 55% 42%)"/><stop offset="1" stop-color="hsl(${second} 60% 28%)"/>` +
    `</linearGradient></defs><rect width="100" height="100" fill="url(#g)"/>` +
    `<text x="50" y="62" font-family="system-ui,sans-serif" font-size="34" font-weight="700" fill="#fff" text-anchor="middle">${escape(initials(name))}</text></svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
