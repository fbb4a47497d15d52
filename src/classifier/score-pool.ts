/**
 * Worker threads that run the local classifier off the event loop.
 *
 * The classifier is the largest part of inspecting a prompt (jieba segmentation and the model's
 * lookups: about half of the gateway's CPU per 2 KB request), and on the event loop it also delays
 * every other request's I/O. Here it runs in worker threads while the event loop forwards bytes and
 * the keyword and pattern detectors run: on a machine with a spare core the gateway serves more
 * requests, and a single request waits for the slower of the two lanes instead of both.
 *
 * Each worker loads the model file itself and checks that it holds the same bytes the rules were
 * loaded with (a SHA-256); until a worker has it, the detector scores on the event loop with its own
 * copy, so start-up, a reload or a worker that died cost speed, never a wrong or missing verdict.
 * Scores are the same to the last bit either way: the same code scores the same model.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { IdTable } from '../util/id-table';
import type { Stage } from '../types';

/** The worst window of one segment (index into the windows sent), or null for a segment without windows. */
export interface WorstWindow {
  window: number;
  harm: number;
  category: string;
}

export interface ScoreJob {
  /** Identifies the model file's content (see modelKey). */
  key: string;
  stage: Stage;
  /** Windows of text per segment. */
  segments: string[][];
  /** Scoring time allowed in the worker (the classifier's budget_ms). */
  budgetMs: number;
  /** Windows that cannot score this high are left out of the worst (Model.scoreAbove; the lowest flag threshold). */
  floor: number;
}

/** Messages to a worker (sent in arrays, see ScorePool.send). */
export type ToWorker =
  | { type: 'load'; key: string; file: string; sha256: string }
  | { type: 'score'; id: number; key: string; stage: Stage; segments: string[][]; budgetMs: number; floor: number };

/** Messages from a worker (sent in arrays, one per turn of its loop). */
export type FromWorker =
  | { type: 'loaded'; key: string }
  | { type: 'load-failed'; key: string; message: string }
  | { type: 'scored'; id: number; worst: Array<WorstWindow | null> }
  | { type: 'failed'; id: number; message: string; overBudget: boolean };

/** The worker ran out of the classifier's time budget: a detector error, as on the event loop. */
export class BudgetExceeded extends Error {}

/** A worker that stops sooner than this after its start is not replaced. */
const RESPAWN_AFTER_MS = 10_000;

/** Models a worker keeps (a reload briefly needs the old and the new one). */
export const MODELS_PER_WORKER = 3;

/** The key of a model file's content: its path and SHA-256. */
export function modelKey(file: string, sha256: string): string {
  return `${file}#${sha256}`;
}

interface Pending {
  resolve: (worst: Array<WorstWindow | null>) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Models asked of this worker, oldest first (the worker evicts in the same order). */
  keys: string[];
  /** The ones it has finished loading. */
  ready: Set<string>;
  inFlight: IdTable<Pending>;
  /** Messages waiting for this turn's batch. */
  outbox: ToWorker[];
}

/**
 * The compiled worker script. Run from dist/ it sits next to this file; run from the TypeScript
 * sources (the test suite) it is the build's copy, which `npm test` compiles first.
 */
function workerScript(): string | null {
  const candidates = [path.join(__dirname, 'score-worker.js'), path.resolve(__dirname, '..', '..', 'dist', 'classifier', 'score-worker.js')];
  return candidates.find((f) => fs.existsSync(f)) ?? null;
}

export class ScorePool {
  private readonly slots: Slot[] = [];
  private readonly models = new Map<string, { file: string; sha256: string }>();
  private nextId = 1;
  private flushing = false;
  /** Jobs sent to workers since the pool started. */
  get jobsSent(): number {
    return this.nextId - 1;
  }
  /** Messages of answers received from workers since the pool started (each holds one or more). */
  answerMessages = 0;
  private closed = false;

  constructor(
    readonly threads: number,
    private readonly onProblem: (message: string) => void = () => {},
    /** The worker script (tests); default: the build's score-worker.js. */
    scriptFile?: string,
  ) {
    const script = threads > 0 ? (scriptFile ?? workerScript()) : null;
    if (threads > 0 && !script) onProblem('the classifier worker script is missing (run `npm run build`); classifying on the event loop');
    if (script) for (let i = 0; i < threads; i++) this.slots.push(this.spawn(script));
  }

  /** Starts loading a model in every worker; jobs go to a worker once it has it. */
  prepare(file: string, sha256: string): string {
    const key = modelKey(file, sha256);
    this.models.set(key, { file, sha256 });
    for (const slot of this.slots) this.load(slot, key);
    return key;
  }

  /**
   * Whether a job is worth a worker: waking a sleeping thread costs the poster a few hundred µs
   * of CPU on a virtual machine (measured: 1-connection load got slower), more than scoring a
   * prompt here, so the gateway sends jobs only while other requests are open (or the workers are
   * awake anyway) and the event loop has other work to do meanwhile. Default: always.
   */
  worthIt: () => boolean = () => true;

  /** Whether some worker can score with this model now. */
  ready(key: string): boolean {
    return this.slots.some((s) => s.ready.has(key));
  }

  /** Resolves once every worker has loaded (or failed to load) every model asked of it. */
  async loaded(): Promise<void> {
    while (this.slots.some((s) => s.keys.some((k) => !s.ready.has(k)))) await new Promise((r) => setTimeout(r, 20));
  }

  /** Jobs sent and not yet answered, over all workers. */
  inFlight(): number {
    return this.slots.reduce((n, s) => n + s.inFlight.size, 0);
  }

  /**
   * Scores on the least busy worker that has the model. Rejects with BudgetExceeded when the scoring
   * overran its budget, and with another error when no worker could score (none has the model, the
   * worker stopped): the caller then scores on the event loop.
   */
  score(job: ScoreJob): Promise<Array<WorstWindow | null>> {
    let best: Slot | undefined;
    for (const s of this.slots) {
      if (s.ready.has(job.key) && (!best || s.inFlight.size < best.inFlight.size)) best = s;
    }
    if (!best) return Promise.reject(new Error('no classifier worker has the model loaded'));
    const slot = best;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.inFlight.set(id, { resolve, reject });
      const msg: ToWorker = { type: 'score', id, key: job.key, stage: job.stage, segments: job.segments, budgetMs: job.budgetMs, floor: job.floor };
      this.send(slot, msg);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private load(slot: Slot, key: string): void {
    const model = this.models.get(key);
    if (!model || slot.keys.includes(key)) return;
    slot.keys.push(key);
    if (slot.keys.length > MODELS_PER_WORKER) slot.ready.delete(slot.keys.shift() as string);
    // Forget models no worker holds any more (each reload of a changed model adds one).
    for (const k of this.models.keys()) if (!this.slots.some((s) => s.keys.includes(k)) && k !== key) this.models.delete(k);
    this.send(slot, { type: 'load', key, file: model.file, sha256: model.sha256 });
  }

  /**
   * Messages go out in batches, once per turn of the event loop: each postMessage wakes the worker's
   * loop, and a wake-up was the largest single cost on the event loop under load (13% of it, in a
   * CPU profile at 32 connections). Requests read in one turn share one.
   */
  private send(slot: Slot, msg: ToWorker): void {
    slot.outbox.push(msg);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      for (const s of this.slots) {
        if (s.outbox.length === 0) continue;
        s.worker.postMessage(s.outbox);
        s.outbox = [];
      }
    });
  }

  private spawn(script: string): Slot {
    // A young generation as large as the gateway's own (`--max-semi-space-size=32`): the default one
    // made the worker scavenge every few requests, each pause holding up every queued score.
    const worker = new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: 96 } });
    // Workers must not keep a process (a CLI, a test) alive; the gateway's server does that.
    worker.unref();
    const slot: Slot = { worker, keys: [], ready: new Set(), inFlight: new IdTable(), outbox: [] };
    worker.on('message', (batch: FromWorker[]) => {
      this.answerMessages++;
      for (const msg of batch) this.receive(slot, msg);
    });
    worker.on('error', (err) => this.onProblem(`classifier worker failed: ${err.message}`));
    const spawnedAt = Date.now();
    worker.on('exit', (code) => {
      slot.ready.clear();
      for (const p of slot.inFlight.drain()) p.reject(new Error(`the classifier worker stopped (exit code ${code})`));
      const i = this.slots.indexOf(slot);
      if (i < 0 || this.closed) return;
      if (Date.now() - spawnedAt < RESPAWN_AFTER_MS) {
        // One that cannot even start (a broken build) would be restarted in a loop: do without it.
        this.slots.splice(i, 1);
        this.onProblem(`a classifier worker stopped ${Date.now() - spawnedAt} ms after it started (exit code ${code}); not restarted`);
        return;
      }
      // Replace it, with the models the old one had.
      const fresh = this.spawn(script);
      this.slots[i] = fresh;
      for (const key of slot.keys) this.load(fresh, key);
    });
    return slot;
  }

  private receive(slot: Slot, msg: FromWorker): void {
    if (msg.type === 'loaded') {
      if (slot.keys.includes(msg.key)) slot.ready.add(msg.key);
      return;
    }
    if (msg.type === 'load-failed') {
      slot.keys = slot.keys.filter((k) => k !== msg.key);
      this.onProblem(`a classifier worker could not load the model (${msg.message}); classifying on the event loop`);
      return;
    }
    const pending = slot.inFlight.take(msg.id);
    if (!pending) return;
    if (msg.type === 'scored') pending.resolve(msg.worst);
    else pending.reject(msg.overBudget ? new BudgetExceeded(msg.message) : new Error(msg.message));
  }
}

let shared: ScorePool | undefined;
let users = 0;

/**
 * Worker threads for `classifier_threads: auto`: the cores beyond the event loop's, at most 2 (each
 * holds its own model: ~190 MB of RSS with the shipped one; more cores are better spent on more
 * gateway processes).
 */
export function autoThreads(): number {
  return Math.max(0, Math.min(2, os.availableParallelism() - 1));
}

/**
 * The process's pool, for a gateway starting with `classifier_threads` (several gateways in one
 * process, as in tests, share it; the last to start sets its size). Without one, or with 0 threads,
 * the local classifier scores on the event loop (CLI commands, tests of detectors). Each acquire
 * is matched by a release when that gateway stops; the last release stops the workers.
 */
export function acquireScorePool(threads: number, onProblem?: (message: string) => void): ScorePool {
  users++;
  if (shared && shared.threads === threads) return shared;
  const old = shared;
  shared = new ScorePool(threads, onProblem);
  // Jobs in flight on the old pool fail over to the event loop (their promises reject).
  old?.close().catch(() => {});
  return shared;
}

export async function releaseScorePool(): Promise<void> {
  users = Math.max(0, users - 1);
  if (users > 0 || !shared) return;
  const pool = shared;
  shared = undefined;
  await pool.close();
}

export function scorePool(): ScorePool | undefined {
  return shared;
}
