/**
 * The invite state machine in SQLite. Every transition is one transaction that reads the row and
 * writes it, so two racing answers to one invite cannot both succeed (S4).
 *
 *   open ──respond──▶ responded ──reveal──▶ revealed   (reveal also creates the pending bond)
 *     └──decline──▶ declined ◀──decline──┘
 * An open invite past `expiresAt` can no longer be answered (S5); the creator can still decline it.
 */
import type Database from 'better-sqlite3';
import type { InviteRecord, InviteState, InviteTransition, NewBond, NewInvite } from './store.ts';

interface InviteRow {
  invite_id: string;
  creator_user: string;
  creator_device: string;
  blob: string;
  expires_at: number;
  state: InviteState;
  responder_user: string | null;
  responder_device: string | null;
  response: string | null;
  reveal: string | null;
  bond_id: string | null;
}

function inviteOf(r: InviteRow): InviteRecord {
  const invite: InviteRecord = {
    inviteId: r.invite_id,
    creatorUser: r.creator_user,
    creatorDevice: r.creator_device,
    blob: r.blob,
    expiresAt: r.expires_at,
    state: r.state,
  };
  if (r.responder_user !== null) invite.responderUser = r.responder_user;
  if (r.responder_device !== null) invite.responderDevice = r.responder_device;
  if (r.response !== null) invite.response = r.response;
  if (r.reveal !== null) invite.reveal = r.reveal;
  if (r.bond_id !== null) invite.bondId = r.bond_id;
  return invite;
}

function inviteStatements(db: Database.Database) {
  return {
    insert: db.prepare(
      `INSERT INTO invites (invite_id, creator_user, creator_device, blob, expires_at, state)
       VALUES (?, ?, ?, ?, ?, 'open') ON CONFLICT DO NOTHING`,
    ),
    get: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE invite_id = ?'),
    respond: db.prepare(
      "UPDATE invites SET state = 'responded', responder_user = ?, responder_device = ?, response = ? WHERE invite_id = ?",
    ),
    decline: db.prepare("UPDATE invites SET state = 'declined' WHERE invite_id = ?"),
    reveal: db.prepare("UPDATE invites SET state = 'revealed', reveal = ?, bond_id = ? WHERE invite_id = ?"),
    listFor: db.prepare<[string, string], InviteRow>(
      'SELECT * FROM invites WHERE creator_user = ? OR responder_user = ? ORDER BY rowid DESC LIMIT 500',
    ),
  };
}

export class SqliteInvites {
  private readonly q: ReturnType<typeof inviteStatements>;
  readonly respond: (
    inviteId: string,
    answer: { responderUser: string; responderDevice: string; response: string },
    now: number,
  ) => InviteTransition;
  readonly decline: (inviteId: string, byUser: string) => InviteTransition;
  readonly reveal: (inviteId: string, byUser: string, reveal: string, bond: NewBond) => InviteTransition;

  /** `insertBond` returns false when the bond id is taken; it runs inside the reveal transaction. */
  constructor(db: Database.Database, insertBond: (bond: NewBond) => boolean) {
    const q = inviteStatements(db);
    this.q = q;
    const read = (inviteId: string) => {
      const r = q.get.get(inviteId);
      return r && inviteOf(r);
    };

    this.respond = db.transaction(
      (inviteId: string, answer: { responderUser: string; responderDevice: string; response: string }, now: number): InviteTransition => {
        const invite = read(inviteId);
        if (!invite) return { ok: false, reason: 'not-found' };
        if (invite.creatorUser === answer.responderUser) return { ok: false, reason: 'own-invite', invite };
        if (invite.state === 'declined') return { ok: false, reason: 'declined', invite };
        if (invite.state !== 'open') return { ok: false, reason: 'used', invite };
        if (invite.expiresAt <= now) return { ok: false, reason: 'expired', invite };
        q.respond.run(answer.responderUser, answer.responderDevice, answer.response, inviteId);
        return { ok: true, changed: true, invite: read(inviteId) as InviteRecord };
      },
    );

    this.decline = db.transaction((inviteId: string, byUser: string): InviteTransition => {
      const invite = read(inviteId);
      if (!invite) return { ok: false, reason: 'not-found' };
      if (invite.creatorUser !== byUser) return { ok: false, reason: 'not-creator', invite };
      if (invite.state === 'declined') return { ok: true, changed: false, invite };
      if (invite.state === 'revealed') return { ok: false, reason: 'wrong-state', invite };
      q.decline.run(inviteId);
      return { ok: true, changed: true, invite: read(inviteId) as InviteRecord };
    });

    this.reveal = db.transaction((inviteId: string, byUser: string, reveal: string, bond: NewBond): InviteTransition => {
      const invite = read(inviteId);
      if (!invite) return { ok: false, reason: 'not-found' };
      if (invite.creatorUser !== byUser) return { ok: false, reason: 'not-creator', invite };
      if (invite.state === 'declined') return { ok: false, reason: 'declined', invite };
      if (invite.state !== 'responded') return { ok: false, reason: 'wrong-state', invite };
      if (!insertBond(bond)) return { ok: false, reason: 'bond-exists', invite };
      q.reveal.run(reveal, bond.bondId, inviteId);
      return { ok: true, changed: true, invite: read(inviteId) as InviteRecord };
    });
  }

  create(invite: NewInvite): 'created' | 'exists' {
    const r = this.q.insert.run(invite.inviteId, invite.creatorUser, invite.creatorDevice, invite.blob, invite.expiresAt);
    return r.changes === 1 ? 'created' : 'exists';
  }

  get(inviteId: string): InviteRecord | undefined {
    const r = this.q.get.get(inviteId);
    return r && inviteOf(r);
  }

  listFor(userId: string): InviteRecord[] {
    return this.q.listFor.all(userId, userId).map(inviteOf);
  }
}
