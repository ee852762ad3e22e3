import path from 'node:path';

/** Kafka node 1 keeps the names a one-broker stack always had; the others are kafka-2, kafka-3… */
export type KafkaNodeName = 'kafka' | `kafka-${number}`;

export type ComponentName = 'postgres' | KafkaNodeName | 'registry';

export function kafkaNodeName(nodeId: number): KafkaNodeName {
  return nodeId === 1 ? 'kafka' : `kafka-${nodeId}`;
}

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
    kafkaNodeData: (nodeId: number) => path.join(dataDir, kafkaNodeName(nodeId)),
    kafkaNodeConfig: (nodeId: number) => path.join(dataDir, nodeId === 1 ? 'kafka-config' : `kafka-config-${nodeId}`),
    /** The shape the stack was first started with (its broker count), kept with its data. */
    shapeFile: path.join(dataDir, 'stack.json'),
    registryHome: path.join(dataDir, 'registry'),
    logFile: (component: ComponentName) => path.join(dataDir, 'logs', `${component}.log`),
    pidFile: (component: ComponentName) => path.join(dataDir, 'run', `${component}.pid`),
  };
}

export type StackLayout = ReturnType<typeof stackLayout>;
