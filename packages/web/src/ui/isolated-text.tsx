/** A string made with `isolate` (user-text.ts), shown with each piece of user text in its own `<bdi>`. */
import { splitIsolated } from './user-text.ts';

export function IsolatedText({ text }: { text: string }) {
  return (
    <>
      {splitIsolated(text).map((p, i) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one fixed string, never reordered
        p.isolated ? <bdi key={i}>{p.text}</bdi> : p.text,
      )}
    </>
  );
}
