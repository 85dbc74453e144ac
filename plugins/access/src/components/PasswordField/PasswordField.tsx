import { useState } from 'react';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import AutorenewIcon from '@mui/icons-material/Autorenew';
import VisibilityIcon from '@mui/icons-material/Visibility';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';

const COPY_MESSAGES = {
  copied: 'Copied to the clipboard',
  failed: 'Could not copy: select it and copy it by hand',
};

/** No look-alikes (0/O, 1/l/I), so a password read out or copied by hand survives. */
const ALPHABET =
  'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_.!?';

/** A random password of `length` characters, from the browser's secure random source. */
export function generatePassword(length = 20): string {
  // The largest multiple of the alphabet size below 256, so every character is equally likely.
  const limit = 256 - (256 % ALPHABET.length);
  let out = '';
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && out.length < length) {
        out += ALPHABET[byte % ALPHABET.length];
      }
    }
  }
  return out;
}

/**
 * A password an admin sets for someone else: masked unless asked, never kept by
 * the browser's password manager, and one click away from a random one (shown,
 * since the admin has to hand it over).
 */
export function PasswordField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  helperText: string;
  /** Whether the field takes the focus when it appears. */
  initialFocus?: boolean;
}) {
  const { label, value, onChange, error, helperText, initialFocus } = props;
  const [visible, setVisible] = useState(false);
  const [copied, setCopied] = useState<'copied' | 'failed'>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('copied');
    } catch {
      // No clipboard (an insecure origin, or denied): the password is shown to copy by hand.
      setVisible(true);
      setCopied('failed');
    }
  };
  return (
    <Stack direction="row" spacing={1} alignItems="flex-start">
      <TextField
        fullWidth
        required
        // The dialog opens to set this password: type straight away.
        // eslint-disable-next-line jsx-a11y/no-autofocus
        autoFocus={initialFocus}
        label={label}
        name="password"
        type={visible ? 'text' : 'password'}
        value={value}
        onChange={e => {
          setCopied(undefined);
          onChange(e.target.value);
        }}
        error={!!error}
        helperText={error ?? (copied ? COPY_MESSAGES[copied] : helperText)}
        inputProps={{
          autoComplete: 'new-password',
          spellCheck: false,
          style: visible ? { fontFamily: 'monospace' } : undefined,
        }}
        InputProps={{
          endAdornment: (
            <InputAdornment position="end">
              <Tooltip title="Copy the password">
                <span>
                  <IconButton
                    aria-label="Copy password"
                    onClick={copy}
                    disabled={!value}
                  >
                    <ContentCopyIcon />
                  </IconButton>
                </span>
              </Tooltip>
              <IconButton
                aria-label={visible ? 'Hide password' : 'Show password'}
                onClick={() => setVisible(v => !v)}
                edge="end"
              >
                {visible ? <VisibilityOffIcon /> : <VisibilityIcon />}
              </IconButton>
            </InputAdornment>
          ),
        }}
      />
      <Tooltip title="Generate a random password" describeChild>
        <Button
          startIcon={<AutorenewIcon />}
          onClick={() => {
            setCopied(undefined);
            onChange(generatePassword());
            setVisible(true);
          }}
          sx={{ mt: 1, flexShrink: 0 }}
        >
          Generate
        </Button>
      </Tooltip>
    </Stack>
  );
}
