/**
 * One line of PostgreSQL's `COPY … TO STDOUT` text format, split into its fields: tab between
 * fields, `\N` for NULL, and backslash escapes (`\\`, `\t`, `\n`, `\r`, `\b`, `\f`, `\v`, octal
 * `\ooo` and hex `\xhh` byte values) inside a field. The line comes without its newline. Fields
 * are written into `out` (reused row after row, so no array is allocated per row) and the count
 * is returned. A line without a backslash, the common case, is cut with indexOf and slice only.
 */
export function splitCopyLine(line: string, out: (string | null)[]): number {
  if (line.indexOf('\\') === -1) {
    let n = 0;
    let at = 0;
    for (;;) {
      const tab = line.indexOf('\t', at);
      if (tab === -1) {
        out[n++] = line.slice(at);
        return n;
      }
      out[n++] = line.slice(at, tab);
      at = tab + 1;
    }
  }
  let n = 0;
  let at = 0;
  for (;;) {
    const tab = line.indexOf('\t', at);
    const end = tab === -1 ? line.length : tab;
    const raw = line.slice(at, end);
    out[n++] = raw === '\\N' ? null : raw.indexOf('\\') === -1 ? raw : unescapeCopyField(raw);
    if (tab === -1) return n;
    at = tab + 1;
  }
}

const SIMPLE: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/**
 * A field's text with COPY's backslash escapes resolved. Octal and hex escapes are bytes of the
 * client encoding (UTF-8), so runs of them are decoded together.
 */
export function unescapeCopyField(raw: string): string {
  let out = '';
  let bytes: number[] | null = null;
  const flushBytes = () => {
    if (bytes) out += Buffer.from(bytes).toString('utf8');
    bytes = null;
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== '\\' || i + 1 === raw.length) {
      flushBytes();
      out += c;
      continue;
    }
    const e = raw[++i]!;
    if (e >= '0' && e <= '7') {
      let v = 0;
      let k = 0;
      while (k < 3 && i < raw.length && raw[i]! >= '0' && raw[i]! <= '7') {
        v = v * 8 + (raw.charCodeAt(i) - 48);
        i++;
        k++;
      }
      i--;
      (bytes ??= []).push(v & 0xff);
      continue;
    }
    if (e === 'x' && i + 1 < raw.length && /[0-9a-fA-F]/.test(raw[i + 1]!)) {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(raw.slice(i + 1))![0];
      (bytes ??= []).push(parseInt(hex, 16));
      i += hex.length;
      continue;
    }
    flushBytes();
    out += SIMPLE[e] ?? e;
  }
  flushBytes();
  return out;
}
