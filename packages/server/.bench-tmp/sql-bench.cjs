const D = require('better-sqlite3');
const fs = require('fs');
const os = require('os');
const path = require('path');
function run(label, setup, mk) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sq-'));
  const db = new D(path.join(dir, 'x.db'));
  db.pragma('journal_mode=WAL');
  db.pragma('synchronous=FULL');
  setup(db);
  const ins = mk(db);
  const body = Buffer.alloc(260, 7);
  let seq = 0n;
  const tx = db.transaction((n) => {
    for (let i = 0; i < n; i++) ins(body, ++seq);
  });
  const t0 = performance.now();
  const rounds = 40;
  for (let r = 0; r < rounds; r++) tx(1000);
  const ms = performance.now() - t0;
  console.log(label.padEnd(40), Math.round((rounds * 1000) / (ms / 1000)), 'rows/s');
}
const schema = (db, extra = '') =>
  db.exec(
    `CREATE TABLE envelopes (cursor INTEGER PRIMARY KEY AUTOINCREMENT, bond_id TEXT NOT NULL, sender_device TEXT NOT NULL, epoch_id TEXT NOT NULL, seq INTEGER NOT NULL, body BLOB NOT NULL, UNIQUE (sender_device, epoch_id, seq)) STRICT; CREATE INDEX eb ON envelopes (bond_id, cursor);`,
  );
const B = 'B'.repeat(22),
  Dv = 'd'.repeat(22),
  E = 'e'.repeat(11);
for (let k = 0; k < 2; k++) {
  run(
    'get RETURNING',
    (db) => {
      schema(db);
      db.pragma('secure_delete=ON');
    },
    (db) => {
      const s = db
        .prepare(
          'INSERT INTO envelopes (bond_id, sender_device, epoch_id, seq, body) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING RETURNING cursor',
        )
        .safeIntegers(true);
      return (b, q) => s.get(B, Dv, E, q, b);
    },
  );
  run(
    'run lastInsertRowid',
    (db) => {
      schema(db);
      db.pragma('secure_delete=ON');
    },
    (db) => {
      const s = db
        .prepare('INSERT INTO envelopes (bond_id, sender_device, epoch_id, seq, body) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING')
        .safeIntegers(true);
      return (b, q) => s.run(B, Dv, E, q, b);
    },
  );
  run(
    'run + no secure_delete',
    (db) => {
      schema(db);
    },
    (db) => {
      const s = db
        .prepare('INSERT INTO envelopes (bond_id, sender_device, epoch_id, seq, body) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING')
        .safeIntegers(true);
      return (b, q) => s.run(B, Dv, E, q, b);
    },
  );
  run(
    'run + cache 32MB + autockpt 4000',
    (db) => {
      schema(db);
      db.pragma('secure_delete=ON');
      db.pragma('cache_size=-32000');
      db.pragma('wal_autocheckpoint=4000');
    },
    (db) => {
      const s = db
        .prepare('INSERT INTO envelopes (bond_id, sender_device, epoch_id, seq, body) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING')
        .safeIntegers(true);
      return (b, q) => s.run(B, Dv, E, q, b);
    },
  );
  run(
    'run, no AUTOINCREMENT',
    (db) => {
      db.exec(
        `CREATE TABLE envelopes (cursor INTEGER PRIMARY KEY, bond_id TEXT NOT NULL, sender_device TEXT NOT NULL, epoch_id TEXT NOT NULL, seq INTEGER NOT NULL, body BLOB NOT NULL, UNIQUE (sender_device, epoch_id, seq)) STRICT; CREATE INDEX eb ON envelopes (bond_id, cursor);`,
      );
      db.pragma('secure_delete=ON');
    },
    (db) => {
      const s = db
        .prepare('INSERT INTO envelopes (bond_id, sender_device, epoch_id, seq, body) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING')
        .safeIntegers(true);
      return (b, q) => s.run(B, Dv, E, q, b);
    },
  );
}
