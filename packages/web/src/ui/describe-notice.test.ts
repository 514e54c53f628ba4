import { describe, expect, it, vi } from 'vitest';
import { describeNotice, systemText } from './describe-notice.ts';
import { formatTime } from './format.ts';
import { splitIsolated } from './user-text.ts';

// The place names load a dataset the Vite build provides; a notice without a place needs none.
vi.mock('./place-names.ts', () => ({ placeNameNow: () => undefined }));

const RLO = '\u202E';

describe('notices keep user text isolated from the app’s words', () => {
  it('a caption with a right-to-left override is one isolated piece, and the words after it are the app’s own', () => {
    const words = describeNotice({ kind: 'moment', bondId: 'b', name: 'Alice', caption: `${RLO}olleh` });
    expect(splitIsolated(words.text)).toEqual([
      { text: 'Alice', isolated: true },
      { text: ' shared a photo: ', isolated: false },
      { text: `${RLO}olleh`, isolated: true },
    ]);
  });

  it('a thought and its sender, in the notice and in the system notification', () => {
    const event = { kind: 'thought', bondId: 'b', name: `${RLO}Eve`, text: 'hi' } as const;
    expect(splitIsolated(describeNotice(event).text).map((p) => p.text)).toEqual([`${RLO}Eve`, ': ', 'hi']);
    expect(systemText(event)).toEqual({ title: `${RLO}Eve`, body: '\u2068hi\u2069' });
  });

  it('a message the relay refused is said in words, not as its code', () => {
    const words = describeNotice({ kind: 'send-refused', name: 'Bob', code: 'ENTWINE_ERR_SHIELD_HIDDEN' });
    expect(words.text).not.toContain('ENTWINE_ERR');
    expect(words.text).toContain('You do not share this with them right now');
    expect(words.open?.label).toBe('Open Sharing');
  });

  it('a place event: "Alice arrived at Home · 18:02", the time being when she crossed, in the notice and the notification', () => {
    const at = new Date(2026, 11, 6, 18, 2).getTime(); // 18:02 in this machine's time zone, as the app shows it
    const time = formatTime(at);
    const event = { kind: 'place', bondId: 'b', name: 'Alice', event: 'arrive', place: 'Home', at } as const;
    expect(splitIsolated(describeNotice(event).text)).toEqual([
      { text: 'Alice', isolated: true },
      { text: ' arrived at ', isolated: false },
      { text: 'Home', isolated: true },
      { text: ` · ${time}.`, isolated: false },
    ]);
    expect(time).toMatch(/18[:.]02|6[:.]02/);
    const left = systemText({ ...event, event: 'leave', place: 'Work' });
    expect(left?.title).toBe('Alice');
    expect(splitIsolated(left?.body ?? '').map((p) => p.text)).toEqual(['📍 ', 'Alice', ' left ', 'Work', ` · ${time}`]);
  });
});
