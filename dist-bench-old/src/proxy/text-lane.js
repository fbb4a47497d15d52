"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TextLane = void 0;
/** Released text kept as left context for later scans (a match never spans more than this). */
const CONTEXT = 512;
class TextLane {
    key;
    path;
    /** Original text already released (the client got its masked form). */
    released = '';
    /** Masked form of what the client received. */
    sent = '';
    pending = '';
    seen = new Set();
    constructor(key, path) {
        this.key = key;
        this.path = path;
    }
    get received() {
        return this.sent;
    }
    get withheld() {
        return this.pending;
    }
    get fullText() {
        return this.released + this.pending;
    }
    /** Records a label the client received with this lane's text (before or after it). */
    noteLabel(text, position) {
        this.sent = position === 'prefix' ? text + this.sent : this.sent + text;
    }
    append(text) {
        this.pending += text;
    }
    /**
     * Inspects context + pending and releases what is safe. With `final`, everything left is
     * released (the stream ended, nothing more can complete a match). `cap` (an offset in the lane's
     * full text) stops the release at what the classifier lane has checked, in hold mode.
     */
    async step(engine, final, cap = Infinity) {
        if (this.pending.length === 0)
            return { release: '', findings: [], block: false };
        const context = this.released.slice(-CONTEXT);
        const window = context + this.pending;
        const base = this.released.length - context.length;
        const segment = { path: this.path, role: 'assistant', text: window };
        const verdict = await engine.inspect([segment], 'output', 'deterministic');
        const fresh = verdict.findings.filter((f) => !f.span || f.span[1] > context.length).filter((f) => {
            const id = `${f.ruleId}@${f.span ? f.span[0] + base : 'x'}`;
            if (this.seen.has(id))
                return false;
            this.seen.add(id);
            return true;
        });
        // Anything blocking in the context would have stopped the stream already, so a block here is new.
        const block = verdict.enforced === 'block';
        const shifted = fresh.map((f) => (f.span ? { ...f, span: [f.span[0] + base, f.span[1] + base] } : f));
        if (block)
            return { release: '', findings: shifted, block: true };
        let point = final ? window.length : Math.max(context.length, engine.safeReleasePoint(window));
        point = Math.min(point, cap - base);
        const redactable = verdict.enforced === 'redact' ? verdict.findings.filter((f) => f.span && engine.actionFor(f, 'output') === 'redact') : [];
        // A redact match that crosses the release point is complete; hold from its start so it is
        // masked as a whole when released.
        for (const f of redactable) {
            const [s, e] = f.span;
            if (s < point && e > point)
                point = Math.max(context.length, s);
        }
        if (point <= context.length)
            return { release: '', findings: shifted, block: false };
        const slice = window.slice(context.length, point);
        const spans = redactable
            .filter((f) => f.span[0] >= context.length && f.span[1] <= point)
            .map((f) => ({ ...f, span: [f.span[0] - context.length, f.span[1] - context.length] }));
        const release = engine.redactSegments([{ ...segment, text: slice }], spans)[0];
        this.released += window.slice(context.length, point);
        this.pending = window.slice(point);
        this.sent += release;
        return { release, findings: shifted, block: false };
    }
}
exports.TextLane = TextLane;
