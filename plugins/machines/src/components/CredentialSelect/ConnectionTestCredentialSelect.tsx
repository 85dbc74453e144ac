import type { ConnectionTestState } from '../../hooks/useConnectionTest';
import {
  CredentialSelect,
  useLoginCredentials,
} from '@opssight/plugin-vault-react';

const EACH_DEFAULT = 'default';
const NONE = 'none';

/**
 * How the next connection tests log in: each machine's default credential,
 * none (handshake and host key only), or one credential for every machine.
 * Hidden when the app has no vault.
 */
export function ConnectionTestCredentialSelect(props: {
  state: Pick<
    ConnectionTestState,
    'credentialId' | 'pickCredential' | 'running'
  >;
}) {
  const { credentialId, pickCredential, running } = props.state;
  const credentials = useLoginCredentials();
  if (!credentials.available) {
    return null;
  }
  let value = credentialId ?? EACH_DEFAULT;
  if (credentialId === null) {
    value = NONE;
  }
  return (
    <CredentialSelect
      size="small"
      id="connection-test-credential"
      label="Log in with"
      sx={{ minWidth: 240 }}
      disabled={running}
      credentials={credentials}
      choices={[
        { value: EACH_DEFAULT, label: "Each machine's default credential" },
        { value: NONE, label: 'No credential (handshake only)' },
      ]}
      value={value}
      onChange={picked => {
        if (picked === EACH_DEFAULT) pickCredential(undefined);
        else if (picked === NONE) pickCredential(null);
        else pickCredential(picked);
      }}
    />
  );
}
