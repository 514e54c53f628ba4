/**
 * Structure checks for the JPEG segments a stripped photo keeps (ITU-T T.81 Annex B). Each check walks the
 * payload to its exact end, so a segment passes only if its tables fill it with nothing left over. That is
 * what makes "keep DQT" safe: a byte flip that turns an Exif APP1 marker into DQT or SOS yields a segment
 * whose lengths do not add up, and the whole image is refused instead of the GPS block riding along.
 */
import { hex2, u8 } from './_image-bytes.ts';

function mismatch(name: string, at: number, expected: string, got: string | number): RangeError {
  return new RangeError(`jpeg: expected ${name} ${expected} at offset ${at}, got ${got}`);
}

/** DQT (B.2.4.1): repeated Pq/Tq byte then 64 entries of 1 byte (Pq 0) or 2 bytes (Pq 1). */
export function checkDqt(payload: Uint8Array, at: number): void {
  let i = 0;
  while (i < payload.length) {
    const pq = u8(payload, i) >> 4;
    const tq = u8(payload, i) & 0x0f;
    if (pq > 1 || tq > 3) throw mismatch('DQT', at, 'Pq ≤ 1 and Tq ≤ 3', `0x${hex2(u8(payload, i))}`);
    i += 1 + 64 * (pq + 1);
  }
  if (i !== payload.length || payload.length === 0) throw mismatch('DQT', at, `tables filling ${payload.length} bytes`, `${i} bytes`);
}

/** DHT (B.2.4.2): repeated Tc/Th byte, 16 code-length counts, then as many symbol values as they add up to. */
export function checkDht(payload: Uint8Array, at: number): void {
  let i = 0;
  while (i < payload.length) {
    const tc = u8(payload, i) >> 4;
    const th = u8(payload, i) & 0x0f;
    if (tc > 1 || th > 3) throw mismatch('DHT', at, 'Tc ≤ 1 and Th ≤ 3', `0x${hex2(u8(payload, i))}`);
    if (i + 17 > payload.length) break;
    let symbols = 0;
    for (let k = 1; k <= 16; k++) symbols += u8(payload, i + k);
    if (symbols > 256) throw mismatch('DHT', at, '≤ 256 symbols', symbols);
    i += 17 + symbols;
  }
  if (i !== payload.length || payload.length === 0) throw mismatch('DHT', at, `tables filling ${payload.length} bytes`, `${i} bytes`);
}

/** DAC (B.2.4.3): pairs of Tc/Tb and Cs bytes. */
export function checkDac(payload: Uint8Array, at: number): void {
  if (payload.length === 0 || payload.length % 2 !== 0) throw mismatch('DAC', at, 'an even, non-zero length', payload.length);
}

/** DRI (B.2.4.4) and DNL (B.2.5): exactly one 16-bit value. */
export function checkTwoBytes(name: 'DRI' | 'DNL', payload: Uint8Array, at: number): void {
  if (payload.length !== 2) throw mismatch(name, at, 'a 2-byte payload', `${payload.length} bytes`);
}

/** SOFn (B.2.2): P, Y, X, Nf, then 3 bytes per component. Returns the component identifiers SOS may name. */
export function checkSof(payload: Uint8Array, at: number): Set<number> {
  const nf = payload.length >= 6 ? u8(payload, 5) : 0;
  if (nf === 0 || payload.length !== 6 + 3 * nf) throw mismatch('SOF', at, `6 + 3 × Nf (Nf ${nf}) bytes`, payload.length);
  const ids = new Set<number>();
  for (let c = 0; c < nf; c++) ids.add(u8(payload, 6 + 3 * c));
  return ids;
}

/** SOS (B.2.3): Ns, then 2 bytes per component, then Ss, Se, Ah/Al; every component must be one SOF declared. */
export function checkSos(payload: Uint8Array, at: number, components: Set<number>): void {
  const ns = payload.length >= 1 ? u8(payload, 0) : 0;
  if (ns < 1 || ns > 4 || payload.length !== 4 + 2 * ns) throw mismatch('SOS', at, `4 + 2 × Ns (Ns ${ns}, 1..4) bytes`, payload.length);
  for (let c = 0; c < ns; c++) {
    const id = u8(payload, 1 + 2 * c);
    if (!components.has(id)) throw mismatch('SOS', at, 'a component declared by SOF', id);
  }
}
