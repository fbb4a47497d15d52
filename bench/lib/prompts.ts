/**
 * Benign chat requests of a given prompt size. The text mixes English and Chinese (both go through
 * normalisation and both keyword automata) and is built to trigger no rule: the runner checks a
 * sample of bodies come back 200 before it measures, so a blocked prompt cannot pass for a fast one.
 *
 * Every request gets a different prompt (sentences drawn from word lists by a seeded PRNG), so the
 * gateway's per-text caches (classifier pieces, width fold) see mostly new text, as with real users;
 * a benchmark that resends one body measures the caches, not the gateway.
 */
import { mulberry32 } from '../../src/util/prng';

const EN = {
  who: ['We', 'Our team', 'The club', 'My neighbour', 'The teacher', 'Our class', 'The volunteers', 'My sister', 'The committee', 'Two students', 'The librarian', 'Our chef', 'The new intern', 'My uncle', 'The gardeners', 'Everyone'],
  did: ['compared', 'planned', 'discussed', 'reviewed', 'painted', 'cooked', 'repaired', 'measured', 'photographed', 'organised', 'sorted', 'tested', 'described', 'cleaned', 'translated', 'summarised'],
  what: ['tomato varieties', 'the compost schedule', 'a watering rota', 'the spring seed swap', 'an old bicycle', 'the bread recipe', 'the museum timetable', 'a map of the park', 'the choir songs', 'the football results', 'a birthday card', 'the library shelves', 'a budget for the trip', 'the school garden', 'a chess opening', 'the bus routes'],
  when: ['last Tuesday', 'before the fair', 'over the weekend', 'after lunch', 'in the morning', 'this spring', 'during the holiday', 'on Friday evening', 'before winter', 'at the meeting', 'yesterday', 'last month', 'after school', 'in the rain', 'at dawn', 'by the river'],
};
const ZH = {
  who: ['我们', '老师', '邻居', '同学们', '俱乐部', '志愿者', '我的姐姐', '委员会', '图书管理员', '厨师', '新来的实习生', '叔叔', '园丁们', '大家', '两位学生', '班长'],
  when: ['昨天', '上周', '周末', '午饭后', '早上', '今年春天', '假期里', '周五晚上', '冬天之前', '开会时', '上个月', '放学后', '雨天', '清晨', '在河边', '晚饭前'],
  did: ['讨论', '整理', '准备', '修理', '比较', '画', '拍摄', '安排', '检查', '翻译', '总结', '打扫', '测量', '计划', '介绍', '记录'],
  what: ['番茄品种', '堆肥计划', '浇水安排', '种子交换会', '旧自行车', '面包食谱', '博物馆时间表', '公园地图', '合唱歌曲', '足球比赛结果', '生日贺卡', '图书馆书架', '旅行预算', '学校花园', '象棋开局', '公交路线'],
};

type Rand = () => number;

/** A word list with each entry's UTF-8 size, so a prompt is measured without re-encoding it. */
interface Words { text: string[]; bytes: number[] }
const words = (xs: string[]): Words => ({ text: xs, bytes: xs.map((x) => Buffer.byteLength(x)) });
const EN_W = { who: words(EN.who), did: words(EN.did), what: words(EN.what), when: words(EN.when) };
const ZH_W = { who: words(ZH.who), when: words(ZH.when), did: words(ZH.did), what: words(ZH.what) };

/** Appends one sentence's pieces to `out`; returns its size in bytes. */
function sentence(rand: Rand, zh: boolean, out: string[]): number {
  let size = 0;
  const put = (w: Words | string): void => {
    if (typeof w === 'string') {
      out.push(w);
      size += Buffer.byteLength(w);
      return;
    }
    const i = Math.floor(rand() * w.text.length);
    out.push(w.text[i]);
    size += w.bytes[i];
  };
  if (zh) {
    put(ZH_W.who), put(ZH_W.when), put(ZH_W.did), put('了'), put(ZH_W.what), put('和'), put(ZH_W.what), put('。');
  } else {
    put(EN_W.who), put(' '), put(EN_W.did), put(' '), put(EN_W.what), put(' and '), put(EN_W.what), put(' '), put(EN_W.when), put('. ');
  }
  return size;
}

/**
 * Prompt text of exactly `bytes` UTF-8 bytes or a few less; `rand` chooses the sentences. Linear in
 * the size: the load generator makes one per request, and its CPU is taken from the servers.
 */
export function promptText(bytes: number, rand: Rand = mulberry32(1)): string {
  const parts = ['Please summarise these notes: '];
  let size = Buffer.byteLength(parts[0]);
  for (let i = 0; size < bytes; i++) {
    const mark = parts.length;
    const n = sentence(rand, i % 3 === 2, parts);
    if (size + n <= bytes) {
      size += n;
      continue;
    }
    // The last sentence, cut to fit without splitting a character.
    const last = parts.splice(mark).join('');
    let tail = '';
    for (const ch of last) {
      const c = Buffer.byteLength(ch);
      if (size + c > bytes) break;
      tail += ch;
      size += c;
    }
    parts.push(tail);
    break;
  }
  return parts.join('').trimEnd();
}

function body(text: string, stream: boolean): string {
  return JSON.stringify({
    model: 'bench-model',
    stream,
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: text },
    ],
  });
}

/** One fixed request body (the first of `chatBodies` with the same seed). */
export function chatBody(promptBytes: number, stream: boolean): string {
  return body(promptText(promptBytes), stream);
}

/** A source of request bodies, each with a new prompt of `promptBytes`; reproducible by seed. */
export function chatBodies(promptBytes: number, stream: boolean, seed = 1): () => string {
  const rand = mulberry32(seed);
  return () => body(promptText(promptBytes, rand), stream);
}

export function sizeLabel(bytes: number): string {
  return bytes >= 1000 ? `${Math.round(bytes / 1000)} KB` : `${bytes} B`;
}
