// The web app shows the registry's words (core `kinds/words.ts`) for every facet, level, shield refusal and
// pairing failure; `cli/src/words-from-registry.test.ts` checks the CLI against the same words.
import { RelayError } from '@entwine/client';
import {
  FACET_LEVELS,
  FACET_WORDS,
  FACETS,
  levelWord,
  PAIRING_FAILURE_REASONS,
  pairingFailureWords,
  refusalWords,
  shieldRefusal,
} from '@entwine/core';
import { describe, expect, it, vi } from 'vitest';
import { describeNotice } from './describe-notice.ts';
import { explainFailure, explainPairingFailure } from './explain-failure.ts';
import { describeShield, levelName } from './shield-words.ts';

// The place names load a dataset the Vite build provides; these words need none.
vi.mock('./place-names.ts', () => ({ placeNameNow: () => undefined }));

describe('the web app’s words are the registry’s', () => {
  it('every level of every facet', () => {
    for (const facet of FACETS) {
      for (const level of FACET_LEVELS[facet]) {
        const word = levelWord(facet, level);
        expect(describeShield(facet, { level }).toLowerCase(), `${facet}/${level}`).toBe(word);
        if (level === 'exact' || level === 'hidden') expect(levelName(facet, level).toLowerCase(), `${facet}/${level}`).toBe(word);
      }
    }
  });

  it('a shield’s refusal, for every facet, names it and the level that opens it', () => {
    const refused = new RelayError('ENTWINE_ERR_SHIELD_HIDDEN', 403, 'refused');
    for (const facet of FACETS) {
      const e = explainFailure(refused, { facet, name: 'Bob' });
      expect(e.title, facet).toBe(shieldRefusal(facet, 'Bob').text);
      expect(e.detail, facet).toContain(`set ${FACET_WORDS[facet].name} to ${levelName(facet, 'exact')}`);
    }
  });

  it('a message the relay refused', () => {
    const words = describeNotice({ kind: 'send-refused', name: 'Bob', code: 'ENTWINE_ERR_BOND_ENDED' });
    expect(words.text).toContain(refusalWords('ENTWINE_ERR_BOND_ENDED'));
  });

  it('a pairing failure, for every reason', () => {
    for (const reason of PAIRING_FAILURE_REASONS)
      expect(explainPairingFailure(reason).detail, reason).toContain(pairingFailureWords(reason));
  });
});
