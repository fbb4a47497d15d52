/**
 * Output for exports: a file or stdout, written with backpressure (a full stream buffer is awaited,
 * never grown), lines buffered into ~64 KiB chunks so millions of rows do not cost millions of
 * writes. Progress goes to stderr only when stderr is a terminal.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

const CHUNK = 64 * 1024;

export interface Sink {
  /** Returns a promise only when the caller must wait (a chunk went out into a full stream). */
  write(text: string): Promise<void> | undefined;
  end(): Promise<void>;
}

/**
 * `open` is called on the first write, so an export that fails its checks leaves no empty file. A
 * stream error (disk full, permissions) is kept and rethrown by the next write or end.
 */
export function streamSink(open: () => Writable, closeAtEnd: boolean): Sink {
  let stream: Writable | null = null;
  let failure: Error | null = null;
  let buffer = '';
  const get = (): Writable => {
    if (!stream) {
      stream = open();
      stream.on('error', (err: Error) => (failure ??= err));
    }
    if (failure) throw failure;
    return stream;
  };
  const push = async (text: string) => {
    const s = get();
    if (!s.write(text)) await once(s, 'drain');
  };
  return {
    write(text) {
      buffer += text;
      if (buffer.length < CHUNK) return undefined;
      const chunk = buffer;
      buffer = '';
      return push(chunk);
    },
    async end() {
      if (buffer || !stream) await push(buffer);
      buffer = '';
      const s = get();
      if (closeAtEnd) {
        s.end();
        await once(s, 'finish');
      }
      if (failure) throw failure;
    },
  };
}

/** A file (created or truncated on the first write) or, without one, stdout. */
export function outputSink(file: string | undefined): Sink {
  if (!file) return streamSink(() => process.stdout, false);
  return streamSink(() => fs.createWriteStream(file, { encoding: 'utf8' }), true);
}

export interface Progress {
  tick(): void;
  done(): void;
}

/** "\r  sft: 12,345 / 1,000,000 items" on a TTY every 250 ms; silent otherwise. */
export function progress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  let n = 0;
  let last = 0;
  const show = () => stream.write(`\r  ${label}: ${n.toLocaleString('en')} / ${total.toLocaleString('en')} items`);
  if (!stream.isTTY) return { tick: () => void n++, done: () => undefined };
  return {
    tick() {
      n++;
      const t = Date.now();
      if (t - last >= 250) {
        last = t;
        show();
      }
    },
    done() {
      show();
      stream.write('\n');
    },
  };
}
