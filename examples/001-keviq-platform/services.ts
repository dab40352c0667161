/**
 * Seed 001: the 15-service Keviq platform is the default catalogue, so this example is the root
 * services.ts itself and its output is the root dist/ (checked by test/dist.test.ts and every
 * conformance test). A copy here would be a second 15-service catalogue to keep in step by hand.
 */
export { defineServices, platform } from '../../services';
