import { ChangeEvent, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Grid from '@mui/material/Grid';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import type { TextFieldProps } from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import LockIcon from '@mui/icons-material/Lock';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  fieldErrorsFromMessage,
  FormDialog,
  FormTextField,
  useFormDialog,
} from '@opssight/plugin-api-react';
import {
  credentialInputSchema,
  credentialUpdateSchema,
  type Credential,
  type CredentialInput,
  type CredentialKind,
  type CredentialScope,
  type CredentialUpdate,
} from '@opssight/plugin-vault-common';
import { vaultApiRef } from '../../api';
import { KIND_ICONS, KindChip, ScopeChip } from '../CredentialChips';

interface FormValues {
  kind: CredentialKind;
  scope: CredentialScope;
  name: string;
  username: string;
  description: string;
  privateKey: string;
  passphrase: string;
  password: string;
  token: string;
  /** Shared credentials: one host or URL prefix per line. */
  allowedDestinations: string;
}

type Field = keyof FormValues;
type TextFieldName = Exclude<Field, 'kind' | 'scope'>;

/** Fields with a text box to show their error beside. */
const TEXT_FIELDS: TextFieldName[] = [
  'name',
  'username',
  'description',
  'privateKey',
  'passphrase',
  'password',
  'token',
  'allowedDestinations',
];

const KIND_CHOICES: { kind: CredentialKind; label: string }[] = [
  { kind: 'ssh-key', label: 'SSH private key' },
  { kind: 'password', label: 'Username + password' },
  { kind: 'api-token', label: 'API token' },
];

/** Biggest file "Choose file" reads; the schema's own limit (16 kB) gives the message. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

function initialValues(credential?: Credential): FormValues {
  return {
    kind: credential?.kind ?? 'ssh-key',
    scope: credential?.scope ?? 'personal',
    name: credential?.name ?? '',
    username: credential?.username ?? '',
    description: credential?.description ?? '',
    privateKey: '',
    passphrase: '',
    password: '',
    token: '',
    allowedDestinations: (credential?.allowedDestinations ?? []).join('\n'),
  };
}

/** The destinations as typed, one per line, blank lines left out. */
function destinationsOf(values: FormValues): string[] {
  return values.allowedDestinations
    .split('\n')
    .map(line => line.trim())
    .filter(Boolean);
}

/** The secret fields of the chosen kind only: the vault refuses any other. */
function secretOf(values: FormValues) {
  switch (values.kind) {
    case 'ssh-key':
      return {
        privateKey: values.privateKey,
        ...(values.passphrase !== '' && { passphrase: values.passphrase }),
      };
    case 'password':
      return { password: values.password };
    default:
      return { token: values.token };
  }
}

function toInput(values: FormValues): CredentialInput {
  return {
    kind: values.kind,
    name: values.name,
    scope: values.scope,
    username: values.username,
    description: values.description,
    ...(values.scope === 'shared' && {
      allowedDestinations: destinationsOf(values),
    }),
    ...secretOf(values),
  } as CredentialInput;
}

function toUpdate(
  values: FormValues,
  replaceSecret: boolean,
): CredentialUpdate {
  return {
    name: values.name,
    username: values.username,
    description: values.description,
    ...(values.scope === 'shared' && {
      allowedDestinations: destinationsOf(values),
    }),
    ...(replaceSecret && secretOf(values)),
  };
}

/** Field name → first message, for inline errors. */
function issuesByField(
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>,
) {
  const out: Partial<Record<string, string>> = {};
  for (const issue of issues) {
    const key = issue.path.length ? String(issue.path[0]) : '_';
    // A destination's issue says which line it is about.
    out[key] ??=
      typeof issue.path[1] === 'number'
        ? `line ${issue.path[1] + 1}: ${issue.message}`
        : issue.message;
  }
  return out;
}

/** A destination's problem says which line it is about. */
const itemLabel = (index: number) => `line ${index + 1}`;

/**
 * Server messages name their field (`Invalid credential: privateKey: the
 * passphrase is wrong`, `name: you already have a personal credential named …`,
 * `allowedDestinations.1: …`): put each beside its field. Anything else is
 * shown for the whole form.
 */
export function serverFieldErrors(
  message: string,
): Partial<Record<TextFieldName, string>> | undefined {
  return fieldErrorsFromMessage(message, TEXT_FIELDS, { itemLabel });
}

/**
 * Store a credential, or change one when `credential` is given. Secrets go one
 * way: the form starts empty, sends what is typed, and forgets it on close.
 */
export function CredentialFormDialog(props: {
  open: boolean;
  credential?: Credential;
  /** Whether "shared" may be chosen (vaultSharedManagePermission). */
  allowShared: boolean;
  onClose: () => void;
  onSaved: (credential: Credential) => void;
}) {
  const { open, credential, allowShared, onClose, onSaved } = props;
  const editing = !!credential;
  const api = useApi(vaultApiRef);
  const [replaceSecret, setReplaceSecret] = useState(!editing);
  const form = useFormDialog({
    id: 'credential',
    initialValues: () => initialValues(credential),
    check: values => {
      const parsed = credential
        ? credentialUpdateSchema(credential.kind, credential.scope).safeParse(
            toUpdate(values, replaceSecret),
          )
        : credentialInputSchema.safeParse(toInput(values));
      return parsed.success
        ? { data: parsed.data }
        : { errors: issuesByField(parsed.error.issues) };
    },
    save: async data =>
      onSaved(
        credential
          ? await api.updateCredential(credential.id, data as CredentialUpdate)
          : await api.createCredential(data as CredentialInput),
      ),
    serverFields: TEXT_FIELDS,
    itemLabel,
  });
  const { values, set } = form;

  const chooseKind = (kind: CredentialKind | null) => {
    if (!kind) return;
    form.update(v => ({ ...v, kind }));
  };

  const readKeyFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // The same file chosen again should load again.
    event.target.value = '';
    if (!file) return;
    if (file.size > MAX_KEY_FILE_BYTES) {
      form.setFieldError(
        'privateKey',
        `${file.name} is ${Math.round(
          file.size / 1024,
        )} kB: too big for a private key`,
      );
      return;
    }
    set('privateKey', await file.text());
  };

  const text = (
    field: TextFieldName,
    label: string,
    extra: Omit<TextFieldProps, 'form' | 'value' | 'onChange' | 'error'> = {},
  ) => <FormTextField {...extra} form={form} field={field} label={label} />;

  // Browsers must neither fill in a saved password nor offer to remember this one.
  const secretInput = { autoComplete: 'new-password', spellCheck: false };

  const secretFields = (
    <Grid container spacing={2}>
      {values.kind === 'ssh-key' && (
        <>
          <Grid item xs={12}>
            {text('privateKey', 'Private key', {
              required: true,
              multiline: true,
              minRows: 5,
              maxRows: 12,
              placeholder:
                '-----BEGIN OPENSSH PRIVATE KEY-----\n…\n-----END OPENSSH PRIVATE KEY-----',
              helperText:
                'OpenSSH or PEM. Paste it, or choose the file (e.g. ~/.ssh/id_ed25519, not the .pub).',
              inputProps: {
                ...secretInput,
                'aria-label': 'Private key',
                style: { fontFamily: 'monospace', fontSize: 12 },
              },
            })}
            <Button
              component="label"
              size="small"
              startIcon={<UploadFileIcon />}
              sx={{ mt: 1 }}
            >
              Choose file
              <input
                hidden
                type="file"
                data-testid="private-key-file"
                onChange={readKeyFile}
              />
            </Button>
          </Grid>
          <Grid item xs={12} sm={6}>
            {text('passphrase', 'Passphrase', {
              type: 'password',
              helperText: 'Only if the key is encrypted',
              inputProps: secretInput,
            })}
          </Grid>
        </>
      )}
      {values.kind === 'password' && (
        <Grid item xs={12} sm={6}>
          {text('password', 'Password', {
            required: true,
            type: 'password',
            inputProps: secretInput,
          })}
        </Grid>
      )}
      {values.kind === 'api-token' && (
        <Grid item xs={12}>
          {text('token', 'Token', {
            required: true,
            type: 'password',
            inputProps: secretInput,
          })}
        </Grid>
      )}
    </Grid>
  );

  const title = credential ? `Edit ${credential.name}` : 'Add credential';
  return (
    <FormDialog
      form={form}
      title={title}
      open={open}
      onClose={onClose}
      maxWidth="md"
      autoComplete="off"
    >
      <Stack spacing={2.5} useFlexGap sx={{ pt: 1 }}>
        {credential ? (
          <Stack direction="row" spacing={1} alignItems="center">
            <KindChip kind={credential.kind} />
            <ScopeChip scope={credential.scope} />
            <Typography variant="body2" color="text.secondary">
              Kind and scope stay; to change them, add a new credential.
            </Typography>
          </Stack>
        ) : (
          <ToggleButtonGroup
            exclusive
            fullWidth
            color="primary"
            size="small"
            value={values.kind}
            onChange={(_e, kind) => chooseKind(kind)}
            aria-label="Kind"
          >
            {KIND_CHOICES.map(({ kind, label }) => (
              <ToggleButton
                key={kind}
                value={kind}
                sx={{ gap: 1, textTransform: 'none' }}
              >
                {KIND_ICONS[kind]}
                {label}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
        )}

        <Grid container spacing={2}>
          <Grid item xs={12} sm={6}>
            {text('name', 'Name', {
              required: true,
              autoFocus: true,
              placeholder: 'deploy key for prod',
            })}
          </Grid>
          <Grid item xs={12} sm={6}>
            {text('username', 'Username', {
              placeholder: values.kind === 'ssh-key' ? 'deploy' : '',
              helperText:
                values.kind === 'ssh-key'
                  ? 'The login the key belongs to (optional)'
                  : 'Optional',
              inputProps: { autoComplete: 'off', spellCheck: false },
            })}
          </Grid>
        </Grid>

        {!credential &&
          (allowShared ? (
            <FormControl>
              <FormLabel id="credential-scope-label">Scope</FormLabel>
              <RadioGroup
                row
                aria-labelledby="credential-scope-label"
                name="scope"
                value={values.scope}
                onChange={e => set('scope', e.target.value as CredentialScope)}
              >
                <FormControlLabel
                  value="personal"
                  control={<Radio />}
                  label="Personal: only you see and use it"
                />
                <FormControlLabel
                  value="shared"
                  control={<Radio />}
                  label="Shared: operators use it, viewers see its name"
                />
              </RadioGroup>
            </FormControl>
          ) : (
            <Typography variant="body2" color="text.secondary">
              Stored as a personal credential: only you see and use it.
            </Typography>
          ))}

        <Box
          sx={{
            border: 1,
            borderColor: 'divider',
            borderRadius: 1,
            p: 2,
          }}
        >
          <Stack spacing={2} useFlexGap>
            <Stack direction="row" spacing={1} alignItems="center">
              <LockIcon fontSize="small" color="action" />
              <Typography variant="subtitle2" sx={{ flexGrow: 1 }}>
                Secret
              </Typography>
              {credential && (
                <FormControlLabel
                  control={
                    <Switch
                      checked={replaceSecret}
                      onChange={e => {
                        setReplaceSecret(e.target.checked);
                        form.clearServerErrors();
                      }}
                    />
                  }
                  label="Replace the secret"
                />
              )}
            </Stack>
            <Alert severity="info" variant="outlined" icon={false}>
              Write-only: the secret is stored encrypted; nobody can read it
              back, not even you.{' '}
              {credential
                ? 'To change it, replace it with a new one.'
                : 'The portal uses it to log in on your behalf.'}
            </Alert>
            {replaceSecret && secretFields}
          </Stack>
        </Box>

        {values.scope === 'shared' &&
          text('allowedDestinations', 'Allowed destinations', {
            multiline: true,
            minRows: 2,
            placeholder: 'https://k8s.example.com:6443/\nregistry.example.com',
            helperText:
              'Where the portal may send this secret over HTTP(S), one per line: a host (k8s.example.com, 10.0.0.10:6443) or a URL prefix (https://k8s.example.com:6443/). With none, it is sent nowhere.',
            inputProps: {
              spellCheck: false,
              style: { fontFamily: 'monospace' },
            },
          })}

        {text('description', 'Description', {
          multiline: true,
          minRows: 2,
        })}
      </Stack>
    </FormDialog>
  );
}
