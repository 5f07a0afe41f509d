// Tests use the same config as scripts/: see there.
export { default } from '../scripts/eslint.config.mjs';
