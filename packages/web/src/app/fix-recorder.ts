/**
 * Hands the browser's fixes to the device one at a time: while one is being saved, later fixes replace
 * each other, so a burst of fixes costs one save after the current one, and the newest always wins.
 * Nothing is sent per fix: the device publishes on its fixed tick.
 */
import type { Device } from '@entwine/client';
import type { Fix } from '../adapters/geolocation.ts';

export class FixRecorder {
  private recording = false;
  private next: Fix | undefined;

  constructor(
    private readonly device: Device,
    private readonly onError: (error: unknown) => void,
  ) {}

  queue(fix: Fix): void {
    this.next = fix;
    if (!this.recording) void this.loop();
  }

  private async loop(): Promise<void> {
    this.recording = true;
    try {
      while (this.next) {
        const fix = this.next;
        this.next = undefined;
        try {
          await this.device.recordFix(fix);
        } catch (error) {
          this.onError(error);
        }
      }
    } finally {
      this.recording = false;
    }
  }
}
