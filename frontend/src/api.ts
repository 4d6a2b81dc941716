// The client of the six musicctl APIs: one `request` that adds the token and turns error
// answers into `ApiError`s carrying the server's message, and a typed function per route.

export interface User {
  user_id: string;
  tenant_id: string;
  email: string;
  display_name: string;
  role: "admin" | "listener";
  plan: string;
  country?: string;
  created_at: string;
}
export interface Session {
  token: string;
  expires_at: number;
  user: User;
}
export interface Page<T> {
  items: T[];
  next_cursor?: string;
}
export interface Artist {
  artist_id: string;
  name: string;
  genres: string[];
  country?: string;
  bio?: string;
  monthly_listeners?: number;
  popularity: number;
}
export interface Album {
  album_id: string;
  artist_id: string;
  title: string;
  release_date: string;
  genres?: string[];
  total_tracks?: number;
  label?: string;
}
export interface Song {
  song_id: string;
  title: string;
  artist_id: string;
  album_id: string;
  duration_ms: number;
  genre: string;
  track_number?: number;
  audio_key?: string;
}
export interface Playlist {
  playlist_id: string;
  owner_id: string;
  name: string;
  description?: string;
  public: boolean;
  collaborators: string[];
  entry_count: number;
  share_token?: string;
  updated_at: string;
}
export interface PlaylistEntry {
  position: number;
  song_id: string;
  title: string;
  artist_id: string;
  duration_ms: number;
}
export interface PlaylistDetail {
  playlist: Playlist;
  entries: PlaylistEntry[];
}
export interface Play {
  play_id: string;
  song_id: string;
  artist_id: string;
  played_at: string;
  ms_played: number;
  device: string;
}
export interface ChartRow {
  id: string;
  name: string;
  plays: number;
  minutes: number;
}

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

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    const token = options.token?.();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
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
    login: (tenant: string, email: string, password: string) =>
      request<Session>("POST", "/users/login", { tenant, email, password }),
    register: (tenant: string, email: string, password: string, display_name: string) =>
      request<Session>("POST", "/users/register", { tenant, email, password, display_name }),
    validate: () => request<{ valid: boolean; tenant_id: string; role: string; expires_at: number }>("GET", "/users/validate"),
    me: () => request<User>("GET", "/users/me"),
    listUsers: (cursor?: string) => request<Page<User>>("GET", `/users${q({ limit: 50, cursor })}`),
    // artists
    searchArtists: (prefix: string) => request<Page<Artist>>("GET", `/artists/search${q({ prefix, limit: 10 })}`),
    topArtists: (genre: string) => request<Page<Artist>>("GET", `/artists/top${q({ genre, limit: 10 })}`),
    artist: (id: string) => request<Artist>("GET", `/artists/${encodeURIComponent(id)}`),
    createArtist: (body: { name: string; genres: string[]; country?: string }) => request<Artist>("POST", "/artists", body),
    // albums
    album: (id: string) => request<Album>("GET", `/albums/${encodeURIComponent(id)}`),
    discography: (artistId: string) => request<Page<Album>>("GET", `/albums/by-artist/${encodeURIComponent(artistId)}${q({ limit: 50 })}`),
    newReleases: () => request<Page<Album>>("GET", `/albums/new-releases${q({ limit: 12 })}`),
    createAlbum: (body: { artist_id: string; title: string; release_date: string; genres: string[]; total_tracks: number }) =>
      request<Album>("POST", "/albums", body),
    // songs
    searchSongs: (prefix: string) => request<Page<Song>>("GET", `/songs/search${q({ prefix, limit: 20 })}`),
    songsOfGenre: (genre: string) => request<Page<Song>>("GET", `/songs/by-genre/${encodeURIComponent(genre)}${q({ limit: 20 })}`),
    tracklist: (albumId: string) => request<Page<Song>>("GET", `/songs/by-album/${encodeURIComponent(albumId)}${q({ limit: 100 })}`),
    song: (id: string) => request<Song>("GET", `/songs/${encodeURIComponent(id)}`),
    streamUrl: (id: string) => request<{ url: string; expires_at: number }>("POST", `/songs/${encodeURIComponent(id)}/stream-url`),
    createSong: (body: { album_id: string; title: string; track_number: number; duration_ms: number; genre: string }) =>
      request<Song>("POST", "/songs", body),
    // playlists
    myPlaylists: () => request<Page<Playlist>>("GET", `/playlists/mine${q({ limit: 50 })}`),
    playlist: (id: string, share?: string) => request<PlaylistDetail>("GET", `/playlists/${encodeURIComponent(id)}${q({ share })}`),
    createPlaylist: (name: string) => request<Playlist>("POST", "/playlists", { name }),
    updatePlaylist: (id: string, changes: { name?: string; public?: boolean }) =>
      request<Playlist>("PATCH", `/playlists/${encodeURIComponent(id)}`, changes),
    deletePlaylist: (id: string) => request<void>("DELETE", `/playlists/${encodeURIComponent(id)}`),
    addToPlaylist: (id: string, songId: string) => request<PlaylistDetail>("POST", `/playlists/${encodeURIComponent(id)}/songs`, { song_id: songId }),
    removeFromPlaylist: (id: string, position: number) =>
      request<PlaylistDetail>("DELETE", `/playlists/${encodeURIComponent(id)}/songs/${position}`),
    reorderPlaylist: (id: string, order: number[]) => request<PlaylistDetail>("PUT", `/playlists/${encodeURIComponent(id)}/songs`, { order }),
    sharePlaylist: (id: string) => request<{ share_token: string; path: string }>("POST", `/playlists/${encodeURIComponent(id)}/share`),
    // stats
    recordPlay: (songId: string, msPlayed: number, context?: string) =>
      request<Play>("POST", "/stats/plays", { song_id: songId, ms_played: msPlayed, device: "web", context }),
    history: () => request<Page<Play>>("GET", `/stats/me/history${q({ limit: 20 })}`),
    topSongs: () => request<ChartRow[]>("GET", `/stats/top-songs${q({ limit: 10 })}`),
    topArtistsChart: () => request<ChartRow[]>("GET", `/stats/top-artists${q({ limit: 10 })}`),
  };
}

export type Client = ReturnType<typeof createClient>;
