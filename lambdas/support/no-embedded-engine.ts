/**
 * Stands in for @electric-sql/pglite inside the Lambda bundles (an esbuild
 * alias set in infra/constructs/lambda-bundling.ts): a Lambda always works
 * on a server, and the embedded engine would add ~650 kB and WASM files.
 */
export class PGlite {
  static create(): never {
    throw new Error(
      'the embedded PGlite engine is not bundled into the Lambdas; configure a server database',
    );
  }
}
