/**
 * Runs a fast-check property with a known seed, so every failure can be replayed exactly.
 * The seed is fixed (runs are reproducible in CI) unless FC_SEED is set, which is how a failure
 * reported elsewhere is replayed, or how a wider search is run: `FC_SEED=$RANDOM npx vitest run`.
 * On failure the thrown error starts with the seed and the command that replays it.
 */
import fc from 'fast-check';

export const DEFAULT_SEED = 0x5eed_2026;

export function propertySeed(): number {
  const raw = process.env.FC_SEED;
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new TypeError(`FC_SEED: expected an integer, got ${JSON.stringify(raw)}`);
  return seed;
}

export async function checkProperty<Ts>(property: fc.IRawProperty<Ts>, params: Omit<fc.Parameters<Ts>, 'seed'> = {}): Promise<void> {
  const seed = propertySeed();
  try {
    await fc.assert(property, { ...params, seed });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`property failed with seed ${seed} (replay: FC_SEED=${seed} npx vitest run)\n${detail}`, { cause: error });
  }
}
