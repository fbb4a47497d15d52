/**
 * The classifier lane of the stream guard for one text lane: classifiers run on windows of the
 * accumulated text (every `window_chars` new characters, with `overlap_chars` of context), never on
 * single deltas — a classifier judging "A calm and" would be judging noise. At most one call is in
 * flight per lane. In `hold` mode the caller awaits `check` and releases only checked text; in
 * `stream-first` mode `start` runs in the background and a failing result stops the stream later.
 */
import type { StreamClassifierSettings } from '../classifier/settings';
import type { Engine } from '../policy/engine';
import type { Verdict } from '../types';

export class ClassifierWindow {
  private checkedTo = 0;
  private inFlight: Promise<void> | null = null;
  private failed: Verdict | null = null;
  private readonly verdicts: Verdict[] = [];

  constructor(
    private readonly settings: StreamClassifierSettings,
    private readonly path: string,
  ) {}

  /** Offset up to which the text has been classified. */
  get checked(): number {
    return this.checkedTo;
  }

  /** Every non-allow verdict so far (for the audit row). */
  get findings(): Verdict['findings'] {
    return this.verdicts.flatMap((v) => v.findings);
  }

  private due(text: string, final: boolean): boolean {
    const fresh = text.length - this.checkedTo;
    return fresh >= this.settings.window_chars || (final && fresh > 0);
  }

  private async run(engine: Engine, text: string): Promise<Verdict> {
    const from = Math.max(0, this.checkedTo - this.settings.overlap_chars);
    const end = text.length;
    const verdict = await engine.inspect([{ path: this.path, role: 'assistant', text: text.slice(from, end) }], 'output', { lane: 'classifier' });
    this.checkedTo = Math.max(this.checkedTo, end);
    if (verdict.action !== 'allow') this.verdicts.push(verdict);
    return verdict;
  }

  /** hold: classify what is due now and return the verdict if it is not allow. */
  async check(engine: Engine, text: string, final: boolean): Promise<Verdict | null> {
    await this.settle();
    const failed = this.takeFailure();
    if (failed) return failed;
    if (!this.due(text, final)) return null;
    const verdict = await this.run(engine, text);
    return verdict.action === 'allow' ? null : verdict;
  }

  /** stream-first: start a background call when one is due and none is running. */
  start(engine: Engine, text: string): void {
    if (this.inFlight || !this.due(text, false)) return;
    this.inFlight = this.run(engine, text)
      .then((v) => {
        if (v.enforced === 'block') this.failed ??= v;
      })
      .catch(() => undefined)
      .finally(() => {
        this.inFlight = null;
      });
  }

  /** A blocking verdict from a background call, once. */
  takeFailure(): Verdict | null {
    const f = this.failed;
    this.failed = null;
    return f;
  }

  async settle(): Promise<void> {
    if (this.inFlight) await this.inFlight;
  }
}
