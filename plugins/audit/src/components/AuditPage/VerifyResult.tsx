import Alert from '@mui/material/Alert';
import type { AuditVerifyResult } from '@opssight/plugin-audit-common';

/** Green when every link of the chain checks out, red at the first broken one. */
export function VerifyResult(props: {
  result: AuditVerifyResult;
  onClose: () => void;
}) {
  const { result, onClose } = props;
  const entries = `${result.checked} ${
    result.checked === 1 ? 'entry' : 'entries'
  } checked`;
  if (result.ok) {
    return (
      <Alert severity="success" variant="filled" onClose={onClose}>
        Chain intact: {entries}
      </Alert>
    );
  }
  return (
    <Alert severity="error" variant="filled" onClose={onClose}>
      {result.firstBroken
        ? `Broken at entry #${result.firstBroken.seq}: ${result.firstBroken.reason}`
        : 'Chain broken'}{' '}
      ({entries})
    </Alert>
  );
}
