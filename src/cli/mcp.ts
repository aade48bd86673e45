/** `operator mcp`: registered here; see the contract (README "The contract"). */
import type { Command } from 'commander'

export function registerMcp(_program: Command): void {}
