"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.engineSection = engineSection;
/**
 * The detection-engine micro-benchmarks live in bench/engine.ts (owned by the engine work, run on
 * their own with `npm run bench:engine`). This section folds them into the same results file:
 * if bench/engine.ts exports a measure function we call it (compiled next to us in dist-bench/),
 * otherwise we spawn the npm script and keep what it prints (JSON if it prints JSON).
 */
const node_child_process_1 = require("node:child_process");
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
const EXPORTED = /export\s+(?:async\s+)?function\s+(measure\w*)\s*\(/;
function lastJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        const line = text.trim().split('\n').reverse().find((l) => l.trim().startsWith('{'));
        if (line) {
            try {
                return JSON.parse(line);
            }
            catch {
                // not JSON: keep the text
            }
        }
        return text.slice(-4000);
    }
}
async function engineSection(repo, quick) {
    const source = node_path_1.default.join(repo, 'bench', 'engine.ts');
    const compiled = node_path_1.default.join(__dirname, '..', 'engine.js');
    const name = node_fs_1.default.existsSync(source) ? EXPORTED.exec(node_fs_1.default.readFileSync(source, 'utf8'))?.[1] : undefined;
    if (name && node_fs_1.default.existsSync(compiled)) {
        const via = `bench/engine.ts ${name}({ quick })`;
        try {
            const mod = (await Promise.resolve(`${compiled}`).then(s => __importStar(require(s))));
            const fn = mod[name];
            if (typeof fn !== 'function')
                return { status: 'failed', via, error: `${name} is not a function in the compiled module` };
            return { status: 'ok', via, result: await fn({ quick }) };
        }
        catch (err) {
            return { status: 'failed', via, error: err instanceof Error ? err.message : String(err) };
        }
    }
    const pkg = JSON.parse(node_fs_1.default.readFileSync(node_path_1.default.join(repo, 'package.json'), 'utf8'));
    if (!pkg.scripts?.['bench:engine'])
        return { status: 'absent', note: 'bench/engine.ts and the bench:engine script are not there yet' };
    const args = ['run', '--silent', 'bench:engine', ...(quick ? ['--', '--quick'] : [])];
    const via = `npm ${args.join(' ')}`;
    const r = (0, node_child_process_1.spawnSync)('npm', args, { cwd: repo, encoding: 'utf8', timeout: quick ? 60_000 : 900_000, maxBuffer: 64 * 2 ** 20 });
    if (r.status !== 0)
        return { status: 'failed', via, error: `exit ${r.status ?? r.signal}: ${(r.stderr || r.stdout || '').slice(-2000)}` };
    return { status: 'ok', via, result: lastJson(r.stdout) };
}
