"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.streamSink = streamSink;
exports.outputSink = outputSink;
exports.progress = progress;
/**
 * Output for exports: a file or stdout, written with backpressure (a full stream buffer is awaited,
 * never grown), lines buffered into ~64 KiB chunks so millions of rows do not cost millions of
 * writes. Progress goes to stderr only when stderr is a terminal.
 */
const node_fs_1 = __importDefault(require("node:fs"));
const node_events_1 = require("node:events");
const CHUNK = 64 * 1024;
/**
 * `open` is called on the first write, so an export that fails its checks leaves no empty file. A
 * stream error (disk full, permissions) is kept and rethrown by the next write or end.
 */
function streamSink(open, closeAtEnd) {
    let stream = null;
    let failure = null;
    let buffer = '';
    const get = () => {
        if (!stream) {
            stream = open();
            stream.on('error', (err) => (failure ??= err));
        }
        if (failure)
            throw failure;
        return stream;
    };
    const push = async (text) => {
        const s = get();
        if (!s.write(text))
            await (0, node_events_1.once)(s, 'drain');
    };
    return {
        write(text) {
            buffer += text;
            if (buffer.length < CHUNK)
                return undefined;
            const chunk = buffer;
            buffer = '';
            return push(chunk);
        },
        async end() {
            if (buffer || !stream)
                await push(buffer);
            buffer = '';
            const s = get();
            if (closeAtEnd) {
                s.end();
                await (0, node_events_1.once)(s, 'finish');
            }
            if (failure)
                throw failure;
        },
    };
}
/** A file (created or truncated on the first write) or, without one, stdout. */
function outputSink(file) {
    if (!file)
        return streamSink(() => process.stdout, false);
    return streamSink(() => node_fs_1.default.createWriteStream(file, { encoding: 'utf8' }), true);
}
/** "\r  sft: 12,345 / 1,000,000 items" on a TTY every 250 ms; silent otherwise. */
function progress(label, total, stream = process.stderr) {
    let n = 0;
    let last = 0;
    const show = () => stream.write(`\r  ${label}: ${n.toLocaleString('en')} / ${total.toLocaleString('en')} items`);
    if (!stream.isTTY)
        return { tick: () => void n++, done: () => undefined };
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
