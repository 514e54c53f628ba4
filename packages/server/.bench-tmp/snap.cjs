const s = JSON.parse(require('fs').readFileSync('/tmp/relay.heapsnapshot'));
const m = s.snapshot.meta;
const nf = m.node_fields;
const F = nf.length;
const types = m.node_types[0];
const ti = nf.indexOf('type'),
  ni = nf.indexOf('name'),
  si = nf.indexOf('self_size');
const agg = new Map();
for (let i = 0; i < s.nodes.length; i += F) {
  const type = types[s.nodes[i + ti]];
  const name = s.strings[s.nodes[i + ni]];
  const size = s.nodes[i + si];
  const key = type === 'object' || type === 'closure' ? `${type}:${name}` : type;
  const a = agg.get(key) || { n: 0, size: 0 };
  a.n++;
  a.size += size;
  agg.set(key, a);
}
const rows = [...agg.entries()]
  .filter(([, a]) => a.n >= 900)
  .sort((x, y) => y[1].size - x[1].size)
  .slice(0, 45);
for (const [k, a] of rows) console.log(String(a.size).padStart(9), String(a.n).padStart(7), k);
