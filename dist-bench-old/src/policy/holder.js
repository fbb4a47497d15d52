"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.RulesHolder = void 0;
/**
 * Hot reload: holds the engine for the current rules revision and swaps in a new one atomically.
 * A new revision is built completely (files parsed, automaton built) before the swap; an invalid
 * one is rejected with its problems and the old one keeps serving. Requests that started on the
 * old revision finish on it: callers take `current()` once per stage.
 */
const node_fs_1 = __importDefault(require("node:fs"));
const engine_1 = require("./engine");
const rules_1 = require("./rules");
class RulesHolder {
    opts;
    engine;
    watcher = null;
    timer = null;
    constructor(opts) {
        this.opts = opts;
        this.engine = (0, engine_1.createEngine)((0, rules_1.loadRuleSet)(opts.dir), [], opts.observe);
    }
    current() {
        return this.engine;
    }
    reload() {
        let result;
        try {
            const next = (0, engine_1.createEngine)((0, rules_1.loadRuleSet)(this.opts.dir), [], this.opts.observe);
            const changed = next.ruleSet.revision !== this.engine.ruleSet.revision;
            if (changed)
                this.engine = next;
            result = { ok: true, revision: this.engine.ruleSet.revision, changed };
        }
        catch (err) {
            const problems = err instanceof rules_1.RulesError ? err.problems : [err.message];
            result = { ok: false, revision: this.engine.ruleSet.revision, problems };
        }
        this.opts.onReload?.(result, this.engine);
        return result;
    }
    /** Reloads on any change below the rules folder, debounced: editors write files in bursts. */
    watch(debounceMs = 250) {
        if (this.watcher)
            return;
        this.watcher = node_fs_1.default.watch(this.opts.dir, { recursive: true, persistent: false }, () => {
            if (this.timer)
                clearTimeout(this.timer);
            this.timer = setTimeout(() => {
                this.timer = null;
                this.reload();
            }, debounceMs);
            this.timer.unref();
        });
        this.watcher.on('error', () => this.stopWatching());
    }
    stopWatching() {
        this.watcher?.close();
        this.watcher = null;
        if (this.timer)
            clearTimeout(this.timer);
        this.timer = null;
    }
}
exports.RulesHolder = RulesHolder;
