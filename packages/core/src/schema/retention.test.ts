import { describe, expect, it } from 'vitest';
import { RETENTION_CHOICES, retentionFromWord } from './retention.ts';

describe('retentionFromWord', () => {
  it('reads each choice as it is typed or picked, and nothing else', () => {
    expect(RETENTION_CHOICES.map((c) => retentionFromWord(c === null ? 'forever' : String(c)))).toEqual([...RETENTION_CHOICES]);
    for (const word of [undefined, '', '0', '2', '31', 'Forever', 'never', '-7'])
      expect(retentionFromWord(word), String(word)).toBeUndefined();
  });
});
