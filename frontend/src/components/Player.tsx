// The player: a queue of songs, one <audio> element streaming through a ticketed URL
// (HTTP Range, so seeking works), next/previous, and a play recorded when a song ends or
// is left after 30 seconds.

import { createContext, useContext, useEffect, useRef, useState } from "react";
import type { Client, Song } from "../api";
import { messageOf } from "./common";

interface PlayerApi {
  playQueue: (songs: Song[], start: number, context?: string) => void;
  current?: Song;
}

const PlayerContext = createContext<PlayerApi>({ playQueue: () => {} });

export const usePlayer = () => useContext(PlayerContext);

export function PlayerProvider({ client, children }: { client: Client; children: React.ReactNode }) {
  const [queue, setQueue] = useState<Song[]>([]);
  const [index, setIndex] = useState(0);
  const [context, setContext] = useState<string>();
  const [source, setSource] = useState<string>();
  const [error, setError] = useState<string>();
  const [recorded, setRecorded] = useState<string>();
  const audio = useRef<HTMLAudioElement>(null);
  const current = queue[index];

  useEffect(() => {
    if (!current) return;
    let live = true;
    setError(undefined);
    client.streamUrl(current.song_id).then(
      (answer) => live && setSource(answer.url.startsWith("http") ? answer.url : `${client.baseUrl}${answer.url}`),
      (caught: unknown) => live && setError(messageOf(caught)),
    );
    return () => {
      live = false;
    };
  }, [client, current]);

  useEffect(() => {
    if (source && audio.current) {
      audio.current.play().catch(() => setError("Press play to start."));
    }
  }, [source]);

  function record(msPlayed: number) {
    if (!current || recorded === `${current.song_id}:${index}`) return;
    setRecorded(`${current.song_id}:${index}`);
    client.recordPlay(current.song_id, Math.min(Math.round(msPlayed), current.duration_ms), context).catch(() => undefined);
  }

  function move(step: number) {
    const element = audio.current;
    if (element && element.currentTime > 30) record(element.currentTime * 1000);
    const next = index + step;
    if (next >= 0 && next < queue.length) setIndex(next);
  }

  const api: PlayerApi = {
    current,
    playQueue: (songs, start, playContext) => {
      setQueue(songs);
      setIndex(start);
      setContext(playContext);
      setRecorded(undefined);
    },
  };

  return (
    <PlayerContext.Provider value={api}>
      {children}
      <footer className="player" aria-label="Player">
        <button onClick={() => move(-1)} disabled={index === 0}>Previous</button>
        <button onClick={() => move(1)} disabled={index >= queue.length - 1}>Next</button>
        <span className="now-playing" data-testid="now-playing">{current ? current.title : "Nothing playing"}</span>
        <audio
          ref={audio}
          src={source}
          controls
          preload="auto"
          onPlay={() => {
            if (audio.current && audio.current.currentTime === 0) record(1000);
          }}
          onEnded={() => {
            record((audio.current?.duration ?? 0) * 1000);
            move(1);
          }}
        />
        {queue.length > 0 && <span className="muted">{index + 1} / {queue.length}</span>}
        {error && <span className="error" role="alert">{error}</span>}
      </footer>
    </PlayerContext.Provider>
  );
}
