// The `dsop-guard` command line. Run from source with `pnpm dsop-guard …` (tsx), or built as the package's bin.
import { dispatch } from './main.js';

process.exitCode = await dispatch(process.argv.slice(2));
