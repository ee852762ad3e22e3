export { createShutdown, type Shutdown, type ShutdownOptions } from './shutdown.js';
export { runService } from './run-service.js';
