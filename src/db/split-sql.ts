/**
 * A small SQL lexer that knows where code ends and literals begin, for the
 * drivers that must send one statement per call (the RDS Data API) and for
 * rewriting parameter placeholders without touching strings or comments.
 *
 * It understands '...' strings (with '' inside), E'...' strings (with
 * backslash escapes), "quoted identifiers", $tag$ dollar quotes $tag$,
 * -- line comments and nested block comments.
 */

export type SegmentKind = 'code' | 'string' | 'ident' | 'dollar' | 'comment';

export interface SqlSegment {
  readonly kind: SegmentKind;
  readonly text: string;
}

const DOLLAR_TAG = /\$([A-Za-z_][A-Za-z0-9_]*)?\$/y;
const WORD_CHAR = /[A-Za-z0-9_$]/;

function endOfQuoted(sql: string, from: number, quote: string): number {
  let at = from + 1;
  while (at < sql.length) {
    if (sql[at] === quote) {
      if (sql[at + 1] === quote) at += 2;
      else return at + 1;
    } else at += 1;
  }
  return sql.length;
}

function endOfEscapeString(sql: string, from: number): number {
  let at = from + 1;
  while (at < sql.length) {
    const char = sql[at];
    if (char === '\\') at += 2;
    else if (char === "'") {
      if (sql[at + 1] === "'") at += 2;
      else return at + 1;
    } else at += 1;
  }
  return sql.length;
}

function endOfBlockComment(sql: string, from: number): number {
  let depth = 0;
  let at = from;
  while (at < sql.length) {
    if (sql.startsWith('/*', at)) {
      depth += 1;
      at += 2;
    } else if (sql.startsWith('*/', at)) {
      depth -= 1;
      at += 2;
      if (depth === 0) return at;
    } else at += 1;
  }
  return sql.length;
}

/** Cuts `sql` into segments; joining their texts gives `sql` back. */
export function sqlSegments(sql: string): SqlSegment[] {
  const segments: SqlSegment[] = [];
  let codeStart = 0;
  let at = 0;

  const push = (kind: SegmentKind, end: number) => {
    if (at > codeStart) {
      segments.push({ kind: 'code', text: sql.slice(codeStart, at) });
    }
    segments.push({ kind, text: sql.slice(at, end) });
    at = end;
    codeStart = end;
  };

  while (at < sql.length) {
    const char = sql[at];
    const previous = at > 0 ? sql[at - 1]! : '';
    if (char === "'") {
      const escaped =
        (previous === 'e' || previous === 'E') &&
        !WORD_CHAR.test(at > 1 ? sql[at - 2]! : '');
      if (escaped) {
        at -= 1;
        push('string', endOfEscapeString(sql, at + 1));
      } else push('string', endOfQuoted(sql, at, "'"));
    } else if (char === '"') {
      push('ident', endOfQuoted(sql, at, '"'));
    } else if (char === '-' && sql[at + 1] === '-') {
      const newline = sql.indexOf('\n', at);
      push('comment', newline === -1 ? sql.length : newline);
    } else if (char === '/' && sql[at + 1] === '*') {
      push('comment', endOfBlockComment(sql, at));
    } else if (char === '$' && !WORD_CHAR.test(previous)) {
      DOLLAR_TAG.lastIndex = at;
      const tag = DOLLAR_TAG.exec(sql);
      if (tag) {
        const close = sql.indexOf(tag[0], at + tag[0].length);
        const end = close === -1 ? sql.length : close + tag[0].length;
        push('dollar', end);
      } else at += 1;
    } else at += 1;
  }
  if (at > codeStart) {
    segments.push({ kind: 'code', text: sql.slice(codeStart, at) });
  }
  return segments;
}

/**
 * Splits a script into its statements on top-level semicolons. Statements
 * keep their comments; pieces holding only whitespace and comments are
 * dropped. The semicolons themselves are not kept.
 */
export function splitSql(script: string): string[] {
  const statements: string[] = [];
  let current = '';
  let hasCode = false;

  const finish = () => {
    if (hasCode) statements.push(current.trim());
    current = '';
    hasCode = false;
  };

  for (const segment of sqlSegments(script)) {
    if (segment.kind !== 'code') {
      current += segment.text;
      if (segment.kind !== 'comment') hasCode = true;
      continue;
    }
    const parts = segment.text.split(';');
    parts.forEach((part, index) => {
      if (index > 0) finish();
      current += part;
      if (part.trim() !== '') hasCode = true;
    });
  }
  finish();
  return statements;
}

/**
 * Rewrites only the code parts of `sql` (not strings, identifiers, dollar
 * quotes or comments), e.g. to turn `$1` placeholders into `:p1`.
 */
export function mapSqlCode(
  sql: string,
  rewrite: (code: string) => string,
): string {
  return sqlSegments(sql)
    .map((segment) =>
      segment.kind === 'code' ? rewrite(segment.text) : segment.text,
    )
    .join('');
}
