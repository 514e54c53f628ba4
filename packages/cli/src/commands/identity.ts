/** `entwine init`: a new identity and device, registered with the relay; the phrase is printed once. */
import { Device } from '@entwine/client';
import { type CommandContext, DEFAULT_SERVER, UsageError } from '../context.ts';
import { savedServer } from '../home-store.ts';

export async function init(ctx: CommandContext, opts: { name?: string; phrase?: string }) {
  if (!opts.name) throw new UsageError('init needs --name NAME');
  if ((await savedServer(await ctx.store())) !== undefined) throw new UsageError(`${ctx.home} already holds an identity.`);
  const server = ctx.server ?? DEFAULT_SERVER;
  const { device, phrase } = await Device.create(await ctx.deps(server), { name: opts.name, phrase: opts.phrase });
  ctx.out(`Created ${device.name} on ${server}`);
  if (!opts.phrase) {
    ctx.out('Your recovery phrase (shown once — write it down; it restores this identity):');
    ctx.out(`  ${phrase}`);
  } else {
    ctx.out('Restored from the recovery phrase.');
  }
  await device.flushed();
}
