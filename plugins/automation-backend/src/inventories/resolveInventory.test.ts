import { withoutPath } from './resolveInventory';

const PATH =
  '/tmp/opssight-automation-runs/inventory-e1568d1bf141/static-inventory.ini';

describe('withoutPath', () => {
  it.each([
    // Whole, as the file Ansible names.
    [
      `Completely failed to parse inventory source ${PATH}`,
      'Completely failed to parse inventory source ',
    ],
    // Wrapped at a hyphen, its start on a line left out, a line number after it.
    [
      'automation-runs/inventory-e1568d1bf141/static- inventory.ini:4: Section [a:children] includes undefined group: nope',
      'line 4: Section [a:children] includes undefined group: nope',
    ],
    // Only the file name left, and in quotes.
    [
      `The error appears to be in '/static-inventory.ini': line 5`,
      "The error appears to be in '': line 5",
    ],
    [
      'opssight-automation- runs/inventory-e1568d1bf141/static-inventory.ini with ini plugin',
      ' with ini plugin',
    ],
  ])('takes the run directory out of %j', (message, expected) => {
    expect(withoutPath(message, PATH)).toBe(expected);
  });

  it('keeps words that merely occur in the path', () => {
    const message =
      'not enough values to unpack in the inventory (expected 3, got 2)';
    expect(withoutPath(message, PATH)).toBe(message);
  });
});
