/**
 * Reading files half a page off the page grid (read-ahead.ts): the bytes are the file's, whatever
 * its size, and chunks land where the skew says.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileReader, headRoomOf, readFileBytes } from '../src/read-ahead.js';

const dir = mkdtempSync(join(tmpdir(), 'xenlu-read-ahead-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(size: number): { path: string; bytes: Uint8Array } {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 131 + (i >>> 8)) & 0xff;
  const path = join(dir, `f${size}`);
  writeFileSync(path, bytes);
  return { path, bytes };
}

describe('readFileBytes', () => {
  for (const size of [0, 1, 4095, 4096, 4097, 3 * 4096 + 17, (1 << 20) + 3]) {
    it(`gives the ${size} bytes of a file of ${size} bytes, starting half a page into a page of its buffer`, async () => {
      const { path, bytes } = file(size);
      const got = await readFileBytes(path);
      expect(got.length).toBe(size);
      expect(Buffer.from(got).equals(Buffer.from(bytes))).toBe(true);
      expect(got.byteOffset % 4096).toBe(2048);
    });
  }
});

describe('fileReader', () => {
  it('puts each chunk half a page into a page of its buffer, after head room of at least a quarter chunk', async () => {
    for (const size of [64, 4096, 1 << 20, (8 << 20) + 5]) {
      expect(headRoomOf(size) % 4096).toBe(2048);
      expect(headRoomOf(size)).toBeGreaterThanOrEqual(size >>> 2);
    }
    const { path, bytes } = file(3 * 8192 + 100);
    const reader = fileReader(path, 8192);
    const seen: number[] = [];
    try {
      for (let c = await reader.take(); c !== undefined; c = await reader.take()) {
        expect(c.start % 4096).toBe(2048);
        seen.push(...c.buf.subarray(c.start, c.end));
        reader.ahead();
      }
    } finally {
      await reader.close();
    }
    expect(Buffer.from(seen).equals(Buffer.from(bytes))).toBe(true);
  });
});
