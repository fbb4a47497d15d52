import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatasetError, isHeldOut, readRows } from '../../../src/classifier/dataset';

function file(lines: string[]): string {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cg-data-')), 'rows.jsonl');
  fs.writeFileSync(f, lines.join('\n'));
  return f;
}

describe('readRows', () => {
  it('maps categories to taxonomy codes and benign rows to "benign"', () => {
    const rows = readRows([file([
      JSON.stringify({ text: '你好', label: 'benign', category: 'gender:anti_bias', lang: 'zh' }),
      JSON.stringify({ text: 'x', label: 'harmful', category: 'region:attack_group', lang: 'zh', source: 'thu-coai/COLDataset' }),
    ])]);
    expect(rows.map((r) => r.category)).toEqual(['benign', 'A.2.d']);
    expect(rows[0].file).toBe('rows.jsonl');
  });

  it('reports every bad line at once with the fix', () => {
    const f = file(['not json', JSON.stringify({ text: 'a', label: 'bad', lang: 'zh' }), JSON.stringify({ text: 'ok', label: 'benign', lang: 'en' })]);
    expect(() => readRows([f])).toThrow(DatasetError);
    try {
      readRows([f]);
    } catch (err) {
      expect((err as DatasetError).problems).toHaveLength(2);
      expect((err as DatasetError).problems[1]).toMatch(/rows\.jsonl:2: .*Fix: rows are/);
    }
  });
});

describe('isHeldOut', () => {
  it('is deterministic and holds out roughly a fifth of texts', () => {
    const texts = Array.from({ length: 2000 }, (_, i) => `text number ${i}`);
    const held = texts.filter(isHeldOut).length;
    expect(texts.filter(isHeldOut)).toEqual(texts.filter(isHeldOut));
    expect(held).toBeGreaterThan(300);
    expect(held).toBeLessThan(500);
  });
});
