import type { Config } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { FileCheckpointStore } from './file-checkpoint-store.js';

export function createCheckpointStore(config: Config, _logger: Logger): CheckpointStore {
  return new FileCheckpointStore(config.state.dir);
}
