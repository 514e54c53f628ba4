/**
 * Fan-out between the relay's sockets, keyed by user: every socket subscribes to its own user's topic.
 * The in-process `LocalBus` is the default; a NATS implementation can carry the same messages between
 * relay nodes, so messages are plain data (bytes, JSON-able events, ids) with no socket objects in them.
 * Delivery is at most once: a socket that is not connected reads the backlog over HTTP instead.
 */
import type { RelayEvent } from '@entwine/core';

/** Who must not receive a message: the socket that sent it, or (for HTTP sends) the sending device. */
export interface BusSkip {
  socketId?: string;
  deviceId?: string;
}

export type BusMessage =
  /** A DELIVER frame, encoded once and sent as-is to every receiving socket. */
  | { type: 'deliver'; bondId: string; frame: Uint8Array; skip?: BusSkip }
  | { type: 'event'; event: RelayEvent; skip?: BusSkip }
  /** The device left its user's device list: its open sockets close (its sessions are already gone). */
  | { type: 'revoke'; deviceId: string };

export type BusListener = (message: BusMessage) => void;

export interface Bus {
  publish(userId: string, message: BusMessage): void;
  /** Returns the unsubscribe function. */
  subscribe(userId: string, listener: BusListener): () => void;
  close(): Promise<void>;
}

/** Sends to both members of a bond (two topics; the members are always two different users). */
export function publishToBond(bus: Bus, bond: { userA: string; userB: string }, message: BusMessage): void {
  bus.publish(bond.userA, message);
  bus.publish(bond.userB, message);
}

export function skipped(skip: BusSkip | undefined, socketId: string, deviceId: string): boolean {
  if (!skip) return false;
  return skip.socketId !== undefined ? skip.socketId === socketId : skip.deviceId === deviceId;
}
