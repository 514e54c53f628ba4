/** A `pmtiles` Source over bytes in memory: lets a test read an archive through the maintained reader. */
import type { RangeResponse, Source } from 'pmtiles';

export class MemorySource implements Source {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly key = 'memory',
  ) {}
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const slice = this.bytes.slice(offset, offset + length);
    return { data: slice.buffer.slice(slice.byteOffset, slice.byteOffset + slice.byteLength) as ArrayBuffer };
  }
  getKey(): string {
    return this.key;
  }
}
