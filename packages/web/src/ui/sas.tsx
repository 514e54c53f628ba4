/** The short authentication string, large, with what to do with it. */
export function Sas({
  sas,
  name,
  ifTheyDiffer = 'If they differ, someone is between you: end the bond and make a new invite.',
}: {
  sas: string;
  name: string;
  ifTheyDiffer?: string;
}) {
  return (
    <div className="sas-box">
      <p className="sas-label" id="sas-label">
        Compare on a call with {name}: both screens must show these numbers.
      </p>
      <output className="sas" aria-labelledby="sas-label" data-testid="sas">
        {sas}
      </output>
      <p className="hint">{ifTheyDiffer}</p>
    </div>
  );
}

/** The safety number as one fact row: it covers both identity keys, so it is the same on both screens. */
export function SafetyNumber({ value }: { value: string }) {
  return (
    <dl className="facts">
      <dt>Safety number</dt>
      <dd className="safety-number" data-testid="safety-number">
        {value}
      </dd>
    </dl>
  );
}
