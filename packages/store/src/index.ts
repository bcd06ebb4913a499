export { openDatabase, migrate } from './database.ts';
export type { Database, Statement } from './database.ts';
export { StoreError, STORE_ERROR_CODES } from './store-error.ts';
export type { StoreErrorCode } from './store-error.ts';
