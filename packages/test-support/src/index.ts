export {
  type ProcessResult,
  type RunningProcess,
  type RunOptions,
  runNode,
  runProcess,
  runTsx,
  type StartOptions,
  startProcess,
  TSX_CLI,
} from './process.js';
export { seededRandom } from './random.js';
export {
  type Handler,
  type LoopbackServer,
  listenOnLoopback,
  type RecordedRequest,
  type RecordingServer,
  sendJson,
  startRecordingServer,
  unusedPort,
} from './server.js';
