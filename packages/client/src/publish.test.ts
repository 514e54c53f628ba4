// What one bond gets at one tick, per level: only the fields that level allows, one location and one
// presence message whatever the level, and every partner at one level given the same cell.
import { exactLocationSchema, shieldPolicy, withShield } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { messagesAt, observeSourceFix } from './publish.ts';
import type { SourceState } from './state.ts';

const TICK = 15_000;
const fresh = (): SourceState => ({ coarseningKey: 'A'.repeat(43), grid: {} });
const withFix = (now: number) =>
  observeSourceFix(fresh(), { ts: now, lat: 47.3769, lon: 8.5417, acc: 6, alt: 408, speed: 1.4, bearing: 80 });

describe('messagesAt', () => {
  const now = 1_764_590_000_123;

  it('gives exact the whole fix, stamped with the tick and its own time', () => {
    const { messages } = messagesAt(withFix(now - 2000), shieldPolicy({ location: 'exact', presence: 'exact' }), now, TICK);
    expect(messages).toHaveLength(3);
    const [loc] = messages;
    expect(exactLocationSchema.parse(loc)).toEqual({
      kind: 'location',
      level: 'exact',
      ts: Math.floor(now / TICK) * TICK,
      fixTs: now - 2000,
      lat: 47.3769,
      lon: 8.5417,
      acc: 6,
      alt: 408,
      speed: 1.4,
      bearing: 80,
    });
  });

  it('gives each area level only a centre and radius, the same for two partners at one level', () => {
    const source = withFix(now - 2000);
    for (const [level, radius] of [
      ['street', 100],
      ['neighbourhood', 1000],
      ['city', 10_000],
    ] as const) {
      const a = messagesAt(source, shieldPolicy({ location: level }), now, TICK);
      const b = messagesAt(a.source, shieldPolicy({ location: level, presence: 'exact' }), now + 1, TICK);
      const [la] = a.messages;
      expect(Object.keys(la ?? {}).sort()).toEqual(['kind', 'lat', 'level', 'lon', 'radius', 'ts']);
      expect(la).toMatchObject({ level, radius });
      expect(b.messages[0]).toEqual(la);
    }
  });

  it('sends a marker, never a value, when frozen, hidden or before any fix', () => {
    const ts = Math.floor(now / TICK) * TICK;
    const frozen = messagesAt(withFix(now), shieldPolicy({ location: 'frozen', presence: 'frozen' }), now, TICK).messages;
    expect(frozen).toEqual([
      { kind: 'location', level: 'frozen', ts },
      { kind: 'presence', level: 'frozen', ts, keep: { trail: 'hidden', moments: 'hidden' } },
      { kind: 'feeling', level: 'hidden', ts },
    ]);
    const hidden = messagesAt(withFix(now), shieldPolicy(), now, TICK).messages;
    expect(hidden).toEqual([
      { kind: 'location', level: 'hidden', ts },
      { kind: 'presence', level: 'hidden', ts, keep: { trail: 'hidden', moments: 'hidden' } },
      { kind: 'feeling', level: 'hidden', ts },
    ]);
    expect(messagesAt(fresh(), shieldPolicy({ location: 'city' }), now, TICK).messages[0]).toEqual({
      kind: 'location',
      level: 'unknown',
      ts,
    });
  });

  it('puts the battery in its quarter and follows a timed shield past its end', () => {
    const source = { ...withFix(now), battery: { level: 0.49, charging: true } };
    const policy = withShield(shieldPolicy({ location: 'exact', presence: 'exact' }), 'location', 'hidden', { now, forMs: 60_000 });
    expect(messagesAt(source, policy, now, TICK).messages.slice(0, 2)).toEqual([
      { kind: 'location', level: 'hidden', ts: Math.floor(now / TICK) * TICK },
      {
        kind: 'presence',
        level: 'exact',
        ts: Math.floor(now / TICK) * TICK,
        battery: '25-50',
        charging: true,
        moving: true,
        keep: { trail: 'hidden', moments: 'hidden' },
      },
    ]);
    expect(messagesAt(source, policy, now + 60_000, TICK).messages[0]).toMatchObject({ level: 'exact' });
  });
});
