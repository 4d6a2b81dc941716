// The app's places, read from the URL's hash: #/, #/albums, #/artists/<id>, #/playlists/<id>?share=…

export type Route =
  | { page: "home" }
  | { page: "albums" }
  | { page: "artists" }
  | { page: "artist"; id: string }
  | { page: "album"; id: string }
  | { page: "song"; id: string }
  | { page: "genre"; genre: string }
  | { page: "liked" }
  | { page: "playlists" }
  | { page: "playlist"; id: string; share?: string }
  | { page: "listening" }
  | { page: "dashboard" }
  | { page: "admin" };

export function parseRoute(hash: string): Route {
  const [path, query] = hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const share = new URLSearchParams(query ?? "").get("share") ?? undefined;
  switch (parts[0]) {
    case "artists":
      return parts[1] ? { page: "artist", id: parts[1] } : { page: "artists" };
    case "albums":
      return parts[1] ? { page: "album", id: parts[1] } : { page: "albums" };
    case "songs":
      return parts[1] ? { page: "song", id: parts[1] } : { page: "home" };
    case "genres":
      return parts[1] ? { page: "genre", genre: parts[1] } : { page: "home" };
    case "playlists":
      return parts[1] ? { page: "playlist", id: parts[1], share } : { page: "playlists" };
    case "liked":
      return { page: "liked" };
    case "listening":
      return { page: "listening" };
    case "dashboard":
      return { page: "dashboard" };
    case "admin":
      return { page: "admin" };
    default:
      return { page: "home" };
  }
}

/** The sections of the main navigation. */
export type Section = "browse" | "albums" | "artists" | "liked" | "playlists" | "listening" | "dashboard" | "admin";

/** The navigation section a screen belongs to, which the navigation marks as current. */
export function sectionOf(route: Route): Section {
  switch (route.page) {
    case "albums":
    case "album":
      return "albums";
    case "artists":
    case "artist":
      return "artists";
    case "liked":
      return "liked";
    case "playlists":
    case "playlist":
      return "playlists";
    case "listening":
      return "listening";
    case "dashboard":
      return "dashboard";
    case "admin":
      return "admin";
    default:
      return "browse";
  }
}

const TITLES: Record<Route["page"], string> = {
  home: "Browse",
  albums: "Albums",
  artists: "Artists",
  artist: "Artist",
  album: "Album",
  song: "Song",
  genre: "Genre",
  liked: "Liked songs",
  playlists: "Your playlists",
  playlist: "Playlist",
  listening: "Your listening",
  dashboard: "Dashboard",
  admin: "Administration",
};

/** The document title of a screen, so that tabs and history say where they are. */
export function titleOf(route: Route): string {
  const page = route.page === "genre" ? `${route.genre} · Genre` : TITLES[route.page];
  return `${page} · musicctl`;
}
