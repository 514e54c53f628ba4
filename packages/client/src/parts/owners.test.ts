// Each record of a device is written by one part only (decision 0012): the table says which, each part's
// context refuses every other kind (by type, and at run time), and no file but the façade and its wiring
// holds the unrestricted context.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Ctx } from '../context.ts';
import type { OutboxEntry } from '../state.ts';
import { type Change, type ChangeKind, changes, KINDS } from '../store/records.ts';
import { TRAIL_KINDS } from '../store/trail-records.ts';
import { OWNERS, PARTS, type PartCtx, type PartName, partCtx } from './owners.ts';

/** One change of every kind, as the `changes` builders make them. */
const entry = { bondId: 'b', epochId: 'e', seq: '0', envelope: '' } as OutboxEntry;
const ONE_OF_EACH: Record<ChangeKind, Change> = {
  meta: changes.meta,
  identity: changes.identity,
  'device-list': changes.deviceList,
  source: changes.source,
  invite: changes.invite('i'),
  request: changes.request('i'),
  bond: changes.bond('b'),
  shield: changes.shield('b'),
  sending: changes.sending('b'),
  receiving: changes.receiving('b'),
  'sent-view': changes.sentView('b'),
  'received-view': changes.receivedView('b'),
  glances: changes.glances('b'),
  thought: changes.thought('b', 't'),
  moment: changes.moment('b', 'm'),
  outbox: changes.outbox(entry),
  'bond-all': changes.bondAll('b'),
  'moments-of': changes.momentsOf('b'),
};

function recordingCtx(): { ctx: Ctx; written: Change[] } {
  const written: Change[] = [];
  const ctx = {
    save: async (...c: Change[]) => void written.push(...c),
    mark: (...c: Change[]) => void written.push(...c),
  } as unknown as Ctx;
  return { ctx, written };
}

describe('each record kind is written by exactly one part', () => {
  it('the ownership table names one part for every record kind and every compound change', () => {
    expect(OWNERS).toEqual({
      meta: 'identity',
      identity: 'identity',
      'device-list': 'identity',
      invite: 'pairing',
      request: 'pairing',
      bond: 'pairing',
      'bond-all': 'pairing',
      shield: 'shields',
      source: 'publisher',
      sending: 'publisher',
      'sent-view': 'publisher',
      outbox: 'publisher',
      receiving: 'receiver',
      'received-view': 'receiver',
      glances: 'streams',
      thought: 'streams',
      moment: 'streams',
      'moments-of': 'streams',
    });
    // Every stored kind has its owner (a photo's bytes are written with its `moment` header).
    for (const kind of Object.values(KINDS)) expect(kind === 'photo' || kind in OWNERS, kind).toBe(true);
    expect(Object.keys(ONE_OF_EACH).sort()).toEqual(Object.keys(OWNERS).sort());
    for (const part of PARTS) expect(Object.values(OWNERS), part).toContain(part);
    // The trail's records are never loaded with the state (decision 0014): none of them is a state kind.
    for (const kind of Object.values(TRAIL_KINDS)) expect(Object.values(KINDS), kind).not.toContain(kind);
  });

  it.each(PARTS)('%s saves and marks its own kinds and is refused every other, before anything is written', async (part: PartName) => {
    const { ctx, written } = recordingCtx();
    const own = partCtx(ctx, part) as unknown as Ctx;
    const mine = Object.values(ONE_OF_EACH).find((c) => OWNERS[c.kind] === part) as Change;
    for (const [kind, change] of Object.entries(ONE_OF_EACH) as [ChangeKind, Change][]) {
      if (OWNERS[kind] === part) {
        own.mark(change);
        await own.save(change);
        expect(written.splice(0)).toEqual([change, change]);
      } else {
        expect(() => own.mark(change), kind).toThrow(`${part} may not write ${kind} records`);
        expect(() => own.save(change), kind).toThrow(`${part} may not write ${kind} records`);
        expect(() => own.mark(mine, change), 'a batch with one foreign change').toThrow();
        expect(written).toEqual([]);
      }
    }
  });

  it('the type checker refuses another part’s kind (checked by `npm run typecheck`)', () => {
    const { ctx } = recordingCtx();
    const streams = partCtx(ctx, 'streams');
    const pairing = partCtx(ctx, 'pairing');
    const refused = () => {
      // @ts-expect-error a shield is the shields part's record
      streams.mark(changes.shield('b'));
      // @ts-expect-error a sending epoch is the publisher's record
      void pairing.save(changes.sending('b'));
      // @ts-expect-error a pairing context is not a publisher context
      const publisher: PartCtx<'publisher'> = pairing;
      return publisher;
    };
    expect(refused).toThrow();
    streams.mark(changes.thought('b', 't'), changes.momentsOf('b'));
  });

  it('no client file but the façade and its wiring holds the unrestricted context', () => {
    const root = join(import.meta.dirname, '..');
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [join(dir, d.name)] : [],
      );
    const holders = sources(root)
      .filter((file) => /\bCtx\b/.test(readFileSync(file, 'utf8')))
      .map((file) => file.slice(root.length + 1))
      .sort();
    expect(holders).toEqual(['context.ts', 'device.ts', 'parts/owners.ts', 'parts/wiring.ts']);
  });
});
