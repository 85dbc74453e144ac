import { screen, waitFor } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { toResponseError } from '../../errors';
import { FormDialog, FormTextField } from './FormDialog';
import { useFormDialog } from './useFormDialog';

const userEvent = userEventLib.setup({ delay: null });

function Form(props: { save: (data: { name: string }) => Promise<void> }) {
  const form = useFormDialog({
    id: 'thing',
    initialValues: { name: '', note: '' },
    check: values =>
      values.name.trim()
        ? { data: { name: values.name.trim() } }
        : { errors: { name: 'is required' } },
    save: props.save,
    serverFields: ['name', 'note'],
  });
  return (
    <FormDialog
      form={form}
      title="Add thing"
      submitLabel="Add"
      onClose={() => {}}
    >
      <FormTextField
        form={form}
        field="name"
        label="Name"
        helperText="What it is called"
      />
      <FormTextField form={form} field="note" label="Note" />
    </FormDialog>
  );
}

const answer = (status: number, message: string) =>
  toResponseError(
    new Response(JSON.stringify({ error: { name: 'InputError', message } }), {
      status,
      headers: { 'content-type': 'application/json' },
    }),
  );

describe('FormDialog', () => {
  it('shows a field problem once submitted, and sends nothing', async () => {
    const save = jest.fn();
    await renderInTestApp(<Form save={save} />);
    expect(
      screen.getByRole('dialog', { name: 'Add thing' }),
    ).toBeInTheDocument();
    expect(screen.getByText('What it is called')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(screen.getByText('is required')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add' })).toBeDisabled();
    expect(save).not.toHaveBeenCalled();
  });

  it('puts a 400 that names a field beside it, and is busy while saving', async () => {
    let reject: (e: unknown) => void = () => {};
    const save = jest.fn(
      () => new Promise<void>((_resolve, r) => (reject = r)),
    );
    await renderInTestApp(<Form save={save} />);
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Name' }),
      ' web ',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(save).toHaveBeenCalledWith({ name: 'web' });
    expect(screen.getByRole('button', { name: 'Saving…' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();
    reject(await answer(400, 'Invalid thing: note: must be shorter'));
    expect(await screen.findByText('must be shorter')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Note' })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    // Typing in the field clears the server's problem with it.
    await userEvent.type(screen.getByRole('textbox', { name: 'Note' }), 'x');
    expect(screen.queryByText('must be shorter')).not.toBeInTheDocument();
  });

  it('shows a problem that names no field for the whole form, without ids', async () => {
    const save = jest.fn(async () => {
      throw await answer(
        500,
        'store 3f2b8c1e-9a4d-4e1b-8c2a-1d2e3f4a5b6c is read-only',
      );
    });
    await renderInTestApp(<Form save={save} />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Name' }), 'web');
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent('store is read-only'),
    );
  });
});
