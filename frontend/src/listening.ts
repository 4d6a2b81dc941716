// When a play counts, as listeners and royalties count it: once per time a song is queued,
// when the listener has heard 30 s or half the song (whichever is less) and moves on, or
// when the song ends; always with the time really heard, not the position reached (a seek
// forward is not listening). Pure, so the rule is tested without an <audio> element.

/** The most a listener must hear for a play to count, in milliseconds. */
export const COUNTS_AFTER_MS = 30_000;

/** What a song must have been heard for to count as played. */
export function countsAfter(durationMs: number): number {
  return Math.min(COUNTS_AFTER_MS, durationMs / 2);
}

/** Gaps between two positions larger than this are seeks, not listening. */
const MAX_STEP_MS = 2_000;

export class PlayTracker {
  private heardMs = 0;
  private lastMs?: number;
  private done = false;

  constructor(
    private readonly durationMs: number,
    private readonly onPlay: (msPlayed: number) => void,
  ) {}

  /** How long the song has been heard so far. */
  get heard(): number {
    return this.heardMs;
  }

  /** Whether the play has been recorded. */
  get recorded(): boolean {
    return this.done;
  }

  /** The playhead is at `positionMs` while playing. */
  progress(positionMs: number): void {
    if (this.lastMs !== undefined) {
      const step = positionMs - this.lastMs;
      if (step > 0 && step <= MAX_STEP_MS) this.heardMs += step;
    }
    this.lastMs = positionMs;
  }

  /** Playing stopped (paused, or about to seek): the next position starts afresh. */
  pause(): void {
    this.lastMs = undefined;
  }

  /** The listener moves on (next, previous, another queue, leaving the page). */
  leave(): void {
    if (this.heardMs >= countsAfter(this.durationMs)) this.record();
  }

  /** The song played to its end. */
  end(): void {
    if (this.heardMs > 0) this.record();
  }

  private record(): void {
    if (this.done) return;
    this.done = true;
    this.onPlay(Math.round(Math.min(this.heardMs, this.durationMs)));
  }
}
