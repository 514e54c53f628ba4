/**
 * Canary scanning (issue 3, acceptance 3; research T1): the encodings a coordinate or a name could take
 * if any part of the server wrote it down — decimal text at precisions 3–9 (rounded and truncated), E7
 * integers (text, int32 in both byte orders, and the LEB128 varints of the trail codec: zigzag, as a day's
 * first lat/lon is written, and unsigned), float32/float64 in both byte orders, and hex / base64 of each of
 * those (base64 at all three byte alignments, so an embedded run is found too). Consecutive numbers are also
 * searched as (lat, lon) pairs in every binary form, as a coordinate is usually written.
 *
 * A base64 run shorter than 6 characters (24–30 bits) is not a needle: the relay's files hold tens of KB of
 * base64 IDs, signatures and wrapped keys, and four 4-byte forms per number at 4–5 characters matched by chance
 * in about 5% of canary runs (measured on a canary-scan WAL with random numbers). A short value is searched in
 * base64 as a whole value instead (padded and unpadded), and inside longer text through its pair.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ByteWriter } from '../../packages/core/src/trail/varint.ts';

export interface Needle {
  label: string;
  bytes: Buffer;
}

/**
 * `alone`: its raw bytes are searched for a lone number too, not only inside a (lat, lon) pair. A lone 4-byte value is 1 in 4·10⁹
 * per byte position, and the relay's files hold megabytes of ciphertext: float32 and little-endian int32 alone
 * matched by chance in about 1 canary run in 300. SQLite's own form of a lone integer column (big-endian) and
 * everything 5 bytes or longer stay needles alone.
 */
interface BinaryForm {
  label: string;
  bytes: Buffer;
  alone: boolean;
}

function binaryForms(value: number): BinaryForm[] {
  const out: BinaryForm[] = [];
  const f64le = Buffer.alloc(8);
  f64le.writeDoubleLE(value);
  const f64be = Buffer.alloc(8);
  f64be.writeDoubleBE(value);
  const f32le = Buffer.alloc(4);
  f32le.writeFloatLE(value);
  const f32be = Buffer.alloc(4);
  f32be.writeFloatBE(value);
  const e7 = Math.round(value * 1e7);
  const i32le = Buffer.alloc(4);
  i32le.writeInt32LE(e7);
  const i32be = Buffer.alloc(4);
  i32be.writeInt32BE(e7);
  out.push({ label: 'float64le', bytes: f64le, alone: true }, { label: 'float64be', bytes: f64be, alone: true });
  out.push({ label: 'float32le', bytes: f32le, alone: false }, { label: 'float32be', bytes: f32be, alone: false });
  out.push({ label: 'e7-int32le', bytes: i32le, alone: false }, { label: 'e7-int32be', bytes: i32be, alone: true });
  // The trail codec's columns (fix-columns.ts) before DEFLATE: the same writer, so the same bytes.
  const zigzag = new ByteWriter();
  zigzag.svarint(e7);
  out.push({ label: 'e7-zigzag-varint', bytes: Buffer.from(zigzag.finish()), alone: true });
  if (e7 >= 0) {
    const unsigned = new ByteWriter();
    unsigned.uvarint(e7);
    out.push({ label: 'e7-uvarint', bytes: Buffer.from(unsigned.finish()), alone: true });
  }
  return out;
}

function textForms(value: number): string[] {
  const forms = new Set<string>();
  for (let p = 3; p <= 9; p++) {
    forms.add(value.toFixed(p));
    const factor = 10 ** p;
    forms.add((Math.trunc(value * factor) / factor).toFixed(p));
  }
  forms.add(String(Math.round(value * 1e7)));
  forms.add(String(Math.trunc(value * 1e7)));
  return [...forms];
}

/** Shorter base64 runs match by chance in the relay's own IDs and signatures (see the file's comment). */
const MIN_BASE64_RUN = 6;

/**
 * Base64 of `bytes` as it would appear inside a longer base64 text, at each of the 3 alignments, when such a
 * run is long enough to mean something; and the whole value's own base64, padded and not.
 */
function base64Runs(bytes: Buffer): string[] {
  const runs = new Set<string>();
  const add = (b64: string) => {
    runs.add(b64);
    runs.add(b64.replace(/\+/g, '-').replace(/\//g, '_'));
  };
  for (let pad = 0; pad < 3; pad++) {
    const shifted = Buffer.concat([Buffer.alloc(pad), bytes]);
    let b64 = shifted.toString('base64').replace(/=+$/, '');
    // Drop the characters that mix in the zero padding or the unknown next byte.
    const lead = Math.ceil((pad * 4) / 3);
    const usable = Math.floor(((pad + bytes.length) * 4) / 3);
    b64 = b64.slice(lead, usable);
    if (b64.length >= MIN_BASE64_RUN) add(b64);
  }
  const whole = bytes.toString('base64');
  if (whole.replace(/=+$/, '').length >= MIN_BASE64_RUN) {
    add(whole);
    add(whole.replace(/=+$/, ''));
  }
  return [...runs];
}

/** A byte string as it could be written: raw, hex (both cases), and base64 / base64url inside longer text. */
export function withEncodings(label: string, bytes: Buffer): Needle[] {
  const out: Needle[] = [{ label, bytes }];
  out.push({ label: `${label} hex`, bytes: Buffer.from(bytes.toString('hex')) });
  out.push({ label: `${label} HEX`, bytes: Buffer.from(bytes.toString('hex').toUpperCase()) });
  for (const run of base64Runs(bytes)) out.push({ label: `${label} base64`, bytes: Buffer.from(run) });
  return out;
}

export function canaryNeedles(numbers: number[], strings: string[]): Needle[] {
  const needles: Needle[] = [];
  for (const n of numbers) {
    for (const t of textForms(n)) needles.push(...withEncodings(`${n} as "${t}"`, Buffer.from(t)));
    for (const b of binaryForms(n)) {
      const encoded = withEncodings(`${n} ${b.label}`, b.bytes);
      // Not alone: its hex and its whole base64 are still long enough to mean something; its raw bytes are not.
      needles.push(...(b.alone ? encoded : encoded.slice(1)));
    }
  }
  for (let i = 0; i + 1 < numbers.length; i += 2) {
    const [lat, lon] = [numbers[i] as number, numbers[i + 1] as number];
    const [latForms, lonForms] = [binaryForms(lat), binaryForms(lon)];
    for (const [k, a] of latForms.entries()) {
      const b = lonForms[k];
      if (!b || b.label !== a.label) continue;
      needles.push(...withEncodings(`(${lat}, ${lon}) ${a.label} pair`, Buffer.concat([a.bytes, b.bytes])));
      needles.push(...withEncodings(`(${lon}, ${lat}) ${a.label} pair`, Buffer.concat([b.bytes, a.bytes])));
    }
  }
  for (const s of strings) {
    needles.push(...withEncodings(`"${s}" utf8`, Buffer.from(s, 'utf8')));
    needles.push({ label: `"${s}" utf16le`, bytes: Buffer.from(s, 'utf16le') });
    needles.push({ label: `"${s}" lowercase`, bytes: Buffer.from(s.toLowerCase()) });
  }
  return needles;
}

export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(p)));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

export interface Hit {
  file: string;
  needle: string;
  offset: number;
}

export async function scanFiles(files: string[], needles: Needle[]): Promise<{ hits: Hit[]; bytesScanned: number }> {
  const hits: Hit[] = [];
  let bytesScanned = 0;
  for (const file of files) {
    if (!(await stat(file)).isFile()) continue;
    const data = await readFile(file);
    bytesScanned += data.length;
    for (const n of needles) {
      const at = data.indexOf(n.bytes);
      if (at >= 0) hits.push({ file, needle: n.label, offset: at });
    }
  }
  return { hits, bytesScanned };
}
