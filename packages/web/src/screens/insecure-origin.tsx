/** Shown instead of the app when the page is not a secure context (plain HTTP from another host). */
import { explainInsecureContext } from '../ui/explain-failure.ts';

export function InsecureOrigin({ origin }: { origin: string }) {
  const { title, detail } = explainInsecureContext(origin);
  const port = new URL(origin).port;
  const local = `http://localhost${port ? `:${port}` : ''}/`;
  return (
    <main className="insecure" aria-labelledby="insecure-title">
      <div className="card" role="alert">
        <h1 id="insecure-title">{title}</h1>
        <p>{detail}</p>
        <h2>What to do</h2>
        <ul>
          <li>
            On the machine that runs Entwine, open <a href={local}>{local}</a> — a browser treats its own machine as secure.
          </li>
          <li>
            From other devices, reach Entwine over <strong>HTTPS</strong>: start it with{' '}
            <code>entwine start --tls-cert cert.pem --tls-key key.pem</code>, or put it behind a reverse proxy that holds a certificate and
            start it with <code>--public-url https://your.host</code>.
          </li>
          <li>Then open the https:// address here. Nothing was stored and nothing was sent from this page.</li>
        </ul>
      </div>
    </main>
  );
}
