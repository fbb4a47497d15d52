/**
 * Report formats, validated against the OpenAI fine-tuning file formats (the `openai` package's
 * message types at compile time, zod schemas at run time), CSV/JSON item lists and the HTML report,
 * on both audit stores (SQLite and PostgreSQL).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type OpenAI from 'openai';
import { z } from 'zod';
import { recordPolicyRevision } from '../../src/audit/policy-revisions';
import { recordViolationPrompt } from '../../src/audit/prompt';
import { reviewItem, syncRemediation } from '../../src/audit/remediation';
import { WorkflowError } from '../../src/audit/status';
import { runReport, type ReportFormat } from '../../src/compliance/report/run';
import { outputSink } from '../../src/compliance/report/sink';
import { CSV_COLUMNS, csvField } from '../../src/compliance/report/tabular';
import type { PreferenceRow, SftRow } from '../../src/compliance/report/training';
import type { AuditStore, StorageMode } from '../../src/audit/store';
import { storeKinds } from '../pg/database';
import { openKindStore, type StoreKind } from '../pg/stores';
import { inputViolation, JAN_31, outputViolation } from '../unit/audit/fixtures';

interface TempStore { store: AuditStore; dir: string; cleanup(): Promise<void> }

/** A store of the kind under test and a folder for the report files. */
async function tempStore(kind: StoreKind, mode: StorageMode): Promise<TempStore> {
  const k = await openKindStore(kind, { storageMode: mode });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-report-'));
  return {
    store: k.store,
    dir,
    async cleanup() {
      await k.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const REFUSAL = { defaultLang: 'en', text: { en: 'Sorry, I cannot help with that.', zh: '抱歉，无法提供帮助。' } };

// Compile-time: our rows are valid OpenAI chat message lists.
const sftMessages = (r: SftRow): OpenAI.Chat.ChatCompletionMessageParam[] => r.messages;
const prefInput = (r: PreferenceRow): OpenAI.Chat.ChatCompletionMessageParam[] => r.input.messages;
const prefOutput = (r: PreferenceRow): OpenAI.Chat.ChatCompletionAssistantMessageParam[] => [...r.preferred_output, ...r.non_preferred_output];
void [sftMessages, prefInput, prefOutput];

// Run time: the documented file formats (platform.openai.com fine-tuning: chat SFT and DPO preference).
const message = z.strictObject({ role: z.enum(['system', 'developer', 'user', 'assistant']), content: z.string().min(1) });
const assistant = z.strictObject({ role: z.literal('assistant'), content: z.string().min(1) });
const sftSchema = z.strictObject({ messages: z.array(message).min(2) }).refine((r) => r.messages.at(-1)?.role === 'assistant', 'ends with the assistant answer');
const preferenceSchema = z.strictObject({
  input: z.strictObject({ messages: z.array(message).min(1) }),
  preferred_output: z.array(assistant).length(1),
  non_preferred_output: z.array(assistant).length(1),
});

async function report(t: TempStore, format: ReportFormat, extra: Partial<Parameters<typeof runReport>[0]> = {}) {
  const out = path.join(t.dir, `out.${format}`);
  const summary = await runReport({ store: t.store, format, filter: {}, sink: outputSink(out), refusal: REFUSAL, months: 3, now: JAN_31 + 1000, ...extra });
  return { summary, text: fs.readFileSync(out, 'utf8') };
}
const jsonl = (text: string): unknown[] => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe.each(storeKinds())('report formats (%s store)', (kind) => {
  let t: TempStore;
  beforeEach(async () => {
    t = await tempStore(kind, 'full');
    await t.store.recordViolation(inputViolation('how do I make an explosive at home'));
    await t.store.recordViolation(inputViolation('请告诉我自制炸药的步骤'));
    const out = await t.store.recordViolation(outputViolation('Step 1: mix the explosive ...'));
    await recordViolationPrompt(t.store, { violationId: out.id, messages: [{ role: 'system', content: 'You are helpful.' }, { role: 'user', content: 'tell me a chemistry story' }] });
    await t.store.recordViolation(outputViolation('an output whose prompt was not recorded'));
  });
  afterEach(() => t.cleanup());

  it('sft: one chat row per item with a prompt, answered by the refusal in the prompt language', async () => {
    const { summary, text } = await report(t, 'sft');
    const rows = jsonl(text).map((r) => sftSchema.parse(r));
    expect(summary).toMatchObject({ rows: 3, skipped: { no_prompt: 1 } });
    expect(rows[0].messages).toEqual([{ role: 'user', content: 'how do I make an explosive at home' }, { role: 'assistant', content: REFUSAL.text.en }]);
    expect(rows[1].messages.at(-1)).toEqual({ role: 'assistant', content: REFUSAL.text.zh });
    expect(rows[2].messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
  });

  it('preference: the violating output as non-preferred, the refusal as preferred', async () => {
    const { summary, text } = await report(t, 'preference');
    const rows = jsonl(text).map((r) => preferenceSchema.parse(r));
    expect(summary.rows).toBe(1);
    expect(summary.skipped).toEqual({ no_output: 2, no_prompt: 1 });
    expect(rows[0]).toEqual({
      input: { messages: [{ role: 'system', content: 'You are helpful.' }, { role: 'user', content: 'tell me a chemistry story' }] },
      preferred_output: [{ role: 'assistant', content: REFUSAL.text.en }],
      non_preferred_output: [{ role: 'assistant', content: 'Step 1: mix the explosive ...' }],
    });
  });

  it('csv: a header and one row per item with ISO deadlines and statuses', async () => {
    const { text } = await report(t, 'csv');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(5);
    const first = Object.fromEntries(lines[1].split(',').map((v, i) => [CSV_COLUMNS[i], v]));
    expect(first).toMatchObject({ item_id: '1', category: 'A.1.f', status: 'open', deadline: '2026-04-30T10:00:00.000Z', count: '1' });
  });

  it('csv fields are quoted and never start a spreadsheet formula', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(12)).toBe('12');
  });

  it('json: a document with every item', async () => {
    const { text } = await report(t, 'json', { filter: { status: ['open'] } });
    const doc = z.object({ generated_at: z.string(), remediation_months: z.literal(3), items: z.array(z.object({ item_id: z.number(), status: z.literal('open'), deadline: z.string() })) }).parse(JSON.parse(text));
    expect(doc.items).toHaveLength(4);
  });

  it('html: self-contained, with counts, items, evidence, revisions and the chain result, traffic strings escaped', async () => {
    await syncRemediation(t.store, { months: 3 });
    await reviewItem(t.store, { itemId: 1, to: 'confirmed', reviewer: '<b>officer</b>', note: '<script>alert(1)</script>', now: JAN_31 + 10 });
    await recordPolicyRevision(t.store, { revision: 'abcd1234abcd1234', loadedAt: JAN_31 - 1000, rulesDir: '/rules', keywords: 10, regexes: 5, reason: 'start' });
    const { text } = await report(t, 'html', { filter: { since: JAN_31 - 86_400_000, until: JAN_31 + 86_400_000 } });
    expect(text).toMatch(/^<!doctype html>/);
    expect(text).not.toMatch(/<script|<link|src=|<b>officer/);
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain('abcd1234abcd1234');
    expect(text).toMatch(/Intact: 4 rows verified/);
    expect(text).toContain('2026-04-30'); // deadline
    expect(text).toMatch(/<td>A\.1\.f<\/td><td>input<\/td><td>2<\/td>/);
  });

  it('refuses sft and preference exports when content is stored as hashes only', async () => {
    const h = await tempStore(kind, 'hash');
    try {
      await h.store.recordViolation(inputViolation('x'));
      await expect(report(h, 'sft')).rejects.toThrow(WorkflowError);
      await expect(report(h, 'preference')).rejects.toThrow(/SHA-256 only/);
    } finally {
      await h.cleanup();
    }
  });

  it('exports masked text in masked mode and says so', async () => {
    const m = await tempStore(kind, 'masked');
    try {
      await m.store.recordViolation(inputViolation('how to make an explosive'));
      const { summary, text } = await report(m, 'sft');
      expect(summary.notes.join(' ')).toMatch(/masked/);
      expect(text).toContain('how to make an **');
      expect(text).not.toContain('explosive');
    } finally {
      await m.cleanup();
    }
  });
});
