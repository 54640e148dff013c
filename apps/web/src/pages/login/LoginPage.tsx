import { type FormEvent, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { errorText } from '../../api/api-error';
import { useSession } from '../../hooks/useSession';
import './login.css';
import { Button } from '../../components/Button';
import { Input } from '../../components/Input';

export default function LoginPage() {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (session.status === 'signed-in') return <Navigate to={from} replace />;

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.signIn(email.trim(), password);
      void navigate(from, { replace: true });
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <div className="login-screen">
      <form className="login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title" data-testid="login-form">
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true" />
          Closewatch
        </div>
        <h1 id="login-title">Sign in</h1>
        <p className="muted">Control tower for finance integrations.</p>
        {session.notice && !error ? (
          <div className="banner banner-info" role="status">
            {session.notice}
          </div>
        ) : null}
        {error ? (
          <div className="banner banner-error" role="alert" data-testid="login-error">
            {error}
          </div>
        ) : null}
        <label className="field">
          <span>Email</span>
          <Input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="login-email"
          />
        </label>
        <label className="field">
          <span>Password</span>
          <Input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
          />
        </label>
        <Button type="submit" variant="primary" block disabled={busy} data-testid="login-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </div>
  );
}
