/** The readers' tests: `f` refuses its payload as a whole, with ENTWINE_ERR_INPUT_INVALID and words matching `pattern`. */
import { expect } from 'vitest';
import { EntwineError } from '../../errors.ts';

export function throwsInvalid(f: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(EntwineError);
  expect((caught as EntwineError).code).toBe('ENTWINE_ERR_INPUT_INVALID');
  expect((caught as EntwineError).message).toMatch(pattern);
}
