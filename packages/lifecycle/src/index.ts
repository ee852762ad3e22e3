export { createShutdown, type Shutdown, type ShutdownOptions } from './shutdown.ts';
export { runService } from './run-service.ts';
