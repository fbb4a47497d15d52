/**
 * Keyword detector: one Aho-Corasick automaton over every keyword of every category, run on the
 * normalized text; matches map back to spans of the original. Latin-script entries marked
 * `boundary: word` must not touch a Latin letter or digit, so "ass" never fires in "assassin";
 * Chinese entries match anywhere (Chinese has no word boundaries).
 */
import type { KeywordEntry } from '../policy/keywords-file';
import { excerpt } from '../policy/mask';
import { normalize, toOriginalSpan } from '../policy/normalize';
import type { Detector, Finding, Segment, Stage } from '../types';
import { AhoCorasick } from './aho-corasick';

const WORD_CHAR = /[\p{Script=Latin}\p{Nd}]/u;

function isWordChar(text: string, index: number): boolean {
  return index >= 0 && index < text.length && WORD_CHAR.test(text[index]);
}

export interface KeywordDetectorOptions {
  entries: KeywordEntry[];
  stages?: Stage[];
}

export interface KeywordDetector extends Detector {
  /** Normalized units at the end of `normalizedText` that could still begin a keyword (streaming). */
  pendingLength(normalizedText: string): number;
}

export function createKeywordDetector(opts: KeywordDetectorOptions): KeywordDetector {
  const { entries } = opts;
  const automaton = new AhoCorasick(entries.map((e) => e.text));
  return {
    id: 'keyword',
    stages: opts.stages ?? ['input', 'output'],
    pendingLength: (normalizedText) => automaton.pendingLength(normalizedText),
    detect: function detectKeywords(segments: Segment[]): Finding[] {
      const findings: Finding[] = [];
      segments.forEach((segment, index) => {
        const norm = normalize(segment.text);
        for (const m of automaton.search(norm.text)) {
          const entry = entries[m.pattern];
          if (entry.boundary === 'word' && (isWordChar(norm.text, m.start - 1) || isWordChar(norm.text, m.end))) continue;
          const span = toOriginalSpan(norm, m.start, m.end);
          findings.push({
            detector: 'keyword',
            ruleId: entry.id,
            category: entry.category,
            severity: entry.severity,
            score: 1,
            segment: index,
            span,
            excerpt: excerpt(segment.text, span, null),
          });
        }
      });
      return findings;
    },
  };
}
