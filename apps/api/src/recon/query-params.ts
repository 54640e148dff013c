/**
 * Scope parameters in a user's SQL: `:period`, `:entity` become real bind parameters ($1, $2)
 * with their values passed separately, never spliced into the text. The scanner skips string
 * literals ('…', E'…' with backslash escapes), quoted identifiers ("…"), dollar-quoted bodies
 * ($tag$…$tag$), comments (-- and nested /* *\/) and casts (::type), so a colon in any of them
 * is left alone. Positional `$1` parameters in the query are refused: their values could not be
 * named by a scope.
 */
export interface BoundQuery {
  /** The query with `:name` replaced by `$n`. */
  text: string;
  /** The value of each `$n`, in order. */
  values: string[];
  /** Parameter names in order of first use. */
  names: string[];
}

export class QueryParameterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryParameterError';
  }
}

interface Token {
  kind: 'text' | 'param';
  text: string;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;

function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let buf = '';
  let i = 0;
  const n = sql.length;
  const flush = () => {
    if (buf) out.push({ kind: 'text', text: buf });
    buf = '';
  };
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      buf += sql.slice(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      let depth = 0;
      let j = i;
      while (j < n) {
        if (sql[j] === '/' && sql[j + 1] === '*') {
          depth++;
          j += 2;
        } else if (sql[j] === '*' && sql[j + 1] === '/') {
          depth--;
          j += 2;
          if (depth === 0) break;
        } else j++;
      }
      buf += sql.slice(i, j);
      i = j;
    } else if (c === "'") {
      const escapes = i > 0 && /[eE]/.test(sql[i - 1]!) && (i < 2 || !IDENT_PART.test(sql[i - 2]!));
      let j = i + 1;
      while (j < n) {
        if (escapes && sql[j] === '\\') j += 2;
        else if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === "'") {
          j++;
          break;
        } else j++;
      }
      buf += sql.slice(i, j);
      i = j;
    } else if (c === '"') {
      let j = i + 1;
      while (j < n) {
        if (sql[j] === '"' && sql[j + 1] === '"') j += 2;
        else if (sql[j] === '"') {
          j++;
          break;
        } else j++;
      }
      buf += sql.slice(i, j);
      i = j;
    } else if (c === '$' && (i === 0 || !IDENT_PART.test(sql[i - 1]!))) {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (m) {
        const tag = m[0];
        const end = sql.indexOf(tag, i + tag.length);
        const stop = end === -1 ? n : end + tag.length;
        buf += sql.slice(i, stop);
        i = stop;
      } else if (next !== undefined && /[0-9]/.test(next)) {
        throw new QueryParameterError('uses a positional parameter ($1); name scope parameters instead, e.g. :period');
      } else {
        buf += c;
        i++;
      }
    } else if (c === ':' && next === ':') {
      buf += '::';
      i += 2;
    } else if (c === ':' && next !== undefined && IDENT_START.test(next) && (i === 0 || sql[i - 1] !== ':')) {
      let j = i + 1;
      while (j < n && IDENT_PART.test(sql[j]!)) j++;
      flush();
      out.push({ kind: 'param', text: sql.slice(i + 1, j) });
      i = j;
    } else {
      buf += c;
      i++;
    }
  }
  flush();
  return out;
}

/** Names of the `:name` parameters a query uses, in order of first use. */
export function queryParameterNames(sql: string): string[] {
  const names: string[] = [];
  for (const t of tokenize(sql)) if (t.kind === 'param' && !names.includes(t.text)) names.push(t.text);
  return names;
}

/**
 * Binds `:name` parameters to scope values. Throws QueryParameterError naming a parameter the
 * scope does not define.
 */
export function bindQuery(sql: string, scope: Readonly<Record<string, string>>): BoundQuery {
  const names: string[] = [];
  let text = '';
  for (const t of tokenize(sql)) {
    if (t.kind === 'text') {
      text += t.text;
      continue;
    }
    if (!Object.prototype.hasOwnProperty.call(scope, t.text)) {
      throw new QueryParameterError(`uses :${t.text}, which the scope does not define`);
    }
    let index = names.indexOf(t.text);
    if (index === -1) index = names.push(t.text) - 1;
    text += `$${index + 1}`;
  }
  return { text, values: names.map((n) => scope[n]!), names };
}

/**
 * Fills `:name` placeholders of a file path or URL with scope values (URL-encoded for URLs).
 * Only names the scope defines are replaced, so `host:8080` and `https://` stay as they are.
 */
export function fillTemplate(template: string, scope: Readonly<Record<string, string>>, encode: (v: string) => string = (v) => v): string {
  return template.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(scope, name) ? encode(scope[name]!) : whole,
  );
}
