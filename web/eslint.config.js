// The web app's lint gate (`npm run lint`, `make check-web`): ESLint's and typescript-eslint's
// recommended rules with type information, React's hook rules and jsx-a11y's accessibility rules.
//
// `typescript` in package.json is TypeScript 6's API (@typescript/typescript6) because
// typescript-eslint needs a JS compiler API, which TypeScript 7 no longer ships; `tsc` (typecheck,
// build) is TypeScript 7, installed as @typescript/native. Drop the alias once typescript-eslint
// supports TypeScript 7 (typescript-eslint/typescript-eslint#10940).
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  { ignores: ["dist/", "src/gql/"] },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [
      js.configs.recommended,
      tseslint.configs.recommendedTypeChecked,
      reactHooks.configs.flat["recommended-latest"],
      jsxA11y.flatConfigs.recommended,
    ],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A radio's label text sits in <span><strong>…</strong></span>: look that deep for it.
      "jsx-a11y/label-has-associated-control": ["error", { depth: 3 }],
    },
  },
  {
    // The end-to-end runner and this file: Node scripts in plain JavaScript.
    files: ["**/*.{js,mjs}"],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    // Journeys pass functions to page.evaluate and waitForFunction, which run in the browser.
    files: ["e2e/journeys/*.mjs"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
