/** Step 2: the recovery phrase, shown this once. It is never stored; the words are the identity. */
export function RecoveryPhrase({ phrase, onNext }: { phrase: string; onNext: () => void }) {
  const words = phrase.split(' ');
  return (
    <section className="card" aria-labelledby="phrase-title">
      <h1 id="phrase-title">Your recovery phrase</h1>
      <p>
        Write these 12 words down, in order, and keep them somewhere safe. They are the only way to bring your identity back on a new
        device. Entwine shows them <strong>only this once</strong>.
      </p>
      <ol className="phrase" aria-label="Recovery phrase">
        {words.map((w, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a phrase may repeat a word; its position is its identity
          <li key={i}>
            <span className="n">{i + 1}</span> {w}
          </li>
        ))}
      </ol>
      <div className="actions">
        <button type="button" className="primary" onClick={onNext}>
          I have written it down
        </button>
      </div>
    </section>
  );
}
