/**
 * The streams part: thoughts, glances and photos, both ways — sending them (facet-send.ts), taking in what
 * a partner sent once the receiver verified it (inbox.ts), and read receipts. Owns the `thought`, `glances`,
 * `moment` (with its `photo`) records, and `moments-of` (every photo header of a bond, when the partner
 * withdraws their places).
 */
import type { GlanceKind, Message, MomentMessage } from '@entwine/core';
import { type FacetHooks, sendGlance, sendMoment, sendThought } from '../facet-send.ts';
import { Inbox } from '../inbox.ts';
import type { Verified } from '../receive.ts';
import type { BondState, GlanceEntry, MomentEntry, ThoughtEntry } from '../state.ts';
import { changes } from '../store/records.ts';
import { cloneJson, findBond } from './find-bond.ts';
import type { PartCtx } from './owners.ts';

export interface StreamsHooks {
  /** Seals and queues messages to one bond (the publisher); resolves once stored, `onStored` per message. */
  seal(bond: BondState, messages: Message[], onStored?: (m: Message) => void): Promise<void>;
  /** Receipts: sealed without waiting, a stale one skipped. */
  reply(bond: BondState, messages: Message[]): Promise<void>;
  noteMomentSent(bond: BondState, sends: number[]): void;
}

export class StreamsPart {
  private readonly inbox: Inbox;
  private readonly facetHooks: FacetHooks;

  constructor(
    private readonly ctx: PartCtx<'streams'>,
    hooks: StreamsHooks,
  ) {
    this.inbox = new Inbox(ctx, hooks.reply);
    this.facetHooks = {
      ctx,
      findBond: (who) => findBond(ctx.state, who),
      seal: hooks.seal,
      noteMomentSent: hooks.noteMomentSent,
    };
  }

  /** A verified message → what to show (and what it changes of thoughts, glances and photos). */
  accept(v: Verified) {
    return this.inbox.accept(v);
  }

  /** Resolves when every receipt queued so far has been sealed (and stored, or failed). */
  repliesQueued(): Promise<unknown> {
    return this.inbox.repliesQueued();
  }

  async glance(who: string, kind: GlanceKind): Promise<void> {
    await this.ctx.refresh();
    return sendGlance(this.facetHooks, who, kind);
  }

  async say(who: string, text: string): Promise<ThoughtEntry> {
    await this.ctx.refresh();
    return sendThought(this.facetHooks, who, text, this.ctx.emit);
  }

  async shareMoment(who: string, photo: Parameters<typeof sendMoment>[2]): Promise<MomentMessage> {
    await this.ctx.refresh();
    return sendMoment(this.facetHooks, who, photo);
  }

  /** Tells the partner their thoughts were shown (a `read` receipt), if this person shares thoughts with them. */
  async markRead(who: string): Promise<void> {
    const bond = findBond(this.ctx.state, who);
    if (!bond) return;
    const unread = (bond.thoughts ?? []).filter((t) => t.from === 'peer' && t.mark !== 'read');
    if (unread.length === 0) return;
    for (const t of unread) {
      t.mark = 'read';
      this.ctx.mark(changes.thought(bond.bondId, t.id));
    }
    this.inbox.sendReceipts(
      bond,
      'read',
      unread.map((t) => t.id),
    );
    await this.ctx.save();
  }

  thoughtsWith(who: string): ThoughtEntry[] {
    return cloneJson(findBond(this.ctx.state, who)?.thoughts ?? []);
  }

  glancesWith(who: string): GlanceEntry[] {
    return cloneJson(findBond(this.ctx.state, who)?.glances ?? []);
  }

  momentsWith(who: string): MomentEntry[] {
    return cloneJson(findBond(this.ctx.state, who)?.moments ?? []);
  }
}
