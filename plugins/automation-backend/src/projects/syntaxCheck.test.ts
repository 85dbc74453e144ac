import { parseSyntaxCheckOutput } from './syntaxCheck';

const where = {
  playbook: 'site.yml',
  projectPaths: ['/tmp/runs/abc/project', '/private/tmp/runs/abc/project'],
  runPaths: ['/tmp/runs/abc', '/private/tmp/runs/abc'],
};

describe('parseSyntaxCheckOutput', () => {
  it('reads a YAML error as Ansible prints it, the file relative to the project', () => {
    const output = `[WARNING]: No inventory was parsed
ERROR! We were unable to read either as JSON nor YAML, these are the errors we got from each:
JSON: Expecting value: line 1 column 1 (char 0)

Syntax Error while loading YAML.
  did not find expected key

The error appears to be in '/private/tmp/runs/abc/project/roles/web/tasks/main.yml': line 4, column 4, but may
be elsewhere in the file depending on the exact syntax problem.

The offending line appears to be:

  - ping:
   x: 1
   ^ here
`;
    expect(parseSyntaxCheckOutput(output, where)).toEqual({
      playbook: 'site.yml',
      file: 'roles/web/tasks/main.yml',
      line: 4,
      column: 4,
      message: 'Syntax Error while loading YAML. did not find expected key',
    });
  });

  it('keeps an error without a location on the playbook, and finds none in clean output', () => {
    expect(
      parseSyntaxCheckOutput(
        '\u001b[0;31mERROR! the playbook: nope.yml could not be found\u001b[0m\n',
        where,
      ),
    ).toEqual({
      playbook: 'site.yml',
      file: 'site.yml',
      line: null,
      column: null,
      message: 'the playbook: nope.yml could not be found',
    });
    expect(
      parseSyntaxCheckOutput('\nplaybook: site.yml\n', where),
    ).toBeUndefined();
  });

  it('says paths in the run directory relative to the project', () => {
    const output =
      "ERROR! the role 'db' was not found in /tmp/runs/abc/project/roles:/tmp/runs/abc/home/.ansible/roles:/tmp/runs/abc/project\n\nThe error appears to be in '/tmp/runs/abc/project/site.yml': line 3, column 5, but may\n";
    expect(parseSyntaxCheckOutput(output, where)).toMatchObject({
      file: 'site.yml',
      line: 3,
      column: 5,
      message: "the role 'db' was not found in roles:home/.ansible/roles:.",
    });
  });

  it('never names a file outside the project', () => {
    const output =
      "ERROR! bad\n\nThe error appears to be in '/etc/ansible/x.yml': line 2, column 1, but may\n";
    expect(parseSyntaxCheckOutput(output, where)).toEqual({
      playbook: 'site.yml',
      file: 'site.yml',
      line: null,
      column: null,
      message: 'bad',
    });
  });
});
