/**
 * The `pmtiles` reader's `Source` over a Node file handle: positional reads, so one open handle serves any
 * number of concurrent readers, and the bytes read are those of the file validated at start-up even if the
 * path is later replaced.
 */
import type { FileHandle } from 'node:fs/promises';
import type { RangeResponse, Source } from 'pmtiles';

export class FileHandleSource implements Source {
  constructor(
    private readonly handle: FileHandle,
    private readonly key: string,
  ) {}

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const data = new ArrayBuffer(length);
    const { bytesRead } = await this.handle.read(new Uint8Array(data), 0, length, offset);
    return { data: bytesRead === length ? data : data.slice(0, bytesRead) };
  }

  getKey(): string {
    return this.key;
  }
}
