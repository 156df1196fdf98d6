/** Names shared by the stack and the LocalStack scripts. */

/** The secret that holds the Postgres URL in external-database mode. */
export const DEFAULT_DATABASE_SECRET_NAME = 'pulse/database-url';

/** The stack's id, and so its CloudFormation name. */
export const STACK_NAME = 'PulsePipeline';
