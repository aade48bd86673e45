/** Finding a program the way a shell would (a path, or each PATH entry), without running a shell. */
import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, isAbsolute, join, resolve } from 'node:path'

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** The absolute path of the program, or null when it is not found or not executable. */
export function findExecutable(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): string | null {
  if (name.includes('/')) {
    const path = isAbsolute(name) ? name : resolve(cwd, name)
    return isExecutableFile(path) ? path : null
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue
    const path = resolve(cwd, join(dir, name))
    if (isExecutableFile(path)) return path
  }
  return null
}
