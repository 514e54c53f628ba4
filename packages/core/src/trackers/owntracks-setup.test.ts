import { base64 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { utf8Decode } from '../bytes.ts';
import { owntracksKey } from './owntracks.ts';
import { OWNTRACKS_PASSPHRASE_LENGTH, owntracksConfig, owntracksPassphrase } from './owntracks-setup.ts';

describe('owntracksPassphrase', () => {
  it('is 32 unambiguous characters, each drawn uniformly, and a key the app can use', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      const p = owntracksPassphrase((n) => crypto.getRandomValues(new Uint8Array(n)));
      expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]{32}$/);
      expect(owntracksKey(p)).toHaveLength(32);
      for (const c of p) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(counts.size).toBe(57);
    // 12 800 draws over 57 characters: about 225 each; a biased draw (b % 57 over all 256) gives a-side ~280.
    for (const n of counts.values()) expect(n).toBeGreaterThan(150);
  });
  it('draws again past the last full run of the alphabet (bytes ≥ 228 are not used)', () => {
    let call = 0;
    const p = owntracksPassphrase((n) => new Uint8Array(n).fill(call++ === 0 ? 255 : 0));
    expect(p).toBe('A'.repeat(OWNTRACKS_PASSPHRASE_LENGTH));
    expect(call).toBe(2);
  });
});

describe('owntracksConfig', () => {
  it("is the app's HTTP configuration, and the QR link carries it in base64", () => {
    const { config, qr } = owntracksConfig('https://relay.example/v1/drops/abc', 'tok', 'pass');
    expect(config).toEqual({
      _type: 'configuration',
      mode: 3,
      url: 'https://relay.example/v1/drops/abc',
      auth: true,
      username: 'entwine',
      password: 'tok',
      encryptionKey: 'pass',
    });
    const inline = qr.replace('owntracks:///config?inline=', '');
    expect(JSON.parse(utf8Decode(base64.decode(inline)))).toEqual(config);
    expect(owntracksConfig('u', 't', undefined).config).not.toHaveProperty('encryptionKey');
  });
});
