import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Pages load in several steps (permissions, then lists); on a machine shared
// with other test runs each step can take more than the default second.
configure({ asyncUtilTimeout: 10_000 });
