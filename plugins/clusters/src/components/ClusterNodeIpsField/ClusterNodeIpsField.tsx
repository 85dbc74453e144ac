import { useEffect } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { clustersApiRef } from '../../api';
import { NodeIpListsEditor, type NodeIpLists } from '../NodeIpListsEditor';
import { nodeReviewLines } from './validation';

/** The field's value: the lists, and their lines for the review step. */
export type ClusterNodeIpsValue = NodeIpLists & {
  mastersReview?: string[];
  workersReview?: string[];
};

/**
 * The scaffolder field `ui:field: ClusterNodeIps`: a cluster's masters and
 * workers, and the unregistered IPs to register on the way. Its value is
 * `{ masters, workers, register: [{ ip, hostname }] }`, plus the same as
 * readable lines for the review step (`mastersReview`, `workersReview`), which
 * shows those instead of `ip: … hostname: …` objects.
 */
export function ClusterNodeIpsField(
  props: FieldExtensionComponentProps<ClusterNodeIpsValue>,
) {
  const { formData, rawErrors, schema, disabled, idSchema } = props;
  const onChange = (lists: NodeIpLists) =>
    props.onChange({ ...lists, ...nodeReviewLines(lists) });
  const api = useApi(clustersApiRef);
  const value: NodeIpLists = {
    masters: (formData?.masters ?? []).map(ip => ip ?? ''),
    workers: (formData?.workers ?? []).map(ip => ip ?? ''),
    register: formData?.register ?? [],
  };
  const errors = rawErrors ?? [];

  // The form fills `minItems` with holes, which its schema check then refuses
  // before this field's own validation can say what is missing: no holes.
  const complete =
    !!formData &&
    Array.isArray(formData.mastersReview) &&
    Array.isArray(formData.masters) &&
    Array.isArray(formData.workers) &&
    Array.isArray(formData.register) &&
    [...formData.masters, ...formData.workers].every(
      ip => typeof ip === 'string',
    );
  useEffect(() => {
    if (!complete) onChange(value);
    // Once, for what the form handed over.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <Box sx={{ my: 2 }} id={idSchema?.$id}>
      {schema.title && (
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 500 }}>
          {schema.title}
        </Typography>
      )}
      {schema.description && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
          {schema.description}
        </Typography>
      )}
      {/* Each problem shows at its entry; the form's list above points here. */}
      <NodeIpListsEditor
        value={value}
        onChange={onChange}
        lookup={ips => api.lookupIps(ips)}
        disabled={disabled}
        showAllProblems={errors.length > 0}
      />
    </Box>
  );
}
