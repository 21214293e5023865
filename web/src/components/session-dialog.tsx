import { useEffect, useRef, useState } from 'preact/hooks';
import { signIn } from '../auth/cognito.ts';
import { signedIn, signOutAndLeave, useSession } from '../auth/session.ts';
import { TextField } from './fields.tsx';
import { Alert } from './feedback.tsx';

/**
 * When the session can no longer be renewed, a modal asks for the password again — in place, so that the page behind
 * it (a half-filled form) keeps everything that was typed. A native <dialog>: focus is trapped and Escape works.
 */
export function SessionDialog() {
  const current = useSession();
  const dialog = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const expired = current.status === 'expired';

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (expired && !element.open) element.showModal();
    if (!expired && element.open) element.close();
  }, [expired]);

  if (current.status === 'anonymous') return null;
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const result = await signIn(current.user.email, password);
      if (result.kind !== 'signed-in') throw new Error('Bitte melden Sie sich über die Anmeldeseite neu an.');
      setPassword('');
      signedIn(result.tokens);
    } catch (problem) {
      setError((problem as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog class="kern-dialog ok-session-dialog" ref={dialog} aria-labelledby="session-title" onCancel={(event) => event.preventDefault()}>
      {expired && (
      <form class="kern-dialog__body" onSubmit={submit} noValidate>
        <h2 class="kern-heading-small" id="session-title">
          Ihre Sitzung ist abgelaufen
        </h2>
        <p class="kern-body">
          Aus Sicherheitsgründen endet eine Anmeldung nach einiger Zeit. Ihre Eingaben auf dieser Seite bleiben erhalten: Melden Sie sich als {current.user.email} wieder an
          und machen Sie dort weiter, wo Sie waren.
        </p>
        {error && (
          <Alert kind="danger" title="Anmeldung fehlgeschlagen" live>
            <p class="kern-body">{error}</p>
          </Alert>
        )}
        <TextField id="session-password" label="Passwort" type="password" autocomplete="current-password" value={password} onInput={setPassword} />
        <div class="kern-btn-wrapper ok-actions">
          <button class="kern-btn kern-btn--primary" type="submit" disabled={busy}>
            <span class="kern-label">Wieder anmelden</span>
          </button>
          <a
            class="kern-btn kern-btn--tertiary"
            href="/abgemeldet"
            onClick={(event) => {
              event.preventDefault();
              signOutAndLeave();
            }}
          >
            <span class="kern-label">Abmelden</span>
          </a>
        </div>
      </form>
      )}
    </dialog>
  );
}
