// The client of the six musicctl APIs: one `request` that adds the token and turns error
// answers into `ApiError`s carrying the server's message, and a typed function per route.

import type { components } from "./api-schema";

// The types of the API, generated from its /openapi.json (scripts/api-types.mjs), so that
// they cannot drift from the services. Lists answer summaries; the screens take either.
type Schemas = components["schemas"];
export type User = Schemas["User"];
export type Session = Schemas["UserLoginResponse"];
export interface Page<T> {
  items: T[];
  next_cursor?: string;
}
/** An artist as lists (summaries) and its own page (the whole record) answer it. */
export type Artist = Schemas["ArtistSummary"] & Partial<Omit<Schemas["Artist"], keyof Schemas["ArtistSummary"]>>;
/** An album as lists (summaries) and its own page (the whole record) answer it. */
export type Album = Schemas["AlbumSummary"] & Partial<Omit<Schemas["Album"], keyof Schemas["AlbumSummary"]>>;
/** A song as lists (summaries) and its own page (the whole record) answer it. */
export type Song = Schemas["SongSummary"] & Partial<Omit<Schemas["Song"], keyof Schemas["SongSummary"]>>;
export type Playlist = Schemas["Playlist"];
export type PlaylistSummary = Schemas["PlaylistSummary"];
export type PlaylistMatch = Schemas["PlaylistMatch"];
export type PlaylistEntry = Schemas["PlaylistEntry"];
export type PlaylistDetail = Schemas["PlaylistDetail"];
export type Play = Schemas["Play"];
export type ChartRow = Schemas["ChartRow"];
export type Order = "oldest" | "newest";
export type LikeKind = Schemas["LikeKind"];
export type Like = Schemas["Like"];
type Role = Schemas["Role"];

/** An error answer of the API, or a failure to reach it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
  get expired(): boolean {
    return this.status === 401;
  }
}

export interface ClientOptions {
  baseUrl: string;
  token?: () => string | undefined;
  onUnauthorized?: () => void;
  fetchImpl?: typeof fetch;
}

const q = (params: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
};

export function createClient(options: ClientOptions) {
  const fetchImpl = options.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const base = options.baseUrl.replace(/\/$/, "");

  async function request<T>(method: string, path: string, body?: unknown, file?: Blob): Promise<T> {
    const headers: Record<string, string> = {};
    const token = options.token?.();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    if (file) headers["content-type"] = file.type || "application/octet-stream";
    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, {
        method,
        headers,
        body: file ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
    } catch {
      throw new ApiError(0, "unreachable", "The service cannot be reached. Check your connection and try again.");
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
      if (response.status === 401 && token) options.onUnauthorized?.();
      throw new ApiError(response.status, error?.code ?? "error", error?.message ?? `HTTP ${response.status}`, error?.field);
    }
    return json as T;
  }

  return {
    request,
    baseUrl: base,
    // users
    organisation: (slug: string) => request<Schemas["OrganisationResponse"]>("GET", `/users/organisations/${encodeURIComponent(slug)}`),
    login: (tenant: string, email: string, password: string) =>
      request<Session>("POST", "/users/login", { tenant, email, password }),
    register: (tenant: string, email: string, password: string, display_name: string) =>
      request<Session>("POST", "/users/register", { tenant, email, password, display_name }),
    validate: () => request<Schemas["TokenValidateResponse"]>("GET", "/users/validate"),
    me: () => request<User>("GET", "/users/me"),
    listUsers: (cursor?: string) => request<Schemas["ListResponse_User"]>("GET", `/users${q({ limit: 50, cursor })}`),
    searchUsers: (text: string, cursor?: string) => request<Schemas["ListResponse_User"]>("GET", `/users/search${q({ q: text, limit: 50, cursor })}`),
    setRole: (userId: string, role: Role) => request<User>("PUT", `/users/${encodeURIComponent(userId)}/role`, { role }),
    // artists
    searchArtists: (text: string, limit = 10) => request<Page<Schemas["ArtistSummary"]>>("GET", `/artists/search${q({ q: text, limit })}`),
    artists: (cursor?: string, order?: Order) => request<Page<Schemas["Artist"]>>("GET", `/artists${q({ limit: 48, cursor, order })}`),
    artistsByName: (cursor?: string) => request<Page<Schemas["ArtistSummary"]>>("GET", `/artists/by-name${q({ limit: 48, cursor })}`),
    artistsOfGenre: (genre: string, cursor?: string) => request<Page<Schemas["Artist"]>>("GET", `/artists/top${q({ genre, limit: 48, cursor })}`),
    topArtists: (genre: string) => request<Page<Schemas["Artist"]>>("GET", `/artists/top${q({ genre, limit: 10 })}`),
    artist: (id: string) => request<Schemas["Artist"]>("GET", `/artists/${encodeURIComponent(id)}`),
    createArtist: (body: { name: string; genres: string[]; country?: string }) => request<Schemas["Artist"]>("POST", "/artists", body),
    updateArtist: (id: string, changes: Partial<Pick<Artist, "name" | "genres" | "country" | "bio" | "popularity">>) =>
      request<Schemas["Artist"]>("PATCH", `/artists/${encodeURIComponent(id)}`, changes),
    deleteArtist: (id: string) => request<void>("DELETE", `/artists/${encodeURIComponent(id)}`),
    // albums
    album: (id: string) => request<Schemas["Album"]>("GET", `/albums/${encodeURIComponent(id)}`),
    discography: (artistId: string, cursor?: string) =>
      request<Page<Schemas["Album"]>>("GET", `/albums/by-artist/${encodeURIComponent(artistId)}${q({ limit: 50, cursor })}`),
    newReleases: (cursor?: string, limit = 12) => request<Page<Schemas["AlbumSummary"]>>("GET", `/albums/new-releases${q({ limit, cursor })}`),
    searchAlbums: (text: string, limit = 12) => request<Page<Schemas["AlbumSummary"]>>("GET", `/albums/search${q({ q: text, limit })}`),
    albumsByTitle: (cursor?: string, genre?: string) =>
      request<Page<Schemas["AlbumSummary"]>>("GET", `/albums/by-title${q({ limit: 48, cursor, genre: genre || undefined })}`),
    albums: (cursor?: string, order?: Order) => request<Page<Schemas["Album"]>>("GET", `/albums${q({ limit: 48, cursor, order })}`),
    createAlbum: (body: { artist_id: string; title: string; release_date: string; genres: string[]; total_tracks: number }) =>
      request<Schemas["Album"]>("POST", "/albums", body),
    updateAlbum: (id: string, changes: Partial<Pick<Album, "title" | "release_date" | "genres" | "total_tracks" | "label">>) =>
      request<Schemas["Album"]>("PATCH", `/albums/${encodeURIComponent(id)}`, changes),
    deleteAlbum: (id: string) => request<void>("DELETE", `/albums/${encodeURIComponent(id)}`),
    // songs
    searchSongs: (text: string, cursor?: string) => request<Page<Schemas["SongSummary"]>>("GET", `/songs/search${q({ q: text, limit: 20, cursor })}`),
    songsOfGenre: (genre: string, cursor?: string) =>
      request<Page<Schemas["SongSummary"]>>("GET", `/songs/by-genre/${encodeURIComponent(genre)}${q({ limit: 20, cursor })}`),
    tracklist: (albumId: string) => request<Page<Schemas["Song"]>>("GET", `/songs/by-album/${encodeURIComponent(albumId)}${q({ limit: 100 })}`),
    song: (id: string) => request<Schemas["Song"]>("GET", `/songs/${encodeURIComponent(id)}`),
    streamUrl: (id: string) => request<Schemas["StreamUrlResponse"]>("POST", `/songs/${encodeURIComponent(id)}/stream-url`),
    createSong: (body: { album_id: string; title: string; track_number: number; duration_ms: number; genre: string; audio_key?: string }) =>
      request<Schemas["Song"]>("POST", "/songs", body),
    updateSong: (id: string, changes: Partial<Pick<Song, "title" | "track_number" | "duration_ms" | "genre">>) =>
      request<Schemas["Song"]>("PATCH", `/songs/${encodeURIComponent(id)}`, changes),
    uploadAudio: (id: string, file: Blob) => request<Schemas["Song"]>("PUT", `/songs/${encodeURIComponent(id)}/audio`, undefined, file),
    deleteSong: (id: string) => request<void>("DELETE", `/songs/${encodeURIComponent(id)}`),
    // playlists
    searchPlaylists: (text: string, limit = 12) => request<Page<Schemas["PlaylistMatch"]>>("GET", `/playlists/search${q({ q: text, limit })}`),
    myPlaylists: () => request<Page<PlaylistSummary>>("GET", `/playlists/mine${q({ limit: 50 })}`),
    playlist: (id: string, share?: string) => request<PlaylistDetail>("GET", `/playlists/${encodeURIComponent(id)}${q({ share })}`),
    createPlaylist: (name: string) => request<Playlist>("POST", "/playlists", { name }),
    updatePlaylist: (id: string, changes: { name?: string; public?: boolean }) =>
      request<Playlist>("PATCH", `/playlists/${encodeURIComponent(id)}`, changes),
    deletePlaylist: (id: string) => request<void>("DELETE", `/playlists/${encodeURIComponent(id)}`),
    addToPlaylist: (id: string, songId: string) => request<PlaylistDetail>("POST", `/playlists/${encodeURIComponent(id)}/songs`, { song_id: songId }),
    removeFromPlaylist: (id: string, position: number) =>
      request<PlaylistDetail>("DELETE", `/playlists/${encodeURIComponent(id)}/songs/${position}`),
    reorderPlaylist: (id: string, order: number[]) => request<PlaylistDetail>("PUT", `/playlists/${encodeURIComponent(id)}/songs`, { order }),
    sharePlaylist: (id: string) => request<Schemas["PlaylistShareResponse"]>("POST", `/playlists/${encodeURIComponent(id)}/share`),
    // likes
    liked: (kind: LikeKind, cursor?: string) => request<Page<Like>>("GET", `/playlists/liked/${kind}s${q({ limit: 50, cursor })}`),
    likedAmong: (kind: LikeKind, ids: string[]) => request<Page<Like>>("GET", `/playlists/liked/${kind}s${q({ ids: ids.join(",") })}`),
    like: (kind: LikeKind, id: string) => request<Like>("PUT", `/playlists/liked/${kind}s/${encodeURIComponent(id)}`),
    unlike: (kind: LikeKind, id: string) => request<void>("DELETE", `/playlists/liked/${kind}s/${encodeURIComponent(id)}`),
    // stats
    recordPlay: (songId: string, msPlayed: number, context?: string) =>
      request<Play>("POST", "/stats/plays", { song_id: songId, ms_played: msPlayed, device: "web", context }),
    history: (cursor?: string) => request<Page<Play>>("GET", `/stats/me/history${q({ limit: 20, cursor })}`),
    topSongs: () => request<ChartRow[]>("GET", `/stats/top-songs${q({ limit: 10 })}`),
    topArtistsChart: (limit = 10) => request<ChartRow[]>("GET", `/stats/top-artists${q({ limit })}`),
    topAlbumsChart: (limit = 10) => request<ChartRow[]>("GET", `/stats/top-albums${q({ limit })}`),
  };
}

export type Client = ReturnType<typeof createClient>;
