import type { OperandSpec } from '../command.js';

/** The device id operand most commands take. */
export const deviceIdOperand: OperandSpec = { name: 'ID' };
