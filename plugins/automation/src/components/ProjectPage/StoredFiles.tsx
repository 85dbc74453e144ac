import { useEffect, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import SaveIcon from '@mui/icons-material/Save';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  errorStatus,
  friendlyMessage,
  TitledCard,
} from '@opssight/plugin-api-react';
import { automationApiRef, type SavedVersion } from '../../api';
import { FileTree } from './FileTree';
import { NewFileDialog, SaveVersionDialog } from './SaveVersionDialog';
import { YamlEditor } from './YamlEditor';

/**
 * A stored project's files at its latest version: the tree, the editor, and
 * Save, which makes a new version (refused when someone saved in between).
 */
export function StoredFiles(props: {
  projectId: string;
  version: number;
  canEdit: boolean;
  /** The file the syntax check pointed at, to open. */
  openPath?: string;
  onSaved: (saved: SavedVersion) => void;
  /** Reload the project: its latest version changed elsewhere. */
  onReload: () => void;
}) {
  const { projectId, version, canEdit } = props;
  const api = useApi(automationApiRef);
  const loaded = useAsyncRetry(
    () => api.getVersionFiles(projectId, version),
    [api, projectId, version],
  );
  const [files, setFiles] = useState<Map<string, string>>(new Map());
  const [selected, setSelected] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [adding, setAdding] = useState(false);
  const [conflict, setConflict] = useState(false);

  useEffect(() => {
    if (!loaded.value) return;
    setFiles(new Map(loaded.value.map(f => [f.path, f.content])));
    setConflict(false);
    setSelected(current =>
      current && loaded.value!.some(f => f.path === current)
        ? current
        : loaded.value!.find(f => /\.ya?ml$/.test(f.path))?.path ??
          loaded.value![0]?.path,
    );
  }, [loaded.value]);

  useEffect(() => {
    if (props.openPath && files.has(props.openPath)) {
      setSelected(props.openPath);
    }
  }, [props.openPath, files]);

  const edited = useMemo(() => {
    const original = new Map(
      (loaded.value ?? []).map(f => [f.path, f.content]),
    );
    const changed = new Set<string>();
    for (const [path, content] of files) {
      if (original.get(path) !== content) changed.add(path);
    }
    for (const path of original.keys()) if (!files.has(path)) changed.add(path);
    return changed;
  }, [files, loaded.value]);

  if (loaded.error) {
    return (
      <Alert
        severity="error"
        action={<Button onClick={loaded.retry}>Retry</Button>}
      >
        Could not load the files: {friendlyMessage(loaded.error)}
      </Alert>
    );
  }
  if (!loaded.value) return <Progress />;

  const paths = [...files.keys()];
  const save = async (message: string) => {
    try {
      const saved = await api.saveVersion(projectId, {
        baseVersion: version,
        message,
        files: [...files].map(([path, content]) => ({ path, content })),
      });
      setSaving(false);
      props.onSaved(saved);
    } catch (e) {
      if (errorStatus(e) === 409) {
        setSaving(false);
        setConflict(true);
        return;
      }
      throw e;
    }
  };

  return (
    <TitledCard
      title="Files"
      subheader={`Version ${version}${
        edited.size ? ` · ${edited.size} changed, not saved` : ''
      }`}
      action={
        canEdit && (
          <Stack direction="row" spacing={1}>
            <Button startIcon={<AddIcon />} onClick={() => setAdding(true)}>
              New file
            </Button>
            <Button
              startIcon={<DeleteIcon />}
              disabled={!selected || paths.length < 2}
              onClick={() => {
                if (!selected) return;
                const next = new Map(files);
                next.delete(selected);
                setFiles(next);
                setSelected([...next.keys()][0]);
              }}
            >
              Delete file
            </Button>
            <Button
              variant="contained"
              startIcon={<SaveIcon />}
              disabled={edited.size === 0}
              onClick={() => setSaving(true)}
            >
              Save
            </Button>
          </Stack>
        )
      }
    >
      {conflict && (
        <Alert
          severity="warning"
          sx={{ mb: 2 }}
          action={<Button onClick={props.onReload}>Reload</Button>}
        >
          Someone saved in between: reload to see their version (your unsaved
          changes here are then lost; copy what you need first).
        </Alert>
      )}
      <Stack direction="row" spacing={2} alignItems="flex-start">
        <FileTree
          paths={paths}
          selected={selected}
          edited={edited}
          onSelect={setSelected}
        />
        <Box sx={{ flexGrow: 1, minWidth: 0 }}>
          {selected !== undefined && files.has(selected) ? (
            <>
              <Typography
                variant="subtitle2"
                sx={{ fontFamily: 'monospace', mb: 1 }}
              >
                {selected}
              </Typography>
              <YamlEditor
                key={selected}
                path={selected}
                value={files.get(selected) ?? ''}
                readOnly={!canEdit}
                onChange={content =>
                  setFiles(current => new Map(current).set(selected, content))
                }
              />
            </>
          ) : (
            <Typography color="text.secondary">Pick a file.</Typography>
          )}
        </Box>
      </Stack>
      {saving && (
        <SaveVersionDialog
          changedFiles={edited.size}
          onClose={() => setSaving(false)}
          onSave={save}
        />
      )}
      {adding && (
        <NewFileDialog
          existing={paths}
          onClose={() => setAdding(false)}
          onAdd={path => {
            setFiles(current => new Map(current).set(path, ''));
            setSelected(path);
            setAdding(false);
          }}
        />
      )}
    </TitledCard>
  );
}
