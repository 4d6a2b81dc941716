// The player: a queue of songs, one <audio> element streaming through a ticketed URL
// (HTTP Range, so seeking works), next/previous, and plays recorded by the rule of
// `listening.ts`: once, with the time really heard, when the song ends or is left after
// 30 s (or half the song).

import { createContext, useContext, useEffect, useRef, useState } from "react";
import type { Client, Song } from "../api";
import { PlayTracker } from "../listening";
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
  const audio = useRef<HTMLAudioElement>(null);
  const tracker = useRef<PlayTracker | undefined>(undefined);
  const current = queue[index];

  // One tracker per place in the queue; leaving the place (next, previous, another queue,
  // closing the app) records the play if enough of it was heard.
  useEffect(() => {
    if (!current) return;
    const song = current;
    const listening = new PlayTracker(song.duration_ms, (msPlayed) => {
      client.recordPlay(song.song_id, msPlayed, context).catch(() => undefined);
    });
    tracker.current = listening;
    const leave = () => listening.leave();
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("pagehide", leave);
      leave();
    };
  }, [client, current, index, context]);

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

  function move(step: number) {
    const next = index + step;
    if (next >= 0 && next < queue.length) setIndex(next);
  }

  const api: PlayerApi = {
    current,
    playQueue: (songs, start, playContext) => {
      setQueue(songs);
      setIndex(start);
      setContext(playContext);
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
          onTimeUpdate={() => {
            const element = audio.current;
            if (element && !element.paused) tracker.current?.progress(element.currentTime * 1000);
          }}
          onPause={() => tracker.current?.pause()}
          onSeeking={() => tracker.current?.pause()}
          onEnded={() => {
            tracker.current?.end();
            move(1);
          }}
        />
        {queue.length > 0 && <span className="muted">{index + 1} / {queue.length}</span>}
        {error && <span className="error" role="alert">{error}</span>}
      </footer>
    </PlayerContext.Provider>
  );
}
