import { actionFor, decide } from '../../../src/policy/decide';
import { makeFinding, makePolicy } from '../../helpers/factories';

const segments = [{ path: 'messages[0].content', role: 'user', text: 'text' }];

describe('actionFor', () => {
  it('takes the first matching rule by category glob, stage and minimum severity', () => {
    const policy = makePolicy();
    expect(actionFor(policy, makeFinding({ category: 'A.1.f', severity: 'high' }), 'input')).toBe('block');
    expect(actionFor(policy, makeFinding({ category: 'A.1.f', severity: 'medium' }), 'input')).toBe('flag');
    expect(actionFor(policy, makeFinding({ category: 'pii.email' }), 'output')).toBe('redact');
    expect(actionFor(policy, makeFinding({ category: 'prompt_attack.injection' }), 'input')).toBe('block');
    expect(actionFor(policy, makeFinding({ category: 'prompt_attack.injection' }), 'output')).toBe('flag');
    expect(actionFor(policy, makeFinding({ category: 'A.5.a' }), 'input')).toBe('flag');
  });
});

describe('decide', () => {
  it('allows when nothing was found', () => {
    const v = decide({ policy: makePolicy(), policyRevision: 'r1', stage: 'input', segments, findings: [], errors: [] });
    expect(v).toMatchObject({ action: 'allow', enforced: 'allow', reasons: [], policyRevision: 'r1', shadow: false });
  });

  it('takes the strongest action and explains every finding', () => {
    const findings = [makeFinding({ category: 'pii.email', ruleId: 'pii.email' }), makeFinding({ category: 'A.1.d', severity: 'critical', ruleId: 'kw:A.1.d.terrorism.en:3' })];
    const v = decide({ policy: makePolicy(), policyRevision: 'r1', stage: 'input', segments, findings, errors: [] });
    expect(v.action).toBe('block');
    expect(v.reasons).toHaveLength(2);
    expect(v.reasons[1]).toContain('kw:A.1.d.terrorism.en:3');
    expect(v.reasons[1]).toContain('messages[0].content[0..4)');
    expect(v.reasons[1]).toContain('block');
  });

  it('blocks on a detector error when failing closed and flags when failing open', () => {
    const errors = [{ detector: 'classifier', message: 'timed out after 5 ms' }];
    expect(decide({ policy: makePolicy(), policyRevision: 'r', stage: 'input', segments, findings: [], errors }).action).toBe('block');
    const open = decide({ policy: makePolicy({ onDetectorError: 'fail_open' }), policyRevision: 'r', stage: 'input', segments, findings: [], errors });
    expect(open.action).toBe('flag');
    expect(open.reasons[0]).toContain('fail_open');
  });

  it('in shadow mode records what would happen and enforces only a flag', () => {
    const v = decide({ policy: makePolicy({ mode: 'shadow' }), policyRevision: 'r', stage: 'input', segments, findings: [makeFinding()], errors: [] });
    expect(v).toMatchObject({ action: 'block', enforced: 'flag', shadow: true });
  });
});
