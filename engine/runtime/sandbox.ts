/**
 * The expression and script services handed to bpmn-engine. Its defaults
 * run scripts in node:vm and resolve `${…}` against live objects; ours
 * resolve nothing and evaluate sequence-flow conditions as FEEL over a JSON
 * copy of the instance variables. Deploy refuses scripts and `${…}` already;
 * this makes them inert even if a definition slipped past.
 */
import { evaluateFeel } from '../feel.ts'

/** Text is never evaluated: `${…}` stays literal text. */
export const inertExpressions = {
  resolveExpression: (text: unknown) => text,
  isExpression: () => false,
  hasExpression: () => false,
}

interface ScriptHost {
  type?: string
  id?: string
  behaviour?: { conditionExpression?: { body?: string } }
}

type Callback = (err: Error | null, result?: unknown) => void

export class FeelConditions {
  constructor(private readonly variables: () => Readonly<Record<string, unknown>>) {}

  register(): void {}

  getScript(_language: string | undefined, host: ScriptHost) {
    if (host?.type === 'bpmn:SequenceFlow') {
      const body = host.behaviour?.conditionExpression?.body ?? ''
      return {
        execute: (_scope: unknown, callback: Callback) => {
          let result: unknown
          try {
            result = evaluateFeel(body, this.variables())
          } catch (err) {
            return callback(err as Error)
          }
          // FEEL null (an unknown variable) is "not taken", never a hang.
          return callback(null, result === true)
        },
      }
    }
    return {
      execute: (_scope: unknown, callback: Callback) => callback(new Error(`scripts are disabled (${host?.id ?? 'unknown element'})`)),
    }
  }
}
