// @ts-nocheck
// What docs/adapters.md's ```ts blocks assume without declaring it (checked by test/docs/snippets.test.ts).
// A script, not a module: these are globals of this doc's snippets only (tsconfig.json excludes preludes).

/** Reads the person from a Fastify request (the "person" section below shows such readers). */
declare const person: (request: import('fastify').FastifyRequest) => unknown;
/** An Express app and a Fastify app of yours, and your Express route handler. */
declare const expressApp: import('express').Express;
declare const fastifyApp: import('fastify').FastifyInstance;
declare const handler: import('express').RequestHandler;
