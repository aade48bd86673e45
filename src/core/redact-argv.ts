/**
 * Argument arrays (`["mysql", "--password", "hunter2"]`): a secret that sits
 * in the element after its flag is invisible to the text rules, which see one
 * element at a time. The rules are those of `command-patterns.ts`: the value
 * after a secret-named flag, the password of `-u user:pass`, and a known
 * tool's password flag (its first one after the tool's name).
 */
import { cutUserPassword, type ToolPasswordFlag, toolPasswordFlag } from './command-patterns.js'
import { isSecretFlag, REDACTED } from './secret-names.js'

/** How `walkItem` is asked to copy one element: `secret` when the element is a secret as a whole. */
export type WalkItem = (item: unknown, secret: boolean) => unknown

/** A copy of `items`, each element through `walkItem`, with the values that flags before them make secret. */
export function redactArgv(items: readonly unknown[], walkItem: WalkItem): unknown[] {
  let prev: unknown
  let tool: ToolPasswordFlag | undefined // a known tool was named; its password flag is still to come
  let toolValueNext = false // the previous element was that flag, spaced: this one is the password
  return items.map((item) => {
    const after = prev
    prev = item
    const isFlag = typeof item === 'string' && item.startsWith('-')
    const valueNext = toolValueNext
    toolValueNext = false
    if ((valueNext || (typeof after === 'string' && isSecretFlag(after))) && !isFlag) return walkItem(item, true)
    if (typeof item !== 'string') return walkItem(item, false)
    if (after === '-u' || after === '--user') {
      const cut = cutUserPassword(item)
      if (cut !== undefined) return walkItem(cut, false)
    }
    if (tool && item.startsWith(tool.flag)) {
      const rule = tool
      tool = undefined
      if (item.length > rule.flag.length) return `${rule.flag}${REDACTED}`
      toolValueNext = rule.spaced
      return walkItem(item, false)
    }
    tool = toolPasswordFlag(item) ?? tool
    return walkItem(item, false)
  })
}
