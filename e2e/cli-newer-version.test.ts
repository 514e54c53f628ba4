// Acceptance 4 (issue 12), the CLI: a correctly signed envelope of a kind this version does not know is
// printed as needing a newer version of Entwine, never as forged; the same envelope with a bit flipped is
// still FORGED; and against a relay that does not serve this client's protocol version (a test hook plays
// an older client), `watch` stops and says "update Entwine" with the catalogue code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bondedPair, cli, ok, spawnCli, tempDir } from './support/cli.ts';
import { NEWER_KIND, postNewerKind } from './support/newer-kind.ts';
import { readState } from './support/raw-client.ts';
import { startHookedRelay } from './support/relay-in-process.ts';

let relay: Awaited<ReturnType<typeof startHookedRelay>>;
/** When set, the relay reads every hello as protocol version 0: older than it serves. */
let playOldClient = false;

beforeAll(async () => {
  relay = await startHookedRelay({ onHello: (protocol) => (playOldClient ? 0 : protocol) });
});
afterAll(async () => relay?.close());

describe('the CLI and a newer version', () => {
  it('shows a genuine unknown kind as needing a newer version, a forged one as forged', async () => {
    const pair = await bondedPair(relay.url);
    await pair.a('share', '--lat', '10', '--lon', '20');
    await postNewerKind(relay.url, await readState(pair.homeA));
    const watch = spawnCli(['watch', '--home', pair.homeB, '--server', relay.url]);
    try {
      await watch.waitFor((l) => l.startsWith('FORGED'));
      const shown = watch.lines.filter((l) => /Alice {2}\d/.test(l) || l.startsWith('FORGED') || l.includes('newer version'));
      expect(shown).toHaveLength(3);
      expect(shown[0]).toMatch(/Alice {2}10\.000000 20\.000000$/);
      expect(shown[1]).toBe(
        `Alice sent something (${NEWER_KIND}) that needs a newer version of Entwine — update Entwine to see it (genuine, not forged)`,
      );
      expect(shown[2]).toBe('FORGED or damaged envelope in the bond with Alice (forged) — not shown as a position');
    } finally {
      await watch.stop();
    }
    const bonds = JSON.parse(await pair.b('bonds', '--json')) as { dropped: { bondId: string; counts: Record<string, number> }[] };
    expect(bonds.dropped.find((t) => t.bondId !== '')?.counts).toMatchObject({ 'newer-version': 1, forged: 1 });
  }, 150_000);

  it('says "update Entwine" when the relay does not serve its protocol version', async () => {
    const home = await tempDir('outdated');
    await ok(['init', '--name', 'Carol', '--home', home, '--server', relay.url]);
    playOldClient = true;
    try {
      const watched = await cli(['watch', '--home', home, '--server', relay.url]);
      expect(watched.code).toBe(1);
      expect(watched.stderr).toContain('update Entwine');
      expect(watched.stderr).toContain('[ENTWINE_ERR_PROTOCOL_TOO_OLD]');
      expect(watched.stdout).toContain('This version of Entwine is too old for this relay: update Entwine');
    } finally {
      playOldClient = false;
    }
  }, 150_000);
});
