// Worker entry: a worker does not inherit the parent's TypeScript loader, so it registers tsx first.
import { register } from 'tsx/esm/api';

register();
await import('./lake-worker.ts');
