export {
  booleanSetting,
  enumSetting,
  optionalSetting,
  integerSetting,
  listSetting,
  mustBe,
  portSetting,
  stringSetting,
  urlSetting,
  type ConfigOf,
  type Setting,
  type SettingsSpec,
} from './settings.ts';
export { CONFIG_INVALID, ConfigError, describeSettings, loadConfig, type Environment } from './load.ts';
export {
  consumerSettings,
  kafkaSettings,
  kafkaTuningSettings,
  metricsPortSetting,
  observabilitySettings,
  pipelineSettings,
  postgresSettings,
  childEnvironment,
  serviceDefaultPorts,
  stackSettings,
  serviceNames,
  replicationForCluster,
  topicReplication,
  type ServiceName,
  type TopicReplication,
} from './common.ts';
export { serviceEnvironment, serviceNodeOptions } from './service-environment.ts';
export {
  kafkaSecurity,
  kafkaSecuritySettings,
  saslMechanisms,
  schemaRegistryAuth,
  schemaRegistryAuthSettings,
  type KafkaSecurity,
  type SaslMechanism,
  type SchemaRegistryAuth,
  type Secret,
} from './security.ts';
