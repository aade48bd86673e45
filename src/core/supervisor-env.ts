/**
 * Set for the supervisor's children: the pid they must outlive no longer than
 * a second (they watch their parent). Apart from supervisor/children.ts so
 * that every command can read it without loading the child-process machinery.
 */
export const SUPERVISOR_PID_ENV = 'OPERATOR_SUPERVISOR_PID'
