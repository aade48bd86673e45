/**
 * Images built offline: there is no registry. A root filesystem is packed
 * from binaries already on this machine (and the shared libraries they link,
 * found with ldd) into a tar stream and imported into the engine. The tag is
 * a digest of the files' identities, so an image is rebuilt only when the
 * binaries change.
 */
import { createHash } from 'node:crypto'
import { readFileSync, realpathSync, statSync } from 'node:fs'
import { PassThrough } from 'node:stream'
import { execa } from 'execa'
import { pack } from 'tar-stream'
import { OperatorError } from '../../core/errors.js'
import type { Engine } from './engine.js'

export interface ImageSpec {
  /** Repository name, e.g. `operator/etcd`. */
  repo: string
  /** Host binaries to copy, with the libraries they link. */
  binaries: string[]
  /** Extra files: path in the image → content. */
  files?: Record<string, string>
  /** Empty directories to create, with their mode and owner uid. */
  dirs?: { path: string; mode: number; uid?: number }[]
  /** Symlinks: path in the image → target. */
  links?: Record<string, string>
}

/** The binary plus every shared library ldd reports for it (resolved to real files). */
export async function closure(binary: string): Promise<string[]> {
  const real = realpathSync(binary)
  const { stdout } = await execa('ldd', [real], { reject: false })
  const libs = [...stdout.matchAll(/(?:=>\s*)?(\/[^\s]+)\s+\(0x/g)].map((m) => m[1] as string)
  return [real, ...libs]
}

async function fileSet(spec: ImageSpec): Promise<{ path: string; real: string }[]> {
  const out = new Map<string, string>()
  for (const bin of spec.binaries) {
    // The binary keeps the path it is called by; libraries keep the path the loader looks for.
    out.set(bin, realpathSync(bin))
    for (const lib of (await closure(bin)).slice(1)) out.set(lib, realpathSync(lib))
  }
  return [...out].map(([path, real]) => ({ path, real }))
}

export async function imageTag(spec: ImageSpec): Promise<string> {
  const h = createHash('sha256').update(JSON.stringify({ files: spec.files, dirs: spec.dirs, links: spec.links }))
  for (const f of await fileSet(spec)) {
    const st = statSync(f.real)
    h.update(`${f.path}:${st.size}:${st.mtimeMs}`)
  }
  return h.digest('hex').slice(0, 12)
}

/** Imports the image unless a tag for exactly these files exists; returns `repo:tag`. */
export async function ensureImage(engine: Engine, spec: ImageSpec): Promise<string> {
  const tag = await imageTag(spec)
  const ref = `${spec.repo}:${tag}`
  const existing = await engine.docker.listImages({ filters: { reference: [ref] } })
  if (existing.length > 0) return ref
  const tar = pack()
  const dirs = new Set<string>()
  const addDir = (path: string, mode = 0o755, uid = 0) => {
    if (dirs.has(path) || path === '/' || path === '') return
    const parent = path.slice(0, path.lastIndexOf('/'))
    if (parent) addDir(parent)
    dirs.add(path)
    tar.entry({ name: path.slice(1), type: 'directory', mode, uid, gid: uid })
  }
  for (const [path, target] of Object.entries(spec.links ?? {})) {
    addDir(path.slice(0, path.lastIndexOf('/')))
    tar.entry({ name: path.slice(1), type: 'symlink', linkname: target })
  }
  for (const d of spec.dirs ?? []) addDir(d.path, d.mode, d.uid ?? 0)
  for (const f of await fileSet(spec)) {
    addDir(f.path.slice(0, f.path.lastIndexOf('/')))
    tar.entry({ name: f.path.slice(1), mode: statSync(f.real).mode & 0o7777 }, readFileSync(f.real))
  }
  for (const [path, content] of Object.entries(spec.files ?? {})) {
    addDir(path.slice(0, path.lastIndexOf('/')))
    tar.entry({ name: path.slice(1), mode: 0o644 }, content)
  }
  tar.finalize()
  const body = new PassThrough()
  tar.pipe(body)
  const stream = (await engine.docker.importImage(body, { repo: spec.repo, tag })) as NodeJS.ReadableStream
  await new Promise<void>((resolve, reject) => {
    engine.docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve()))
  })
  const made = await engine.docker.listImages({ filters: { reference: [ref] } })
  if (made.length === 0)
    throw new OperatorError(
      'subject',
      `importing image ${ref} produced nothing`,
      'check the engine log (dockerd) and that the binaries are readable',
    )
  return ref
}

/** The etcd member image: the etcd binary from Debian's etcd-server and its libraries. */
export const ETCD_IMAGE: ImageSpec = {
  repo: 'operator/etcd',
  binaries: ['/usr/bin/etcd'],
  dirs: [
    { path: '/tmp', mode: 0o1777 },
    { path: '/var/lib/etcd', mode: 0o700 },
  ],
}

/** The script sandbox: bash and node with their libraries, a non-root user, a writable /tmp only. */
export const SANDBOX_UID = 10001
export const SANDBOX_IMAGE: ImageSpec = {
  repo: 'operator/sandbox',
  binaries: [
    '/usr/bin/bash',
    '/usr/bin/node',
    '/usr/bin/cat',
    '/usr/bin/ls',
    '/usr/bin/sleep',
    '/usr/bin/id',
    '/usr/bin/env',
  ],
  files: {
    '/etc/passwd': `root:x:0:0:root:/root:/usr/bin/bash\nsandbox:x:${SANDBOX_UID}:${SANDBOX_UID}:sandbox:/tmp:/usr/bin/bash\n`,
    '/etc/group': `root:x:0:\nsandbox:x:${SANDBOX_UID}:\n`,
  },
  dirs: [
    { path: '/tmp', mode: 0o1777 },
    { path: '/work', mode: 0o755 },
  ],
  links: { '/bin/bash': '/usr/bin/bash', '/bin/sh': '/usr/bin/bash' },
}
