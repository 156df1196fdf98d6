/**
 * How the Lambda handlers are bundled: one description shared by the
 * NodejsFunctions of the stack and by the bundle-size script, so the sizes
 * reported are the sizes deployed.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { aws_lambda_nodejs as nodejs } from 'aws-cdk-lib';

export const REPO_ROOT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);

export const HANDLERS = {
  generator: 'lambdas/generator.ts',
  transform: 'lambdas/transform.ts',
  migrate: 'lambdas/migrate.ts',
} as const;

export type HandlerName = keyof typeof HANDLERS;

/** Handlers that read sql/ at run time and get a copy in their bundle. */
export const NEEDS_SQL: ReadonlySet<HandlerName> = new Set([
  'generator',
  'transform',
  'migrate',
]);

/** The Lambda runtime provides the AWS SDK v3; pg-native is never used. */
export const EXTERNAL_MODULES = ['@aws-sdk/*', 'pg-native'];

/**
 * Packages replaced inside the bundles: the embedded engine (PGlite, ~650
 * kB of JS plus WASM) is never opened by a Lambda.
 */
export const ALIASES: Readonly<Record<string, string>> = {
  '@electric-sql/pglite': join(
    REPO_ROOT,
    'lambdas/support/no-embedded-engine.ts',
  ),
};

/** CommonJS dependencies (pg, pino) call require() inside the ESM bundle. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __pulseCreateRequire } from 'node:module'; const require = __pulseCreateRequire(import.meta.url);";

export const NODE_TARGET = 'node22';

export function entryPath(name: HandlerName): string {
  return join(REPO_ROOT, HANDLERS[name]);
}

/** NodejsFunction bundling: local esbuild, ESM, minified, sql/ copied. */
export function bundlingFor(name: HandlerName): nodejs.BundlingOptions {
  const sqlDir = join(REPO_ROOT, 'sql');
  return {
    forceDockerBundling: false,
    format: nodejs.OutputFormat.ESM,
    target: NODE_TARGET,
    minify: true,
    sourceMap: false,
    mainFields: ['module', 'main'],
    externalModules: EXTERNAL_MODULES,
    banner: ESM_REQUIRE_BANNER,
    esbuildArgs: Object.fromEntries(
      Object.entries(ALIASES).map(([from, to]) => [`--alias:${from}`, to]),
    ),
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir: string, outputDir: string) =>
        NEEDS_SQL.has(name) ? [`cp -R "${sqlDir}" "${outputDir}/sql"`] : [],
    },
  };
}
