// The web Session follows the device's events: it starts no timer of its own, and what partners see of
// this person ("NAME sees you"), a pending bond and the dropped tallies reach the snapshot when the device
// says so — not by polling and comparing serialized copies.
import type { Device, DeviceEvent, PartnerView } from '@entwine/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Session } from './session.ts';

// The notices' place names load a dataset only the Vite build provides; these events name no place.
vi.mock('../ui/place-names.ts', () => ({ placeNameNow: () => undefined }));

type Bond = { bondId: string; name: string; status: string; levels: Record<string, string> };

/** The little of a Device the session reads, with an emitter the test drives. */
function fakeDevice() {
  const listeners = new Set<(e: DeviceEvent) => void>();
  const state = {
    bonds: [{ bondId: 'b1', name: 'Bob', status: 'active', levels: {} }] as Bond[],
    seen: { locationState: 'unknown', presenceState: 'unknown', feelingState: 'unknown' } as PartnerView,
    dropped: [] as unknown[],
    drop: undefined as { id: string } | undefined,
    collected: 0,
  };
  const device = {
    name: 'Alice',
    userId: 'u-alice',
    tickMs: 1000,
    outboxSize: 0,
    displaced: undefined,
    bonds: () => state.bonds,
    pendingRequests: () => [],
    outgoingRequests: () => [],
    sharingWith: () => ['Bob'],
    viewOf: () => ({ locationState: 'unknown', presenceState: 'unknown', feelingState: 'unknown' }),
    seenBy: () => state.seen,
    dropped: () => state.dropped,
    thoughtsWith: () => [],
    glancesWith: () => [],
    momentsWith: () => [],
    myFeeling: () => undefined,
    connect: async () => undefined,
    startPublishing: () => undefined,
    setBattery: async () => undefined,
    owntracksDrop: async () => state.drop,
    collectOwntracksDrop: async () => {
      state.collected++;
      return { posts: 0, points: 0, unreadable: 0 };
    },
    close: () => undefined,
    on: (l: (e: DeviceEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const emit = (e: DeviceEvent) => {
    for (const l of listeners) l(e);
  };
  return { device: device as unknown as Device, state, emit };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the web Session, driven by the device’s events', () => {
  it('starts no timer: the snapshot changes only on an event', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('navigator', {});
    const { device } = fakeDevice();
    const session = new Session(device);
    await session.start();
    expect(vi.getTimerCount()).toBe(0);
    const before = session.getSnapshot();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(session.getSnapshot()).toBe(before);
    session.close();
  });

  it('with OwnTracks set up, collects its drop once a tick, and stops on close', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('navigator', {});
    vi.stubGlobal('window', globalThis); // the browser's timers
    const { device, state } = fakeDevice();
    state.drop = { id: 'd1' };
    const session = new Session(device);
    await session.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(session.getSnapshot().owntracksDrop).toEqual({ id: 'd1' });
    await vi.advanceTimersByTimeAsync(3_000); // the tick is 1 s
    expect(state.collected).toBe(4);
    session.close();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(state.collected).toBe(4);
  });

  it('re-reads what a partner sees when a tick was sealed for that bond', () => {
    const { device, state, emit } = fakeDevice();
    const session = new Session(device);
    let renders = 0;
    session.subscribe(() => renders++);
    state.seen = { ...state.seen, locationState: 'live' };
    expect(session.getSnapshot().seen.b1?.locationState).toBe('unknown');
    emit({ type: 'published', bondIds: ['b1'] });
    expect(session.getSnapshot().seen.b1?.locationState).toBe('live');
    expect(renders).toBe(1);
    session.close();
  });

  it('shows the invitee’s pending bond when the device says it is there, and the dropped tallies', () => {
    const { device, state, emit } = fakeDevice();
    const session = new Session(device);
    state.bonds = [...state.bonds, { bondId: 'b2', name: 'Carol', status: 'pending', levels: {} }];
    emit({ type: 'bond-pending', bondId: 'b2', name: 'Carol' });
    expect(session.getSnapshot().bonds.map((b) => b.bondId)).toEqual(['b1', 'b2']);
    state.dropped = [{ bondId: 'b1', unexpected: 1 }];
    emit({ type: 'dropped', bondId: 'b1', from: 'Bob', reason: 'not-our-bond', cursor: '1' } as DeviceEvent);
    expect(session.getSnapshot().dropped).toEqual([{ bondId: 'b1', unexpected: 1 }]);
    session.close();
  });

  it('counts a partner’s notice of a newer trail day per bond (the Trail screen reads its day again), and forgets it with the bond', () => {
    const { device, state, emit } = fakeDevice();
    const session = new Session(device);
    emit({ type: 'trail-day', bondId: 'b1', from: 'Bob', day: 20_600, revision: '5' });
    emit({ type: 'trail-day', bondId: 'b1', from: 'Bob', day: 20_600, revision: '6' });
    expect(session.getSnapshot().trailNews).toEqual({ b1: 2 });
    state.bonds = [];
    emit({ type: 'bond-ended', bondId: 'b1', name: 'Bob', by: 'peer' } as DeviceEvent);
    expect(session.getSnapshot().trailNews).toEqual({});
    session.close();
  });

  it('shows a partner arriving at a place as a notice (which also goes to the system) and in the bond’s activity', () => {
    const { device, emit } = fakeDevice();
    const session = new Session(device);
    const message = { kind: 'place', ts: 2000, event: 'arrive', placeId: 'AAAAAAAAAAA', name: 'Home', at: 1000 } as const;
    const meta = { bondId: 'b1', from: 'Bob', fromUser: 'u-bob', senderDevice: 'd', cursor: '1' };
    emit({ type: 'place', message, ...meta });
    expect(session.getSnapshot().notices.at(-1)?.event).toEqual({
      kind: 'place',
      bondId: 'b1',
      name: 'Bob',
      event: 'arrive',
      place: 'Home',
      at: 1000,
    });
    expect(session.getSnapshot().activity.b1?.at(-1)).toMatchObject({ kind: 'place', event: 'arrive', place: 'Home', crossedAt: 1000 });
    // This person's own other device is not a partner.
    emit({ type: 'place', message, ...meta, fromUser: 'u-alice' });
    expect(session.getSnapshot().activity.b1).toHaveLength(1);
    session.close();
  });
});
