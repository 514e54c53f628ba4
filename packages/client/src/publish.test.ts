// What one bond gets at one tick, per level: only the fields that level allows, one location and one
// presence message whatever the level, and every partner at one level given the same cell.
import { exactLocationSchema, shieldPolicy, withShield } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { messagesAt, observeSourceFix } from './publish.ts';
import type { SourceState } from './state.ts';
import { emptyView, foldMessage } from './view.ts';

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
      // No motion while the location is hidden: presence must not say what the location shield hides.
      {
        kind: 'presence',
        level: 'exact',
        ts: Math.floor(now / TICK) * TICK,
        battery: '25-50',
        charging: true,
        keep: { trail: 'hidden', moments: 'hidden' },
      },
    ]);
    expect(messagesAt(source, policy, now + 60_000, TICK).messages.slice(0, 2)).toMatchObject([
      { level: 'exact' },
      { level: 'exact', moving: true },
    ]);
  });
});

describe('messagesAt: motion follows the location level', () => {
  const t0 = 1_764_590_400_000; // a multiple of every quantum
  /** A walk east at 1.5 m/s from t0 for `ms`, one fix every 5 s; returns the source after each tick. */
  function walk(ms: number, tick: (source: SourceState, now: number) => SourceState): void {
    let source = fresh();
    for (let t = 0; t <= ms; t += 5000) {
      source = observeSourceFix(source, { ts: t0 + t, lat: 47.3769, lon: 8.5417 + (1.5 * t) / 1000 / 75_000, acc: 5 });
      if (t % TICK === 0) source = tick(source, t0 + t);
    }
  }

  it('gives exact, frozen, hidden and unknown locations motion from fixes only at exact', () => {
    for (const location of ['exact', 'frozen', 'hidden'] as const) {
      const moving: (boolean | undefined)[] = [];
      walk(5 * 60_000, (source, now) => {
        const out = messagesAt(source, shieldPolicy({ location, presence: 'exact' }), now, TICK);
        const presence = out.messages[1];
        moving.push(presence?.kind === 'presence' && presence.level === 'exact' ? presence.moving : undefined);
        return out.source;
      });
      if (location === 'exact') expect(moving.slice(-10)).toEqual(Array(10).fill(true));
      else expect(moving.every((m) => m === undefined)).toBe(true);
    }
    expect(messagesAt(fresh(), shieldPolicy({ location: 'city', presence: 'exact' }), t0, TICK).messages[1]).toEqual({
      kind: 'presence',
      level: 'exact',
      ts: t0,
      keep: { trail: 'hidden', moments: 'hidden' },
    });
  });

  it('says moving at an area level only from the tick the partner is shown a new area, for one quantum', () => {
    let seen = emptyView();
    const log: { now: number; moving?: boolean; area: string }[] = [];
    walk(20 * 60_000, (source, now) => {
      const out = messagesAt(source, shieldPolicy({ location: 'street', presence: 'exact' }), now, TICK, seen);
      for (const m of out.messages) seen = foldMessage(seen, m);
      const [loc, presence] = out.messages;
      log.push({
        now,
        area: loc?.kind === 'location' && loc.level === 'street' ? `${loc.lat},${loc.lon}` : '',
        ...(presence?.kind === 'presence' && presence.level === 'exact' && presence.moving !== undefined
          ? { moving: presence.moving }
          : {}),
      });
      return out.source;
    });
    const changes = log.filter((e, i) => i > 0 && e.area !== log[i - 1]?.area).map((e) => e.now);
    expect(changes.length).toBeGreaterThan(3); // 1.8 km at 100 m cells
    // Still until the first area change, moving from exactly that tick on.
    const firstMoving = log.find((e) => e.moving)?.now;
    expect(firstMoving).toBe(changes[0]);
    // Every tick says moving iff the area changed within the street quantum (60 s) before it.
    for (const e of log) expect(e.moving).toBe(changes.some((c) => c <= e.now && e.now - c < 60_000));
  });
});
