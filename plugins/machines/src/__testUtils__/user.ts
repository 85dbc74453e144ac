import userEventLib from '@testing-library/user-event';

/** The user of the machines UI tests, who types without delays. */
export const userEvent = userEventLib.setup({ delay: null });
