export type { ValidationIssue } from '../types/arguments-check.js';
