/** Every generated logistics method against the sandbox (the shared table test, scripts/methods). */

import { startSandboxHarness } from '@pandapon/sandbox/testing';
import { describeMethodTable } from '../../../scripts/methods/method-suite.js';
import { createLogisticsClient } from '../src/index.js';

describeMethodTable('logistics', () =>
  startSandboxHarness(createLogisticsClient, { userId: 'logistics-methods-user' }),
);
