import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Where Debian's `faketime` package puts the thread-safe libfaketime, per architecture. */
const LIBRARY_CANDIDATES = ['x86_64-linux-gnu', 'aarch64-linux-gnu'].map(
  (arch) => `/usr/lib/${arch}/faketime/libfaketimeMT.so.1`,
);

/**
 * A wall clock for the processes a test starts: libfaketime (Debian `faketime`, installed by
 * `.ci/run`) preloaded into them shifts every read of the real-time clock by an offset kept in a
 * file, so the platform, kinesalite's arrival times, the worker threads and any `sdp` command all
 * see the same time, which the test sets and moves forward (a laptop waking from sleep). Monotonic
 * clocks stay real, as they do across a suspend, so timers keep their real durations. The test
 * process itself keeps the real clock; {@link now} is what the faked processes read.
 */
export class FakeClock {
  #offsetMs: number;

  private constructor(
    private readonly file: string,
    private readonly library: string,
    offsetMs: number,
  ) {
    this.#offsetMs = offsetMs;
  }

  /** A clock that reads `iso` now and runs at real speed; its offset file lives in `dir`. */
  static async startingAt(iso: string, dir: string): Promise<FakeClock> {
    const library = LIBRARY_CANDIDATES.find((path) => existsSync(path));
    if (!library) {
      throw new Error(
        `libfaketime not found (${LIBRARY_CANDIDATES.join(', ')}): the time-boundary tests need it; apt-get install faketime`,
      );
    }
    const clock = new FakeClock(join(dir, 'faketime.rc'), library, 0);
    await clock.#set(Date.parse(iso) - Date.now());
    return clock;
  }

  /** The environment that puts a child process on this clock. */
  env(): Record<string, string> {
    return {
      LD_PRELOAD: this.library,
      FAKETIME_TIMESTAMP_FILE: this.file,
      // The offset file is read again at most once a second: a jump reaches every process within 1 s.
      FAKETIME_CACHE_DURATION: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    };
  }

  /** What the faked processes read as the time now, epoch ms. */
  now(): number {
    return Date.now() + this.#offsetMs;
  }

  /** Moves the clock forward by `ms` at once, as a laptop's clock does when it wakes. */
  async jump(ms: number): Promise<void> {
    await this.#set(this.#offsetMs + ms);
    // Every faked process rereads the file within its cache duration.
    await sleep(1_100);
  }

  /** Waits (in real time) until the faked clock reads `iso`. */
  async until(iso: string): Promise<void> {
    const wait = Date.parse(iso) - this.now();
    if (wait > 0) await sleep(wait);
  }

  async #set(offsetMs: number): Promise<void> {
    // libfaketime offsets are whole seconds ("+N"); the clock is right to within a second of `iso`.
    const seconds = Math.round(offsetMs / 1000);
    this.#offsetMs = seconds * 1000;
    await writeFile(this.file, `${seconds >= 0 ? '+' : ''}${seconds}\n`);
  }
}
