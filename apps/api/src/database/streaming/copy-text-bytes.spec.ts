import { TextBytes } from './copy-text-bytes';

/** Binary COPY payloads as PostgreSQL sends them: the header before the first row, one row a payload, the trailer last. */
const HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const row = (text: string | null) => {
  const head = Buffer.alloc(6);
  head.writeInt16BE(1, 0);
  if (text === null) {
    head.writeInt32BE(-1, 2);
    return head;
  }
  const body = Buffer.from(text, 'utf8');
  head.writeInt32BE(body.length, 2);
  return Buffer.concat([head, body]);
};
const TRAILER = Buffer.from([0xff, 0xff]);

/** Feeds payloads (each inside a larger buffer, as on the socket) and returns every chunk handed on. */
function feed(batches: TextBytes, payloads: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  for (const p of payloads) {
    const framed = Buffer.concat([Buffer.from('xxxxx'), p, Buffer.from('yy')]);
    const full = batches.add(framed, 5, 5 + p.length);
    if (full) out.push(Buffer.from(full));
  }
  const rest = batches.rest();
  if (rest) out.push(Buffer.from(rest));
  return out;
}

describe('TextBytes', () => {
  it('hands on the rows’ texts exactly, in chunks of about the size asked, skipping NULLs', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `,{"id":${i},"note":"a\\\\b ü €"}\n`);
    const chunks = feed(new TextBytes(100), [Buffer.concat([HEADER, row(lines[0]!)]), ...lines.slice(1).map(row), row(null), TRAILER]);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(lines.join(''));
    expect(chunks.length).toBeGreaterThan(10);
    // A chunk is handed on once it is full; no row is split between chunks.
    for (const c of chunks) expect(c.toString('utf8').endsWith('\n')).toBe(true);
  });

  it('gives a row larger than a chunk a chunk of its own', () => {
    const big = `${'x'.repeat(500)}\n`;
    const chunks = feed(new TextBytes(64), [Buffer.concat([HEADER, row('a\n')]), row(big), row('b\n'), TRAILER]);
    expect(chunks.map((c) => c.toString('utf8'))).toEqual(['a\n', big, 'b\n']);
  });

  it('handles an empty result (the header with the trailer) and refuses what is not binary COPY', () => {
    expect(feed(new TextBytes(64), [Buffer.concat([HEADER, TRAILER])])).toEqual([]);
    expect(() => feed(new TextBytes(64), [Buffer.from('1\tabc\n')])).toThrow(/binary signature/);
    const two = Buffer.alloc(2);
    two.writeInt16BE(2, 0);
    expect(() => feed(new TextBytes(64), [Buffer.concat([HEADER, two])])).toThrow(/2 fields/);
  });
});
