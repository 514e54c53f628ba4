/**
 * LEB128 varints (unsigned, 7 bits a byte, low bits first, high bit = more) and zigzag for signed values
 * (0, −1, 1, −2 … → 0, 1, 2, 3 …), over plain JavaScript numbers up to 2^53 − 1: the trail's values
 * (1e-7° deltas reach ±3.6e9, times in ms 8.64e7) do not fit 32-bit bitwise operators, so this uses
 * arithmetic. The reader refuses a varint that runs past the end, is longer than 8 bytes, exceeds a safe
 * integer or is not minimal (a trailing 0x00 continuation), so each value has exactly one encoding.
 */

const MAX_VARINT_BYTES = 8; // 56 bits ≥ 53

export const zigzag = (n: number): number => (n >= 0 ? n * 2 : -n * 2 - 1);
export const unzigzag = (z: number): number => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);

export class ByteWriter {
  private buf = new Uint8Array(4096);
  private length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  uvarint(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`varint: expected a non-negative safe integer, got ${n}`);
    let v = n;
    while (v >= 128) {
      this.byte((v % 128) | 128);
      v = Math.floor(v / 128);
    }
    this.byte(v);
  }

  svarint(n: number): void {
    if (!Number.isSafeInteger(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER / 2)
      throw new RangeError(`varint: expected an integer within ±2^52, got ${n}`);
    this.uvarint(zigzag(n));
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

export class ByteReader {
  private at = 0;
  private readonly bytes: Uint8Array;
  private readonly label: string;

  constructor(bytes: Uint8Array, label: string) {
    this.bytes = bytes;
    this.label = label;
  }

  get offset(): number {
    return this.at;
  }

  get done(): boolean {
    return this.at === this.bytes.length;
  }

  byte(what: string): number {
    if (this.at >= this.bytes.length) throw this.short(what, 1);
    return this.bytes[this.at++] as number;
  }

  take(length: number, what: string): Uint8Array {
    if (this.at + length > this.bytes.length) throw this.short(what, length);
    const out = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return out;
  }

  uvarint(what: string): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      const b = this.byte(what);
      value += (b & 127) * scale;
      if (b < 128) {
        if (b === 0 && i > 0)
          throw new RangeError(`${this.label} ${what}: expected a minimal varint, got a trailing zero byte at ${this.at - 1}`);
        if (!Number.isSafeInteger(value)) throw new RangeError(`${this.label} ${what}: expected a safe integer, got ${value}`);
        return value;
      }
      scale *= 128;
    }
    throw new RangeError(`${this.label} ${what}: expected a varint of at most ${MAX_VARINT_BYTES} bytes, got more at ${this.at}`);
  }

  svarint(what: string): number {
    return unzigzag(this.uvarint(what));
  }

  /** Throws unless every byte was read: trailing bytes are damage, not padding. */
  end(): void {
    if (!this.done) throw new RangeError(`${this.label}: expected ${this.at} bytes, got ${this.bytes.length}`);
  }

  private short(what: string, need: number): RangeError {
    return new RangeError(`${this.label} ${what}: expected ${need} more byte(s) at ${this.at}, got ${this.bytes.length - this.at}`);
  }
}
