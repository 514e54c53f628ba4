/** `entwine init`: a new identity and device, registered with the relay; the phrase is printed once. */
import { Device } from '@entwine/client';
import { type CommandContext, DEFAULT_SERVER, UsageError } from '../context.ts';
import { savedServer } from '../home-store.ts';

export async function init(ctx: CommandContext, opts: { name?: string; phrase?: string }) {
  if (!opts.name) throw new UsageError('init needs --name NAME');
  if ((await savedServer(await ctx.store())) !== undefined) throw new UsageError(`${ctx.home} already holds an identity.`);
  const server = ctx.server ?? DEFAULT_SERVER;
  const { device, phrase, known } = await Device.create(await ctx.deps(server), { name: opts.name, phrase: opts.phrase });
  if (!opts.phrase) {
    ctx.out(`Created ${device.name} on ${server}`);
    ctx.out('Your recovery phrase (shown once — write it down; it restores this identity):');
    ctx.out(`  ${phrase}`);
  } else if (known === false) {
    // A valid phrase no one registered is not an error: it is a new identity. Say so, in case a word is wrong.
    ctx.out(`No identity on ${server} belongs to this phrase, so this made a NEW identity, ${device.name}, with it.`);
    ctx.out('If you meant to restore one, check the words and the relay (--server); this new identity has no bonds.');
  } else {
    ctx.out(`Restored the identity of this phrase on ${server}, as ${device.name}, in ${ctx.home}.`);
    ctx.out('Any other device that held it is now signed out and stops sharing (same identity, same safety number).');
  }
  await device.flushed();
}
