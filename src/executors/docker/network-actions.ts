/**
 * docker_network_connect and docker_network_disconnect: attach a managed
 * container to a managed network or detach it. Both the container and the
 * network must be in scope. Connecting an already-connected container and
 * disconnecting a detached one succeed and say so.
 */

import type Dockerode from 'dockerode'
import { z } from 'zod'
import { actionSpec } from '../../core/action.js'
import { defineAction, failed, ok } from '../action-result.js'
import type { EngineGetter } from './engine.js'
import { onContainer } from './on-container.js'
import { DockerRef } from './params.js'
import type { DockerScope } from './scope.js'
import { resolveNetwork } from './target.js'

const NetworkParams = z.strictObject({ container: DockerRef, network: DockerRef })

export const DOCKER_NETWORK_CONNECT = actionSpec({
  name: 'docker_network_connect',
  kind: 'docker',
  description:
    'Connect a managed container to a managed network (heals a partition made by disconnecting it); a connected one stays connected.',
  params: NetworkParams,
  risk: 'medium',
  tier: 2,
})

export const DOCKER_NETWORK_DISCONNECT = actionSpec({
  name: 'docker_network_disconnect',
  kind: 'docker',
  description:
    'Disconnect a managed container from a managed network (cuts its traffic there); a detached one stays detached.',
  params: NetworkParams,
  risk: 'high',
  tier: 2,
})

function connectedTo(info: Dockerode.ContainerInspectInfo, network: Dockerode.NetworkInspectInfo): boolean {
  return Object.entries(info.NetworkSettings.Networks ?? {}).some(
    ([name, n]) => name === network.Name || n.NetworkID === network.Id,
  )
}

export function dockerNetworkConnectAction(getEngine: EngineGetter, scope: DockerScope) {
  return defineAction({
    ...DOCKER_NETWORK_CONNECT,
    run: onContainer('connect', getEngine, scope, async (t, p, ctx, engine) => {
      const net = await resolveNetwork(engine, p.network, scope, ctx.signal)
      if (!net.ok) return net.result
      const details = { container: t.name, network: net.value.info.Name }
      if (connectedTo(t.info, net.value.info))
        return ok(`${t.name} is already connected to ${net.value.info.Name}`, { ...details, changed: false })
      if (t.info.HostConfig.NetworkMode === 'none' || t.info.HostConfig.NetworkMode === 'host') {
        return failed(`${t.name} cannot join networks`, `its network mode is ${t.info.HostConfig.NetworkMode}`, details)
      }
      await net.value.network.connect({ Container: t.info.Id })
      ctx.log('container connected', details)
      return ok(`connected ${t.name} to ${net.value.info.Name}`, { ...details, changed: true })
    }),
  })
}

export function dockerNetworkDisconnectAction(getEngine: EngineGetter, scope: DockerScope) {
  return defineAction({
    ...DOCKER_NETWORK_DISCONNECT,
    run: onContainer('disconnect', getEngine, scope, async (t, p, ctx, engine) => {
      const net = await resolveNetwork(engine, p.network, scope, ctx.signal)
      if (!net.ok) return net.result
      const details = { container: t.name, network: net.value.info.Name }
      if (!connectedTo(t.info, net.value.info))
        return ok(`${t.name} is not connected to ${net.value.info.Name}`, { ...details, changed: false })
      await net.value.network.disconnect({ Container: t.info.Id, Force: false, abortSignal: ctx.signal })
      ctx.log('container disconnected', details)
      return ok(`disconnected ${t.name} from ${net.value.info.Name}`, { ...details, changed: true })
    }),
  })
}
