"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ClassifierWindow = void 0;
class ClassifierWindow {
    settings;
    path;
    checkedTo = 0;
    inFlight = null;
    failed = null;
    verdicts = [];
    constructor(settings, path) {
        this.settings = settings;
        this.path = path;
    }
    /** Offset up to which the text has been classified. */
    get checked() {
        return this.checkedTo;
    }
    /** Every non-allow verdict so far (for the audit row). */
    get findings() {
        return this.verdicts.flatMap((v) => v.findings);
    }
    due(text, final) {
        const fresh = text.length - this.checkedTo;
        return fresh >= this.settings.window_chars || (final && fresh > 0);
    }
    async run(engine, text) {
        const from = Math.max(0, this.checkedTo - this.settings.overlap_chars);
        const end = text.length;
        const verdict = await engine.inspect([{ path: this.path, role: 'assistant', text: text.slice(from, end) }], 'output', 'classifier');
        this.checkedTo = Math.max(this.checkedTo, end);
        if (verdict.action !== 'allow')
            this.verdicts.push(verdict);
        return verdict;
    }
    /** hold: classify what is due now and return the verdict if it is not allow. */
    async check(engine, text, final) {
        await this.settle();
        const failed = this.takeFailure();
        if (failed)
            return failed;
        if (!this.due(text, final))
            return null;
        const verdict = await this.run(engine, text);
        return verdict.action === 'allow' ? null : verdict;
    }
    /** stream-first: start a background call when one is due and none is running. */
    start(engine, text) {
        if (this.inFlight || !this.due(text, false))
            return;
        this.inFlight = this.run(engine, text)
            .then((v) => {
            if (v.enforced === 'block')
                this.failed ??= v;
        })
            .catch(() => undefined)
            .finally(() => {
            this.inFlight = null;
        });
    }
    /** A blocking verdict from a background call, once. */
    takeFailure() {
        const f = this.failed;
        this.failed = null;
        return f;
    }
    async settle() {
        if (this.inFlight)
            await this.inFlight;
    }
}
exports.ClassifierWindow = ClassifierWindow;
