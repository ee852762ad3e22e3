import path from 'node:path';

export type ComponentName = 'postgres' | 'kafka' | 'registry';

/** Where each piece of the stack keeps its state under the data directory. */
export function stackLayout(dataDir: string) {
  return {
    dataDir,
    logDir: path.join(dataDir, 'logs'),
    runDir: path.join(dataDir, 'run'),
    downloadsDir: path.join(dataDir, 'downloads'),
    postgresData: path.join(dataDir, 'postgres'),
    kafkaData: path.join(dataDir, 'kafka'),
    kafkaConfig: path.join(dataDir, 'kafka-config'),
    registryHome: path.join(dataDir, 'registry'),
    logFile: (component: ComponentName) => path.join(dataDir, 'logs', `${component}.log`),
    pidFile: (component: ComponentName) => path.join(dataDir, 'run', `${component}.pid`),
  };
}

export type StackLayout = ReturnType<typeof stackLayout>;
