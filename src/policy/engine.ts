/**
 * The inspection engine for one RuleSet: runs the detectors of a stage in parallel under a time
 * budget and turns their findings into a Verdict. Detectors return values; the runner owns failure
 * (a throw or timeout becomes a Verdict error, and the policy decides fail-open or fail-closed).
 */
import { encodedTailStart } from '../detectors/decode';
import { createKeywordDetector } from '../detectors/keyword';
import { createRegexDetector } from '../detectors/regex';
import { classifierDetectors } from '../classifier/lanes';
import type { Action, Detector, DetectorError, Finding, Segment, Stage, Verdict } from '../types';
import { actionFor, decide } from './decide';
import { redact, type RedactionSpan } from './mask';
import { normalize } from './normalize';
import { lexiconVersion } from './keywords-file';
import type { Policy } from './policy-file';
import { ResentCache, ResentLookup, type ResentCacheOptions } from './resent-cache';
import type { RuleSet } from './rules';

/**
 * Which detectors a call runs: all of them, only the deterministic ones (keywords, patterns,
 * decoders: cheap, exact spans; the stream guard runs them on every delta) or only the classifiers
 * (the stream guard runs them on windows of accumulated text).
 */
export type DetectorLane = 'all' | 'deterministic' | 'classifier';

export interface InspectOptions {
  /** Default 'all'. */
  lane?: DetectorLane;
  /**
   * Whose request this is (tenant or client key). With a scope, the input stage reuses the findings
   * of segments this scope sent before (resent-cache.ts); without one, everything is inspected.
   */
  scope?: string;
}

export interface EngineOptions {
  /** Detectors beyond the RuleSet's (tests). */
  extra?: Detector[];
  observe?: DetectorObserver;
  /** Reuse the findings of resent prompt segments (the gateway; off when absent). */
  resentCache?: ResentCacheOptions;
}

export interface Engine {
  ruleSet: RuleSet;
  inspect(segments: Segment[], stage: Stage, opts?: InspectOptions): Promise<Verdict>;
  /**
   * The same detectors under another policy (a tenant or route overlay); `suffix` identifies the
   * overlay, so the revision recorded with each decision names exactly the policy that made it.
   */
  withPolicy(policy: Policy, suffix: string): Engine;
  /** Whether any classifier runs at this stage (the stream guard's classifier lane is off otherwise). */
  hasClassifiers(stage: Stage): boolean;
  /**
   * Streaming: the offset in `text` before which no keyword or pattern match can begin, however the
   * text continues. Text before it can be released to a client once it has been inspected; the rest
   * must be held back until more arrives (or the stream ends).
   */
  safeReleasePoint(text: string): number;
  /** The action the policy assigns to one finding at a stage. */
  actionFor(finding: Finding, stage: Stage): Action;
  /** Texts of the segments with every finding's span masked (for `redact` and `masked` storage). */
  redactSegments(segments: Segment[], findings: Finding[]): string[];
}

/** The signal of synchronous detectors: they run to completion, nothing can abort them. */
const NEVER_ABORTED = new AbortController().signal;

/**
 * Runs one detector under the time budget. A synchronous detector cannot be interrupted (a timer
 * only fires once it returns), so its result is returned as is (a throw is thrown) and no timer is
 * armed; an asynchronous one races the budget and, when it declares itself `async`, is aborted
 * through its signal when it loses.
 */
function runDetector(detector: Detector, segments: Segment[], timeoutMs: number): Finding[] | Promise<Finding[]> {
  const controller = detector.async ? new AbortController() : null;
  const result = detector.detect(segments, controller?.signal ?? NEVER_ABORTED);
  if (!(result instanceof Promise)) return result;
  return raceBudget(result, controller, timeoutMs);
}

async function raceBudget(result: Promise<Finding[]>, controller: AbortController | null, timeoutMs: number): Promise<Finding[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller?.abort();
      reject(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([result, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Longest trailing run that could still grow into a pattern match (PII, secrets). */
const MAX_PATTERN_HOLDBACK = 256;
const TOKEN_CHAR = /[\p{L}\p{N}_@.+\-/=:~%#]/u;

function isIdeograph(ch: string): boolean {
  return /\p{Script=Han}/u.test(ch);
}

/**
 * Start of the trailing run of characters that a pattern rule could still extend: letters, digits
 * and the punctuation of e-mails, keys and URLs, plus single spaces or dashes between digits (card
 * and phone numbers are written in groups). Chinese characters end the run.
 */
export function patternRunStart(text: string): number {
  let i = text.length;
  const floor = Math.max(0, text.length - MAX_PATTERN_HOLDBACK);
  while (i > floor) {
    const ch = text[i - 1];
    if (TOKEN_CHAR.test(ch) && !isIdeograph(ch)) {
      i--;
      continue;
    }
    const digitGroupGap = (ch === ' ' || ch === '-') && i >= 2 && /\d/.test(text[i - 2]) && (i === text.length || /\d/.test(text[i]));
    if (digitGroupGap) {
      i--;
      continue;
    }
    break;
  }
  return i;
}

/** Receives each detector run's duration (metrics); never anything of the text. */
export type DetectorObserver = (detector: string, stage: Stage, seconds: number, ok: boolean) => void;

/**
 * A detector run as a promise (a throw becomes its rejection), its duration observed when it
 * settles. A synchronous detector is timed without a promise hop: most of them are, and each hop
 * costs a share of what they take.
 */
function timed(observe: DetectorObserver | undefined, detector: Detector, stage: Stage, run: () => Finding[] | Promise<Finding[]>): Promise<Finding[]> {
  const started = observe ? performance.now() : 0;
  const done = (ok: boolean): void => observe?.(detector.id, stage, (performance.now() - started) / 1000, ok);
  let out: Finding[] | Promise<Finding[]>;
  try {
    out = run();
  } catch (err) {
    done(false);
    return Promise.reject(err);
  }
  if (!(out instanceof Promise)) {
    done(true);
    return Promise.resolve(out);
  }
  return out.then(
    (findings) => {
      done(true);
      return findings;
    },
    (err: unknown) => {
      done(false);
      throw err;
    },
  );
}

export function createEngine(ruleSet: RuleSet, opts: EngineOptions = {}): Engine {
  const { extra = [], observe } = opts;
  const resent = opts.resentCache && opts.resentCache.maxEntries > 0 ? new ResentCache(opts.resentCache) : null;
  const keyword = createKeywordDetector({ entries: ruleSet.keywords, lexicon: lexiconVersion(ruleSet.dir, ruleSet.revision) });
  // Classifier lanes (local model, external endpoints) come from the RuleSet's `classifiers:` section.
  const more = [...classifierDetectors(ruleSet), ...extra];
  const deterministic: Record<Stage, Detector[]> = {
    input: [keyword, createRegexDetector({ rules: ruleSet.regexes, stage: 'input' })],
    output: [keyword, createRegexDetector({ rules: ruleSet.regexes, stage: 'output' })],
  };
  const classifiers: Record<Stage, Detector[]> = {
    input: more.filter((d) => d.stages.includes('input')),
    output: more.filter((d) => d.stages.includes('output')),
  };
  const pick = (stage: Stage, lane: DetectorLane): Detector[] =>
    lane === 'deterministic' ? deterministic[stage] : lane === 'classifier' ? classifiers[stage] : [...deterministic[stage], ...classifiers[stage]];
  const masks = new Map(ruleSet.regexes.map((r) => [r.id, r.mask]));
  // One set of detectors (automaton, models) serves every policy variant of this revision.
  const forPolicy = (policy: Policy, revision: string): Engine => ({
    ruleSet: policy === ruleSet.policy ? ruleSet : { ...ruleSet, policy, revision },
    withPolicy: (p, suffix) => forPolicy(p, `${ruleSet.revision}+${suffix}`),
    hasClassifiers: (stage) => classifiers[stage].length > 0,
    async inspect(segments, stage, { lane = 'all', scope } = {}) {
      const run = pick(stage, lane);
      const findings: Finding[] = [];
      const errors: DetectorError[] = [];
      // Entries hold one list per pure detector of the input stage's full lane, in its order.
      const reuse = resent && scope !== undefined && stage === 'input' && lane === 'all' ? new ResentLookup(resent, scope, segments, run) : null;
      // Started last to first, so the classifiers start first: one that scores in a worker thread
      // (or calls an endpoint) works while the keyword and pattern detectors run here. Findings
      // keep the order of `run`.
      const pending: Array<Promise<Finding[]>> = new Array(run.length);
      for (let i = run.length - 1; i >= 0; i--) {
        const detect = (on: Segment[]): Promise<Finding[]> => timed(observe, run[i], stage, () => runDetector(run[i], on, policy.detectorTimeoutMs));
        pending[i] = reuse ? reuse.run(i, detect) : detect(segments);
      }
      const results = await Promise.allSettled(pending);
      reuse?.keep(results);
      results.forEach((r, i) => {
        if (r.status === 'fulfilled') findings.push(...r.value);
        else errors.push({ detector: run[i].id, message: r.reason instanceof Error ? r.reason.message : String(r.reason), onError: run[i].onError });
      });
      return decide({ policy, policyRevision: revision, stage, segments, findings, errors });
    },
    safeReleasePoint(text) {
      const norm = normalize(text);
      const pending = keyword.pendingLength(norm.text);
      const keywordPoint = pending === 0 ? text.length : norm.starts[norm.text.length - pending];
      // Encoded runs (base64, entities, \u escapes) are decoded and rescanned: hold back a growing one.
      return Math.min(keywordPoint, patternRunStart(text), encodedTailStart(text));
    },
    actionFor: (finding, stage) => actionFor(policy, finding, stage),
    redactSegments(segments, findings) {
      return segments.map((segment, index) => {
        const spans: RedactionSpan[] = findings
          .filter((f): f is Finding & { span: [number, number] } => f.segment === index && f.span !== undefined)
          .map((f) => ({ span: f.span, mask: masks.get(f.ruleId) ?? { keepStart: 0, keepEnd: 0 } }));
        return redact(segment.text, spans);
      });
    },
  });
  return forPolicy(ruleSet.policy, ruleSet.revision);
}
