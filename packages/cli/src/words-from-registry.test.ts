// The CLI and the web app say the same thing for every facet, level, shield refusal and pairing failure,
// because both take the words from the core's registry (`core/src/kinds/words.ts`) — issue 12: they drifted
// ("exact" against *Shared*; two texts for each pairing failure).
import { RelayError } from '@entwine/client';
import { FACET_LEVELS, FACETS, levelWord, PAIRING_FAILURE_REASONS, pairingFailureWords, shieldRefusal } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { explainFailure, explainPairingFailure } from '../../web/src/ui/explain-failure.ts';
import { describeShield, levelName } from '../../web/src/ui/shield-words.ts';
import { shieldRefusalLine } from './commands/facets.ts';
import { describeChoice } from './commands/shields.ts';
import { formatEvent } from './commands/watch.ts';

describe('one vocabulary for the CLI and the web app', () => {
  it('every level of every facet: the web’s label and the CLI’s word are the registry’s word', () => {
    for (const facet of FACETS) {
      for (const level of FACET_LEVELS[facet]) {
        const word = levelWord(facet, level);
        expect(describeShield(facet, { level }).toLowerCase(), `${facet}/${level}`).toBe(word);
        if (level === 'exact' || level === 'hidden') expect(levelName(facet, level).toLowerCase(), `${facet}/${level}`).toBe(word);
        if (level !== 'exact' && level !== 'hidden')
          expect(describeChoice({ [facet]: level }), `${facet}/${level}`).toBe(`${facet} (${word})`);
      }
    }
  });

  it('a shield’s refusal reads the same on both, for every facet', () => {
    const refused = new RelayError('ENTWINE_ERR_SHIELD_HIDDEN', 403, 'refused');
    for (const facet of FACETS) {
      const { text, open } = shieldRefusal(facet, 'Bob');
      expect(explainFailure(refused, { facet, name: 'Bob' }).title, facet).toBe(text);
      const line = shieldRefusalLine('Bob', facet, 'hidden');
      expect(line.startsWith(text), facet).toBe(true);
      expect(line, facet).toContain(`entwine shield Bob ${facet} ${open}`);
    }
  });

  it('a pairing failure reads the same on both, for every reason', () => {
    for (const reason of PAIRING_FAILURE_REASONS) {
      const words = pairingFailureWords(reason);
      expect(explainPairingFailure(reason).detail, reason).toContain(words);
      expect(formatEvent({ type: 'pairing-failed', inviteId: 'i', name: 'Alice', reason }), reason).toBe(
        `Pairing with Alice FAILED: ${words}`,
      );
    }
  });
});
