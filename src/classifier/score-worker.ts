/**
 * A classifier worker thread (see score-pool.ts): loads models when asked, then scores windows of
 * text and answers with the worst window of each segment. Never sees anything but texts and model
 * files, and logs nothing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { Stage } from '../types';
import { parseModel, type Model } from './model';
import { MODELS_PER_WORKER, type FromWorker, type ToWorker, type WorstWindow } from './score-pool';

const port = parentPort;
if (!port) throw new Error('score-worker.js runs as a worker thread of the gateway');

/** Per model key, the model as it scores each stage (insertion order = eviction order). */
const models = new Map<string, Map<Stage, Model>>();

function load(key: string, file: string, sha256: string): FromWorker {
  try {
    const text = fs.readFileSync(file);
    const actual = crypto.createHash('sha256').update(text).digest('hex');
    if (actual !== sha256) return { type: 'load-failed', key, message: `${file} changed since the rules were loaded` };
    const problems: string[] = [];
    const model = parseModel(text.toString('utf8'), file, problems);
    if (!model) return { type: 'load-failed', key, message: problems[0] ?? 'invalid model file' };
    // Compile the scorers (and load jieba's dictionary) now, not in a request's budget.
    const stages = new Map<Stage, Model>((['input', 'output'] as const).map((s) => [s, model.forStage?.(s) ?? model]));
    for (const m of stages.values()) m.score('预热 warm-up');
    models.set(key, stages);
    if (models.size > MODELS_PER_WORKER) models.delete(models.keys().next().value as string);
    return { type: 'loaded', key };
  } catch (err) {
    return { type: 'load-failed', key, message: (err as Error).message };
  }
}

function score(msg: Extract<ToWorker, { type: 'score' }>): FromWorker {
  const model = models.get(msg.key)?.get(msg.stage);
  if (!model) return { type: 'failed', id: msg.id, message: 'model not loaded in this worker', overBudget: false };
  const started = performance.now();
  const worst: Array<WorstWindow | null> = [];
  for (const windows of msg.segments) {
    let best: WorstWindow | null = null;
    for (let w = 0; w < windows.length; w++) {
      if (performance.now() - started > msg.budgetMs) {
        return { type: 'failed', id: msg.id, message: `time budget of ${msg.budgetMs} ms exceeded`, overBudget: true };
      }
      const s = model.scoreAbove(windows[w], msg.floor);
      if (s && (!best || s.harm > best.harm)) best = { window: w, harm: s.harm, category: s.category };
    }
    worst.push(best);
  }
  return { type: 'scored', id: msg.id, worst };
}

/**
 * Answers go back in batches, since each postMessage wakes the gateway's loop, but a batch's answers
 * so far go as soon as FLUSH_MS of scoring has passed since it began or since the last message
 * went. Answering a whole batch at its end held every request of it until the last was scored, and
 * the event loop slept meanwhile (14% of its time at 32 connections, 3% with this; README
 * "Classifier worker threads").
 */
const FLUSH_MS = 0.3;
let outbox: FromWorker[] = [];
let flushQueued = false;

const flush = (): void => {
  flushQueued = false;
  if (outbox.length === 0) return;
  port.postMessage(outbox);
  outbox = [];
};

port.on('message', (batch: ToWorker[]) => {
  let since = performance.now();
  for (const msg of batch) {
    outbox.push(msg.type === 'load' ? load(msg.key, msg.file, msg.sha256) : score(msg));
    const now = performance.now();
    if (now - since >= FLUSH_MS) {
      flush();
      since = now;
    }
  }
  // Answers of batches that arrive in the same turn share one message.
  if (flushQueued || outbox.length === 0) return;
  flushQueued = true;
  setImmediate(flush);
});
