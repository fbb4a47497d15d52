"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.announce = announce;
exports.arg = arg;
function send(message) {
    process.send?.(message);
}
/** Call once the server listens; from then on the child answers stats requests until killed. */
function announce(url, startedAt) {
    process.on('message', (msg) => {
        if (msg?.type !== 'stats')
            return;
        const cpu = process.cpuUsage();
        const mem = process.memoryUsage();
        send({ type: 'stats', rss: mem.rss, heapUsed: mem.heapUsed, cpuUserUs: cpu.user, cpuSystemUs: cpu.system });
    });
    // The parent going away (crash, Ctrl-C) must not leave servers behind.
    process.on('disconnect', () => process.exit(0));
    send({ type: 'ready', url, startupMs: Date.now() - startedAt });
}
/** `--name value` from argv, or the fallback. */
function arg(name, fallback) {
    const i = process.argv.indexOf(`--${name}`);
    const value = i >= 0 ? process.argv[i + 1] : undefined;
    if (value !== undefined)
        return value;
    if (fallback !== undefined)
        return fallback;
    throw new Error(`missing --${name}`);
}
