/** The transform: stg, marts and the DQ layer, incremental by default. */
export {
  DEFAULT_MAX_ROWS_PER_RUN,
  TRANSFORM_LOCK_KEY,
  runTransform,
  type StepTiming,
  type TransformOptions,
  type TransformRunResult,
  type TransformStatus,
} from './runner';
export { readStatus, type TransformStatusReport } from './status';
export { MANIFEST, type ManifestStep } from './manifest';
export {
  compileSchemaTests,
  parseSchemaTests,
  projectSchemaTests,
  type SchemaTest,
} from './schema-tests';
