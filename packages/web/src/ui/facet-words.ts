/**
 * How the facets between two people read on screen: moods, glances, a thought's marks, daylight. The
 * lists they cover come from the core (`MOODS`, `GLANCES`) and the client (`ThoughtMark`, `Daylight`);
 * a record typed by those unions makes a new value a compile error here until it has words.
 */
import type { Daylight, ThoughtMark } from '@entwine/client';
import type { GlanceKind, Mood } from '@entwine/core';
import { isOwnEmoji } from './user-text.ts';

export const MOOD_WORDS: Record<Mood, { emoji: string; word: string }> = {
  calm: { emoji: '😌', word: 'calm' },
  happy: { emoji: '😊', word: 'happy' },
  loving: { emoji: '🥰', word: 'loving' },
  excited: { emoji: '🤩', word: 'excited' },
  tired: { emoji: '😴', word: 'tired' },
  sad: { emoji: '😢', word: 'sad' },
  anxious: { emoji: '😟', word: 'anxious' },
  angry: { emoji: '😠', word: 'angry' },
};

/**
 * The emoji a feeling shows: the person's own if it is emoji (an older app or the CLI may have sent words,
 * which are never drawn as the icon), else the mood's.
 */
export function feelingEmoji(feeling: { mood: Mood; emoji?: string | undefined }): string {
  return feeling.emoji && isOwnEmoji(feeling.emoji) ? feeling.emoji : MOOD_WORDS[feeling.mood].emoji;
}

/** `label`: the button; `sent`: what the receiver reads ("Alice is thinking of you"). */
export const GLANCE_WORDS: Record<GlanceKind, { emoji: string; label: string; says: (name: string) => string }> = {
  'thinking-of-you': { emoji: '💭', label: 'Thinking of you', says: (n) => `${n} is thinking of you` },
  heartbeat: { emoji: '💓', label: 'Heartbeat', says: (n) => `${n} sent you a heartbeat` },
  'im-ok': { emoji: '👍', label: 'I’m OK', says: (n) => `${n} says they’re OK` },
  'call-me': { emoji: '📞', label: 'Call me', says: (n) => `${n} asks you to call` },
  'miss-you': { emoji: '🥺', label: 'Miss you', says: (n) => `${n} misses you` },
  hug: { emoji: '🤗', label: 'Hug', says: (n) => `${n} sent you a hug` },
  'good-morning': { emoji: '🌅', label: 'Good morning', says: (n) => `${n} says good morning` },
  goodnight: { emoji: '🌙', label: 'Goodnight', says: (n) => `${n} says goodnight` },
};

/** A thought's mark: the short text beside it and what a screen reader says. */
export function markWords(mark: ThoughtMark, name: string): { ticks: string; text: string; label: string } {
  switch (mark) {
    case 'sent':
      return { ticks: '🕓', text: 'sending', label: 'Sealed on this device, not yet stored by the relay' };
    case 'stored':
      return { ticks: '✓', text: 'stored', label: `Stored by the relay, waiting for ${name}’s device` };
    case 'delivered':
      return { ticks: '✓✓', text: 'delivered', label: `Delivered to ${name}’s device` };
    case 'read':
      return { ticks: '✓✓', text: 'read', label: `Read by ${name}` };
  }
}

export const DAYLIGHT_WORDS: Record<Daylight, { emoji: string; word: string }> = {
  day: { emoji: '☀️', word: 'day' },
  twilight: { emoji: '🌆', word: 'twilight' },
  night: { emoji: '🌙', word: 'night' },
};

/** "UTC+9", "UTC−3:30", "UTC". */
export function formatOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '−';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}
