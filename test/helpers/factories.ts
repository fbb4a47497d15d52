/** Test factories: fill in defaults so each test states only what it is about. */
import { labelingSchema } from '../../src/policy/labeling';
import type { Policy } from '../../src/policy/policy-file';
import type { Finding } from '../../src/types';

export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  return { detector: 'keyword', ruleId: 'kw:test:1', category: 'A.1.f', severity: 'high', score: 1, segment: 0, span: [0, 4], excerpt: '[bomb]', ...overrides };
}

export function makePolicy(overrides: Partial<Policy> = {}): Policy {
  return {
    mode: 'enforce',
    onDetectorError: 'fail_closed',
    detectorTimeoutMs: 1000,
    defaultAction: 'flag',
    refusal: { defaultLang: 'en', text: { en: 'refused', zh: '拒绝' } },
    labeling: labelingSchema.parse({}),
    rules: [
      { categories: ['pii.*'], action: 'redact' },
      { categories: ['prompt_attack.*'], stage: 'input', action: 'block' },
      { categories: ['A.1.*'], minSeverity: 'high', action: 'block' },
      { categories: ['A.1.*'], action: 'flag' },
    ],
    ...overrides,
  };
}
