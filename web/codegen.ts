// Types for every operation document colocated with the components, from the exported schema.
// `npm run codegen` rewrites src/gql; the build runs `--check`, which fails when it is stale.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  // SLIPWAY_SCHEMA: another SDL (e.g. one exported from work in progress) for local iteration.
  schema: process.env.SLIPWAY_SCHEMA ?? "../graphql/schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**/*"],
  ignoreNoDocuments: true,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        // Only what the documents use: other areas growing the schema does not make this stale.
        onlyOperationTypes: true,
        useTypeImports: true,
        scalars: {
          ID: "string", DateTime: "string", JSON: "unknown", Upload: "File", BigInt: "number",
          FloatColumn: "number[]", IntColumn: "number[]", TimeColumn: "string[]", Float64Array: "string",
        },
      },
    },
  },
};

export default config;
