import { screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  apiError,
  failingWith,
  userEvent,
} from '@opssight/plugin-api-react/testing';
import { accessApiRef } from '../../api';
import { fakeAccessApi } from '../../testing/fakeAccessApi';
import { ChangePasswordCard } from './ChangePasswordCard';

jest.setTimeout(20_000);

async function fill(current: string, next: string, confirmation = next) {
  await userEvent.type(
    await screen.findByLabelText(/Current password/),
    current,
  );
  await userEvent.type(screen.getByLabelText(/^New password/), next);
  await userEvent.type(
    screen.getByLabelText(/Confirm new password/),
    confirmation,
  );
  await userEvent.click(
    screen.getByRole('button', { name: 'Change password' }),
  );
}

function renderCard(api = fakeAccessApi()) {
  renderInTestApp(<ChangePasswordCard />, { apis: [[accessApiRef, api]] });
  return api;
}

describe('ChangePasswordCard', () => {
  it('changes the password, then clears the form and says the other sessions ended', async () => {
    const api = renderCard();
    expect(await screen.findByText(/Signed in as admin/)).toBeInTheDocument();
    await fill('old-password-123', 'velvet-harbour-42-quiet');
    await waitFor(() =>
      expect(api.changeMyPassword).toHaveBeenCalledWith(
        'old-password-123',
        'velvet-harbour-42-quiet',
      ),
    );
    expect(
      await screen.findByText(
        'Password changed. Your other sessions have ended.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText(/Current password/)).toHaveValue('');
  });

  it('checks the confirmation without asking the server', async () => {
    const api = renderCard();
    await fill('old-password-123', 'velvet-harbour-42-quiet', 'something-else');
    expect(
      await screen.findByText('does not match the new password'),
    ).toBeInTheDocument();
    expect(api.changeMyPassword).not.toHaveBeenCalled();
  });

  it("puts the policy's and the current password's messages on their fields", async () => {
    const api = fakeAccessApi({
      changeMyPassword: jest
        .fn()
        .mockRejectedValueOnce(
          await apiError(
            400,
            'InputError',
            'newPassword: must be at least 12 characters long; must not contain the username',
          ),
        )
        .mockRejectedValueOnce(
          await apiError(
            400,
            'InputError',
            'currentPassword: is not the current password',
          ),
        ),
    });
    renderCard(api);
    await fill('old-password-123', 'admin1');
    expect(
      await screen.findByText(
        'must be at least 12 characters long; must not contain the username',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Change password' }),
    );
    expect(
      await screen.findByText('is not the current password'),
    ).toBeInTheDocument();
  });

  it('shows a throttled change as a whole-form message', async () => {
    const api = fakeAccessApi({
      changeMyPassword: failingWith(
        429,
        'TooManyAttemptsError',
        'Too many wrong passwords; try again in 30 seconds',
      ),
    });
    renderCard(api);
    await fill('wrong-password-1', 'velvet-harbour-42-quiet');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Too many wrong passwords; try again in 30 seconds',
    );
  });

  it('tells users of another sign-in provider where their password lives', async () => {
    const api = fakeAccessApi({
      getMe: failingWith(
        404,
        'NotFoundError',
        "'user:default/gh' has no local account",
      ),
    });
    renderCard(api);
    expect(
      await screen.findByText(/your password is managed there/),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText(/Current password/)).toBeNull();
  });
});
