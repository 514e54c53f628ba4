/**
 * What the DeviceStore contract imports from `vitest`, for a page in Chromium (the test's Vite build aliases
 * `vitest` to this file): `describe`, `it`, `beforeEach` and `afterEach` only collect, and `expect` is
 * Vitest's own (`@vitest/expect` on chai, the matchers Vitest runs in Node), so a case fails here exactly
 * when it would fail there. The Node test (`e2e/web-device-store-contract.test.ts`) runs each collected case
 * by name, as one Vitest test of its own.
 */
import { type ExpectStatic, GLOBAL_EXPECT, JestAsymmetricMatchers, JestChaiExpect, JestExtend, setState } from '@vitest/expect';
import * as chai from 'chai';

type Hook = () => unknown;
interface Case {
  name: string;
  fn: () => unknown;
  before: Hook[];
  after: Hook[];
}

const cases: Case[] = [];
const scopes: { name: string; before: Hook[]; after: Hook[] }[] = [];

export function describe(name: string, body: () => void): void {
  scopes.push({ name, before: [], after: [] });
  try {
    body();
  } finally {
    scopes.pop();
  }
}

export function it(name: string, fn: () => unknown): void {
  cases.push({
    name: [...scopes.map((s) => s.name), name].join(' > '),
    fn,
    before: scopes.flatMap((s) => s.before),
    after: scopes.flatMap((s) => s.after).reverse(),
  });
}

export function beforeEach(fn: Hook): void {
  const scope = scopes.at(-1);
  if (!scope) throw new Error('beforeEach: expected inside describe, got top level');
  scope.before.push(fn);
}

export function afterEach(fn: Hook): void {
  const scope = scopes.at(-1);
  if (!scope) throw new Error('afterEach: expected inside describe, got top level');
  scope.after.push(fn);
}

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

// The matchers live on chai's Assertion (the plugins above); `expect` is chai's, typed as Vitest's.
export const expect = Object.assign(
  (value: unknown, message?: string) => chai.expect(value, message),
  chai.expect,
) as unknown as ExpectStatic;
(globalThis as Record<symbol, unknown>)[GLOBAL_EXPECT] = expect;
setState(
  {
    assertionCalls: 0,
    isExpectingAssertions: false,
    isExpectingAssertionsError: null,
    expectedAssertionsNumber: null,
    expectedAssertionsNumberErrorGen: null,
    testPath: 'device-store-contract.ts',
    currentTestName: '',
  },
  expect,
);

export interface CaseResult {
  name: string;
  ok: boolean;
  error?: string;
  ms: number;
}

export function caseNames(): string[] {
  return cases.map((c) => c.name);
}

/** Runs one case with its hooks (the after hooks even when it failed), as Vitest would. */
export async function runCase(name: string): Promise<CaseResult> {
  const found = cases.find((c) => c.name === name);
  if (!found) return { name, ok: false, error: `no case named ${name}`, ms: 0 };
  const t0 = performance.now();
  let error: unknown;
  try {
    for (const hook of found.before) await hook();
    await found.fn();
  } catch (e) {
    error = e;
  }
  for (const hook of found.after) {
    try {
      await hook();
    } catch (e) {
      error ??= e;
    }
  }
  const ms = Math.round(performance.now() - t0);
  if (error === undefined) return { name, ok: true, ms };
  return { name, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error), ms };
}
