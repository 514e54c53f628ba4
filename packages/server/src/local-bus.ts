/**
 * The in-process Bus: a map from user id to that user's listeners. Publishing is synchronous, so a
 * listener runs before `publish` returns; a throwing listener is isolated from the others.
 */
import type { Bus, BusListener, BusMessage } from './bus.ts';

export class LocalBus implements Bus {
  private readonly topics = new Map<string, Set<BusListener>>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  publish(userId: string, message: BusMessage): void {
    const listeners = this.topics.get(userId);
    if (!listeners) return;
    for (const listener of listeners) {
      try {
        listener(message);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  subscribe(userId: string, listener: BusListener): () => void {
    let listeners = this.topics.get(userId);
    if (!listeners) {
      listeners = new Set();
      this.topics.set(userId, listeners);
    }
    listeners.add(listener);
    return () => {
      const set = this.topics.get(userId);
      if (!set) return;
      set.delete(listener);
      if (set.size === 0) this.topics.delete(userId);
    };
  }

  async close(): Promise<void> {
    this.topics.clear();
  }
}
