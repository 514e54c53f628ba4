/**
 * The conversation with one partner: their thoughts and this person's, oldest first, each of this
 * person's with its mark (sending → stored by the relay → delivered to the partner's device → read), as
 * ticks with words for screen readers and a `data-mark`. While this view is visible, what the partner
 * wrote counts as read: the device is told (`markRead`), which sends them a read receipt.
 */
import { THOUGHT_MAX_CHARS } from '@entwine/core';
import { useEffect, useRef, useState } from 'react';
import { navigate } from '../app/route.ts';
import { unreadCount } from '../app/snapshot.ts';
import { useAction } from '../app/use-action.ts';
import { useSession, useSnapshot } from '../app/use-session.ts';
import { markWords } from '../ui/facet-words.ts';
import { FailureMessage } from '../ui/failure-message.tsx';
import { formatTime } from '../ui/format.ts';

/** Whether the page is in view (a hidden tab reads nothing). */
function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}

export function ThoughtsScreen({ bondId }: { bondId: string }) {
  const session = useSession();
  const snap = useSnapshot();
  const bond = snap.bonds.find((b) => b.bondId === bondId);
  const thoughts = snap.thoughts[bondId] ?? [];
  const unread = unreadCount(thoughts);
  const visible = usePageVisible();
  const [text, setText] = useState('');
  const list = useRef<HTMLOListElement>(null);
  // Resolves to true once sent: `act` resolves to undefined only on a failure (the words then come back).
  const send = useAction(async (words: string) => {
    await session.say(bondId, words);
    return true;
  });

  useEffect(() => {
    session.viewThoughts(bondId);
    return () => session.viewThoughts(undefined);
  }, [session, bondId]);

  useEffect(() => {
    if (visible && unread > 0) void session.markRead(bondId).catch(() => undefined);
  }, [session, bondId, visible, unread]);

  const count = thoughts.length;
  useEffect(() => {
    if (count > 0) list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [count]);

  if (bond?.status !== 'active') {
    return (
      <section aria-labelledby="thoughts-title">
        <h1 id="thoughts-title">No conversation here</h1>
        <p>This bond is not active.</p>
      </section>
    );
  }
  const shared = bond.levels.thoughts !== 'hidden';
  const submit = () => {
    const words = text.trim();
    if (!words) return;
    // Cleared at once, so a second tap has nothing to send twice; put back only if not sent and the box is still empty.
    setText('');
    void send.act(words).then((sent) => {
      if (!sent) setText((now) => (now === '' ? words : now));
    });
  };

  return (
    <section aria-labelledby="thoughts-title" className="thoughts-screen">
      <button type="button" className="link back" onClick={() => navigate({ name: 'bond', bondId })}>
        ← <bdi>{bond.name}</bdi>
      </button>
      <h1 id="thoughts-title">
        Thoughts with <bdi>{bond.name}</bdi>
      </h1>
      {count === 0 && (
        <p className="hint">
          No thoughts yet. What you write is kept by the relay until <bdi>{bond.name}</bdi>’s device comes back.
        </p>
      )}
      <ol className="thoughts" aria-label={`Conversation with ${bond.name}`} ref={list}>
        {thoughts.map((t) => {
          const mark = markWords(t.mark, bond.name);
          return (
            <li key={`${t.from}/${t.id}`} className={`thought from-${t.from}`} data-from={t.from} data-id={t.id} data-mark={t.mark}>
              <p className="thought-text" dir="auto">
                {t.text}
              </p>
              <span className="thought-meta">
                <time dateTime={new Date(t.ts).toISOString()}>{formatTime(t.ts)}</time>
                {t.from === 'me' && (
                  <span className={`mark mark-${t.mark}`} data-mark={t.mark} role="img" aria-label={mark.label} title={mark.label}>
                    <span aria-hidden="true">{mark.ticks}</span> <span aria-hidden="true">{mark.text}</span>
                  </span>
                )}
              </span>
            </li>
          );
        })}
      </ol>
      {shared ? (
        <form
          className="thought-form"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <label htmlFor="thought-input">
            Thought for <bdi>{bond.name}</bdi>
          </label>
          <textarea
            id="thought-input"
            rows={2}
            maxLength={THOUGHT_MAX_CHARS}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                submit();
              }
            }}
          />
          <button type="submit" className="primary" disabled={!text.trim()}>
            Send
          </button>
        </form>
      ) : (
        <p className="hint">
          You do not share thoughts with <bdi>{bond.name}</bdi>, so you cannot send one (and <bdi>{bond.name}</bdi> gets no read receipts).{' '}
          <button type="button" className="link" onClick={() => navigate({ name: 'sharing' })}>
            Change that in Sharing
          </button>
        </p>
      )}
      <FailureMessage error={send.error} sending={{ facet: 'thoughts', name: bond.name }} />
    </section>
  );
}
