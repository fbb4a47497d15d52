/**
 * The small async SQL surface that audit code shared by both stores is written against, so a query
 * is written once in portable SQL: `?` (positional) or `@name` (named) placeholders, which the
 * PostgreSQL side rewrites to `$n`. Dialect branches live only where the SQL itself differs
 * (upserts, autoincrement, catalog queries): check `dialect`.
 */
export type SqlDialect = 'sqlite' | 'postgres';
/** Positional values, or an object whose keys name the @placeholders. */
export type SqlParams = readonly unknown[] | object;

export interface SqlDb {
  readonly dialect: SqlDialect;
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  run(sql: string, params?: SqlParams): Promise<{ changes: number }>;
  /** Rows one at a time (PostgreSQL: a server-side cursor), so large exports keep a flat heap. */
  iterate<T>(sql: string, params?: SqlParams): AsyncIterable<T>;
}

/**
 * `?` and `@name` → `$1…$n` plus the values in that order. Quoted strings and identifiers are
 * copied as they are, so a literal '?' in SQL text is never taken for a placeholder.
 */
export function toNumbered(sql: string, params: SqlParams = []): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const named = new Map<string, number>();
  let positional = 0;
  let out = '';
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      const end = sql.indexOf(ch, i + 1);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop + 1);
      i = stop;
    } else if (ch === '?') {
      if (!Array.isArray(params)) throw new Error('positional placeholder with named parameters');
      values.push((params as readonly unknown[])[positional++]);
      out += `$${values.length}`;
    } else if (ch === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))?.[0] ?? '';
      const record = params as Readonly<Record<string, unknown>>;
      if (Array.isArray(params) || !(name in record)) throw new Error(`missing named parameter @${name}`);
      let n = named.get(name);
      if (n === undefined) {
        values.push(record[name]);
        n = values.length;
        named.set(name, n);
      }
      out += `$${n}`;
      i += name.length;
    } else {
      out += ch;
    }
  }
  return { text: out, values };
}

/** Maps an async row stream without another async-generator layer (exports run per row). */
export function mapRows<T, U>(rows: AsyncIterable<T>, fn: (row: T) => U): AsyncIterable<U> {
  return {
    [Symbol.asyncIterator]: () => {
      const it = rows[Symbol.asyncIterator]();
      return {
        next: async () => {
          const r = await it.next();
          return r.done ? { done: true as const, value: undefined } : { done: false as const, value: fn(r.value) };
        },
        return: async () => {
          await it.return?.();
          return { done: true as const, value: undefined };
        },
      };
    },
  };
}
