// The IdP's database binding: directory, OIDC persistence, admin, events and audit share one
// SQLite file opened through the storage package.
export { openDatabase, migrate, type Database } from '@eims/store';
