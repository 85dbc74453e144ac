import CodeMirror from '@uiw/react-codemirror';
import { StreamLanguage } from '@codemirror/language';
import { yaml } from '@codemirror/legacy-modes/mode/yaml';
import { useTheme } from '@mui/material/styles';

const YAML = [StreamLanguage.define(yaml)];

/** One file of a project in a code editor, highlighted as YAML. */
export function YamlEditor(props: {
  path: string;
  value: string;
  onChange: (value: string) => void;
  readOnly: boolean;
}) {
  const theme = useTheme();
  return (
    <CodeMirror
      aria-label={`Contents of ${props.path}`}
      value={props.value}
      onChange={props.onChange}
      readOnly={props.readOnly}
      editable={!props.readOnly}
      extensions={YAML}
      theme={theme.palette.mode === 'dark' ? 'dark' : 'light'}
      height="480px"
      basicSetup={{ foldGutter: true, highlightActiveLine: !props.readOnly }}
    />
  );
}
