/**
 * Keyword detector: one Aho-Corasick automaton over every keyword of every category (keyword-
 * matcher.ts), run on the normalized text; matches map back to spans of the original. Latin-script
 * entries marked `boundary: word` must not touch a Latin letter or digit, so "ass" never fires in
 * "assassin"; Chinese entries match anywhere (Chinese has no word boundaries). Encoded runs (base64,
 * hex, URL, HTML entities, \u escapes) are decoded and rescanned; their findings cover the run.
 */
import type { KeywordEntry } from '../policy/keywords-file';
import { excerpt } from '../policy/mask';
import { spacedTailStart } from '../policy/leet';
import { normalizeTransient, toOriginalSpan } from '../policy/normalize';
import type { Detector, Finding, Segment, Stage } from '../types';
import { DEFAULT_DECODE_LIMITS, findEncodedRuns } from './decode';
import { KeywordMatcher, type MatcherOptions } from './keyword-matcher';

export interface KeywordDetectorOptions extends MatcherOptions {
  entries: KeywordEntry[];
  stages?: Stage[];
  /** Recorded with every finding: which word list made the decision. */
  lexicon?: { version: string; updatedAt: string };
  /** Decode-and-rescan nesting (0 turns decoding off). Default 2. */
  decodeDepth?: number;
  /** Most decoded characters rescanned per segment. Default 65,536. */
  decodeBudget?: number;
}

export interface KeywordDetector extends Detector {
  /** Normalized units at the end of `normalizedText` that could still begin a keyword (streaming). */
  pendingLength(normalizedText: string): number;
}

interface Located {
  entry: KeywordEntry;
  span: [number, number];
  matched: string;
  via?: string;
}

export function createKeywordDetector(opts: KeywordDetectorOptions): KeywordDetector {
  const { entries } = opts;
  const matcher = new KeywordMatcher(entries, opts);
  const maxDepth = opts.decodeDepth ?? 2;
  const budget = opts.decodeBudget ?? DEFAULT_DECODE_LIMITS.maxRunLength;

  /** Hits in `text`, with spans in `text`; encoded runs rescanned down to `maxDepth`. */
  function locate(text: string, depth: number, spent: { chars: number }): Located[] {
    // Transient: every use of `norm` is over before the recursion below normalizes again.
    const norm = normalizeTransient(text);
    const out: Located[] = matcher.scan(norm.codes, norm.soft).map((h) => ({
      entry: entries[h.entry],
      span: toOriginalSpan(norm, h.start, h.end),
      matched: h.matched,
      ...(h.reversed ? { via: 'reversed' } : {}),
    }));
    if (depth >= maxDepth) return out;
    for (const run of findEncodedRuns(text, DEFAULT_DECODE_LIMITS, norm.hints)) {
      if (spent.chars + run.decoded.length > budget) break;
      spent.chars += run.decoded.length;
      for (const inner of locate(run.decoded, depth + 1, spent)) {
        // Piecewise decoders (URL, HTML, \u) know where each decoded character came from.
        const span: [number, number] = run.starts && run.ends ? [run.start + run.starts[inner.span[0]], run.start + run.ends[inner.span[1] - 1]] : [run.start, run.end];
        out.push({ ...inner, span, via: inner.via ? `${run.via}>${inner.via}` : run.via });
      }
    }
    return out;
  }

  return {
    id: 'keyword',
    pure: true,
    stages: opts.stages ?? ['input', 'output'],
    pendingLength(normalizedText) {
      const pending = matcher.automaton.pendingLength(normalizedText);
      const codes = new Uint16Array(normalizedText.length);
      for (let i = 0; i < codes.length; i++) codes[i] = normalizedText.charCodeAt(i);
      // Single characters at the end may be the start of a spaced-out word ("f u" + " c k"), which
      // joins up once it is three long, maybe completing a keyword begun before it ("pipe b o").
      const spaced = spacedTailStart(codes, codes.length);
      let start = pending === 0 ? normalizedText.length : normalizedText.length - pending;
      if (spaced < codes.length) {
        const joined = normalizedText.slice(0, spaced) + normalizedText.slice(spaced).replace(/[^a-z0-9@$]/g, '');
        const partial = matcher.automaton.pendingLength(joined);
        start = Math.min(start, spaced, partial === 0 ? spaced : joined.length - partial);
      }
      if (start === normalizedText.length) return 0;
      // A run of one repeated character before the partial match may collapse into it later
      // ("炸炸" + "炸弹" → "炸弹" starting at the first 炸): hold the whole run back.
      while (start > 0 && normalizedText[start - 1] === normalizedText[start]) start--;
      return normalizedText.length - start;
    },
    detect: function detectKeywords(segments: Segment[]): Finding[] {
      const findings: Finding[] = [];
      // A policy without keyword lists (a classifier-only one) pays nothing for this detector.
      if (entries.length === 0) return findings;
      segments.forEach((segment, index) => {
        const seen = new Set<string>();
        for (const hit of locate(segment.text, 0, { chars: 0 })) {
          const key = `${hit.entry.id}@${hit.span[0]}-${hit.span[1]}`;
          if (seen.has(key)) continue; // a keyword and its variant at the same place: one finding
          seen.add(key);
          findings.push({
            detector: 'keyword',
            ruleId: hit.entry.id,
            category: hit.entry.category,
            severity: hit.entry.severity,
            score: 1,
            segment: index,
            span: hit.span,
            excerpt: excerpt(segment.text, hit.span, null),
            matched: hit.matched,
            ...(hit.via ? { via: hit.via } : {}),
            ...(opts.lexicon ? { lexicon: opts.lexicon } : {}),
          });
        }
      });
      return findings;
    },
  };
}
