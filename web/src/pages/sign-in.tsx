import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { setNewPassword, signIn } from '../auth/cognito.ts';
import { signedIn } from '../auth/session.ts';
import { runtimeConfig } from '../config.ts';
import { SelectField, TextField } from '../components/fields.tsx';
import { Alert, ErrorSummary, fieldIdOf } from '../components/feedback.tsx';
import { Page } from '../components/page.tsx';

interface DemoUser {
  username: string;
  tenantId: string;
  roles: string[];
  name?: string;
}

/** Only same-site paths are followed after sign-in (no open redirect). */
export function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export default function SignIn() {
  const { query, route } = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [newPassword, setNewPasswordValue] = useState('');
  const [challenge, setChallenge] = useState<{ session: string; username: string }>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState<{ users: DemoUser[]; password: string }>();

  useEffect(() => {
    // Locally only: the seeded demo users, clearly marked (the route does not exist in AWS).
    runtimeConfig().then(async (config) => {
      if (config.stage !== 'local') return;
      const response = await fetch('/local/users', { headers: { accept: 'application/json' } });
      if (response.ok) {
        const body = (await response.json()) as { users: DemoUser[]; demoPassword: string };
        setDemo({ users: body.users, password: body.demoPassword });
      }
    }, () => undefined);
  }, []);

  const done = () => route(safeNext(query.weiter), true);

  const submit = async (event: Event) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!challenge) {
      if (!username.trim()) missing.username = 'Bitte geben Sie Ihre E-Mail-Adresse ein.';
      if (!password) missing.password = 'Bitte geben Sie Ihr Passwort ein.';
    } else if (newPassword.length < 12) missing.newPassword = 'Das neue Passwort braucht mindestens 12 Zeichen.';
    setErrors(missing);
    setFailure(undefined);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    try {
      if (challenge) {
        signedIn(await setNewPassword(challenge.username, challenge.session, newPassword));
        return done();
      }
      const result = await signIn(username.trim(), password);
      if (result.kind === 'new-password-required') {
        setChallenge({ session: result.session, username: result.username });
        setPassword('');
        return;
      }
      signedIn(result.tokens);
      done();
    } catch (problem) {
      setFailure((problem as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={challenge ? 'Eigenes Passwort festlegen' : 'Anmelden'}>
      <div class="ok-narrow">
        <ErrorSummary errors={errors} fieldId={fieldIdOf} />
        {failure && (
          <Alert kind="danger" title="Anmeldung fehlgeschlagen" live>
            <p class="kern-body">{failure}</p>
          </Alert>
        )}
        {demo && !challenge && (
          <section class="ok-demo" aria-labelledby="demo-title">
            <h2 class="kern-heading-small" id="demo-title">
              Nur lokal: Demo-Zugänge
            </h2>
            <p class="kern-body kern-body--small">Diese Auswahl gibt es nur auf dem lokalen Entwicklungssystem, nie im Betrieb.</p>
            <SelectField
              id="demo-user"
              label="Demo-Zugang wählen"
              value={username}
              onInput={(value) => {
                setUsername(value);
                setPassword(value ? demo.password : '');
              }}
              choices={demo.users.map((user) => ({ value: user.username, label: `${user.username} (${user.roles.join(', ')})` }))}
            />
          </section>
        )}
        <form onSubmit={submit} noValidate class="ok-stack">
          {challenge ? (
            <>
              <p class="kern-body">Ihr Konto wurde von Ihrer Verwaltung angelegt. Bitte legen Sie jetzt ein eigenes Passwort fest.</p>
              <TextField
                id={fieldIdOf('newPassword')}
                label="Neues Passwort"
                hint="Mindestens 12 Zeichen mit Groß- und Kleinbuchstaben, Ziffern und Sonderzeichen."
                type="password"
                autocomplete="new-password"
                value={newPassword}
                onInput={setNewPasswordValue}
                error={errors.newPassword}
              />
            </>
          ) : (
            <>
              <TextField
                id={fieldIdOf('username')}
                label="E-Mail-Adresse"
                type="email"
                autocomplete="username"
                spellcheck={false}
                value={username}
                onInput={setUsername}
                error={errors.username}
              />
              <TextField
                id={fieldIdOf('password')}
                label="Passwort"
                type="password"
                autocomplete="current-password"
                value={password}
                onInput={setPassword}
                error={errors.password}
              />
            </>
          )}
          <button class="kern-btn kern-btn--primary" type="submit" disabled={busy}>
            <span class="kern-label">{challenge ? 'Passwort speichern und anmelden' : 'Anmelden'}</span>
          </button>
        </form>
      </div>
    </Page>
  );
}
