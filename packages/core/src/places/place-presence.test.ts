/**
 * placePresence's rules one at a time, on noiseless fixes so each case shows one rule: the margin and the
 * dwell, the event's time, the speed gate, a regressing clock, a poor fix, overlapping places, a moved place.
 * The noisy 24 h case is place-edge-visits.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { offsetM } from '../geo.ts';
import { type Place, placeSchema } from '../schema/place.ts';
import {
  emptyPlacePresence,
  PLACE_ARRIVE_DWELL_MS,
  PLACE_LEAVE_DWELL_MS,
  type PlaceEvent,
  type PlaceFix,
  type PlacePresenceState,
  placeMarginM,
  placePresence,
} from './place-presence.ts';

const home: Place = { id: 'aG9tZTAwMDA', name: 'Home', lat: 51.5, lon: -0.12, radius: 100 };
const street: Place = { id: 'c3RyZWV0MDA', name: 'Street', lat: 51.5, lon: -0.12, radius: 400 };
const T0 = 1_750_000_000_000;
const S = 1000;

/** A fix `north` metres north of Home's centre at T0 + `sec` seconds. */
const at = (sec: number, north: number, acc = 10): PlaceFix => ({ ...offsetM(home, north, 0), acc, ts: T0 + sec * S });

function run(fixes: PlaceFix[], places: Place[] = [home], from: PlacePresenceState = emptyPlacePresence()) {
  let state = from;
  const events: PlaceEvent[] = [];
  for (const fix of fixes) {
    const out = placePresence(state, fix, places);
    state = out.state;
    events.push(...out.events);
  }
  return { state, events };
}

/** `n` fixes every `every` seconds from `start`, all `north` metres out. */
const still = (start: number, n: number, north: number, every = 20) => Array.from({ length: n }, (_, i) => at(start + i * every, north));

/** Confirmed inside Home (silently: the first state is not a crossing). */
const settledInside = () => run(still(0, 20, 0));

describe('placePresence', () => {
  it('the first confirmed state emits nothing; a crossing after it does', () => {
    const first = settledInside();
    expect(first.events).toEqual([]);
    expect(first.state.tracks[home.id]?.inside).toBe(true);
    const left = run(still(400, 20, 1000), [home], first.state);
    expect(left.events).toEqual([{ event: 'leave', placeId: home.id, name: 'Home', at: T0 + 400 * S }]);
  });

  it("an event's time is the first fix of the confirmed run, not the fix that completed the dwell", () => {
    const { state } = settledInside();
    const { events } = run([at(400, 500), at(460, 500), at(520, 500), at(580, 500), at(640, 500)], [home], state);
    expect(events).toHaveLength(1);
    expect(events[0]?.at).toBe(T0 + 400 * S);
    // Confirmed at 580 s (the leave dwell after 400 s), reported as 400 s.
    expect(580 - 400).toBe(PLACE_LEAVE_DWELL_MS / S);
  });

  it('fixes inside the margin band neither confirm nor keep a pending change', () => {
    const { state } = settledInside();
    const m = placeMarginM(home.radius, 10);
    // Just past radius + margin for 2.5 min, one fix in the band, then past it again for 2.5 min: no leave.
    const out = [...still(400, 8, home.radius + m + 1), at(560, home.radius + m - 1), ...still(580, 8, home.radius + m + 1)];
    expect(run(out, [home], state).events).toEqual([]);
    // The same without the fix in the band is a leave.
    expect(run(still(400, 16, home.radius + m + 1), [home], state).events.map((e) => e.event)).toEqual(['leave']);
  });

  it('a drive past (under the arrive dwell well inside) is not an arrival', () => {
    const { state } = run(still(0, 20, 2000));
    expect(state.tracks[home.id]?.inside).toBe(false);
    // At 15 m/s, a fix every 10 s, past the house and on (the first fix comes 2 min after the last: no outlier).
    const pass = Array.from({ length: 40 }, (_, i) => at(500 + i * 10, 1700 - 150 * i));
    expect(run(pass, [home], state).events).toEqual([]);
    // Staying the arrive dwell is one.
    const stay = run(still(1000, PLACE_ARRIVE_DWELL_MS / (20 * S) + 1, 0), [home], state);
    expect(stay.events).toEqual([{ event: 'arrive', placeId: home.id, name: 'Home', at: T0 + 1000 * S }]);
  });

  it('an impossible jump is ignored, and so is a fix older than the last', () => {
    const { state } = settledInside();
    // One fix 5 km away 20 s after a fix at home (250 m/s), among fixes at home: nothing, and it is not the anchor.
    const spike = run([at(400, 5000), ...still(420, 20, 0)], [home], state);
    expect(spike.events).toEqual([]);
    expect(spike.state.last?.ts).toBe(T0 + (420 + 19 * 20) * S);
    // A spike during an arrival does not restart it (unfiltered, a fix 5 km out would clear the pending arrival).
    const away = run(still(0, 20, 2000)).state;
    const arriving = [...still(1000, 3, 0), at(1050, 5000), ...still(1060, 6, 0)];
    expect(run(arriving, [home], away).events.map((e) => e.at)).toEqual([T0 + 1000 * S]);
    // A clock that steps back: fixes stamped before the last accepted one change nothing.
    const back = run(still(100, 10, 1000), [home], state);
    expect(back.state).toEqual(state);
  });

  it('after a run of outliers it believes the new position (the anchor was the outlier)', () => {
    const { state } = run([at(0, 0), at(10, 50_000)]);
    expect(state.last?.ts).toBe(T0);
    const moved = run(still(20, 30, 50_000), [home], state);
    expect(moved.state.last?.ts).toBe(T0 + (20 + 29 * 20) * S);
    expect(moved.state.tracks[home.id]?.inside).toBe(false);
  });

  it('a fix too poor for the place is neutral: it does not clear an arrival in progress', () => {
    const { state } = run(still(0, 20, 2000));
    const poor = { ...at(460, 0), acc: 60 };
    expect(placeMarginM(home.radius, 60)).toBeGreaterThan(home.radius / 2);
    const { events } = run([at(1000, 0), at(1020, 0), poor, at(1080, 0), at(1120, 0), at(1140, 0)], [home], state);
    expect(events).toEqual([{ event: 'arrive', placeId: home.id, name: 'Home', at: T0 + 1000 * S }]);
  });

  it('overlapping places each get their own events, ordered by time then leave before arrive', () => {
    const { state } = run(still(0, 20, 3000), [home, street]);
    // Walk into the street, linger 5 min, then into the house.
    const walk = [...still(700, 16, 250), ...still(1020, 16, 0)];
    const { events, state: inside } = run(walk, [home, street], state);
    expect(inside.outliers).toBe(0);
    expect(events.map((e) => [e.name, e.event])).toEqual([
      ['Street', 'arrive'],
      ['Home', 'arrive'],
    ]);
    // Driving away leaves both at the same first fix: ordered by place id, deterministic.
    const away = run(still(1400, 20, 3000), [home, street], inside);
    expect(away.events.map((e) => [e.name, e.event, e.at])).toEqual([
      ['Home', 'leave', T0 + 1400 * S],
      ['Street', 'leave', T0 + 1400 * S],
    ]);
  });

  it('a moved or resized place starts over (silently); a removed one is forgotten', () => {
    const { state } = settledInside();
    const moved = { ...home, lat: home.lat + 0.1 };
    const out = run(still(400, 20, 0), [moved], state);
    expect(out.events).toEqual([]);
    expect(out.state.tracks[home.id]?.inside).toBe(false);
    expect(run([at(800, 0)], [], state).state.tracks).toEqual({});
  });

  it('a place is validated at the edge: id, name, coordinates and a radius the margins can work with', () => {
    expect(placeSchema.parse(home)).toEqual(home);
    expect(placeSchema.safeParse({ ...home, radius: 10 }).success).toBe(false);
    expect(placeSchema.safeParse({ ...home, lat: 91 }).success).toBe(false);
    expect(placeSchema.safeParse({ ...home, name: ' ' }).success).toBe(false);
    expect(placeSchema.safeParse({ ...home, extra: 1 }).success).toBe(false);
  });
});
