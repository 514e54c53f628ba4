// The CLI prints the registry's words (core `kinds/words.ts`) for every level, shield refusal and pairing
// failure; `web/src/ui/words-from-registry.test.ts` checks the web app against the same words, so the two
// cannot drift (issue 12: "exact" against *Shared*; two texts for each pairing failure).
import {
  FACET_LEVELS,
  FACETS,
  levelWord,
  PAIRING_FAILURE_REASONS,
  pairingFailureWords,
  placeEventWords,
  refusalWords,
  shieldRefusal,
} from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { shieldRefusalLine } from './commands/facets.ts';
import { describeChoice } from './commands/shields.ts';
import { formatEvent } from './commands/watch.ts';

describe('the CLI’s words are the registry’s', () => {
  it('every level below the top of every facet', () => {
    for (const facet of FACETS)
      for (const level of FACET_LEVELS[facet])
        if (level !== 'exact' && level !== 'hidden')
          expect(describeChoice({ [facet]: level }), `${facet}/${level}`).toBe(`${facet} (${levelWord(facet, level)})`);
  });

  it('a shield’s refusal, for every facet', () => {
    for (const facet of FACETS) {
      const { text, open } = shieldRefusal(facet, 'Bob');
      const line = shieldRefusalLine('Bob', facet, 'hidden');
      expect(line.startsWith(text), facet).toBe(true);
      expect(line, facet).toContain(`entwine shield Bob ${facet} ${open}`);
    }
  });

  it('a message the relay refused', () => {
    expect(formatEvent({ type: 'send-refused', bondId: 'b', code: 'ENTWINE_ERR_BOND_ENDED' })).toBe(
      `A message was not sent: ${refusalWords('ENTWINE_ERR_BOND_ENDED')} [ENTWINE_ERR_BOND_ENDED]`,
    );
  });

  it('a pairing failure, for every reason', () => {
    for (const reason of PAIRING_FAILURE_REASONS)
      expect(formatEvent({ type: 'pairing-failed', inviteId: 'i', name: 'Alice', reason }), reason).toBe(
        `Pairing with Alice FAILED: ${pairingFailureWords(reason)}`,
      );
  });

  it('a partner arriving at one of their places, at the time the crossing began', () => {
    const meta = { bondId: 'b', from: 'Alice', fromUser: 'u', senderDevice: 'd', cursor: 'c' };
    const message = {
      kind: 'place',
      ts: 1_750_000_120_000,
      event: 'arrive',
      placeId: 'aG9tZTAwMDA',
      name: 'Home',
      at: 1_750_000_000_000,
    } as const;
    expect(formatEvent({ type: 'place', ...meta, message })).toBe(
      `${new Date(1_750_000_000_000).toISOString()}  ${placeEventWords('Alice', message)}`,
    );
    expect(placeEventWords('Alice', message)).toBe('Alice arrived at Home');
  });
});
