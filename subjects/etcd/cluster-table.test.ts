import { describe, expect, it } from 'vitest'
import { createDockerObservation, partitionedMember } from '../../test/fixtures/etcd-docker-observation.js'
import { createObservation, upMember } from '../../test/fixtures/etcd-observation.js'
import { etcdClusterTable } from './cluster-table.js'

describe('etcd cluster table', () => {
  it('shows a member cut off the peer network as partitioned, in the bad tone', () => {
    const table = etcdClusterTable(
      createDockerObservation({ members: [upMember('m1'), upMember('m2'), partitionedMember('m3')] }),
    )
    expect(table?.rows.map((r) => [r.cells[0], r.cells[2], r.tone])).toEqual([
      ['m1', 'healthy', 'ok'],
      ['m2', 'healthy', 'ok'],
      ['m3', 'partitioned', 'bad'],
    ])
  })

  it('never says partitioned on the process runtime', () => {
    const table = etcdClusterTable(
      createObservation({
        members: [upMember('m1'), upMember('m2'), upMember('m3', { healthy: false, health_error: 'x' })],
      }),
    )
    expect(table?.rows.map((r) => r.cells[2])).toEqual(['healthy', 'healthy', 'unhealthy'])
  })
})
