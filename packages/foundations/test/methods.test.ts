/** Every generated foundations method against the sandbox (the shared table test, scripts/methods). */

import { startSandboxHarness } from '@pandapon/sandbox/testing';
import { describeMethodTable } from '../../../scripts/methods/method-suite.js';
import { createFoundationsClient } from '../src/index.js';

describeMethodTable('foundations', () =>
  startSandboxHarness(createFoundationsClient, { userId: 'foundations-methods-user' }),
);
