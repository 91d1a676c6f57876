/** Every generated taobao method against the sandbox (the shared table test, scripts/methods). */

import { startSandboxHarness } from '@pandapon/sandbox/testing';
import { describeMethodTable } from '../../../scripts/methods/method-suite.js';
import { createTaobaoClient } from '../src/index.js';

describeMethodTable('taobao', () =>
  startSandboxHarness(createTaobaoClient, { userId: 'taobao-methods-user' }),
);
