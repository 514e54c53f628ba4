/**
 * First run on this browser: create an identity (name → the recovery phrase, shown once → three of its
 * words typed back) or restore one from its phrase. The identity and device keys are made by
 * `Device.create`; the phrase is held in memory only until it is confirmed, then dropped.
 */
import type { Device, DeviceDeps } from '@entwine/client';
import { parseInviteLink } from '@entwine/core';
import { useState } from 'react';
import { parseRoute } from '../app/route.ts';
import { AppFailure } from '../ui/explain-failure.ts';
import { FailureMessage } from '../ui/failure-message.tsx';
import { ConfirmPhrase } from './confirm-phrase.tsx';
import { CreateIdentity } from './create-identity.tsx';
import { RecoveryPhrase } from './recovery-phrase.tsx';
import { RestoreIdentity } from './restore-identity.tsx';

type Step =
  | { name: 'welcome' }
  | { name: 'create' }
  | { name: 'restore' }
  | { name: 'phrase'; device: Device; phrase: string }
  | { name: 'confirm'; device: Device; phrase: string };

export function Onboarding({ deps, onReady }: { deps: DeviceDeps; onReady: (device: Device) => void }) {
  const [step, setStep] = useState<Step>({ name: 'welcome' });
  const route = parseRoute(location);
  const invited = route.name === 'join';
  // The link's form is checked at once (no relay needed): a mistyped or cut link is said before any name or phrase is asked.
  const notAnInvite = route.name === 'join' && parseInviteLink(route.link) === undefined;

  return (
    <main className="onboarding">
      <header className="brand-header">
        <img src="/icon.svg" alt="" width="40" height="40" />
        <span className="brand">Entwine</span>
      </header>
      {notAnInvite && step.name !== 'phrase' && step.name !== 'confirm' && (
        <div data-testid="not-an-invite">
          <FailureMessage error={new AppFailure('not-an-invite')} />
          <p className="hint">You can still make your identity here, and open the right link afterwards.</p>
        </div>
      )}
      {invited && !notAnInvite && step.name !== 'phrase' && step.name !== 'confirm' && (
        <p className="note" role="status">
          You opened an invite. First make your identity on this device; then you will see who invites you, and choose what you share.
        </p>
      )}
      {step.name === 'welcome' && (
        <section className="card" aria-labelledby="welcome-title">
          <h1 id="welcome-title">An end-to-end-encrypted bond between two people</h1>
          <p>
            Your keys are made and kept on this device. The relay in the middle only ever sees ciphertext: it cannot read where you are, and
            it cannot pretend to be your partner.
          </p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => setStep({ name: 'create' })}>
              Create a new identity
            </button>
            <button type="button" onClick={() => setStep({ name: 'restore' })}>
              Restore from a recovery phrase
            </button>
          </div>
        </section>
      )}
      {step.name === 'create' && (
        <CreateIdentity
          deps={deps}
          onCreated={(device, phrase) => setStep({ name: 'phrase', device, phrase })}
          onBack={() => setStep({ name: 'welcome' })}
        />
      )}
      {step.name === 'phrase' && (
        <RecoveryPhrase phrase={step.phrase} onNext={() => setStep({ name: 'confirm', device: step.device, phrase: step.phrase })} />
      )}
      {step.name === 'confirm' && (
        <ConfirmPhrase
          phrase={step.phrase}
          onConfirmed={() => onReady(step.device)}
          onShowAgain={() => setStep({ name: 'phrase', device: step.device, phrase: step.phrase })}
        />
      )}
      {step.name === 'restore' && <RestoreIdentity deps={deps} onRestored={onReady} onBack={() => setStep({ name: 'welcome' })} />}
    </main>
  );
}
