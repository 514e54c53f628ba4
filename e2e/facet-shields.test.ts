// Acceptance 3 (issue 6): each facet obeys its shield. Alice shares feelings with Carol but hides them
// from Bob: Bob's device decrypts only "hidden" markers (never the mood or its note) while Carol gets the
// feeling. Alice's moments reach Bob at city level: pinned to the centre of Alice's own city cell, never to
// the place itself. Glances and thoughts to a partner who is shielded from them are refused on Alice's device.
import type { DeviceState } from '@entwine/client';
import { cellCentre, cellOf, fromBase64url, gridOffset } from '@entwine/core';
import { encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { hookedRelayForSuite } from './support/relay-in-process.ts';
import { bondWith, virtualDevice } from './support/virtual-devices.ts';
import { VirtualTime } from './support/virtual-time.ts';

const relay = hookedRelayForSuite();

const NOTE = 'Pqzvxwklm rain';
const HOME = { lat: 41.38879, lon: 2.15899 };

describe('facets under their shields', () => {
  it('sends hidden feelings as nothing, pins moments to the city cell, and refuses shielded glances and thoughts', async () => {
    const vt = new VirtualTime(Date.now());
    const alice = await virtualDevice(relay.url, 'Alice', vt, { seed: 61 });
    const bob = await virtualDevice(relay.url, 'Bob', vt, { seed: 62 });
    const carol = await virtualDevice(relay.url, 'Carol', vt, { seed: 63 });
    await bondWith(alice.device, bob.device, { a: { location: 'city', moments: 'city' }, b: {} });
    await bondWith(alice.device, carol.device, { a: { feelings: 'exact', glances: 'exact', thoughts: 'exact' }, b: {} });
    await alice.device.recordFix({ ...HOME, acc: 5 });
    await alice.device.setFeeling({ mood: 'sad', intensity: 4, note: NOTE });
    for (let i = 0; i < 3; i++) await alice.device.publishTick();

    const photo = encodePng({ width: 8, height: 8, data: new Uint8Array(8 * 8 * 3).fill(200), channels: 3, depth: 8 });
    const sent = await alice.device.shareMoment('Bob', { bytes: photo, caption: 'the view' });
    await expect(alice.device.glance('Bob', 'hug')).rejects.toMatchObject({ code: 'ENTWINE_ERR_SHIELD_HIDDEN' });
    await expect(alice.device.say('Bob', 'hello')).rejects.toMatchObject({ code: 'ENTWINE_ERR_SHIELD_HIDDEN' });
    await expect(alice.device.shareMoment('Carol', { bytes: photo })).rejects.toMatchObject({ code: 'ENTWINE_ERR_SHIELD_HIDDEN' });
    await alice.device.glance('Carol', 'hug');
    await alice.device.say('Carol', 'hello');

    await bob.device.pull();
    await carol.device.pull();
    // Bob: feelings only as "hidden" markers; nothing of the mood or its note anywhere in what he decrypted.
    const bobFeelings = bob.events.flatMap((e) => (e.type === 'feeling' ? [e.message] : []));
    expect(bobFeelings.length).toBe(3);
    expect(bobFeelings.every((m) => m.level === 'hidden')).toBe(true);
    expect(JSON.stringify(bob.events)).not.toContain(NOTE);
    expect(JSON.stringify(bob.store.value)).not.toContain(NOTE);
    expect(bob.device.viewOf('Alice').feelingState).toBe('hidden');
    expect(bob.events.some((e) => e.type === 'glance' || e.type === 'thought')).toBe(false);
    // Carol: the feeling itself, the glance and the thought.
    expect(carol.device.viewOf('Alice').feeling).toMatchObject({ mood: 'sad', intensity: 4, note: NOTE });
    expect(carol.events.some((e) => e.type === 'glance')).toBe(true);
    expect(carol.events.some((e) => e.type === 'thought')).toBe(true);

    // The moment: complete, the same bytes, pinned to Alice's city cell centre (radius 10 km), not her home.
    const got = bob.events.find((e) => e.type === 'moment');
    if (got?.type !== 'moment') throw new Error('Bob got no moment');
    expect(got.message.id).toBe(sent.id);
    expect(Buffer.from(got.photo).equals(Buffer.from(photo))).toBe(true);
    const key = fromBase64url((JSON.parse(alice.store.value!) as DeviceState).source.coarseningKey);
    const centre = cellCentre(cellOf(HOME.lat, HOME.lon, 'city', gridOffset(key, 'city')), 'city');
    expect(got.message.place).toEqual({ level: 'city', lat: centre.lat, lon: centre.lon, radius: 10_000 });
    expect(got.message.place).not.toMatchObject({ lat: HOME.lat });
    for (const d of [alice, bob, carol]) d.device.close();
  }, 60_000);
});
