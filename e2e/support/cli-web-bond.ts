/**
 * Alice on the CLI and Bob in a page of the web suite, bonded through the real steps: she invites, he opens
 * the link, makes his identity and asks (sharing `bobShares`), she says yes after comparing the numbers
 * (sharing `aliceShares`), and he compares them too. The page is left on the new bond's screen; the context
 * closes with the test (web-suite.ts). Used by the files that check what crosses between the two clients.
 */
import type { E2EContextOptions } from './browser.ts';
import { ok, tempDir } from './cli.ts';
import { askToBond, confirmNumbers, onboard, type Share, waitBondStatus } from './web-app.ts';
import type { WebSuite } from './web-suite.ts';

export async function cliAliceWebBob(
  web: WebSuite,
  opts: { homeTag: string; bobShares?: Share; aliceShares?: string; context?: E2EContextOptions },
) {
  const home = await tempDir(opts.homeTag);
  const alice = (...args: string[]) => ok([...args, '--home', home, '--server', web.url]);
  await alice('init', '--name', 'Alice');
  const link = (await alice('invite')).split('\n')[0] as string;
  const { page: bob, log } = await web.person(opts.context);
  await bob.goto(link);
  await onboard(bob, 'Bob');
  await askToBond(bob, 'Alice', opts.bobShares ?? {});
  await bob.getByRole('heading', { name: 'Waiting for Alice' }).waitFor();
  await alice('confirm', 'Bob', '--share', opts.aliceShares ?? 'location', '--numbers-match');
  await waitBondStatus(bob, 'active');
  await confirmNumbers(bob);
  return { home, alice, bob, log };
}
