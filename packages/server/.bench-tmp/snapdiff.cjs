function agg(f) {
  const s = JSON.parse(require('fs').readFileSync(f));
  const m = s.snapshot.meta;
  const nf = m.node_fields;
  const F = nf.length;
  const types = m.node_types[0];
  const ti = nf.indexOf('type'),
    ni = nf.indexOf('name'),
    si = nf.indexOf('self_size');
  const agg = new Map();
  let total = 0;
  for (let i = 0; i < s.nodes.length; i += F) {
    const type = types[s.nodes[i + ti]];
    const name = s.strings[s.nodes[i + ni]];
    const size = s.nodes[i + si];
    total += size;
    const key =
      type === 'object' || type === 'closure'
        ? `${type}:${name}`
        : type === 'string' || type === 'concatenated string'
          ? `${type}:${name.slice(0, 30)}`
          : type;
    const a = agg.get(key) || { n: 0, size: 0 };
    a.n++;
    a.size += size;
    agg.set(key, a);
  }
  return { agg, total };
}
const A = agg('/tmp/relay1.heapsnapshot'),
  B = agg('/tmp/relay2.heapsnapshot');
console.log('total per socket', (B.total - A.total) / 1000);
const rows = [];
for (const [k, b] of B.agg) {
  const a = A.agg.get(k) || { n: 0, size: 0 };
  rows.push([k, b.size - a.size, b.n - a.n]);
}
rows.sort((x, y) => y[1] - x[1]);
for (const [k, d, n] of rows.slice(0, 40)) console.log(String(d).padStart(9), String(n).padStart(7), JSON.stringify(k));
