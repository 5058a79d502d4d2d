/** One "first run" of the demo in its own process, for the concurrency test: builds the file given as argv[2]. */
import { ensureDemoDatabase } from '../../src/cli/demo-database.js';

const created = await ensureDemoDatabase(process.argv[2] as string);
process.stdout.write(created ? 'created\n' : 'found\n');
