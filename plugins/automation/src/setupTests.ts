import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Pages load in several steps (permissions, then lists); on a machine shared
// with other test runs each step can take more than the default second.
configure({ asyncUtilTimeout: 10_000 });

// The same for whole tests: a page test takes several of those steps.
jest.setTimeout(60_000);
