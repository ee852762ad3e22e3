export {
  enumSetting,
  integerSetting,
  listSetting,
  mustBe,
  portSetting,
  stringSetting,
  urlSetting,
  type ConfigOf,
  type Setting,
  type SettingsSpec,
} from './settings.js';
export { CONFIG_INVALID, ConfigError, describeSettings, loadConfig, type Environment } from './load.js';
export {
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
  type ServiceName,
} from './common.js';
