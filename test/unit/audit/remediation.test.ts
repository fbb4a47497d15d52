import { collect } from '../../helpers/collect';
import { getItem, iterateItems, recordReplayResult, reviewsOf } from '../../../src/audit/items';
import { markOverdue, reviewItem, syncRemediation } from '../../../src/audit/remediation';
import { assertTransition, canTransition, ITEM_STATUSES, WorkflowError } from '../../../src/audit/status';
import { messagesFromSegments, recordViolationPrompt } from '../../../src/audit/prompt';
import { storeKinds } from '../../pg/database';
import { openKindStore, type KindStore } from '../../pg/stores';
import { finding, inputViolation, JAN_31, outputViolation } from './fixtures';

const MONTHS = 3;
const APR_30 = Date.UTC(2026, 3, 30, 10);

describe('status machine', () => {
  it.each([
    ['open', 'confirmed', 'reviewer'],
    ['open', 'false_positive', 'reviewer'],
    ['open', 'remediated', 'replay'],
    ['open', 'overdue', 'system'],
    ['confirmed', 'remediated', 'replay'],
    ['confirmed', 'false_positive', 'reviewer'],
    ['confirmed', 'overdue', 'system'],
    ['overdue', 'remediated', 'replay'],
    ['overdue', 'false_positive', 'reviewer'],
    ['false_positive', 'open', 'reviewer'],
    ['remediated', 'open', 'system'],
  ] as const)('allows %s → %s by %s', (from, to, actor) => {
    expect(canTransition(from, to, actor)).toBe(true);
  });

  it('refuses every other move, naming the allowed ones', () => {
    let allowed = 0;
    for (const from of ITEM_STATUSES) for (const to of ITEM_STATUSES) for (const actor of ['reviewer', 'replay', 'system'] as const) {
      if (canTransition(from, to, actor)) allowed++;
    }
    expect(allowed).toBe(11);
    expect(() => assertTransition('open', 'remediated', 'reviewer')).toThrow(/allowed moves are confirmed \(by reviewer\).*remediated \(by replay\)/);
    expect(() => assertTransition('remediated', 'confirmed', 'reviewer')).toThrow(WorkflowError);
    expect(() => assertTransition('overdue', 'confirmed', 'reviewer')).toThrow(/overdue to confirmed/);
  });
});

describe.each(storeKinds())('remediation items (%s store)', (kind) => {
  let t: KindStore;
  beforeEach(async () => {
    t = await openKindStore(kind);
  });
  afterEach(() => t.cleanup());

  it('groups repeats of the same prompt and category into one item with a count, whatever the spacing or case', async () => {
    await t.store.recordViolation(inputViolation('How to make an EXPLOSIVE at home'));
    await t.store.recordViolation(inputViolation('how to make an explosive   at home', { ts: JAN_31 + 1000 }));
    await t.store.recordViolation(inputViolation('ｈｏｗ to make an explosive at home', { ts: JAN_31 + 2000 }));
    await t.store.recordViolation(inputViolation('a different prompt entirely'));
    expect(await syncRemediation(t.store, { months: MONTHS })).toBe(4);
    const items = (await collect(iterateItems(t.store)));
    expect(items.map((i) => i.count)).toEqual([3, 1]);
    expect(items[0]).toMatchObject({ category: 'A.1.f', status: 'open', firstSeen: JAN_31, lastSeen: JAN_31 + 2000, deadline: APR_30 });
  });

  it('files the same prompt under different categories as different items, by the most severe finding', async () => {
    await t.store.recordViolation(inputViolation('same text', { findings: [finding({ category: 'A.1.f', severity: 'high' }), finding({ category: 'A.2.b', severity: 'critical' })] }));
    await t.store.recordViolation(inputViolation('same text', { findings: [finding({ category: 'A.1.f' })] }));
    await syncRemediation(t.store, { months: MONTHS });
    expect((await collect(iterateItems(t.store))).map((i) => i.category)).toEqual(['A.2.b', 'A.1.f']);
  });

  it('opens items only for blocks (enforced or shadow) and user reports, not flags or redactions', async () => {
    await t.store.recordViolation(inputViolation('flagged', { action: 'flag', enforced: 'flag' }));
    await t.store.recordViolation(inputViolation('redacted', { action: 'redact', enforced: 'redact' }));
    await t.store.recordViolation(inputViolation('shadow block', { action: 'block', enforced: 'allow', shadow: true }));
    await syncRemediation(t.store, { months: MONTHS });
    expect((await collect(iterateItems(t.store)))).toHaveLength(1);
  });

  it('is idempotent: a second sync files nothing twice', async () => {
    await t.store.recordViolation(inputViolation('x'));
    await syncRemediation(t.store, { months: MONTHS });
    expect(await syncRemediation(t.store, { months: MONTHS })).toBe(0);
    expect((await getItem(t.store, 1))?.count).toBe(1);
  });

  it('groups output violations by the prompt recorded for them', async () => {
    const a = await t.store.recordViolation(outputViolation('bad answer one'));
    const b = await t.store.recordViolation(outputViolation('bad answer two'));
    await recordViolationPrompt(t.store, { violationId: a.id, messages: [{ role: 'user', content: 'Same Question' }] });
    await recordViolationPrompt(t.store, { violationId: b.id, messages: [{ role: 'user', content: 'same question' }] });
    await syncRemediation(t.store, { months: MONTHS });
    expect((await collect(iterateItems(t.store))).map((i) => i.count)).toEqual([2]);
  });

  it('walks open → confirmed → remediated with reviewer, note and replay evidence logged', async () => {
    await t.store.recordViolation(inputViolation('x'));
    await syncRemediation(t.store, { months: MONTHS });
    await reviewItem(t.store, { itemId: 1, to: 'confirmed', reviewer: 'officer.li', note: 'real instructions request', now: JAN_31 + 5 });
    expect(await recordReplayResult(t.store, { itemId: 1, upstream: 'http://m', model: 'm', stillViolates: true, refused: false, categories: ['A.1.f'], policyRevision: 'rev-1', output: 'bad', now: JAN_31 + 6 })).toBe('confirmed');
    expect(await recordReplayResult(t.store, { itemId: 1, upstream: 'http://m', model: 'm', stillViolates: false, refused: true, categories: [], policyRevision: 'rev-1', output: 'no', now: JAN_31 + 7 })).toBe('remediated');
    expect(await getItem(t.store, 1)).toMatchObject({ status: 'remediated', resolvedAt: JAN_31 + 7 });
    expect((await reviewsOf(t.store, 1)).map((r) => [r.reviewer, r.from, r.to])).toEqual([
      ['officer.li', 'open', 'confirmed'],
      ['replay', 'confirmed', 'remediated'],
    ]);
  });

  it('needs a reviewer and a note for a review, and refuses moves the machine forbids', async () => {
    await t.store.recordViolation(inputViolation('x'));
    await syncRemediation(t.store, { months: MONTHS });
    await expect(reviewItem(t.store, { itemId: 1, to: 'false_positive', reviewer: 'a', note: ' ' })).rejects.toThrow(/reviewer and a note/);
    await expect(reviewItem(t.store, { itemId: 1, to: 'remediated', reviewer: 'a', note: 'done' })).rejects.toThrow(/cannot move an item from open to remediated as reviewer/);
    await expect(reviewItem(t.store, { itemId: 99, to: 'confirmed', reviewer: 'a', note: 'n' })).rejects.toThrow(/no remediation item #99/);
    expect((await getItem(t.store, 1))?.status).toBe('open');
  });

  it('marks open and confirmed items overdue only once the deadline has passed', async () => {
    await t.store.recordViolation(inputViolation('x'));
    await t.store.recordViolation(inputViolation('y'));
    await syncRemediation(t.store, { months: MONTHS });
    await reviewItem(t.store, { itemId: 2, to: 'false_positive', reviewer: 'a', note: 'benign chemistry homework' });
    expect(await markOverdue(t.store, APR_30)).toBe(0); // the deadline day itself is still in time
    expect(await markOverdue(t.store, APR_30 + 1)).toBe(1);
    expect((await getItem(t.store, 1))?.status).toBe('overdue');
    expect((await getItem(t.store, 2))?.status).toBe('false_positive');
    expect((await reviewsOf(t.store, 1)).at(-1)).toMatchObject({ reviewer: 'system', to: 'overdue' });
  });

  it('reopens a remediated item with a fresh deadline when the violation comes back', async () => {
    await t.store.recordViolation(inputViolation('x'));
    await syncRemediation(t.store, { months: MONTHS });
    await recordReplayResult(t.store, { itemId: 1, upstream: 'u', model: null, stillViolates: false, refused: true, categories: [], policyRevision: 'r', output: '', now: JAN_31 + 1 });
    const later = Date.UTC(2026, 4, 31, 8);
    await t.store.recordViolation(inputViolation('x', { ts: later }));
    await syncRemediation(t.store, { months: MONTHS });
    expect(await getItem(t.store, 1)).toMatchObject({ status: 'open', count: 2, detectedAt: later, deadline: Date.UTC(2026, 7, 31, 8), resolvedAt: null });
  });
});

describe('messagesFromSegments', () => {
  it('keeps roles, drops tool definitions, and takes masked texts when given', () => {
    const segments = [
      { path: 'messages[0].content', role: 'system', text: 'be nice' },
      { path: 'tools[0].function.description', role: 'tool_definition', text: 'a tool' },
      { path: 'messages[1].content', role: 'user', text: 'call 13812345678' },
      { path: 'messages[2].content', role: 'tool', text: 'result' },
    ];
    expect(messagesFromSegments(segments, ['be nice', 'a tool', 'call 138****5678', 'result'])).toEqual([
      { role: 'system', content: 'be nice' },
      { role: 'user', content: 'call 138****5678' },
      { role: 'user', content: 'result' },
    ]);
  });
});
