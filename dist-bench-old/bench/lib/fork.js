"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.startServer = startServer;
exports.cpuDeltaUs = cpuDeltaUs;
/**
 * Starts a benchmarked server (bench/servers/*.ts, compiled next to this file) in a child process
 * and talks to it over IPC: wait for its URL, ask for RSS / CPU time, stop it.
 */
const node_child_process_1 = require("node:child_process");
const node_path_1 = __importDefault(require("node:path"));
const SERVERS_DIR = node_path_1.default.join(__dirname, '..', 'servers');
/** `execArgv` lets the runner start a child with `--cpu-prof` (written when the child exits cleanly). */
function startServer(name, script, args, execArgv = []) {
    const child = (0, node_child_process_1.fork)(node_path_1.default.join(SERVERS_DIR, `${script}.js`), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
    return new Promise((resolve, reject) => {
        const onExit = (code) => reject(new Error(`${name} exited with code ${code} before it was ready`));
        child.once('exit', onExit);
        child.once('error', reject);
        child.once('message', (msg) => {
            if (msg.type !== 'ready')
                return reject(new Error(`${name}: unexpected first message ${msg.type}`));
            child.off('exit', onExit);
            resolve({
                name,
                url: msg.url,
                pid: child.pid ?? -1,
                startupMs: msg.startupMs,
                stats: () => new Promise((done, fail) => {
                    const timer = setTimeout(() => fail(new Error(`${name}: no stats reply`)), 5000);
                    const onMessage = (m) => {
                        if (m.type !== 'stats')
                            return;
                        clearTimeout(timer);
                        child.off('message', onMessage);
                        done(m);
                    };
                    child.on('message', onMessage);
                    child.send({ type: 'stats' });
                }),
                stop: () => new Promise((done) => {
                    if (child.exitCode !== null || child.signalCode !== null)
                        return done();
                    // Disconnecting lets the child exit through process.exit (so a --cpu-prof profile is
                    // written); SIGTERM if it does not go within 3 s.
                    const timer = setTimeout(() => child.kill('SIGTERM'), 3000);
                    child.once('exit', () => {
                        clearTimeout(timer);
                        done();
                    });
                    if (child.connected)
                        child.disconnect();
                    else
                        child.kill('SIGTERM');
                }),
            });
        });
    });
}
/** CPU time (user + system) the child spent between two stats samples, in microseconds. */
function cpuDeltaUs(before, after) {
    return after.cpuUserUs - before.cpuUserUs + (after.cpuSystemUs - before.cpuSystemUs);
}
