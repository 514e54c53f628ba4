// Acceptance 4 (issue 3), the receiving end: an envelope the relay altered in transit is reported by the
// CLI as forged or damaged — never printed as a position — and the genuine ones around it still show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bondedPair, spawnCli } from './support/cli.ts';
import { startHookedRelay } from './support/relay-in-process.ts';

let relay: Awaited<ReturnType<typeof startHookedRelay>>;
let delivered = 0;

beforeAll(async () => {
  relay = await startHookedRelay({
    onDeliver(envelope) {
      delivered++;
      // Each share is one tick: location, presence and feeling envelopes; the 4th is the second share's location.
      if (delivered !== 4) return envelope;
      const altered = envelope.slice();
      altered[100] = (altered[100] as number) ^ 0x01; // one bit of the ciphertext
      return altered;
    },
  });
});
afterAll(async () => relay?.close());

describe('an envelope altered by the relay', () => {
  it('is shown as forged, not as a position', async () => {
    const pair = await bondedPair(relay.url);
    const watch = spawnCli(['watch', '--home', pair.homeB, '--server', relay.url]);
    try {
      await watch.waitFor((l) => l === 'connected');
      for (const [lat, lon] of [
        [10, 20],
        [11, 21],
        [12, 22],
      ]) {
        await pair.a('share', '--lat', String(lat), '--lon', String(lon));
      }
      await watch.waitFor((l) => l.includes('12.000000 22.000000'));
      const shown = watch.lines.filter((l) => /Alice {2}\d/.test(l) || l.startsWith('FORGED'));
      expect(shown).toHaveLength(3);
      expect(shown[0]).toMatch(/Alice {2}10\.000000 20\.000000$/);
      expect(shown[1]).toBe('FORGED or damaged envelope in the bond with Alice (forged) — not shown as a position');
      expect(shown[2]).toMatch(/Alice {2}12\.000000 22\.000000$/);
      expect(watch.lines.some((l) => l.includes('11.000000'))).toBe(false);
    } finally {
      await watch.stop();
    }
  }, 90_000);
});
