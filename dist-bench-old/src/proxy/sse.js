"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SseParser = void 0;
exports.formatSse = formatSse;
/**
 * Incremental Server-Sent Events parsing and writing (WHATWG HTML §9.2). Bytes arrive in arbitrary
 * TCP-sized pieces: an event, a line, even a UTF-8 character can be split across chunks, so the
 * parser keeps the unfinished line and the event being built between calls. Lines end in LF, CR or
 * CRLF (a CR at the end of a chunk may be the first half of a CRLF); several `data:` lines join with
 * LF; lines starting with ':' are comments (keep-alives) and are passed through as such.
 */
const node_string_decoder_1 = require("node:string_decoder");
class SseParser {
    decoder = new node_string_decoder_1.StringDecoder('utf8');
    buffer = '';
    pendingCr = false;
    event = null;
    dataLines = [];
    /** Feeds raw bytes; returns the events completed by them. */
    push(chunk) {
        let text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
        if (this.pendingCr) {
            // The previous chunk ended in CR: a leading LF here completes that CRLF, not a new line.
            if (text.startsWith('\n'))
                text = text.slice(1);
            this.pendingCr = false;
        }
        this.buffer += text;
        const events = [];
        let start = 0;
        for (let i = 0; i < this.buffer.length; i++) {
            const ch = this.buffer[i];
            if (ch !== '\n' && ch !== '\r')
                continue;
            this.line(this.buffer.slice(start, i), events);
            if (ch === '\r') {
                if (i + 1 < this.buffer.length) {
                    if (this.buffer[i + 1] === '\n')
                        i++;
                }
                else {
                    this.pendingCr = true;
                }
            }
            start = i + 1;
        }
        this.buffer = this.buffer.slice(start);
        return events;
    }
    /** End of input: a final event without its blank line is dispatched (lenient, like browsers are not). */
    end() {
        const events = [];
        this.buffer += this.decoder.end();
        if (this.buffer.length > 0)
            this.line(this.buffer, events);
        this.buffer = '';
        this.line('', events);
        return events;
    }
    line(line, events) {
        if (line === '') {
            // A blank line dispatches the event; fields without data (e.g. a lone `event:`) still count.
            if (this.event !== null)
                events.push({ ...this.event, data: this.dataLines.join('\n') });
            this.event = null;
            this.dataLines = [];
            return;
        }
        if (line.startsWith(':')) {
            events.push({ data: '', comment: line.slice(1) });
            return;
        }
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let value = colon === -1 ? '' : line.slice(colon + 1);
        if (value.startsWith(' '))
            value = value.slice(1);
        this.event ??= { data: '' };
        if (field === 'data')
            this.dataLines.push(value);
        else if (field === 'event')
            this.event.event = value;
        else if (field === 'id')
            this.event.id = value;
        else if (field === 'retry' && /^\d+$/.test(value))
            this.event.retry = Number(value);
    }
}
exports.SseParser = SseParser;
/** Serialises one event; multi-line data becomes several `data:` lines. */
function formatSse(ev) {
    if (ev.comment !== undefined)
        return `:${ev.comment}\n\n`;
    let out = '';
    if (ev.event !== undefined)
        out += `event: ${ev.event}\n`;
    if (ev.id !== undefined)
        out += `id: ${ev.id}\n`;
    if (ev.retry !== undefined)
        out += `retry: ${ev.retry}\n`;
    for (const line of ev.data.split('\n'))
        out += `data: ${line}\n`;
    return `${out}\n`;
}
