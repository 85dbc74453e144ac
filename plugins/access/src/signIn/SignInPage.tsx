import {
  configApiRef,
  discoveryApiRef,
  githubAuthApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import { UserIdentity } from '@backstage/core-components';
import { errorMessage, errorStatus } from '@opssight/plugin-api-react';
import GitHubIcon from '@mui/icons-material/GitHub';
import LockOutlinedIcon from '@mui/icons-material/LockOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CircularProgress from '@mui/material/CircularProgress';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { FormEvent, ReactNode, useCallback, useEffect, useState } from 'react';
import { ChangePasswordForm } from './ChangePasswordForm';
import { LocalAuthApi } from './LocalAuthApi';
import { PasswordInput } from './PasswordInput';

type Stage =
  | { name: 'checking' }
  | { name: 'credentials'; notice?: string }
  | { name: 'change-password'; auth: LocalAuthApi; currentPassword?: string };

/** The frame every stage shares: a centred card under the portal's name. */
export function SignInFrame(props: { title: string; children: ReactNode }) {
  const appTitle = useApi(configApiRef).getOptionalString('app.title');
  return (
    <Box
      component="main"
      sx={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        bgcolor: 'background.default',
        p: 2,
      }}
    >
      <Card sx={{ width: '100%', maxWidth: 420 }} elevation={4}>
        <CardContent sx={{ p: 4 }}>
          <Stack direction="row" spacing={1} alignItems="center" mb={3}>
            <LockOutlinedIcon color="primary" />
            <Typography variant="h5" component="h1">
              {appTitle ?? 'OpsSight'}
            </Typography>
          </Stack>
          <Typography variant="h6" component="h2" gutterBottom>
            {props.title}
          </Typography>
          {props.children}
        </CardContent>
      </Card>
    </Box>
  );
}

/** Why a sign-in failed, in the user's words; the server's own message otherwise. */
function signInError(error: unknown): string {
  return errorStatus(error) === undefined
    ? `Could not reach the portal's backend: ${errorMessage(error)}`
    : errorMessage(error);
}

/**
 * OpsSight's sign-in: local accounts (username and password), a session that
 * must change its password sees only that form, and GitHub when configured
 * (`opssight.signIn.providers: [github]`).
 */
export function SignInPage(props: SignInPageProps) {
  const { onSignInSuccess } = props;
  const discoveryApi = useApi(discoveryApiRef);
  const configApi = useApi(configApiRef);
  const githubAuthApi = useApi(githubAuthApiRef);
  const providers =
    configApi.getOptionalStringArray('opssight.signIn.providers') ?? [];
  const [stage, setStage] = useState<Stage>({ name: 'checking' });
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const enter = useCallback(
    (auth: LocalAuthApi, currentPassword?: string) => {
      if (auth.current.providerInfo.mustChangePassword) {
        setStage({ name: 'change-password', auth, currentPassword });
        return;
      }
      onSignInSuccess(
        UserIdentity.create({
          identity: auth.current.backstageIdentity.identity,
          authApi: auth,
          profile: auth.current.profile,
        }),
      );
    },
    [onSignInSuccess],
  );

  useEffect(() => {
    let cancelled = false;
    LocalAuthApi.resume(discoveryApi).then(
      auth => !cancelled && enter(auth),
      failure =>
        !cancelled &&
        setStage({
          name: 'credentials',
          // A session that ended says so; a first visit just shows the form.
          notice:
            errorStatus(failure) === 401 &&
            /session has ended/.test(errorMessage(failure))
              ? errorMessage(failure)
              : undefined,
        }),
    );
    return () => {
      cancelled = true;
    };
  }, [discoveryApi, enter]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      enter(
        await LocalAuthApi.signIn(discoveryApi, { username, password }),
        password,
      );
    } catch (failure) {
      setError(signInError(failure));
    } finally {
      setBusy(false);
    }
  };

  const signInWithGitHub = async () => {
    setError(undefined);
    try {
      const identity = await githubAuthApi.getBackstageIdentity({
        instantPopup: true,
      });
      if (!identity) {
        throw new Error('GitHub sign-in was cancelled');
      }
      onSignInSuccess(
        UserIdentity.create({
          identity: identity.identity,
          authApi: githubAuthApi,
        }),
      );
    } catch (failure) {
      setError(signInError(failure));
    }
  };

  if (stage.name === 'checking') {
    return (
      <Box
        sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center' }}
        aria-busy
      >
        <CircularProgress aria-label="Checking your session" />
      </Box>
    );
  }

  if (stage.name === 'change-password') {
    return (
      <SignInFrame title="Choose a new password">
        <ChangePasswordForm
          auth={stage.auth}
          currentPassword={stage.currentPassword}
          onChanged={() => enter(stage.auth)}
          onCancel={async () => {
            await stage.auth.signOut().catch(() => undefined);
            setPassword('');
            setStage({ name: 'credentials' });
          }}
        />
      </SignInFrame>
    );
  }

  return (
    <SignInFrame title="Sign in">
      <form onSubmit={submit} noValidate>
        <Stack spacing={2}>
          {stage.notice && <Alert severity="info">{stage.notice}</Alert>}
          {error && (
            <Alert severity="error" role="alert">
              {error}
            </Alert>
          )}
          <TextField
            label="Username"
            name="username"
            autoComplete="username"
            autoFocus
            required
            value={username}
            onChange={e => setUsername(e.target.value)}
          />
          <PasswordInput
            label="Password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
          />
          <Button
            type="submit"
            variant="contained"
            size="large"
            disabled={busy || !username || !password}
          >
            {busy ? 'Signing in…' : 'Sign in'}
          </Button>
          {providers.includes('github') && (
            <>
              <Divider>or</Divider>
              <Button
                variant="outlined"
                size="large"
                startIcon={<GitHubIcon />}
                onClick={signInWithGitHub}
              >
                Sign in with GitHub
              </Button>
            </>
          )}
          <Typography variant="body2" color="text.secondary">
            No account yet? An OpsSight administrator creates one for you.
          </Typography>
        </Stack>
      </form>
    </SignInFrame>
  );
}
