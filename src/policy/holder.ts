/**
 * Hot reload: holds the engine for the current rules revision and swaps in a new one atomically.
 * A new revision is built completely (files parsed, automaton built) before the swap; an invalid
 * one is rejected with its problems and the old one keeps serving. Requests that started on the
 * old revision finish on it: callers take `current()` once per stage.
 */
import fs from 'node:fs';
import { createEngine, type Engine, type EngineOptions } from './engine';
import { loadRuleSet, RulesError } from './rules';

export type ReloadResult = { ok: true; revision: string; changed: boolean } | { ok: false; revision: string; problems: string[] };

export interface RulesHolderOptions {
  dir: string;
  /** Called after every attempt (logging, metrics, recording the revision in the audit store). */
  onReload?: (result: ReloadResult, engine: Engine) => void;
  /** How every engine this holder builds is made (detector timings, the resent-segment cache). */
  engine?: EngineOptions;
}

export class RulesHolder {
  private engine: Engine;
  private watcher: fs.FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: RulesHolderOptions) {
    this.engine = createEngine(loadRuleSet(opts.dir), opts.engine);
  }

  current(): Engine {
    return this.engine;
  }

  reload(): ReloadResult {
    let result: ReloadResult;
    try {
      const next = createEngine(loadRuleSet(this.opts.dir), this.opts.engine);
      const changed = next.ruleSet.revision !== this.engine.ruleSet.revision;
      if (changed) this.engine = next;
      result = { ok: true, revision: this.engine.ruleSet.revision, changed };
    } catch (err) {
      const problems = err instanceof RulesError ? err.problems : [(err as Error).message];
      result = { ok: false, revision: this.engine.ruleSet.revision, problems };
    }
    this.opts.onReload?.(result, this.engine);
    return result;
  }

  /** Reloads on any change below the rules folder, debounced: editors write files in bursts. */
  watch(debounceMs = 250): void {
    if (this.watcher) return;
    this.watcher = fs.watch(this.opts.dir, { recursive: true, persistent: false }, () => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.reload();
      }, debounceMs);
      this.timer.unref();
    });
    this.watcher.on('error', () => this.stopWatching());
  }

  stopWatching(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
