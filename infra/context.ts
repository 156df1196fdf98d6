/** Stack settings from `cdk -c key=value`, checked with clear errors. */
import type { DatabaseMode, PipelineStackProps } from './stacks/pipeline-stack';

const MODES: readonly DatabaseMode[] = ['aurora', 'external'];

type Context = (key: string) => unknown;

export function pipelinePropsFromContext(context: Context): PipelineStackProps {
  const mode = String(context('database') ?? 'aurora');
  if (!MODES.includes(mode as DatabaseMode)) {
    throw new Error(`unknown -c database=${mode}; use ${MODES.join(' or ')}`);
  }
  const secretName = context('databaseSecretName');
  const alertSecretName = context('alertSecretName');
  const eventsPerDay = context('eventsPerDay');
  const props: PipelineStackProps = {
    databaseMode: mode as DatabaseMode,
    ...(secretName ? { databaseSecretName: String(secretName) } : {}),
    ...(alertSecretName ? { alertSecretName: String(alertSecretName) } : {}),
  };
  if (eventsPerDay !== undefined) {
    const count = Number(eventsPerDay);
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new Error(
        `bad -c eventsPerDay=${String(eventsPerDay)}; use a whole number`,
      );
    }
    return { ...props, eventsPerDay: count };
  }
  return props;
}
