/** Where this command line's entry point is: the supervisor spawns its children (monitor, agent, workload) from it. */
import { fileURLToPath } from 'node:url'

export const CLI_PATH = fileURLToPath(new URL('./main.js', import.meta.url))
