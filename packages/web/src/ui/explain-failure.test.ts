import { RelayError } from '@entwine/client';
import { describe, expect, it } from 'vitest';
import { AppFailure, explainFailure, explainTrailDamage } from './explain-failure.ts';

describe('a refusal says what happened and where to put it right', () => {
  const hidden = new RelayError('ENTWINE_ERR_SHIELD_HIDDEN', 403, 'You do not share glances with Bob; change your shield for them first.');

  it('a shield’s refusal names the facet and the partner, and opens Sharing — never the code', () => {
    const e = explainFailure(hidden, { facet: 'glances', name: 'Bob' });
    expect(e.title).toBe('Not sent: you do not share glances with Bob');
    expect(e.detail).toContain('open Sharing, find Bob, and set Glances to Shared');
    expect(e.open).toEqual({ route: { name: 'sharing' }, label: 'Open Sharing' });
    expect(`${e.title} ${e.detail}`).not.toContain('ENTWINE_ERR');
  });

  it('without the screen’s facet, the device’s own words (which name it) are the detail', () => {
    const e = explainFailure(hidden);
    expect(e.detail).toContain('glances with Bob');
    expect(e.open?.route).toEqual({ name: 'sharing' });
  });

  it('a used invite (also one whose bond has ended since) says it was used', () => {
    const e = explainFailure(new RelayError('ENTWINE_ERR_INVITE_USED', 409, 'This invite was already used. Ask for a new link.'));
    expect(e.title).toBe('This invite cannot be used');
    expect(e.detail).toContain('already used');
  });

  it('words in “your own emoji” are refused with what to do instead', () => {
    const e = explainFailure(new AppFailure('not-emoji'));
    expect(e.title).toBe('Only emoji here');
    expect(e.detail).toContain('words go in the note');
  });
});

describe('a day of a trail that did not verify', () => {
  it('says it could not be verified and is not drawn, with a reason for each failure; a newer version is never called so', () => {
    for (const reason of ['forged', 'stale', 'damaged', 'unknown-epoch'] as const) {
      const e = explainTrailDamage(reason, 'Alice');
      expect(e.title).toBe("This day's trail from Alice could not be verified");
      expect(e.detail).toMatch(/^Not drawn: .{20,}\.$/);
      expect(e.detail).not.toContain(reason);
    }
    const newer = explainTrailDamage('newer-version', 'Alice');
    expect(newer.title).toBe("This day's trail from Alice needs a newer version of Entwine");
    expect(newer.detail).toContain('not forged');
  });
});
